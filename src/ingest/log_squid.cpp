// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_squid.h"

#include "log_common.h"
#include "timestamp.h"

#include "core/event.h"

#include <array>

namespace pulsemap::logfmt {

namespace {
enum : size_t { kTime, kElapsed, kClient, kResult, kBytes, kMethod, kUrl, kFields };
} // namespace

ParseError SquidParser::parse(std::string_view line, ParsedLine &out)
{
    out.clear();
    line = trimLineEnd(line);
    if (isBlank(line)) {
        return ParseError::Empty;
    }
    std::array<std::string_view, kFields> fields{};
    size_t count = 0;
    size_t pos = 0;
    // Squid pads the elapsed time with spaces, so fields are separated by runs of blanks.
    while (count < fields.size() && nextField(line, pos, fields[count])) {
        ++count;
    }
    const std::string_view result = fields[kResult];
    const size_t slash = result.rfind('/');
    if (count < kFields || slash == npos) {
        return ParseError::NoMatch;
    }
    out.hasTime = true; // Unix seconds with milliseconds: UTC by definition
    if (!parseTimestamp(fields[kTime], out.tsMs) || !plausibleEventTime(out.tsMs)) {
        return ParseError::BadTime;
    }
    // "TCP_MISS/200"; "NONE/000" or ".../000" when no reply was sent (an aborted or refused request).
    const std::string_view status = result.substr(slash + 1);
    if (status != "000" && !parseStatus(status, out.status)) {
        return ParseError::BadStatus;
    }
    out.clientAddress = fields[kClient];
    out.method = fields[kMethod];
    const std::string_view url = fields[kUrl];
    if (out.method == "CONNECT") {
        out.vhost = stripPort(url); // "www.example.com:443": a tunnel has a host, no path
    } else {
        reserveScratch(out.scratch, line.size());
        std::string_view authority;
        out.target = originForm(url, authority, out.scratch);
        out.vhost = stripPort(authority);
    }
    if (isMissing(out.clientAddress)) {
        return ParseError::MissingAddress;
    }
    return ParseError::None;
}

} // namespace pulsemap::logfmt
