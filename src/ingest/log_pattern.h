// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Custom and built-in text log formats: a format string is compiled once into steps of (literal, field),
// then each line is walked with memchr/memcmp, the way GoAccess does it. No regular expressions.
// Internal to pulsemap_ingest.

#include "log_format.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pulsemap::logfmt {

enum class Field : uint8_t {
    Address,      // $remote_addr, %h
    ForwardedFor, // $http_x_forwarded_for
    Vhost,        // $host, %v
    VhostPort,    // Apache %v:%p in vcombined, $http_host: the port is dropped
    Referer,
    UserAgent,
    Method,
    Protocol,
    Target,      // $request_uri: path and query as sent
    Path,        // $uri, %U
    Query,       // $args, %q: appended to Path as "?query"
    Request,     // "GET /p?q HTTP/1.1"
    Status,      // three digits or "-"
    Time,        // a whole timestamp: $time_local, $time_iso8601, $msec, %x, Apache %t
    Date,        // %d
    TimeOfDay,   // %t
    Offset,      // %z
    MaybeOffset, // the %^ after "%t " in GoAccess's own formats: applied when it is an offset
    Ignore,
    SkipSpaces, // %~
};

// How the text of a field ends.
enum class End : uint8_t {
    Literal,    // where the next literal (delim) occurs
    Quoted,     // at the first unescaped '"' followed by the rest of delim (which starts with '"')
    Space,      // at the first space or tab, or the end of the line (a last field, or one before %~)
    Rest,       // at the end of the line (a last field that may hold spaces: request, user agent ...)
    TimePrefix, // where the timestamp ends (a last time field: CLF and ISO times can hold a space)
    None,       // %~ takes no text of its own
};

struct Step
{
    uint32_t literalOffset = 0; // literal the line must have before the field, in Pattern::text
    uint32_t literalSize = 0;
    uint32_t delimOffset = 0; // literal that follows the field (End::Literal, End::Quoted)
    uint32_t delimSize = 0;
    Field field = Field::Ignore;
    End end = End::Literal;
};

struct Pattern
{
    std::string text; // all literals, back to back
    std::vector<Step> steps;
    uint32_t tailOffset = 0; // literal after the last field
    uint32_t tailSize = 0;
    bool hasAddress = false;
    bool hasForwardedFor = false;
    bool hasStatus = false;
    bool hasTime = false;    // a Time field
    bool hasDate = false;    // Date + TimeOfDay
    bool hasOffset = false;  // Offset, with Date
    bool hasTarget = false;  // a Target field: it wins over Request and Path
    bool hasRequest = false; // a Request field: it wins over Path
};

// Compiles an nginx log_format string ($variables) or a GoAccess-style one (%specifiers).
Result<Pattern> compilePattern(std::string_view format);

class PatternParser final : public LogParser
{
public:
    explicit PatternParser(Pattern pattern) : m_pattern(std::move(pattern)) {}
    ParseError parse(std::string_view line, ParsedLine &out) override;
    [[nodiscard]] bool hasForwardedFor() const override { return m_pattern.hasForwardedFor; }
    [[nodiscard]] const Pattern &pattern() const { return m_pattern; }

private:
    Pattern m_pattern;
};

} // namespace pulsemap::logfmt
