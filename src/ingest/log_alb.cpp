// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_alb.h"

#include "log_common.h"
#include "timestamp.h"

#include "core/event.h"

#include <array>

namespace pulsemap::logfmt {

namespace {
// Field positions in a Classic Load Balancer entry; an Application Load Balancer entry has its type first.
constexpr size_t kTime = 0;
constexpr size_t kClient = 2;
constexpr size_t kStatus = 7; // elb_status_code: what the client got
constexpr size_t kRequest = 11;
constexpr size_t kUserAgent = 12;
constexpr size_t kFields = 13;
} // namespace

ParseError AlbParser::parse(std::string_view line, ParsedLine &out)
{
    out.clear();
    line = trimLineEnd(line);
    if (isBlank(line)) {
        return ParseError::Empty;
    }
    std::array<std::string_view, kFields + 1> fields{};
    size_t count = 0;
    size_t pos = 0;
    while (count < fields.size() && nextField(line, pos, fields[count])) {
        ++count;
    }
    // Classic entries start with their time; ALB entries with the type (http, https, h2, grpcs, ws, wss).
    int64_t tsMs = 0;
    const size_t shift = parseTimestamp(fields[0], tsMs) ? 0 : 1;
    if (count < kFields + shift) {
        return ParseError::NoMatch;
    }
    out.hasTime = true;
    if (!parseTimestamp(fields[kTime + shift], out.tsMs) || !plausibleEventTime(out.tsMs)) {
        return ParseError::BadTime;
    }
    if (!parseStatus(fields[kStatus + shift], out.status)) {
        return ParseError::BadStatus;
    }
    // The load balancer writes client:port; the port is no part of who the client is.
    out.clientAddress = stripClientPort(fields[kClient + shift]);
    out.userAgent = fields[kUserAgent + shift];
    std::string_view target;
    splitRequest(fields[kRequest + shift], out.method, target, out.protocol);
    if (out.method == "-") {
        out.method = {}; // a TCP listener's "- - - " request
        target = {};
    }
    // The request line holds the full URL ("GET https://www.example.com:443/p?q HTTP/1.1").
    reserveScratch(out.scratch, line.size());
    std::string_view authority;
    out.target = originForm(target, authority, out.scratch);
    out.vhost = stripPort(authority);
    if (isMissing(out.clientAddress)) {
        return ParseError::MissingAddress;
    }
    return ParseError::None;
}

} // namespace pulsemap::logfmt
