// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/ascii.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace pulsemap {

// The bounds a request head must stay within. The defaults are the relay's: a beacon hit, a health check or a
// WebSocket upgrade is a few hundred bytes, so anything near these is an attack or a bug.
struct HttpParserLimits
{
    size_t maxHeadBytes = 16 << 10;       // request line + headers + blank line, else 431
    size_t maxRequestLineBytes = 8 << 10; // else 414
    size_t maxHeaders = 100;              // else 431
};

// A request head as views into the parsed bytes (nothing is copied or decoded).
struct HttpRequestHead
{
    std::string_view method;
    std::string_view target;  // as sent: origin-form "/p?q" or absolute-form "http://host/p?q"
    std::string_view path;    // the target's path, without the query (empty for an absolute-form without one: "/")
    std::string_view query;   // after '?', still percent-encoded; empty without one
    std::string_view version; // "HTTP/1.0" or "HTTP/1.1"
    std::vector<std::pair<std::string_view, std::string_view>> headers; // name as sent, value without OWS
    int64_t contentLength = -1;                                         // -1 without a Content-Length header
    bool transferEncoded = false; // Transfer-Encoding present: a body follows that the relay does not read
    bool keepAlive = true;        // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "keep-alive"
    size_t headBytes = 0;         // bytes the head took, blank line included: where the next request starts
};

// The outcome of parsing the start of a connection's buffered bytes.
struct HttpParseResult
{
    enum class State { Complete, Incomplete, Error };
    State state = State::Incomplete;
    // With Error: the status to answer before closing, one of 400 (malformed request line or header, bare CR,
    // NUL, obsolete line folding, bad or conflicting Content-Length), 414 (request line too long), 431 (head
    // or header count too large), 501 (unknown method), 505 (HTTP version other than 1.0 and 1.1).
    int status = 0;
    const char *reason = ""; // a short English explanation for the response body (static storage)
    HttpRequestHead head;    // with Complete
};

// Parses one request head at the start of input (pipelined requests follow it; see head.headBytes).
// Lines end in CRLF or a bare LF (as nginx accepts), empty lines before the request line are skipped
// (RFC 9112, 2.2). Pure: no allocation beyond the header list, never reads outside input.
// Threading: a pure function, safe on any thread.
HttpParseResult parseHttpRequest(std::string_view input, const HttpParserLimits &limits = {});

// Whether status is one parseHttpRequest can return as an error (for tests and the fuzzer).
bool isHttpParseErrorStatus(int status);

} // namespace pulsemap
