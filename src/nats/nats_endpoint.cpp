// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "nats_endpoint.h"

#include <algorithm>
#include <charconv>

namespace pulsemap {

namespace {

bool tokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string_view stripScheme(std::string_view text, bool &tls)
{
    for (const std::string_view scheme : {std::string_view("nats://"), std::string_view("tls://")}) {
        if (text.substr(0, scheme.size()) == scheme) {
            tls = tls || scheme == "tls://";
            return text.substr(scheme.size());
        }
    }
    return text;
}

// %XX in query values (file paths with spaces); a malformed escape is kept as it is.
std::string unescape(std::string_view text)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned value = 0;
        if (text[i] == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

Status addServer(std::string_view hostPort, bool tls, std::vector<std::string> &servers)
{
    bool ignored = false;
    hostPort = stripScheme(hostPort, ignored);
    if (hostPort.empty()) {
        return fail("a server is missing between commas");
    }
    const size_t colon = hostPort.rfind(':');
    const bool bracketed = hostPort.front() == '[';
    const bool hasPort = colon != std::string_view::npos && (!bracketed || hostPort[colon - 1] == ']');
    std::string host(hasPort ? hostPort.substr(0, colon) : hostPort);
    unsigned port = 4222;
    if (hasPort) {
        const std::string_view digits = hostPort.substr(colon + 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (error != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535) {
            return fail("bad port in " + std::string(hostPort));
        }
    }
    if (host.empty() || host.find_first_of("/@ ") != std::string::npos) {
        return fail("bad host in " + std::string(hostPort));
    }
    servers.push_back((tls ? "tls://" : "nats://") + host + ':' + std::to_string(port));
    return {};
}

} // namespace

bool isNatsUrl(std::string_view text)
{
    return text.substr(0, 7) == "nats://" || text.substr(0, 6) == "tls://";
}

Result<NatsEndpoint> parseNatsUrl(std::string_view url)
{
    if (!isNatsUrl(url)) {
        return fail("expected nats://HOST:PORT or tls://HOST:PORT, not " + std::string(url));
    }
    NatsEndpoint endpoint;
    std::string_view rest = stripScheme(url, endpoint.tls);
    const size_t queryAt = rest.find('?');
    std::string_view query = queryAt == std::string_view::npos ? std::string_view() : rest.substr(queryAt + 1);
    std::string_view hosts = rest.substr(0, queryAt);
    if (!hosts.empty() && hosts.back() == '/') {
        hosts.remove_suffix(1);
    }
    while (true) {
        const size_t comma = hosts.find(',');
        if (Status added = addServer(hosts.substr(0, comma), endpoint.tls, endpoint.servers); !added) {
            return fail(added.error(), std::string(url));
        }
        if (comma == std::string_view::npos) {
            break;
        }
        hosts.remove_prefix(comma + 1);
    }
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const size_t eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        const std::string value = eq == std::string_view::npos ? std::string() : unescape(pair.substr(eq + 1));
        if (key == "durable") {
            if (value.empty() || value.size() > 64 || !std::all_of(value.begin(), value.end(), tokenChar)) {
                return fail(std::string(url) + ": durable must be 1 to 64 of A-Z a-z 0-9 _ -");
            }
            endpoint.durable = value;
        } else if (key == "subjects" || key == "subject") {
            if (value.empty() || value.find_first_of(" \t\r\n,\"\\") != std::string::npos) {
                return fail(std::string(url) + ": subjects takes one subject filter, e.g. pulsemap.spring.>");
            }
            endpoint.filterSubject = value;
        } else if (key == "types" || key == "type") {
            endpoint.types.clear();
            for (size_t at = 0; at <= value.size();) {
                const size_t comma = std::min(value.find(',', at), value.size());
                if (comma > at) {
                    endpoint.types.push_back(value.substr(at, comma - at));
                }
                at = comma + 1;
            }
            if (endpoint.types.empty()) {
                return fail(std::string(url) + ": types takes event types, comma-separated");
            }
        } else if (key == "from") {
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), endpoint.startSeq);
            if (error != std::errc() || end != value.data() + value.size() || endpoint.startSeq == 0) {
                return fail(std::string(url) + ": from takes a stream sequence, 1 or more");
            }
        } else if (key == "refill") {
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), endpoint.refill);
            if (error != std::errc() || end != value.data() + value.size() || endpoint.refill > (1U << 24)) {
                return fail(std::string(url) + ": refill takes a number of events, at most 16777216");
            }
        } else if (key == "stream") {
            if (value.empty() || !std::all_of(value.begin(), value.end(), tokenChar)) {
                return fail(std::string(url) + ": stream must be of A-Z a-z 0-9 _ -");
            }
            endpoint.stream = value;
        } else if (key == "ca") {
            endpoint.caFile = value;
        } else if (key == "cert") {
            endpoint.certFile = value;
        } else if (key == "key") {
            endpoint.keyFile = value;
        } else if (!key.empty()) {
            return fail(std::string(url) + ": unknown parameter " + std::string(key));
        }
    }
    if (endpoint.certFile.empty() != endpoint.keyFile.empty()) {
        return fail(std::string(url) + ": cert and key go together");
    }
    return endpoint;
}

std::string natsSubjectToken(std::string_view name)
{
    std::string token(name.substr(0, 64));
    std::replace_if(
        token.begin(), token.end(), [](char c) { return !tokenChar(c); }, '_');
    return token.empty() ? std::string("_") : token;
}

std::string natsFilterSubject(const NatsEndpoint &endpoint)
{
    if (!endpoint.filterSubject.empty()) {
        return endpoint.filterSubject;
    }
    if (endpoint.types.size() == 1) {
        return std::string(kNatsSubjectPrefix) + ".*." + natsSubjectToken(endpoint.types.front());
    }
    return std::string(kNatsSubjectPrefix) + ".>";
}

std::string natsEventSubject(std::string_view campaign, std::string_view type)
{
    return std::string(kNatsSubjectPrefix) + '.' + natsSubjectToken(campaign) + '.' + natsSubjectToken(type);
}

} // namespace pulsemap
