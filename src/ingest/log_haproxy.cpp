// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_haproxy.h"

#include "log_common.h"
#include "log_time.h"

#include "core/event.h"

namespace pulsemap::logfmt {

namespace {

// "06/Feb/2009:12:14:14.655" (accept date, %tr): a date, a colon, a time of day with milliseconds.
bool parseAcceptDate(std::string_view text, int64_t &tsMs)
{
    constexpr size_t kDate = 11; // "06/Feb/2009"
    int64_t days = 0;
    int64_t ms = 0;
    if (text.size() <= kDate || text[kDate] != ':' || !logtime::parseDate(text.substr(0, kDate), days) ||
        !logtime::parseTimeOfDay(text.substr(kDate + 1), ms)) {
        return false;
    }
    tsMs = days * 86'400'000 + ms;
    return true;
}

} // namespace

ParseError HaproxyParser::parse(std::string_view line, ParsedLine &out)
{
    out.clear();
    line = trimLineEnd(line);
    if (isBlank(line)) {
        return ParseError::Empty;
    }
    // The accept date is the first "[...]" after a blank that holds one; a syslog header before it
    // ("haproxy[14389]:") has brackets too, but no date in them.
    size_t open = 0;
    size_t close = npos;
    int64_t tsMs = 0;
    bool dated = false;
    while (!dated && (open = line.find('[', open)) != npos) {
        close = line.find(']', open);
        if (close == npos) {
            return ParseError::NoMatch;
        }
        dated = open > 0 && line[open - 1] == ' ' && parseAcceptDate(line.substr(open + 1, close - open - 1), tsMs);
        open = dated ? open : open + 1;
    }
    if (!dated) {
        return ParseError::NoMatch;
    }
    const std::string_view before = line.substr(0, open - 1); // up to the blank before '['
    const size_t clientStart = before.find_last_of(" \t");
    const std::string_view client = clientStart == npos ? before : before.substr(clientStart + 1);
    std::string_view frontend;
    std::string_view backend;
    std::string_view timers;
    std::string_view status;
    size_t pos = close + 1;
    if (!nextField(line, pos, frontend) || !nextField(line, pos, backend) || !nextField(line, pos, timers) ||
        !nextField(line, pos, status)) {
        return ParseError::NoMatch;
    }
    // The request is the last field; HAProxy writes a quote inside it as #22, so its opening quote is the last
    // one before the closing quote. A line cut by syslog's length limit lost the closing quote: keep what is left.
    std::string_view request;
    if (line.size() > pos + 1 && line.back() == '"') {
        const size_t opening = line.rfind('"', line.size() - 2);
        if (opening != npos && opening >= pos) {
            request = line.substr(opening + 1, line.size() - opening - 2);
        }
    } else if (const size_t opening = line.rfind(" \""); opening != npos && opening >= pos) {
        request = line.substr(opening + 2);
    }
    if (request.empty()) {
        return ParseError::NoMatch;
    }
    // The accept date is the proxy's local time without an offset: taken as UTC (docs/log-formats.md).
    out.hasTime = true;
    out.tsMs = tsMs;
    if (!plausibleEventTime(out.tsMs)) {
        return ParseError::BadTime;
    }
    // -1: the client went away before a response was sent.
    if (status != "-1" && !parseStatus(status, out.status)) {
        return ParseError::BadStatus;
    }
    splitRequest(request, out.method, out.target, out.protocol);
    out.clientAddress = stripClientPort(client);
    if (isMissing(out.clientAddress)) {
        return ParseError::MissingAddress;
    }
    return ParseError::None;
}

} // namespace pulsemap::logfmt
