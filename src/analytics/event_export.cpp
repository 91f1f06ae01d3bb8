#include "event_export.h"

#include "core/campaign_store.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

namespace pulsemap {

namespace {

enum Column { Id, Ts, Type, Lat, Lon, Country, City, Campaign, Weight, Seq, Ip, ColumnCount };
constexpr const char *kNames[] = {"id",   "ts",       "type",   "lat", "lon", "country",
                                  "city", "campaign", "weight", "seq", "ip"};

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

void appendNumber(std::string &line, const SqliteStatement &row, int column)
{
    if (sqlite3_column_type(row.get(), column) == SQLITE_INTEGER) {
        line += std::to_string(row.columnInt(column));
    } else {
        char number[32];
        std::snprintf(number, sizeof number, "%.6f", row.columnDouble(column));
        // Trim trailing zeros so 1.000000 reads as 1 and 55.750000 as 55.75.
        std::string_view text(number);
        while (text.ends_with('0')) {
            text.remove_suffix(1);
        }
        if (text.ends_with('.')) {
            text.remove_suffix(1);
        }
        line += text;
    }
}

bool isNumeric(int column)
{
    return column == Id || column == Ts || column == Lat || column == Lon || column == Weight || column == Seq;
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

int64_t exportEvents(const CampaignStore &store, ExportFormat format, const EventFilter &filter, std::FILE *out,
                     std::string &error)
{
    std::string sql = "SELECT id, ts, type, lat, lon, country, city, campaign, weight, seq, ip FROM events";
    std::string where;
    auto add = [&](const char *condition) { where += (where.empty() ? " WHERE " : " AND ") + std::string(condition); };
    if (!filter.type.empty()) {
        add("type = ?1");
    }
    if (!filter.campaign.empty()) {
        add("campaign = ?2");
    }
    if (filter.fromMs) {
        add("ts >= ?3");
    }
    if (filter.toMs) {
        add("ts < ?4");
    }
    sql += where + " ORDER BY ts, id";
    SqliteStatement row(store.db(), sql);
    if (!row.valid()) {
        error = store.path() + ": " + sqlite3_errmsg(store.db());
        return -1;
    }
    if (!filter.type.empty()) {
        row.bindText(1, filter.type);
    }
    if (!filter.campaign.empty()) {
        row.bindText(2, filter.campaign);
    }
    if (filter.fromMs) {
        row.bind(3, *filter.fromMs);
    }
    if (filter.toMs) {
        row.bind(4, *filter.toMs);
    }

    std::string line;
    if (format == ExportFormat::Csv) {
        line = "id,ts,time,type,lat,lon,country,city,campaign,weight,seq,ip\n";
        std::fputs(line.c_str(), out);
    }
    int64_t count = 0;
    int rc = SQLITE_ROW;
    while ((rc = row.step()) == SQLITE_ROW) {
        line.clear();
        const std::string time = civil::formatIsoUtc(row.columnInt(Ts));
        if (format == ExportFormat::Csv) {
            for (int column = 0; column < ColumnCount; ++column) {
                if (column > 0) {
                    line += ',';
                }
                if (column == Type) {
                    line += time;
                    line += ',';
                }
                if (row.columnIsNull(column)) {
                    continue;
                }
                if (isNumeric(column)) {
                    appendNumber(line, row, column);
                } else {
                    writeCsvField(line, row.columnText(column));
                }
            }
        } else {
            line += '{';
            for (int column = 0; column < ColumnCount; ++column) {
                if (row.columnIsNull(column)) {
                    continue;
                }
                if (line.size() > 1) {
                    line += ',';
                }
                line += '"';
                line += kNames[column];
                line += "\":";
                if (isNumeric(column)) {
                    appendNumber(line, row, column);
                } else {
                    writeJsonString(line, row.columnText(column));
                }
                if (column == Ts) {
                    line += ",\"time\":\"" + time + '"';
                }
            }
            line += '}';
        }
        line += '\n';
        if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) {
            error = std::string("write failed: ") + std::strerror(errno);
            return -1;
        }
        ++count;
    }
    if (rc != SQLITE_DONE) {
        error = store.path() + ": " + sqlite3_errmsg(store.db());
        return -1;
    }
    return count;
}

} // namespace pulsemap
