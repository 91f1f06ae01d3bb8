// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/civil_time.h"
#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap {

// What `stats --compare` sets beside each bucket: the bucket just before, or the one a week, month or year
// earlier on the local calendar.
enum class Comparison { Previous, Week, Month, Year };
std::optional<Comparison> comparisonFromName(std::string_view name);
// False for a comparison shorter than the bucket (a month's bucket "a week earlier" is not a bucket).
bool comparisonFits(Comparison comparison, civil::Bucket bucket);

// The local calendar of one time zone: time buckets (hour, day, ISO week, month, quarter, year and the
// finer ones) as UTC intervals, so counting stays in SQL over the `ts` index and no event is converted.
//
// The zone is read once into a list of offset segments (UTC instant, offset in effect from then on); every
// question afterwards is arithmetic on that list. A bucket is a maximal run of instants with the same key:
// the local calendar unit, and for units shorter than a day also the offset, so the two 02:00 hours of a
// fall-back night are two buckets while that day is one bucket of 25 hours. A bucket starts at its first
// instant, which may be a transition (a spring-forward hour that begins at 02:30 local time).
//
// Threading: immutable after creation; share it between threads freely.
class LocalCalendar
{
public:
    struct Segment
    {
        int64_t startMs;       // first instant of this offset
        int32_t offsetSeconds; // local time minus UTC
    };
    // A constant-offset piece of a UTC range.
    struct Piece
    {
        int64_t startMs;
        int64_t endMs; // exclusive
        int32_t offsetSeconds;
    };

    // The zone from the system's tz database (IANA name such as "Europe/Paris"); fails on unknown names.
    static Result<LocalCalendar> forZone(const std::string &ianaName);
    // UTC itself (compares without --tz).
    static LocalCalendar utc();
    // From explicit segments, sorted by start; the first covers everything before the second.
    LocalCalendar(std::string name, std::vector<Segment> segments);

    [[nodiscard]] const std::string &name() const { return m_name; }
    [[nodiscard]] int32_t offsetSecondsAt(int64_t tsMs) const;

    // Start of the bucket holding tsMs.
    [[nodiscard]] int64_t bucketStart(int64_t tsMs, civil::Bucket bucket) const;
    // End (exclusive) of the bucket holding tsMs: the start of the next one.
    [[nodiscard]] int64_t nextBucketStart(int64_t tsMs, civil::Bucket bucket) const;
    // Start of the bucket the one starting at startMs is compared with; none when that local time does not
    // exist (an hour skipped by a spring-forward a week earlier). Month and year clamp the day to the
    // month's length (Mar 31 -> Feb 29), as calendars do.
    [[nodiscard]] std::optional<int64_t> comparedBucketStart(int64_t startMs, civil::Bucket bucket,
                                                             Comparison comparison) const;
    // [fromMs, toMs) cut where the offset changes.
    [[nodiscard]] std::vector<Piece> pieces(int64_t fromMs, int64_t toMs) const;

    // "2024-03-31T00:00:00+01:00" (milliseconds when not zero); writes at least 40 bytes, returns the length.
    size_t formatIso(int64_t tsMs, char *out) const;
    [[nodiscard]] std::string formatIso(int64_t tsMs) const;

private:
    [[nodiscard]] size_t segmentAt(int64_t tsMs) const;
    [[nodiscard]] int64_t offsetMs(size_t segment) const;
    // The first instant whose local time lies in [localStart, localEnd), if any.
    [[nodiscard]] std::optional<int64_t> firstInstantIn(int64_t localStart, int64_t localEnd) const;

    std::string m_name;
    std::vector<Segment> m_segments; // never empty; adjacent segments differ in offset
};

} // namespace pulsemap
