// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "civil_time.h"

#include <array>
#include <cstdio>

namespace pulsemap::civil {

namespace {
constexpr std::array<std::string_view, 8> kBucketNames = {"second", "minute", "hour",    "day",
                                                          "week",   "month",  "quarter", "year"};
// 1970-01-01 was a Thursday; Monday-based weeks start 3 days earlier than the epoch's week.
constexpr int64_t kEpochWeekdayFromMonday = 3;

int64_t monthIndex(const Date &date)
{
    return date.year * 12 + (date.month - 1);
}

int64_t startOfMonthIndex(int64_t index)
{
    const int64_t year = floorDiv(index, 12);
    const auto month = static_cast<unsigned>(index - year * 12 + 1);
    return daysFromCivil(year, month, 1) * kMsPerDay;
}
} // namespace

std::optional<Bucket> bucketFromName(std::string_view name)
{
    for (size_t i = 0; i < kBucketNames.size(); ++i) {
        if (kBucketNames[i] == name) {
            return static_cast<Bucket>(i);
        }
    }
    return std::nullopt;
}

std::string_view bucketName(Bucket bucket)
{
    return kBucketNames[static_cast<size_t>(bucket)];
}

int64_t bucketStart(int64_t tsMs, Bucket bucket)
{
    switch (bucket) {
    case Bucket::Second:
        return floorDiv(tsMs, kMsPerSecond) * kMsPerSecond;
    case Bucket::Minute:
        return floorDiv(tsMs, kMsPerMinute) * kMsPerMinute;
    case Bucket::Hour:
        return floorDiv(tsMs, kMsPerHour) * kMsPerHour;
    case Bucket::Day:
        return floorDiv(tsMs, kMsPerDay) * kMsPerDay;
    case Bucket::Week: {
        const int64_t days = floorDiv(tsMs, kMsPerDay) + kEpochWeekdayFromMonday;
        return (floorDiv(days, 7) * 7 - kEpochWeekdayFromMonday) * kMsPerDay;
    }
    case Bucket::Month:
    case Bucket::Quarter:
    case Bucket::Year: {
        const int64_t index = monthIndex(civilFromDays(floorDiv(tsMs, kMsPerDay)));
        const int64_t span = bucket == Bucket::Month ? 1 : bucket == Bucket::Quarter ? 3 : 12;
        return startOfMonthIndex(floorDiv(index, span) * span);
    }
    }
    return tsMs;
}

int64_t nextBucketStart(int64_t startMs, Bucket bucket)
{
    switch (bucket) {
    case Bucket::Second:
        return startMs + kMsPerSecond;
    case Bucket::Minute:
        return startMs + kMsPerMinute;
    case Bucket::Hour:
        return startMs + kMsPerHour;
    case Bucket::Day:
        return startMs + kMsPerDay;
    case Bucket::Week:
        return startMs + 7 * kMsPerDay;
    case Bucket::Month:
    case Bucket::Quarter:
    case Bucket::Year: {
        const int64_t index = monthIndex(civilFromDays(floorDiv(startMs, kMsPerDay)));
        const int64_t span = bucket == Bucket::Month ? 1 : bucket == Bucket::Quarter ? 3 : 12;
        return startOfMonthIndex(index + span);
    }
    }
    return startMs;
}

size_t formatIsoUtc(int64_t tsMs, char *out)
{
    const int64_t days = floorDiv(tsMs, kMsPerDay);
    const int64_t msOfDay = tsMs - days * kMsPerDay;
    const Date date = civilFromDays(days);
    const auto hour = static_cast<int>(msOfDay / kMsPerHour);
    const auto minute = static_cast<int>(msOfDay / kMsPerMinute % 60);
    const auto second = static_cast<int>(msOfDay / kMsPerSecond % 60);
    const auto millis = static_cast<int>(msOfDay % kMsPerSecond);
    int n = 0;
    if (millis != 0) {
        n = std::snprintf(out, 32, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(date.year),
                          date.month, date.day, hour, minute, second, millis);
    } else {
        n = std::snprintf(out, 32, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(date.year), date.month,
                          date.day, hour, minute, second);
    }
    return n > 0 ? static_cast<size_t>(n) : 0;
}

std::string formatIsoUtc(int64_t tsMs)
{
    char buffer[32];
    return {buffer, formatIsoUtc(tsMs, buffer)};
}

} // namespace pulsemap::civil
