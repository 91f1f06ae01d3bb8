// SPDX-License-Identifier: GPL-3.0-or-later
#include "local_calendar.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace pulsemap {

namespace {

constexpr int64_t kMsPerSecond = civil::kMsPerSecond;
// Offsets lie within -12:00..+14:00 and a transition moves local time by at most a few hours, so any
// instant whose local time is near a given one lies within a day and a bit of it.
constexpr int64_t kOffsetMargin = 26 * civil::kMsPerHour;
// Events are refused outside 1970..2099; buckets and comparisons reach a year or so further.
constexpr int kFirstZoneYear = 1960;
constexpr int kLastZoneYear = 2110;

bool shorterThanDay(civil::Bucket bucket)
{
    return bucket == civil::Bucket::Second || bucket == civil::Bucket::Minute || bucket == civil::Bucket::Hour;
}

// The same local wall-clock time a week, a month or a year earlier; the day is clamped to the month.
int64_t shiftLocal(int64_t localMs, Comparison comparison)
{
    const int64_t days = civil::floorDiv(localMs, civil::kMsPerDay);
    const int64_t timeOfDay = localMs - days * civil::kMsPerDay;
    civil::Date date = civil::civilFromDays(days);
    switch (comparison) {
    case Comparison::Previous:
        return localMs;
    case Comparison::Week:
        return localMs - 7 * civil::kMsPerDay;
    case Comparison::Month:
        if (date.month == 1) {
            date.month = 12;
            --date.year;
        } else {
            --date.month;
        }
        break;
    case Comparison::Year:
        --date.year;
        break;
    }
    date.day = std::min(date.day, civil::daysInMonth(date.year, date.month));
    return civil::daysFromCivil(date.year, date.month, date.day) * civil::kMsPerDay + timeOfDay;
}

} // namespace

std::optional<Comparison> comparisonFromName(std::string_view name)
{
    if (name == "previous") {
        return Comparison::Previous;
    }
    if (name == "week") {
        return Comparison::Week;
    }
    if (name == "month") {
        return Comparison::Month;
    }
    if (name == "year") {
        return Comparison::Year;
    }
    return std::nullopt;
}

bool comparisonFits(Comparison comparison, civil::Bucket bucket)
{
    switch (comparison) {
    case Comparison::Week:
        return bucket <= civil::Bucket::Week;
    case Comparison::Month:
        return bucket <= civil::Bucket::Month;
    default:
        return true;
    }
}

// QTimeZone rather than std::chrono::locate_zone (GCC 12's libstdc++ lacks it) or a TZif reader of our own:
// Qt reads the system's tzdata, including the POSIX rule that extends a zone past its last listed
// transition, and QtCore is already in every executable that does analytics. It is asked once, for the
// zone's transitions; everything else is arithmetic on the segments, so Qt stays out of the header.
Result<LocalCalendar> LocalCalendar::forZone(const std::string &ianaName)
{
    const QByteArray id = QByteArray::fromStdString(ianaName);
    if (ianaName.empty() || !QTimeZone::isTimeZoneIdAvailable(id)) {
        return fail("unknown time zone \"" + ianaName + "\" (expected an IANA name such as Europe/Paris)");
    }
    const QTimeZone zone(id);
    if (!zone.isValid()) {
        return fail("unknown time zone \"" + ianaName + "\"");
    }
    const QDateTime first(QDate(kFirstZoneYear, 1, 1), QTime(0, 0), Qt::UTC);
    const QDateTime last(QDate(kLastZoneYear, 1, 1), QTime(0, 0), Qt::UTC);
    std::vector<Segment> segments{{std::numeric_limits<int64_t>::min(), zone.offsetFromUtc(first)}};
    for (const QTimeZone::OffsetData &transition : zone.transitions(first, last)) {
        // Transitions that only rename the offset (standard to daylight time at the same total) split nothing.
        if (transition.offsetFromUtc != segments.back().offsetSeconds) {
            segments.push_back({transition.atUtc.toMSecsSinceEpoch(), transition.offsetFromUtc});
        }
    }
    return LocalCalendar(ianaName, std::move(segments));
}

LocalCalendar LocalCalendar::utc()
{
    return {"UTC", {{std::numeric_limits<int64_t>::min(), 0}}};
}

LocalCalendar::LocalCalendar(std::string name, std::vector<Segment> segments)
    : m_name(std::move(name)), m_segments(std::move(segments))
{
    if (m_segments.empty()) {
        m_segments.push_back({0, 0});
    }
    m_segments.front().startMs = std::numeric_limits<int64_t>::min();
}

size_t LocalCalendar::segmentAt(int64_t tsMs) const
{
    const auto after = std::upper_bound(m_segments.begin(), m_segments.end(), tsMs,
                                        [](int64_t ts, const Segment &segment) { return ts < segment.startMs; });
    return static_cast<size_t>(after - m_segments.begin()) - 1;
}

int64_t LocalCalendar::offsetMs(size_t segment) const
{
    return int64_t{m_segments[segment].offsetSeconds} * kMsPerSecond;
}

int32_t LocalCalendar::offsetSecondsAt(int64_t tsMs) const
{
    return m_segments[segmentAt(tsMs)].offsetSeconds;
}

int64_t LocalCalendar::bucketStart(int64_t tsMs, civil::Bucket bucket) const
{
    size_t segment = segmentAt(tsMs);
    int64_t offset = offsetMs(segment);
    const int64_t key = civil::bucketStart(tsMs + offset, bucket);
    while (true) {
        const int64_t candidate = key - offset;
        const int64_t segmentStart = m_segments[segment].startMs;
        if (segment == 0 || candidate >= segmentStart) {
            return candidate;
        }
        // The local unit began before this offset did: the bucket goes on into the previous segment only
        // when the instant before the transition has the same key (a day across a DST change).
        if (shorterThanDay(bucket)) {
            return segmentStart;
        }
        --segment;
        offset = offsetMs(segment);
        if (civil::bucketStart(segmentStart - 1 + offset, bucket) != key) {
            return segmentStart;
        }
    }
}

int64_t LocalCalendar::nextBucketStart(int64_t tsMs, civil::Bucket bucket) const
{
    size_t segment = segmentAt(tsMs);
    int64_t offset = offsetMs(segment);
    const int64_t key = civil::bucketStart(tsMs + offset, bucket);
    const int64_t keyEnd = civil::nextBucketStart(key, bucket);
    while (true) {
        const int64_t candidate = keyEnd - offset;
        if (segment + 1 == m_segments.size() || candidate <= m_segments[segment + 1].startMs) {
            return candidate;
        }
        const int64_t transition = m_segments[segment + 1].startMs;
        ++segment;
        offset = offsetMs(segment);
        if (shorterThanDay(bucket) || civil::bucketStart(transition + offset, bucket) != key) {
            return transition;
        }
    }
}

std::optional<int64_t> LocalCalendar::firstInstantIn(int64_t localStart, int64_t localEnd) const
{
    // Segments ascend in UTC, so the first one that maps a part of the local interval holds the first instant.
    for (size_t segment = segmentAt(localStart - kOffsetMargin);
         segment < m_segments.size() && m_segments[segment].startMs < localEnd + kOffsetMargin; ++segment) {
        const int64_t offset = offsetMs(segment);
        const int64_t segmentEnd =
            segment + 1 < m_segments.size() ? m_segments[segment + 1].startMs : std::numeric_limits<int64_t>::max();
        const int64_t from = std::max(localStart - offset, m_segments[segment].startMs);
        const int64_t to = std::min(localEnd - offset, segmentEnd);
        if (from < to) {
            return from;
        }
    }
    return std::nullopt;
}

std::optional<int64_t> LocalCalendar::comparedBucketStart(int64_t startMs, civil::Bucket bucket,
                                                          Comparison comparison) const
{
    if (comparison == Comparison::Previous) {
        return bucketStart(startMs - 1, bucket);
    }
    const int64_t key = civil::bucketStart(startMs + offsetMs(segmentAt(startMs)), bucket);
    const int64_t target = civil::bucketStart(shiftLocal(key, comparison), bucket);
    const std::optional<int64_t> first = firstInstantIn(target, civil::nextBucketStart(target, bucket));
    if (!first) {
        return std::nullopt;
    }
    return bucketStart(*first, bucket);
}

std::vector<LocalCalendar::Piece> LocalCalendar::pieces(int64_t fromMs, int64_t toMs) const
{
    std::vector<Piece> out;
    for (size_t segment = segmentAt(fromMs); segment < m_segments.size() && fromMs < toMs; ++segment) {
        const int64_t segmentEnd =
            segment + 1 < m_segments.size() ? m_segments[segment + 1].startMs : std::numeric_limits<int64_t>::max();
        const int64_t end = std::min(toMs, segmentEnd);
        out.push_back({fromMs, end, m_segments[segment].offsetSeconds});
        fromMs = end;
    }
    return out;
}

size_t LocalCalendar::formatIso(int64_t tsMs, char *out) const
{
    const int32_t offset = offsetSecondsAt(tsMs);
    size_t length = civil::formatIsoUtc(tsMs + int64_t{offset} * kMsPerSecond, out) - 1; // drop the 'Z'
    const int32_t magnitude = std::abs(offset);
    const int hours = magnitude / 3600;
    const int minutes = magnitude / 60 % 60;
    const int seconds = magnitude % 60;
    const char sign = offset < 0 ? '-' : '+';
    // ISO 8601 offsets have no seconds; the few historical ones that did (Monrovia until 1972) keep them.
    const int written = seconds != 0
                            ? std::snprintf(out + length, 10, "%c%02d:%02d:%02d", sign, hours, minutes, seconds)
                            : std::snprintf(out + length, 10, "%c%02d:%02d", sign, hours, minutes);
    return length + static_cast<size_t>(written);
}

std::string LocalCalendar::formatIso(int64_t tsMs) const
{
    char text[48];
    return {text, formatIso(tsMs, text)};
}

} // namespace pulsemap
