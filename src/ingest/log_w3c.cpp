// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_w3c.h"

#include "log_common.h"
#include "log_time.h"

#include "core/ascii.h"
#include "core/event.h"

#include <array>

namespace pulsemap::logfmt {

namespace {

using Column = W3cParser::Column;

// IIS's default W3C field set, and CloudFront's standard log fields (both as their documentation lists them).
constexpr std::string_view kIisDefault = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
                                         "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
constexpr std::string_view kCloudFrontDefault =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) "
    "cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken "
    "x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
    "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end";

struct Name
{
    std::string_view name;
    Column column;
};

constexpr std::array<Name, 17> kNames = {{
    {"date", Column::Date},
    {"time", Column::Time},
    {"c-ip", Column::Address},
    {"x-forwarded-for", Column::ForwardedFor},
    {"cs(x-forwarded-for)", Column::ForwardedFor},
    {"cs-method", Column::Method},
    {"cs-uri-stem", Column::UriStem},
    {"cs-uri-query", Column::UriQuery},
    {"cs-uri", Column::Uri},
    {"sc-status", Column::Status},
    {"x-host-header", Column::Host},
    {"cs-host", Column::Host},
    {"cs(host)", Column::HostFallback},
    {"cs(referer)", Column::Referer},
    {"cs(user-agent)", Column::UserAgent},
    {"cs-version", Column::Protocol},
    {"cs-protocol-version", Column::Protocol},
}};

Column columnFor(std::string_view name)
{
    for (const Name &known : kNames) {
        if (equalsIgnoringCase(known.name, name)) {
            return known.column;
        }
    }
    return Column::Ignore;
}

bool isSeparator(char c, W3cParser::Flavor flavor)
{
    return c == '\t' || (c == ' ' && flavor == W3cParser::Flavor::Iis);
}

} // namespace

W3cParser::W3cParser(Flavor flavor) : m_flavor(flavor)
{
    setLayout(flavor == Flavor::CloudFront ? kCloudFrontDefault : kIisDefault);
}

void W3cParser::setLayout(std::string_view names)
{
    std::vector<Column> columns;
    size_t needed = 0;
    size_t pos = 0;
    while (pos < names.size()) {
        // The directive's names are separated by spaces in both flavours (CloudFront too).
        while (pos < names.size() && (names[pos] == ' ' || names[pos] == '\t')) {
            ++pos;
        }
        if (pos == names.size()) {
            break;
        }
        const size_t end = names.find_first_of(" \t", pos);
        const Column column = columnFor(names.substr(pos, end == npos ? npos : end - pos));
        columns.push_back(column);
        if (column != Column::Ignore) {
            needed = columns.size();
        }
        pos = end == npos ? names.size() : end;
    }
    if (columns.empty()) {
        return; // an empty "#Fields:" says nothing: keep the layout there was
    }
    m_columns = std::move(columns);
    m_needed = needed;
}

ParseError W3cParser::parse(std::string_view line, ParsedLine &out)
{
    out.clear();
    line = trimLineEnd(line);
    if (isBlank(line)) {
        return ParseError::Empty;
    }
    if (line.front() == '#') {
        if (startsWithIgnoringCase(line, "#Fields:")) {
            setLayout(line.substr(8));
        }
        return ParseError::Directive; // #Version, #Software, #Date, #Remark ...: nothing to read
    }
    std::array<std::string_view, static_cast<size_t>(Column::Count)> values{};
    size_t index = 0;
    size_t pos = 0;
    while (pos <= line.size() && index < m_columns.size()) {
        size_t end = pos;
        while (end < line.size() && !isSeparator(line[end], m_flavor)) {
            ++end;
        }
        const Column column = m_columns[index];
        if (column != Column::Ignore && values[static_cast<size_t>(column)].empty()) {
            values[static_cast<size_t>(column)] = line.substr(pos, end - pos);
        }
        ++index;
        pos = end + 1;
    }
    if (index < m_needed) {
        return ParseError::NoMatch;
    }
    const auto value = [&](Column column) { return values[static_cast<size_t>(column)]; };

    const std::string_view date = value(Column::Date);
    const std::string_view time = value(Column::Time);
    if (!date.empty() || !time.empty()) {
        // W3C extended times are UTC by definition (IIS and CloudFront both write UTC).
        out.hasTime = true;
        int64_t days = 0;
        int64_t ms = 0;
        if (!logtime::parseDate(date, days) || !logtime::parseTimeOfDay(time, ms)) {
            return ParseError::BadTime;
        }
        out.tsMs = days * 86'400'000 + ms;
        if (!plausibleEventTime(out.tsMs)) {
            return ParseError::BadTime;
        }
    }
    if (const std::string_view status = value(Column::Status); !status.empty()) {
        if (!parseStatus(status, out.status)) {
            return ParseError::BadStatus;
        }
    }
    out.clientAddress = value(Column::Address);
    out.forwardedFor = value(Column::ForwardedFor);
    out.method = value(Column::Method);
    out.protocol = value(Column::Protocol);
    out.vhost = isMissing(value(Column::Host)) ? value(Column::HostFallback) : value(Column::Host);
    out.referer = value(Column::Referer);
    out.userAgent = value(Column::UserAgent);
    const std::string_view stem = value(Column::UriStem);
    const std::string_view query = value(Column::UriQuery);
    if (!value(Column::Uri).empty()) {
        out.target = value(Column::Uri);
    } else if (isMissing(query) || isMissing(stem)) {
        out.target = stem;
    } else {
        reserveScratch(out.scratch, line.size());
        out.scratch.append(stem).append(1, '?').append(query);
        out.target = out.scratch;
    }
    if (isMissing(out.clientAddress) && isMissing(out.forwardedFor)) {
        return ParseError::MissingAddress;
    }
    return ParseError::None;
}

} // namespace pulsemap::logfmt
