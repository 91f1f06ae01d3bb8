// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "timestamp.h"

#include "core/civil_time.h"
#include "log_time.h"

namespace pulsemap {

namespace {

using civil::kMsPerDay;
using civil::kMsPerHour;
using civil::kMsPerMinute;
using civil::kMsPerSecond;

// Dates outside this range are almost always garbage in a log; 1900 still lets badly set clocks through.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 9999;
// 9999-12-31T23:59:59.999Z: the largest Unix time accepted, so that numbers agree with the date forms.
constexpr int64_t kMaxUnixMs = 253402300799999;
// Integers above this are milliseconds (10^11 seconds would be in the year 5138).
constexpr int64_t kMsThreshold = 100000000000;

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads exactly n digits at text[pos].
bool readDigits(std::string_view text, size_t pos, size_t n, int &value)
{
    if (pos > text.size() || text.size() - pos < n) {
        return false;
    }
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (!isDigit(c)) {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    value = v;
    return true;
}

constexpr uint32_t key3(char a, char b, char c)
{
    return uint32_t{static_cast<unsigned char>(a)} << 16 | uint32_t{static_cast<unsigned char>(b)} << 8 |
           uint32_t{static_cast<unsigned char>(c)};
}

// English month abbreviation at text[pos], any letter case, to 1..12; 0 when it is not one.
unsigned monthAt(std::string_view text, size_t pos)
{
    if (pos > text.size() || text.size() - pos < 3) {
        return 0;
    }
    // OR-ing 0x20 lowercases ASCII letters and maps no other byte onto a lowercase letter.
    const auto lower = [&](size_t i) { return static_cast<char>(text[pos + i] | 0x20); };
    switch (key3(lower(0), lower(1), lower(2))) {
    case key3('j', 'a', 'n'):
        return 1;
    case key3('f', 'e', 'b'):
        return 2;
    case key3('m', 'a', 'r'):
        return 3;
    case key3('a', 'p', 'r'):
        return 4;
    case key3('m', 'a', 'y'):
        return 5;
    case key3('j', 'u', 'n'):
        return 6;
    case key3('j', 'u', 'l'):
        return 7;
    case key3('a', 'u', 'g'):
        return 8;
    case key3('s', 'e', 'p'):
        return 9;
    case key3('o', 'c', 't'):
        return 10;
    case key3('n', 'o', 'v'):
        return 11;
    case key3('d', 'e', 'c'):
        return 12;
    default:
        return 0;
    }
}

bool makeDays(int year, unsigned month, int day, int64_t &days)
{
    if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > civil::daysInMonth(year, month)) {
        return false;
    }
    days = civil::daysFromCivil(year, month, static_cast<unsigned>(day));
    return true;
}

// "HH:MM:SS" at text[pos] to milliseconds; leap seconds (:60) are rejected like any other invalid time.
bool readHms(std::string_view text, size_t pos, int64_t &ms)
{
    int hh = 0;
    int mm = 0;
    int ss = 0;
    if (!readDigits(text, pos, 2, hh) || text.size() < pos + 8 || text[pos + 2] != ':' ||
        !readDigits(text, pos + 3, 2, mm) || text[pos + 5] != ':' || !readDigits(text, pos + 6, 2, ss) || hh > 23 ||
        mm > 59 || ss > 59) {
        return false;
    }
    ms = hh * kMsPerHour + mm * kMsPerMinute + ss * kMsPerSecond;
    return true;
}

// An optional fraction of a second at text[pos] ('.' and, when allowComma, ','); keeps milliseconds and
// returns the position after it.
size_t readFraction(std::string_view text, size_t pos, bool allowComma, int64_t &ms)
{
    if (pos + 1 >= text.size() || !(text[pos] == '.' || (allowComma && text[pos] == ',')) || !isDigit(text[pos + 1])) {
        return pos;
    }
    ++pos;
    int64_t value = 0;
    int taken = 0;
    for (; pos < text.size() && isDigit(text[pos]); ++pos) {
        if (taken < 3) {
            value = value * 10 + (text[pos] - '0');
            ++taken;
        }
    }
    for (; taken < 3; ++taken) {
        value *= 10;
    }
    ms = value;
    return pos;
}

// "Z", "+hh", "+hhmm" or "+hh:mm" at text[pos]; returns its length, or 0.
size_t readOffset(std::string_view text, size_t pos, int &minutes)
{
    if (pos >= text.size()) {
        return 0;
    }
    const char sign = text[pos];
    if (sign == 'Z' || sign == 'z') {
        minutes = 0;
        return 1;
    }
    int hh = 0;
    if ((sign != '+' && sign != '-') || !readDigits(text, pos + 1, 2, hh)) {
        return 0;
    }
    int mm = 0;
    size_t length = 3;
    if (readDigits(text, pos + 3, 2, mm)) {
        length = 5;
    } else if (pos + 3 < text.size() && text[pos + 3] == ':' && readDigits(text, pos + 4, 2, mm)) {
        length = 6;
    }
    if (hh > 23 || mm > 59) {
        return 0;
    }
    minutes = (hh * 60 + mm) * (sign == '-' ? -1 : 1);
    return length;
}

// "17/May/2015:10:05:03[.fff][ +hhmm]": the Apache and nginx $time_local form, the hot path of every import.
size_t parseClf(std::string_view text, int64_t &tsMs)
{
    int day = 0;
    int year = 0;
    int64_t days = 0;
    int64_t timeMs = 0;
    if (text.size() < 20 || !readDigits(text, 0, 2, day) || text[2] != '/' || text[6] != '/' ||
        !readDigits(text, 7, 4, year) || text[11] != ':' || !readHms(text, 12, timeMs) ||
        !makeDays(year, monthAt(text, 3), day, days)) {
        return 0;
    }
    int64_t fraction = 0;
    size_t pos = readFraction(text, 20, false, fraction);
    int offset = 0;
    if (pos + 1 < text.size() && text[pos] == ' ') {
        if (const size_t length = readOffset(text, pos + 1, offset); length != 0) {
            pos += 1 + length;
        }
    }
    tsMs = days * kMsPerDay + timeMs + fraction - offset * kMsPerMinute;
    return pos;
}

// "2015-05-17T10:05:03[.fff][Z|+hh:mm|+hhmm]", also with a space instead of 'T' and before the offset.
size_t parseIso(std::string_view text, int64_t &tsMs)
{
    int year = 0;
    int month = 0;
    int day = 0;
    int64_t days = 0;
    int64_t timeMs = 0;
    if (text.size() < 19 || !readDigits(text, 0, 4, year) || text[4] != '-' || !readDigits(text, 5, 2, month) ||
        text[7] != '-' || !readDigits(text, 8, 2, day) || !(text[10] == 'T' || text[10] == 't' || text[10] == ' ') ||
        !readHms(text, 11, timeMs) || !makeDays(year, static_cast<unsigned>(month), day, days)) {
        return 0;
    }
    int64_t fraction = 0;
    size_t pos = readFraction(text, 19, true, fraction);
    int offset = 0;
    if (const size_t length = readOffset(text, pos, offset); length != 0) {
        pos += length;
    } else if (pos + 1 < text.size() && text[pos] == ' ' && (text[pos + 1] == '+' || text[pos + 1] == '-')) {
        if (const size_t spaced = readOffset(text, pos + 1, offset); spaced != 0) {
            pos += 1 + spaced;
        }
    }
    tsMs = days * kMsPerDay + timeMs + fraction - offset * kMsPerMinute;
    return pos;
}

// "1431857103[.123]" seconds (nginx $msec), or integer milliseconds above 10^11 (JavaScript Date.now()).
size_t parseUnix(std::string_view text, int64_t &tsMs)
{
    size_t pos = 0;
    int64_t whole = 0;
    for (; pos < text.size() && isDigit(text[pos]); ++pos) {
        if (pos >= 15) {
            return 0; // beyond any accepted value; also keeps the arithmetic far from overflow
        }
        whole = whole * 10 + (text[pos] - '0');
    }
    if (pos == 0) {
        return 0;
    }
    const size_t integerEnd = pos;
    int64_t fraction = 0;
    pos = readFraction(text, pos, false, fraction);
    const bool isMs = whole > kMsThreshold && pos == integerEnd;
    const int64_t ms = isMs ? whole : whole * kMsPerSecond + fraction;
    if (ms > kMaxUnixMs) {
        return 0;
    }
    tsMs = ms;
    return pos;
}

size_t parseBare(std::string_view text, int64_t &tsMs)
{
    if (text.size() >= 3 && text[2] == '/') {
        return parseClf(text, tsMs);
    }
    if (text.size() >= 5 && text[4] == '-') {
        return parseIso(text, tsMs);
    }
    return parseUnix(text, tsMs);
}

} // namespace

namespace logtime {

size_t parseTimestampPrefix(std::string_view text, int64_t &tsMs)
{
    if (!text.empty() && text[0] == '[') {
        int64_t value = 0;
        const size_t length = parseBare(text.substr(1), value);
        if (length == 0 || length + 1 >= text.size() || text[length + 1] != ']') {
            return 0;
        }
        tsMs = value;
        return length + 2;
    }
    return parseBare(text, tsMs);
}

bool parseDate(std::string_view text, int64_t &days)
{
    int year = 0;
    int day = 0;
    if (text.size() == 11 && text[2] == '/') {
        return readDigits(text, 0, 2, day) && text[6] == '/' && readDigits(text, 7, 4, year) &&
               makeDays(year, monthAt(text, 3), day, days);
    }
    int month = 0;
    return text.size() == 10 && readDigits(text, 0, 4, year) && text[4] == '-' && readDigits(text, 5, 2, month) &&
           text[7] == '-' && readDigits(text, 8, 2, day) && makeDays(year, static_cast<unsigned>(month), day, days);
}

bool parseTimeOfDay(std::string_view text, int64_t &ms)
{
    int64_t value = 0;
    int64_t fraction = 0;
    if (!readHms(text, 0, value) || readFraction(text, 8, false, fraction) != text.size()) {
        return false;
    }
    ms = value + fraction;
    return true;
}

} // namespace logtime

bool parseTimestamp(std::string_view text, int64_t &tsMs)
{
    int64_t value = 0;
    const size_t length = logtime::parseTimestampPrefix(text, value);
    if (length == 0 || length != text.size()) {
        return false;
    }
    tsMs = value;
    return true;
}

bool parseUtcOffset(std::string_view text, int &minutes)
{
    int value = 0;
    const size_t length = readOffset(text, 0, value);
    if (length == 0 || length != text.size()) {
        return false;
    }
    minutes = value;
    return true;
}

} // namespace pulsemap
