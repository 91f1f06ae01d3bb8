// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Timestamps and offsets: whatever is accepted must be a real instant that survives a round trip through
// the ISO form, and the prefix parser must agree with the whole-text one. The same bytes then go into every
// place a log line carries its time (CLF in brackets, ISO as the last field, JSON, GoAccess's split date / time /
// offset fields, with an offset that is optional): a line is accepted only with a time an event may have
// (core/event.h), and exactly then when the whole text is such a time.

#include "fuzz_check.h"

#include "core/civil_time.h"
#include "core/event.h"
#include "ingest/log_time.h"
#include "ingest/timestamp.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {
// 1900-01-01 and 10000-01-01 with the widest offsets accepted (23:59) on either side.
constexpr int64_t kLowest = -2208988800000 - 24 * pulsemap::civil::kMsPerHour;
constexpr int64_t kHighest = 253402300800000 + 24 * pulsemap::civil::kMsPerHour;
constexpr int64_t kFirstFullYear = -2208988800000; // 1900-01-01
constexpr int64_t kLastFullYear = 253370764800000; // 9999-01-01
constexpr int64_t kMay17 = 1431857103000;          // 2015-05-17T10:05:03Z

enum Format { Combined, IsoLast, Json, SplitZone, SplitMaybeOffset, kFormatCount };

const std::array<std::unique_ptr<pulsemap::LogParser>, kFormatCount> &parsers()
{
    static const auto built = [] {
        const std::array<std::string_view, kFormatCount> formats = {
            "combined",
            "$remote_addr $status $time_iso8601",
            "json",
            R"(%d %t %z %h "%r" %s)",
            R"(%h [%d:%t %^] "%r" %s)",
        };
        std::array<std::unique_ptr<pulsemap::LogParser>, kFormatCount> all;
        for (size_t i = 0; i < formats.size(); ++i) {
            auto parser = pulsemap::makeLogParser(formats[i], pulsemap::JsonFieldNames{});
            if (!parser) {
                std::abort();
            }
            all[i] = std::move(*parser);
        }
        return all;
    }();
    return built;
}

// Escapes just enough for the bytes to come back unchanged from the JSON string.
std::string jsonString(std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string quoted = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (byte < 0x20) {
            quoted += "\\u00";
            quoted += kHex[byte >> 4];
            quoted += kHex[byte & 15];
        } else {
            quoted += c;
        }
    }
    return quoted + '"';
}

// Parses a line with the given format; returns its error after the shared invariants (fuzz_check.h), which
// include the event time contract.
pulsemap::ParseError parseLine(Format format, const std::string &line, pulsemap::ParsedLine &out)
{
    const pulsemap::ParseError error = parsers()[format]->parse(line, out);
    pulsemap::fuzz::checkResult(line, out, error);
    return error;
}

// The time is the whole field, so a line takes it exactly when the text is a plausible event time, and one that
// parses but is implausible is a bad time (not some other error).
void expectAgreement(pulsemap::ParseError error, const pulsemap::ParsedLine &out, bool parsed, int64_t ts)
{
    const bool accepted = parsed && pulsemap::plausibleEventTime(ts);
    if ((error == pulsemap::ParseError::None) != accepted || (accepted && out.tsMs != ts) ||
        (parsed && !accepted && error != pulsemap::ParseError::BadTime)) {
        std::abort();
    }
}

void checkLines(std::string_view text, bool parsed, int64_t ts)
{
    pulsemap::ParsedLine out;
    const std::string bytes(text);
    // Texts that could end the field early or end the line are not whole fields; the lines must still hold up.
    const bool plain = text.find_first_of("]\"\r\n", 0) == std::string_view::npos &&
                       text.find('\0') == std::string_view::npos && !text.empty() && text.front() != ' ' &&
                       text.back() != ' ';
    pulsemap::ParseError error =
        parseLine(Combined, "1.2.3.4 - - [" + bytes + R"(] "GET / HTTP/1.1" 200 1 "-" "-")", out);
    if (plain) {
        expectAgreement(error, out, parsed, ts);
    }
    // A time that ends the format ends at a space or the line's end, and fields after it are allowed: text
    // that is not a time as a whole is only taken when a space or tab marks where the time ends (or it is a
    // time followed by the line end "\r\n", which the parsers drop).
    error = parseLine(IsoLast, "1.2.3.4 200 " + bytes, out);
    if (plain && parsed) {
        expectAgreement(error, out, parsed, ts);
    }
    if (error == pulsemap::ParseError::None && !parsed && text.find_first_of(" \t\r\n") == std::string_view::npos) {
        std::abort();
    }
    error = parseLine(Json, R"({"remote_addr":"1.2.3.4","time":)" + jsonString(text) + "}", out);
    if (parsed) {
        expectAgreement(error, out, parsed, ts);
    }
    // Date, time of day and offset in fields of their own, the offset required (%z) or optional (%^).
    parseLine(SplitZone, bytes + R"( 1.2.3.4 "GET / HTTP/1.1" 200)", out);
    parseLine(SplitMaybeOffset, "1.2.3.4 [" + bytes + R"(] "GET / HTTP/1.1" 200)", out);
}

// An accepted offset means the same in every place an offset is written: after an ISO time, after a CLF
// time (with a space), and as GoAccess's %z field.
void checkOffset(std::string_view text, int minutes)
{
    const std::string offset(text);
    const int64_t expected = kMay17 - minutes * pulsemap::civil::kMsPerMinute;
    int64_t ts = 0;
    if (!pulsemap::parseTimestamp("2015-05-17T10:05:03" + offset, ts) || ts != expected ||
        !pulsemap::parseTimestamp("17/May/2015:10:05:03 " + offset, ts) || ts != expected) {
        std::abort();
    }
    pulsemap::ParsedLine out;
    if (parseLine(SplitZone, "17/May/2015 10:05:03 " + offset + R"( 1.2.3.4 "GET / HTTP/1.1" 200)", out) !=
            pulsemap::ParseError::None ||
        out.tsMs != expected) {
        std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    int64_t ts = 0;
    const bool whole = pulsemap::parseTimestamp(text, ts);
    int64_t prefixTs = 0;
    const size_t prefix = pulsemap::logtime::parseTimestampPrefix(text, prefixTs);
    if (prefix > text.size() || whole != (prefix == text.size() && prefix != 0) || (whole && prefixTs != ts)) {
        std::abort();
    }
    if (whole) {
        if (ts < kLowest || ts > kHighest) {
            std::abort();
        }
        if (ts >= kFirstFullYear && ts < kLastFullYear) {
            char iso[40];
            const size_t length = pulsemap::civil::formatIsoUtc(ts, iso);
            int64_t back = 0;
            if (!pulsemap::parseTimestamp(std::string_view(iso, length), back) || back != ts) {
                std::abort();
            }
        }
    }
    int minutes = 0;
    if (pulsemap::parseUtcOffset(text, minutes)) {
        if (minutes < -(23 * 60 + 59) || minutes > 23 * 60 + 59) {
            std::abort();
        }
        checkOffset(text, minutes);
    }
    int64_t days = 0;
    int64_t ms = 0;
    if (pulsemap::logtime::parseDate(text, days) && (days < -25567 || days > 2932896)) {
        std::abort(); // outside 1900-01-01 .. 9999-12-31
    }
    if (pulsemap::logtime::parseTimeOfDay(text, ms) && (ms < 0 || ms >= pulsemap::civil::kMsPerDay)) {
        std::abort();
    }
    checkLines(text, whole, ts);
    return 0;
}
