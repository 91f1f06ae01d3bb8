// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Calendar arithmetic on Unix milliseconds in UTC, without time-zone databases or allocations:
// log timestamps carry their own offsets, and these buckets are UTC (local ones: analytics/local_calendar.h).
namespace pulsemap::civil {

constexpr int64_t kMsPerSecond = 1000;
constexpr int64_t kMsPerMinute = 60 * kMsPerSecond;
constexpr int64_t kMsPerHour = 60 * kMsPerMinute;
constexpr int64_t kMsPerDay = 24 * kMsPerHour;

// Days since 1970-01-01 for a proleptic Gregorian date (month 1..12, day 1..31).
constexpr int64_t daysFromCivil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Date
{
    int64_t year;
    unsigned month;
    unsigned day;
};

constexpr Date civilFromDays(int64_t days)
{
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

constexpr bool isLeapYear(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr unsigned daysInMonth(int64_t year, unsigned month)
{
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

// Floor division that rounds toward negative infinity (timestamps before 1970 exist in bad logs).
constexpr int64_t floorDiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

enum class Bucket { Second, Minute, Hour, Day, Week, Month, Quarter, Year };

std::optional<Bucket> bucketFromName(std::string_view name);
std::string_view bucketName(Bucket bucket);

// Start of the UTC bucket holding tsMs. ISO weeks start on Monday.
int64_t bucketStart(int64_t tsMs, Bucket bucket);
// Start of the bucket after the one starting at startMs.
int64_t nextBucketStart(int64_t startMs, Bucket bucket);

// "2015-05-17T10:05:03Z", or with ".123" milliseconds when they are not zero.
std::string formatIsoUtc(int64_t tsMs);
// Writes the same into out (at least 32 bytes); returns the length. No allocation.
size_t formatIsoUtc(int64_t tsMs, char *out);

} // namespace pulsemap::civil
