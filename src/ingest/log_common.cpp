// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_common.h"

#include <cstring>

namespace pulsemap::logfmt {

std::string_view trimLineEnd(std::string_view line)
{
    if (!line.empty() && line.back() == '\n') {
        line.remove_suffix(1);
    }
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

bool isBlank(std::string_view line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t') {
            return false;
        }
    }
    return true;
}

size_t findUnescapedQuote(std::string_view text, size_t from)
{
    const char *base = text.data();
    while (from < text.size()) {
        const void *hit = std::memchr(base + from, '"', text.size() - from);
        if (hit == nullptr) {
            return npos;
        }
        const auto at = static_cast<size_t>(static_cast<const char *>(hit) - base);
        size_t backslashes = 0;
        while (at - backslashes > from && base[at - backslashes - 1] == '\\') {
            ++backslashes;
        }
        if (backslashes % 2 == 0) {
            return at;
        }
        from = at + 1;
    }
    return npos;
}

namespace {
// "HTTP/1.1", "HTTP/2.0", "RTSP/1.0": upper-case letters, a slash, then anything.
bool looksLikeProtocol(std::string_view word)
{
    size_t letters = 0;
    while (letters < word.size() && word[letters] >= 'A' && word[letters] <= 'Z') {
        ++letters;
    }
    return letters > 0 && letters < word.size() && word[letters] == '/';
}
} // namespace

void splitRequest(std::string_view request, std::string_view &method, std::string_view &target,
                  std::string_view &protocol)
{
    method = {};
    target = {};
    protocol = {};
    if (request == "-") {
        return;
    }
    const size_t first = request.find(' ');
    if (first == npos) {
        target = request;
        return;
    }
    method = request.substr(0, first);
    std::string_view rest = request.substr(first + 1);
    if (const size_t last = rest.rfind(' '); last != npos && looksLikeProtocol(rest.substr(last + 1))) {
        protocol = rest.substr(last + 1);
        rest = rest.substr(0, last);
    }
    target = rest;
}

bool parseStatus(std::string_view text, int &status)
{
    if (text == "-") {
        status = 0;
        return true;
    }
    if (text.size() != 3) {
        return false;
    }
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    if (value < 100 || value > 599) {
        return false;
    }
    status = value;
    return true;
}

std::string_view stripPort(std::string_view hostPort)
{
    const size_t colon = hostPort.rfind(':');
    if (colon == npos || colon + 1 == hostPort.size()) {
        return hostPort;
    }
    for (size_t i = colon + 1; i < hostPort.size(); ++i) {
        if (hostPort[i] < '0' || hostPort[i] > '9') {
            return hostPort;
        }
    }
    const std::string_view host = hostPort.substr(0, colon);
    // A bare IPv6 address ends in digits after a colon too: only a bracketed one has a port.
    if (host.find(':') != npos && !(host.size() > 1 && host.front() == '[' && host.back() == ']')) {
        return hostPort;
    }
    return host;
}

} // namespace pulsemap::logfmt
