// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event_json.h"

#include "core/civil_time.h"
#include "event_decoder.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace pulsemap {

namespace {

void appendInt(int64_t value, std::string &out)
{
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, ec == std::errc() ? static_cast<size_t>(end - buffer) : 0);
}

// Six decimals are 0.11 m at the equator: more would only lengthen every message.
void appendCoordinate(double value, std::string &out)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 6);
    if (ec != std::errc()) {
        out.append("0");
        return;
    }
    const char *last = end;
    while (last > buffer && last[-1] == '0') {
        --last;
    }
    if (last > buffer && last[-1] == '.') {
        --last;
    }
    out.append(buffer, static_cast<size_t>(last - buffer));
}

} // namespace

void appendJsonString(std::string_view text, std::string &out)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    size_t plainFrom = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(text.substr(plainFrom, i - plainFrom));
        plainFrom = i + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            out.append("\\u00");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    out.append(text.substr(plainFrom));
    out.push_back('"');
}

void appendEventJson(const EventBatch &batch, const Event &event, std::string &out)
{
    out.push_back('{');
    if (event.seq >= 0) {
        out.append("\"seq\":");
        appendInt(event.seq, out);
        out.push_back(',');
    }
    out.append("\"ts\":");
    if (event.tsMs < kTsSecondsBelow) {
        // As a number it would read back as seconds (1970..1973 in ms look like seconds): text is exact.
        char iso[32];
        out.push_back('"');
        out.append(iso, civil::formatIsoUtc(event.tsMs, iso));
        out.push_back('"');
    } else {
        appendInt(event.tsMs, out);
    }
    out.append(",\"type\":");
    appendJsonString(batch.typeName(event), out);
    if (event.located()) {
        out.append(",\"lat\":");
        appendCoordinate(event.lat, out);
        out.append(",\"lon\":");
        appendCoordinate(event.lon, out);
    }
    if (event.hasCountry()) {
        out.append(R"(,"country":")");
        out.append(event.country.data(), event.country[1] != 0 ? 2 : 1);
        out.push_back('"');
    }
    const auto optional = [&](const char *name, StrRef ref) {
        if (!ref.empty()) {
            out.append(name);
            appendJsonString(batch.text(ref), out);
        }
    };
    optional(",\"city\":", event.city);
    optional(",\"campaign\":", event.campaign);
    optional(",\"ip\":", event.ip);
    optional(",\"path\":", event.path);
    if (event.visitor != 0) {
        // As hex text: a 63-bit id as a JSON number would lose its low bits in JavaScript (doubles).
        char buffer[32];
        const int n = std::snprintf(buffer, sizeof buffer, R"(,"visitor":"%llx")",
                                    static_cast<unsigned long long>(event.visitor & kVisitorMask));
        out.append(buffer, n > 0 ? static_cast<size_t>(n) : 0);
    }
    if (event.weight != 1.0F && std::isfinite(event.weight)) {
        char buffer[32];
        const int n = std::snprintf(buffer, sizeof buffer, ",\"weight\":%.6g", static_cast<double>(event.weight));
        out.append(buffer, n > 0 ? static_cast<size_t>(n) : 0);
    }
    out.push_back('}');
}

} // namespace pulsemap
