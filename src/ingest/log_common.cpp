// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_common.h"

#include "core/ascii.h"

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

std::string_view stripClientPort(std::string_view addressPort)
{
    if (!addressPort.empty() && addressPort.front() == '[') {
        const size_t close = addressPort.find(']');
        return close == npos ? addressPort : addressPort.substr(1, close - 1);
    }
    const size_t colon = addressPort.rfind(':');
    if (colon == npos || colon == 0 || colon + 1 == addressPort.size()) {
        return addressPort;
    }
    for (size_t i = colon + 1; i < addressPort.size(); ++i) {
        if (addressPort[i] < '0' || addressPort[i] > '9') {
            return addressPort;
        }
    }
    return addressPort.substr(0, colon);
}

bool nextField(std::string_view line, size_t &pos, std::string_view &field)
{
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) {
        ++pos;
    }
    if (pos >= line.size()) {
        return false;
    }
    if (line[pos] == '"') {
        const size_t close = findUnescapedQuote(line, pos + 1);
        if (close == npos) {
            return false;
        }
        field = line.substr(pos + 1, close - pos - 1);
        pos = close + 1;
        return true;
    }
    const size_t end = line.find_first_of(" \t", pos);
    field = line.substr(pos, end == npos ? npos : end - pos);
    pos = end == npos ? line.size() : end;
    return true;
}

std::string_view originForm(std::string_view target, std::string_view &authority, std::string &scratch)
{
    size_t start = 0;
    if (target.size() > 7 && equalsIgnoringCase(target.substr(0, 7), "http://")) {
        start = 7;
    } else if (target.size() > 8 && equalsIgnoringCase(target.substr(0, 8), "https://")) {
        start = 8;
    } else {
        return target;
    }
    const size_t end = target.find_first_of("/?#", start);
    authority = target.substr(start, end == npos ? npos : end - start);
    if (end != npos && target[end] == '/') {
        return target.substr(end);
    }
    // "http://host" or "http://host?q": the path is "/". Scratch was reserved to the line's size, which is
    // longer than this, so no view into it moves.
    const std::string_view rest = end == npos ? std::string_view() : target.substr(end);
    if (scratch.capacity() - scratch.size() < rest.size() + 1) {
        return rest;
    }
    const size_t at = scratch.size();
    scratch.append(1, '/').append(rest);
    return std::string_view(scratch).substr(at);
}

} // namespace pulsemap::logfmt
