// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pulsemap {

// What a parser extracts from one access-log line. Views point into the line (or into scratch when a
// value had to be unescaped), so they are valid until the next parse() with the same ParsedLine.
struct ParsedLine
{
    std::string_view clientAddress; // remote address as written (IPv4, IPv6, maybe with port)
    std::string_view forwardedFor;  // X-Forwarded-For header value, if the format has it
    std::string_view method;
    std::string_view target; // request target: path plus query string
    std::string_view protocol;
    std::string_view vhost;
    std::string_view referer;
    std::string_view userAgent;
    int status = 0;       // 0 when the format has none
    int64_t tsMs = 0;     // Unix ms UTC
    bool hasTime = false; // false when the format carries no time (the importer then uses arrival time)
    std::string scratch;  // storage for unescaped values; reused between lines, so no per-line allocation

    void clear();
};

enum class ParseError {
    None,
    Empty,          // blank line
    NoMatch,        // the line does not follow the format
    BadTime,        // the time field is not a valid date and time
    BadStatus,      // status is not a 3-digit number
    MissingAddress, // no client address field, or it is empty / "-"
    BadJson,        // JSON lines: not a JSON object
    BinaryData,     // the line holds NUL bytes: binary junk or a crash-damaged region of the file
    Directive,      // a W3C / CloudFront directive ("#Fields: ...", "#Version: 1.0"): read, not an event, not bad
};

// A short, human-readable reason ("line does not match the format").
const char *describe(ParseError error);

// Names of JSON fields to read for each value in JSON-lines logs (nginx escape=json and similar).
// Each is a comma-separated list of candidates, tried in order; the defaults cover common setups.
struct JsonFieldNames
{
    std::string time = "time_iso8601,time_local,time,timestamp,@timestamp,msec,ts";
    std::string address = "remote_addr,client_ip,clientip,ip,remote_ip,client";
    std::string forwardedFor = "http_x_forwarded_for,x_forwarded_for,xff";
    std::string target = "request_uri,uri,path,url,request";
    std::string method = "request_method,method";
    std::string status = "status,status_code,response";
    std::string vhost = "host,server_name,vhost";
    std::string referer = "http_referer,referer,referrer";
    std::string userAgent = "http_user_agent,user_agent,agent";
};

// Turns one log line into a ParsedLine. Implementations must never crash or read out of bounds, whatever the
// bytes (they are fuzzed). Most formats are stateless; the W3C extended ones (w3c, cloudfront) remember the
// field layout of the last "#Fields:" directive they parsed, so a parser reads one stream of lines in order.
// Threading: one parser per reading thread (a parser is not shared between workers).
class LogParser
{
public:
    virtual ~LogParser() = default;
    // ParseError::Directive for a header line the format consumed (it may change how later lines read).
    virtual ParseError parse(std::string_view line, ParsedLine &out) = 0;
    // True when the format has an X-Forwarded-For field.
    [[nodiscard]] virtual bool hasForwardedFor() const = 0;
};

// Builds a parser for a format:
//   "combined" (default), "common", "vcombined", "json", a preset named after a server or service ("s3",
//   "cloudfront", "alb", "w3c", "caddy", "traefik", "squid", "haproxy"), or a custom format string, either in nginx
//   log_format syntax ($remote_addr, $time_local, "$request", ...) or GoAccess-style specifiers
//   (%h, %d, %t, %r, %s, %b, %R, %u, %^, ...). See docs/log-formats.md.
// A one-line error for a format it cannot use.
Result<std::unique_ptr<LogParser>> makeLogParser(std::string_view format, const JsonFieldNames &json);

// The names makeLogParser knows besides custom format strings, for help texts and shell completion.
constexpr std::string_view kLogFormatNames[] = {"combined", "common", "vcombined", "json",    "s3",    "cloudfront",
                                                "alb",      "w3c",    "caddy",     "traefik", "squid", "haproxy"};

} // namespace pulsemap
