// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_format.h"

#include "core/ascii.h"

#include "log_alb.h"
#include "log_caddy.h"
#include "log_common.h"
#include "log_haproxy.h"
#include "log_json.h"
#include "log_pattern.h"
#include "log_squid.h"
#include "log_w3c.h"

namespace pulsemap {

namespace {

// The built-in formats, written in the custom nginx syntax. "$ident" stands for Apache's %l (identd), which
// is almost always "-" but may hold a name; $http_host drops the ":port" of Apache's "%v:%p".
constexpr std::string_view kCommon = R"($remote_addr $ident $remote_user [$time_local] "$request" $status $bytes)";
constexpr std::string_view kCombined =
    R"($remote_addr $ident $remote_user [$time_local] "$request" $status $bytes "$http_referer" "$http_user_agent")";
constexpr std::string_view kVcombined = R"($http_host $remote_addr $ident $remote_user [$time_local] "$request" )"
                                        R"($status $bytes "$http_referer" "$http_user_agent")";

// AWS S3 server access logs: the fields up to the user agent; the newer ones after it (signature version,
// cipher, host header, TLS version, access point ARN, ...) are ignored like any extra field.
constexpr std::string_view kS3 = R"($bucket_owner $bucket [$time_local] $remote_addr $requester $request_id )"
                                 R"($operation $key "$request" $status $error_code $bytes_sent $object_size )"
                                 R"($total_time $turn_around_time "$http_referer" "$http_user_agent")";

// Traefik's JSON access log: flat, with the request headers as request_<Header> when they are kept.
JsonFieldNames traefikFields()
{
    JsonFieldNames names;
    names.time = "StartUTC,time,StartLocal";
    names.address = "ClientHost,ClientAddr";
    names.forwardedFor = "request_X-Forwarded-For";
    names.target = "RequestPath";
    names.method = "RequestMethod";
    names.status = "DownstreamStatus,OriginStatus";
    names.vhost = "RequestHost";
    names.referer = "request_Referer";
    names.userAgent = "request_User-Agent";
    return names;
}

// The presets with a parser of their own; nullptr for other names.
std::unique_ptr<LogParser> makePreset(std::string_view name)
{
    const auto is = [&](std::string_view preset) { return equalsIgnoringCase(name, preset); };
    if (is("cloudfront")) {
        return std::make_unique<logfmt::W3cParser>(logfmt::W3cParser::Flavor::CloudFront);
    }
    if (is("w3c") || is("iis")) {
        return std::make_unique<logfmt::W3cParser>(logfmt::W3cParser::Flavor::Iis);
    }
    if (is("alb") || is("elb")) {
        return std::make_unique<logfmt::AlbParser>();
    }
    if (is("caddy")) {
        return std::make_unique<logfmt::CaddyParser>();
    }
    if (is("traefik")) {
        return std::make_unique<logfmt::JsonParser>(traefikFields());
    }
    if (is("squid")) {
        return std::make_unique<logfmt::SquidParser>();
    }
    if (is("haproxy")) {
        return std::make_unique<logfmt::HaproxyParser>();
    }
    return nullptr;
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

void ParsedLine::clear()
{
    clientAddress = {};
    forwardedFor = {};
    method = {};
    target = {};
    protocol = {};
    vhost = {};
    referer = {};
    userAgent = {};
    status = 0;
    tsMs = 0;
    hasTime = false;
    scratch.clear(); // keeps the capacity: no allocation on the next line
}

const char *describe(ParseError error)
{
    switch (error) {
    case ParseError::None:
        return "no error";
    case ParseError::Empty:
        return "empty line";
    case ParseError::NoMatch:
        return "line does not match the format";
    case ParseError::BadTime:
        return "invalid date or time";
    case ParseError::BadStatus:
        return "invalid status code";
    case ParseError::MissingAddress:
        return "no client address";
    case ParseError::BadJson:
        return "not a JSON object";
    case ParseError::BinaryData:
        return "binary data (NUL bytes) in line";
    case ParseError::Directive:
        return "directive line (#Fields, #Version ...)";
    }
    return "unknown error";
}

Result<std::unique_ptr<LogParser>> makeLogParser(std::string_view format, const JsonFieldNames &json)
{
    const std::string_view name = trimmed(format);
    if (name.empty()) {
        std::string names;
        for (const std::string_view known : kLogFormatNames) {
            names.append(known).append(", ");
        }
        return fail("empty log format: use " + names + "or a custom format string");
    }
    if (equalsIgnoringCase(name, "json")) {
        return std::unique_ptr<LogParser>(std::make_unique<logfmt::JsonParser>(json));
    }
    if (std::unique_ptr<LogParser> preset = makePreset(name)) {
        return preset;
    }
    std::string_view source = format;
    if (equalsIgnoringCase(name, "combined")) {
        source = kCombined;
    } else if (equalsIgnoringCase(name, "common")) {
        source = kCommon;
    } else if (equalsIgnoringCase(name, "vcombined")) {
        source = kVcombined;
    } else if (equalsIgnoringCase(name, "s3")) {
        source = kS3;
    }
    Result<logfmt::Pattern> pattern = logfmt::compilePattern(source);
    if (!pattern) {
        return pattern.error();
    }
    return std::unique_ptr<LogParser>(std::make_unique<logfmt::PatternParser>(std::move(*pattern)));
}

} // namespace pulsemap
