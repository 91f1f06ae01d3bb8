// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Helpers shared by the log-format parsers. Internal to pulsemap_ingest.

#include "core/hex.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace pulsemap::logfmt {

constexpr size_t npos = std::string_view::npos;

// Drops a trailing "\n" and "\r" (files written on Windows, or lines handed over with their terminator).
std::string_view trimLineEnd(std::string_view line);

// True for an empty line or one of spaces and tabs only.
bool isBlank(std::string_view line);

// Position of the first '"' at or after from that no backslash escapes (Apache writes \", nginx \x22), or npos.
// Backslashes before from are not looked at, so an opening quote just before from cannot escape anything.
size_t findUnescapedQuote(std::string_view text, size_t from);

// Splits "GET /p?q HTTP/1.1" into its parts. Junk (TLS handshakes sent to port 80, "-") gives a target only,
// or nothing for "-", so such lines still count as hits.
void splitRequest(std::string_view request, std::string_view &method, std::string_view &target,
                  std::string_view &protocol);

// Three digits 100..599, or "-" for none (0).
bool parseStatus(std::string_view text, int &status);

// "example.com:443" -> "example.com"; "[2001:db8::1]:443" -> "[2001:db8::1]"; anything else unchanged.
std::string_view stripPort(std::string_view hostPort);

// "203.0.113.9:2817" -> "203.0.113.9"; "[2001:db8::1]:443" -> "2001:db8::1"; "2001:db8::1:33317" -> "2001:db8::1".
// For formats that always write the client's port after its address (ALB/ELB, HAProxy): an unbracketed IPv6
// address loses its last group there, which is that port. Text without a numeric ":port" is unchanged.
std::string_view stripClientPort(std::string_view addressPort);

// An absolute-form request target ("https://www.example.com:443/a/b?c", written by load balancers and forward
// proxies) to origin form ("/a/b?c"); authority gets "www.example.com:443". Other targets are returned as they
// are and authority is left alone. A URL with nothing after its authority gives "/", written to scratch (which
// must have been reserved to the line's size by reserveScratch).
std::string_view originForm(std::string_view target, std::string_view &authority, std::string &scratch);

// The next field of a line of blank-separated fields, from pos (blanks before it skipped): a run of non-blank
// characters, or a "quoted" field, returned without its quotes, that ends at the first unescaped quote. pos
// moves past it. False at the end of the line, and for a quoted field that does not end.
bool nextField(std::string_view line, size_t &pos, std::string_view &field);

inline bool isMissing(std::string_view value)
{
    return value.empty() || value == "-";
}

// Makes sure scratch can take lineSize bytes without reallocating, so that views into it stay valid for the
// whole line (nothing written to it per line is longer than the line itself).
inline void reserveScratch(std::string &scratch, size_t lineSize)
{
    if (scratch.capacity() < lineSize) {
        scratch.reserve(lineSize);
    }
}

using pulsemap::hexDigitValue; // core/hex.h

} // namespace pulsemap::logfmt
