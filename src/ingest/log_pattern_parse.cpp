// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_common.h"
#include "log_pattern.h"
#include "log_time.h"
#include "timestamp.h"

#include "core/civil_time.h"
#include "core/event.h"

#include <cstring>

namespace pulsemap::logfmt {

namespace {

// Where the next occurrence of delim (not empty) starts, at or after from; npos when there is none.
size_t findLiteral(std::string_view line, size_t from, std::string_view delim)
{
    const char *base = line.data();
    const size_t size = line.size();
    while (from < size) {
        const void *hit = std::memchr(base + from, delim.front(), size - from);
        if (hit == nullptr) {
            return npos;
        }
        const auto at = static_cast<size_t>(static_cast<const char *>(hit) - base);
        if (size - at < delim.size()) {
            return npos;
        }
        if (std::memcmp(base + at + 1, delim.data() + 1, delim.size() - 1) == 0) {
            return at;
        }
        from = at + 1;
    }
    return npos;
}

// A quoted field ends at an unescaped '"' that the rest of the format's literal follows. Skipping quotes that
// are not followed by it copes with the odd raw quote some servers let through in a request or user agent.
size_t findQuoted(std::string_view line, size_t from, std::string_view delim)
{
    while (true) {
        const size_t at = findUnescapedQuote(line, from);
        if (at == npos || line.size() - at < delim.size()) {
            return npos;
        }
        if (line.compare(at, delim.size(), delim) == 0) {
            return at;
        }
        from = at + 1;
    }
}

size_t findSpace(std::string_view line, size_t from)
{
    while (from < line.size() && line[from] != ' ' && line[from] != '\t') {
        ++from;
    }
    return from;
}

// Values that need more than one field, or a decision after the whole line is seen.
struct Pending
{
    std::string_view request;
    std::string_view path;
    std::string_view query;
    std::string_view date;
    std::string_view timeOfDay;
    std::string_view offset;
    std::string_view status;
    int maybeOffsetMinutes = 0;
    bool timeOk = false;
};

void store(Field field, std::string_view value, ParsedLine &out, Pending &pending)
{
    switch (field) {
    case Field::Address:
        out.clientAddress = value;
        break;
    case Field::ForwardedFor:
        out.forwardedFor = value;
        break;
    case Field::Vhost:
        out.vhost = value;
        break;
    case Field::VhostPort:
        out.vhost = stripPort(value);
        break;
    case Field::Referer:
        out.referer = value;
        break;
    case Field::UserAgent:
        out.userAgent = value;
        break;
    case Field::Method:
        out.method = value;
        break;
    case Field::Protocol:
        out.protocol = value;
        break;
    case Field::Target:
        out.target = value;
        break;
    case Field::Path:
        pending.path = value;
        break;
    case Field::Query:
        pending.query = value;
        break;
    case Field::Request:
        pending.request = value;
        break;
    case Field::Status:
        pending.status = value;
        break;
    case Field::Time:
        pending.timeOk = parseTimestamp(value, out.tsMs);
        break;
    case Field::Date:
        pending.date = value;
        break;
    case Field::TimeOfDay:
        pending.timeOfDay = value;
        break;
    case Field::Offset:
        pending.offset = value;
        break;
    case Field::MaybeOffset:
        if (int minutes = 0; parseUtcOffset(value, minutes)) {
            pending.maybeOffsetMinutes = minutes;
        }
        break;
    case Field::Ignore:
    case Field::SkipSpaces:
        break;
    }
}

bool resolveDate(const Pending &pending, bool hasOffsetField, int64_t &tsMs)
{
    int64_t days = 0;
    int64_t ms = 0;
    int minutes = pending.maybeOffsetMinutes;
    if (!logtime::parseDate(pending.date, days) || !logtime::parseTimeOfDay(pending.timeOfDay, ms) ||
        (hasOffsetField && !parseUtcOffset(pending.offset, minutes))) {
        return false;
    }
    tsMs = days * civil::kMsPerDay + ms - minutes * civil::kMsPerMinute;
    return true;
}

// The request target from whichever fields the format has: $request_uri, then "%r", then path and query.
void resolveTarget(const Pattern &pattern, const Pending &pending, std::string_view line, ParsedLine &out)
{
    if (pattern.hasRequest) {
        std::string_view method;
        std::string_view target;
        std::string_view protocol;
        splitRequest(pending.request, method, target, protocol);
        if (out.method.empty()) {
            out.method = method;
        }
        if (out.protocol.empty()) {
            out.protocol = protocol;
        }
        if (!pattern.hasTarget) {
            out.target = target;
        }
        return;
    }
    if (pattern.hasTarget) {
        return;
    }
    std::string_view query = pending.query;
    if (!query.empty() && query.front() == '?') {
        query.remove_prefix(1);
    }
    if (isMissing(query) || pending.path.empty()) {
        out.target = pending.path;
        return;
    }
    // Path and query are separate parts of the line with text between them, so together they fit in
    // line.size() bytes; the capacity check keeps views valid even if that ever stopped being true.
    std::string &scratch = out.scratch;
    reserveScratch(scratch, line.size());
    const size_t start = scratch.size();
    if (scratch.capacity() - start < pending.path.size() + 1 + query.size()) {
        out.target = pending.path;
        return;
    }
    scratch.append(pending.path).append(1, '?').append(query);
    out.target = std::string_view(scratch).substr(start);
}

} // namespace

ParseError PatternParser::parse(std::string_view line, ParsedLine &out)
{
    out.clear();
    line = trimLineEnd(line);
    if (isBlank(line)) {
        return ParseError::Empty;
    }
    const Pattern &pattern = m_pattern;
    const std::string_view text = pattern.text;
    Pending pending;
    size_t pos = 0;
    bool truncatedTail = false;
    for (const Step &step : pattern.steps) {
        if (step.literalSize != 0) {
            if (line.size() - pos < step.literalSize ||
                std::memcmp(line.data() + pos, text.data() + step.literalOffset, step.literalSize) != 0) {
                return ParseError::NoMatch;
            }
            pos += step.literalSize;
        }
        const std::string_view delim = text.substr(step.delimOffset, step.delimSize);
        size_t end = npos;
        switch (step.end) {
        case End::Literal:
            end = findLiteral(line, pos, delim);
            break;
        case End::Quoted:
            end = findQuoted(line, pos, delim);
            break;
        case End::Space:
            end = findSpace(line, pos);
            break;
        case End::Rest:
            end = line.size();
            break;
        case End::TimePrefix:
            // The time must end the line or a field: "10:05:03" is not the Unix time 10 followed by ":05:03".
            if (const size_t length = logtime::parseTimestampPrefix(line.substr(pos), out.tsMs);
                length != 0 &&
                (pos + length == line.size() || line[pos + length] == ' ' || line[pos + length] == '\t')) {
                pending.timeOk = true;
                pos += length;
                continue;
            }
            end = findSpace(line, pos); // not a time: store() below reports it
            break;
        case End::None:
            while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) {
                ++pos;
            }
            continue;
        }
        if (end == npos && step.end == End::Quoted && &step == &pattern.steps.back() && delim == "\"" &&
            pattern.tailSize == 1) {
            // The last quoted field (usually the user agent) lost its closing quote: servers cut overlong
            // lines. Everything that matters came before it, so keep the line.
            store(step.field, line.substr(pos), out, pending);
            pos = line.size();
            truncatedTail = true;
            break;
        }
        if (end == npos) {
            return ParseError::NoMatch;
        }
        store(step.field, line.substr(pos, end - pos), out, pending);
        pos = end;
    }
    if (!truncatedTail && (line.size() - pos < pattern.tailSize ||
                           std::memcmp(line.data() + pos, text.data() + pattern.tailOffset, pattern.tailSize) != 0)) {
        return ParseError::NoMatch;
    }

    // A time the line carries must also be one an event may have (core/event.h): a line dated 1953 or 9999
    // is malformed, counted like any other, rather than an event at an impossible time.
    if (pattern.hasTime) {
        out.hasTime = true;
        if (!pending.timeOk || !plausibleEventTime(out.tsMs)) {
            return ParseError::BadTime;
        }
    } else if (pattern.hasDate) {
        out.hasTime = true;
        if (!resolveDate(pending, pattern.hasOffset, out.tsMs) || !plausibleEventTime(out.tsMs)) {
            return ParseError::BadTime;
        }
    }
    if (pattern.hasStatus && !parseStatus(pending.status, out.status)) {
        return ParseError::BadStatus;
    }
    resolveTarget(pattern, pending, line, out);
    if (isMissing(out.clientAddress) && isMissing(out.forwardedFor)) {
        return ParseError::MissingAddress;
    }
    return ParseError::None;
}

} // namespace pulsemap::logfmt
