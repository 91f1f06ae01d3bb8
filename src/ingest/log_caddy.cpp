// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_caddy.h"

#include "json_scan.h"
#include "log_common.h"
#include "timestamp.h"

#include "core/event.h"

namespace pulsemap::logfmt {

namespace {

// A string or number value as text; strings with escapes are unescaped into scratch. Every value decoded here
// is a different part of the line and no longer than it, so scratch reserved to the line's size never moves.
std::string_view text(const json::Member &member, std::string &scratch)
{
    if (member.kind != json::Kind::String && member.kind != json::Kind::Number) {
        return {};
    }
    if (!member.escaped) {
        return member.raw;
    }
    const size_t start = scratch.size();
    if (scratch.capacity() - start < member.raw.size()) {
        return member.raw;
    }
    scratch.resize(start + member.raw.size());
    scratch.resize(start + json::unescape(member.raw, scratch.data() + start));
    return std::string_view(scratch).substr(start);
}

// Caddy writes each header as an array of its values: the first one.
std::string_view firstValue(const json::Member &member, std::string &scratch)
{
    if (member.kind != json::Kind::Array) {
        return text(member, scratch);
    }
    const std::string_view array = member.raw;
    const size_t pos = json::skipSpace(array, 1);
    if (pos >= array.size() || array[pos] != '"') {
        return {};
    }
    json::Member value;
    value.kind = json::Kind::String;
    const size_t end = json::scanString(array, pos, value.escaped);
    if (end == json::npos) {
        return {};
    }
    value.raw = array.substr(pos + 1, end - pos - 2);
    return text(value, scratch);
}

struct Fields
{
    std::string_view ts;
    std::string_view status;
    std::string_view clientIp;
    std::string_view remoteIp;
    std::string_view remoteAddr;
    bool badTime = false;
    bool badStatus = false;
};

} // namespace

ParseError CaddyParser::parse(std::string_view line, ParsedLine &out)
{
    out.clear();
    line = trimLineEnd(line);
    if (isBlank(line)) {
        return ParseError::Empty;
    }
    reserveScratch(out.scratch, line.size());
    std::string &scratch = out.scratch;
    Fields fields;
    char keys[32];
    const auto readHeaders = [&](const json::Member &headers) {
        return json::forEachMember(headers.raw, keys, [&](const json::Member &header) {
            if (header.key == "User-Agent") {
                out.userAgent = firstValue(header, scratch);
            } else if (header.key == "Referer") {
                out.referer = firstValue(header, scratch);
            } else if (header.key == "X-Forwarded-For") {
                out.forwardedFor = firstValue(header, scratch);
            }
            return true;
        });
    };
    const auto readRequest = [&](const json::Member &request) {
        return json::forEachMember(request.raw, keys, [&](const json::Member &member) {
            const std::string_view key = member.key;
            if (key == "client_ip") {
                fields.clientIp = text(member, scratch);
            } else if (key == "remote_ip") {
                fields.remoteIp = text(member, scratch);
            } else if (key == "remote_addr") { // Caddy before 2.5: "ip:port"
                fields.remoteAddr = text(member, scratch);
            } else if (key == "method") {
                out.method = text(member, scratch);
            } else if (key == "uri") {
                out.target = text(member, scratch);
            } else if (key == "host") {
                out.vhost = stripPort(text(member, scratch));
            } else if (key == "proto") {
                out.protocol = text(member, scratch);
            } else if (key == "headers" && member.kind == json::Kind::Object) {
                return readHeaders(member);
            }
            return true;
        });
    };
    const bool wellFormed = json::forEachMember(line, keys, [&](const json::Member &member) {
        if (member.key == "ts") {
            fields.ts = text(member, scratch);
            fields.badTime = fields.ts.empty();
        } else if (member.key == "status") {
            fields.status = text(member, scratch);
            fields.badStatus = fields.status.empty();
        } else if (member.key == "request" && member.kind == json::Kind::Object) {
            return readRequest(member);
        }
        return true;
    });
    if (!wellFormed) {
        return ParseError::BadJson;
    }
    // "ts" is Unix seconds with a fraction by default, ISO 8601 or another form with time_format.
    if (!fields.ts.empty() || fields.badTime) {
        out.hasTime = true;
        if (fields.badTime || !parseTimestamp(fields.ts, out.tsMs) || !plausibleEventTime(out.tsMs)) {
            return ParseError::BadTime;
        }
    }
    // 0: Caddy logs a request whose handler never wrote a status (a hijacked or aborted connection).
    if (fields.badStatus ||
        (!fields.status.empty() && fields.status != "0" && !parseStatus(fields.status, out.status))) {
        return ParseError::BadStatus;
    }
    // client_ip is Caddy's own answer with its trusted_proxies applied; remote_ip is the peer.
    out.clientAddress = !fields.clientIp.empty()   ? fields.clientIp
                        : !fields.remoteIp.empty() ? fields.remoteIp
                                                   : stripClientPort(fields.remoteAddr);
    if (isMissing(out.clientAddress) && isMissing(out.forwardedFor)) {
        return ParseError::MissingAddress;
    }
    return ParseError::None;
}

} // namespace pulsemap::logfmt
