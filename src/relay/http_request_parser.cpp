// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "http_request_parser.h"

#include <array>
#include <utility>

namespace pulsemap {

namespace {

using State = HttpParseResult::State;

// RFC 9110 token characters: what a method and a header name are made of.
constexpr std::array<bool, 256> makeTokenTable()
{
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c) {
        table[static_cast<size_t>(c)] = true;
    }
    for (int c = 'a'; c <= 'z'; ++c) {
        table[static_cast<size_t>(c)] = true;
        table[static_cast<size_t>(c) - 'a' + 'A'] = true;
    }
    for (const char c : std::string_view("!#$%&'*+-.^_`|~")) {
        table[static_cast<unsigned char>(c)] = true;
    }
    return table;
}
constexpr std::array<bool, 256> kToken = makeTokenTable();

bool isToken(std::string_view text)
{
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (!kToken[static_cast<unsigned char>(c)]) {
            return false;
        }
    }
    return true;
}

HttpParseResult error(int status, const char *reason)
{
    HttpParseResult result;
    result.state = State::Error;
    result.status = status;
    result.reason = reason;
    return result;
}

HttpParseResult incomplete()
{
    return {};
}

std::string_view trimWhitespace(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// Finds the line starting at pos. Returns false when its LF is not buffered yet; otherwise line is the content
// without CRLF/LF and next where the following line starts. A CR anywhere but before the LF is refused.
enum class Line { Found, Missing, BadByte };
Line nextLine(std::string_view input, size_t pos, std::string_view &line, size_t &next)
{
    const size_t lf = input.find('\n', pos);
    if (lf == std::string_view::npos) {
        return Line::Missing;
    }
    size_t end = lf;
    if (end > pos && input[end - 1] == '\r') {
        --end;
    }
    line = input.substr(pos, end - pos);
    for (const char c : line) {
        if (c == '\r' || c == '\0') {
            return Line::BadByte;
        }
    }
    next = lf + 1;
    return Line::Found;
}

bool knownMethod(std::string_view method)
{
    for (const std::string_view known :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}) {
        if (method == known) {
            return true;
        }
    }
    return false;
}

// Splits the target into path and query. False for a form the relay does not serve (authority-form, garbage).
bool splitTarget(std::string_view method, std::string_view target, HttpRequestHead &head)
{
    for (const char c : target) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) {
            return false;
        }
    }
    std::string_view rest = target;
    if (target == "*") {
        if (method != "OPTIONS") {
            return false;
        }
        head.path = target;
        return true;
    }
    if (startsWithIgnoringCase(target, "http://") || startsWithIgnoringCase(target, "https://")) {
        const size_t authority = target.find("//") + 2;
        const size_t pathStart = target.find_first_of("/?", authority);
        if (pathStart == authority) {
            return false; // no host
        }
        rest = pathStart == std::string_view::npos ? std::string_view() : target.substr(pathStart);
        if (rest.empty() || rest.front() == '?') {
            head.path = {}; // "/" by RFC 9112 3.2.2; left empty so that every field is a view into the input
            head.query = rest.empty() ? rest : rest.substr(1);
            return true;
        }
    } else if (target.front() != '/') {
        return false;
    }
    const size_t question = rest.find('?');
    head.path = rest.substr(0, question);
    head.query = question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
    return true;
}

// Parses "METHOD SP target SP HTTP/x.y" (single spaces, as RFC 9112 requires).
HttpParseResult parseRequestLine(std::string_view line, HttpRequestHead &head)
{
    const size_t firstSpace = line.find(' ');
    const size_t secondSpace = firstSpace == std::string_view::npos ? firstSpace : line.find(' ', firstSpace + 1);
    if (secondSpace == std::string_view::npos) {
        return error(400, "malformed request line");
    }
    head.method = line.substr(0, firstSpace);
    head.target = line.substr(firstSpace + 1, secondSpace - firstSpace - 1);
    head.version = line.substr(secondSpace + 1);
    if (!isToken(head.method) || head.target.empty()) {
        return error(400, "malformed request line");
    }
    const std::string_view v = head.version;
    const bool versionShape = v.size() == 8 && v.substr(0, 5) == "HTTP/" && v[5] >= '0' && v[5] <= '9' && v[6] == '.' &&
                              v[7] >= '0' && v[7] <= '9';
    if (!versionShape) {
        return error(400, "malformed request line");
    }
    if (v != "HTTP/1.1" && v != "HTTP/1.0") {
        return error(505, "only HTTP/1.0 and HTTP/1.1");
    }
    if (!knownMethod(head.method)) {
        return error(501, "unknown method");
    }
    if (!splitTarget(head.method, head.target, head)) {
        return error(400, "malformed request target");
    }
    head.keepAlive = v == "HTTP/1.1";
    HttpParseResult ok;
    ok.state = State::Complete;
    return ok;
}

bool parseContentLength(std::string_view value, int64_t &out)
{
    if (value.empty() || value.size() > 18) {
        return false; // 18 digits cannot overflow int64
    }
    int64_t number = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') {
            return false;
        }
        number = number * 10 + (c - '0');
    }
    out = number;
    return true;
}

// Applies one header's meaning (Content-Length, Transfer-Encoding, Connection) to the head.
HttpParseResult applyHeader(std::string_view name, std::string_view value, HttpRequestHead &head)
{
    if (equalsIgnoringCase(name, "content-length")) {
        int64_t length = 0;
        if (!parseContentLength(value, length) || (head.contentLength >= 0 && head.contentLength != length)) {
            return error(400, "invalid Content-Length");
        }
        head.contentLength = length;
    } else if (equalsIgnoringCase(name, "transfer-encoding")) {
        head.transferEncoded = true;
    } else if (equalsIgnoringCase(name, "connection")) {
        // A list of tokens: "close" wins over "keep-alive", as it did before the parser had limits.
        bool close = false;
        bool keepAlive = false;
        size_t from = 0;
        while (from <= value.size()) {
            size_t comma = value.find(',', from);
            comma = comma == std::string_view::npos ? value.size() : comma;
            const std::string_view option = trimWhitespace(value.substr(from, comma - from));
            close = close || equalsIgnoringCase(option, "close");
            keepAlive = keepAlive || equalsIgnoringCase(option, "keep-alive");
            from = comma + 1;
        }
        if (close) {
            head.keepAlive = false;
        } else if (keepAlive) {
            head.keepAlive = true;
        }
    }
    HttpParseResult ok;
    ok.state = State::Complete;
    return ok;
}

// Parses "name: value"; the name is a token directly followed by the colon (no whitespace, RFC 9112 5.1).
HttpParseResult parseHeaderLine(std::string_view line, HttpRequestHead &head)
{
    if (line.front() == ' ' || line.front() == '\t') {
        return error(400, "obsolete header line folding");
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) {
        return error(400, "malformed header line");
    }
    const std::string_view value = trimWhitespace(line.substr(colon + 1));
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
            return error(400, "control character in a header value");
        }
    }
    head.headers.emplace_back(line.substr(0, colon), value);
    return applyHeader(line.substr(0, colon), value, head);
}

// The first line is not complete yet: refuse early what can never become a request line (a TLS hello, binary
// noise), so such a connection does not wait for the header timeout.
HttpParseResult checkPartialRequestLine(std::string_view partial, const HttpParserLimits &limits)
{
    if (partial.size() >= limits.maxRequestLineBytes) {
        return error(414, "request line too long");
    }
    for (const char c : partial.substr(0, partial.find(' '))) {
        if (!kToken[static_cast<unsigned char>(c)] && c != '\r') {
            return error(400, "malformed request line");
        }
    }
    return incomplete();
}

} // namespace

bool isHttpParseErrorStatus(int status)
{
    return status == 400 || status == 414 || status == 431 || status == 501 || status == 505;
}

HttpParseResult parseHttpRequest(std::string_view input, const HttpParserLimits &limits)
{
    // Only the first maxHeadBytes count: a head that has not ended by then is refused, whatever follows.
    const std::string_view window = input.substr(0, limits.maxHeadBytes);
    size_t pos = 0;
    while (pos < window.size() &&
           (window[pos] == '\n' || (window[pos] == '\r' && pos + 1 < window.size() && window[pos + 1] == '\n'))) {
        pos += window[pos] == '\r' ? 2 : 1; // empty lines before a request (after a body some clients add)
    }
    HttpParseResult result;
    std::string_view line;
    size_t next = 0;
    switch (nextLine(window, pos, line, next)) {
    case Line::Missing: {
        HttpParseResult partial = checkPartialRequestLine(window.substr(pos), limits);
        if (partial.state == State::Error || window.size() < limits.maxHeadBytes) {
            return partial;
        }
        return error(431, "request head too large");
    }
    case Line::BadByte:
        return error(400, "malformed request line");
    case Line::Found:
        break;
    }
    if (line.size() > limits.maxRequestLineBytes) {
        return error(414, "request line too long");
    }
    HttpRequestHead head;
    if (HttpParseResult requestLine = parseRequestLine(line, head); requestLine.state == State::Error) {
        return requestLine;
    }
    result.head = std::move(head);
    pos = next;
    for (;;) {
        switch (nextLine(window, pos, line, next)) {
        case Line::Missing:
            if (window.size() >= limits.maxHeadBytes) {
                return error(431, "request head too large");
            }
            return incomplete();
        case Line::BadByte:
            return error(400, "malformed header line");
        case Line::Found:
            break;
        }
        pos = next;
        if (line.empty()) {
            break;
        }
        if (result.head.headers.size() >= limits.maxHeaders) {
            return error(431, "too many header fields");
        }
        HttpParseResult header = parseHeaderLine(line, result.head);
        if (header.state == State::Error) {
            return header;
        }
    }
    if (result.head.contentLength >= 0 && result.head.transferEncoded) {
        return error(400, "both Content-Length and Transfer-Encoding");
    }
    result.state = State::Complete;
    result.head.headBytes = pos;
    return result;
}

} // namespace pulsemap
