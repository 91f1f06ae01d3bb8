// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event_export.h"

#include "core/campaign_reader.h"
#include "core/campaign_store.h"
#include "core/civil_time.h"

#include <cerrno>
#include <charconv>
#include <cstring>

namespace pulsemap {

namespace {

// Events read and written per round: one buffer of text per batch, reused, instead of a string per row.
constexpr size_t kBatchEvents = 4096;

void writeCsvField(std::string &line, std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        line += text;
        return;
    }
    line += '"';
    for (const char c : text) {
        if (c == '"') {
            line += '"';
        }
        line += c;
    }
    line += '"';
}

void writeJsonString(std::string &line, std::string_view text)
{
    line += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            line += "\\\"";
            break;
        case '\\':
            line += "\\\\";
            break;
        case '\n':
            line += "\\n";
            break;
        case '\r':
            line += "\\r";
            break;
        case '\t':
            line += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                line += escaped;
            } else {
                line += c;
            }
        }
    }
    line += '"';
}

void appendInteger(std::string &line, int64_t value)
{
    char number[24];
    line.append(number, std::to_chars(number, number + sizeof number, value).ptr);
}

// Six decimals, trailing zeros trimmed: 1.000000 reads as 1 and 55.750000 as 55.75.
void appendReal(std::string &line, double value)
{
    char number[32];
    std::snprintf(number, sizeof number, "%.6f", value);
    std::string_view text(number);
    while (text.ends_with('0')) {
        text.remove_suffix(1);
    }
    if (text.ends_with('.')) {
        text.remove_suffix(1);
    }
    line += text;
}

// Writes one row's fields in column order as CSV (every column, empty when absent) or as an NDJSON
// object (absent values left out).
class RowWriter
{
public:
    RowWriter(std::string &out, ExportFormat format) : m_out(out), m_json(format == ExportFormat::NdJson)
    {
        if (m_json) {
            m_out += '{';
        }
    }
    // Ends the row (and the line).
    void finish() { m_out += m_json ? "}\n" : "\n"; }

    void text(const char *name, std::string_view value, bool present = true)
    {
        if (key(name, present)) {
            m_json ? writeJsonString(m_out, value) : writeCsvField(m_out, value);
        }
    }
    void integer(const char *name, int64_t value, bool present = true)
    {
        if (key(name, present)) {
            appendInteger(m_out, value);
        }
    }
    void real(const char *name, double value, bool present = true)
    {
        if (key(name, present)) {
            appendReal(m_out, value);
        }
    }

private:
    // Writes what precedes a value; false when nothing (not even a separator) follows.
    bool key(const char *name, bool present)
    {
        if (m_json) {
            if (!present) {
                return false;
            }
            m_out += m_first ? "\"" : ",\"";
            m_out += name;
            m_out += "\":";
        } else if (!m_first) {
            m_out += ',';
        }
        m_first = false;
        return present;
    }

    std::string &m_out;
    bool m_json;
    bool m_first = true;
};

void writeEvent(std::string &out, ExportFormat format, const EventBatch &batch, const Event &event, int64_t id)
{
    char time[32];
    const size_t timeLength = civil::formatIsoUtc(event.tsMs, time);
    const size_t countryLength = event.country[1] != 0 ? 2 : 1;
    RowWriter row(out, format);
    row.integer("id", id);
    row.integer("ts", event.tsMs);
    row.text("time", std::string_view(time, timeLength));
    row.text("type", batch.text(event.type));
    row.real("lat", event.lat, event.located());
    row.real("lon", event.lon, event.located());
    row.text("country", std::string_view(event.country.data(), countryLength), event.hasCountry());
    row.text("city", batch.text(event.city), !event.city.empty());
    row.text("campaign", batch.text(event.campaign), !event.campaign.empty());
    row.real("weight", static_cast<double>(event.weight));
    row.integer("seq", event.seq, event.seq >= 0);
    row.text("ip", batch.text(event.ip), !event.ip.empty());
    row.text("path", batch.text(event.path), !event.path.empty());
    // As hex text, as the stream sends it: a 63-bit id as a number loses its low bits in a spreadsheet.
    char visitor[24];
    const int visitorLength =
        std::snprintf(visitor, sizeof visitor, "%llx", static_cast<unsigned long long>(event.visitor));
    row.text("visitor", std::string_view(visitor, visitorLength > 0 ? size_t(visitorLength) : 0), event.visitor != 0);
    row.finish();
}

} // namespace

std::optional<ExportFormat> exportFormatFromName(const std::string &name)
{
    if (name == "csv") {
        return ExportFormat::Csv;
    }
    if (name == "ndjson" || name == "jsonl") {
        return ExportFormat::NdJson;
    }
    return std::nullopt;
}

Result<int64_t> exportEvents(const CampaignStore &store, ExportFormat format, const EventFilter &filter, std::FILE *out)
{
    CampaignReader reader(store, filter);
    EventBatch batch;
    std::vector<int64_t> ids;
    std::string text;
    if (format == ExportFormat::Csv) {
        text = "id,ts,time,type,lat,lon,country,city,campaign,weight,seq,ip,path,visitor\n";
    }
    int64_t count = 0;
    while (true) {
        batch.clear();
        ids.clear();
        const Result<size_t> read = reader.next(batch, kBatchEvents, &ids);
        if (!read) {
            return read.error();
        }
        for (size_t i = 0; i < batch.size(); ++i) {
            writeEvent(text, format, batch, batch.events()[i], ids[i]);
        }
        if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
            return fail(std::string("write failed: ") + std::strerror(errno));
        }
        text.clear();
        count += static_cast<int64_t>(*read);
        if (reader.atEnd()) {
            return count;
        }
    }
}

} // namespace pulsemap
