// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulsemap {

// Event totals per 5 minutes over the last 8 days and 2 hours, in fixed memory (2,328 counters, 18 KB): enough
// for "today so far" against "the same span a week ago" whatever the local zone (every UTC offset is a multiple
// of 5 minutes, so local midnights fall on bucket starts; the 2 hours cover a DST change within the week).
// Counting starts when the object is made: spans before that are unknown (knownFromMs()), never zero.
//
// Threading: none; one thread at a time (the app's is the GUI thread).
class SpanTotals
{
public:
    static constexpr int64_t kBucketMs = int64_t{5} * 60'000;
    static constexpr int kBucketCount = (8 * 24 + 2) * 12;

    explicit SpanTotals(int64_t nowMs);

    // Moves to nowMs (a clock going back stays where it is). Returns true when a bucket moved.
    bool advanceTo(int64_t nowMs);
    // Empties every bucket and starts over at nowMs, earlier or later, counting from startedMs (at most nowMs;
    // a replay's seek knows its campaign from its first event on). Allocates nothing.
    void restart(int64_t nowMs, int64_t startedMs);
    // One event at tsMs: counted when at or after the start and inside the window, in the newest bucket when
    // after now.
    bool add(int64_t tsMs, uint32_t n = 1);

    // Events in [fromMs, toMs), a bucket partly inside counted in proportion to the part of its span inside
    // (a bucket spans from its start, or from the start of counting, to its end, or to now for the newest).
    [[nodiscard]] double total(int64_t fromMs, int64_t toMs) const;
    // The earliest time whose events are all counted: the start of counting, or the window's oldest bucket.
    [[nodiscard]] int64_t knownFromMs() const;
    [[nodiscard]] int64_t startedMs() const { return m_startedMs; }
    [[nodiscard]] int64_t nowMs() const { return m_nowMs; }
    [[nodiscard]] uint64_t serial() const { return m_serial; }
    [[nodiscard]] size_t memoryBytes() const { return m_counts.capacity() * sizeof(uint64_t); }

private:
    [[nodiscard]] int64_t oldestStartMs() const;
    [[nodiscard]] size_t slot(int i) const;

    int64_t m_startedMs;
    int64_t m_nowMs;
    int64_t m_newestStartMs;
    size_t m_newestSlot = kBucketCount - 1;
    std::vector<uint64_t> m_counts;
    uint64_t m_serial = 0;
};

// Today so far against the same span a week ago: [todayFrom, now) against [lastWeekFrom, lastWeekTo) (local
// midnight and the same wall-clock time 7 days earlier, computed by the caller in its zone). todayComplete is
// false when counting started after todayFrom (today then counts from sinceMs); lastWeekKnown is false when
// any of last week's span lies before counting started, and then lastWeek and changePercent mean nothing.
struct WeekComparison
{
    uint64_t today = 0;
    uint64_t lastWeek = 0;
    bool todayComplete = false;
    bool lastWeekKnown = false;
    int64_t sinceMs = 0;
    double changePercent = 0; // (today - lastWeek) / lastWeek x 100; 0 when lastWeek is 0
};
[[nodiscard]] WeekComparison compareWithLastWeek(const SpanTotals &totals, int64_t todayFromMs, int64_t lastWeekFromMs,
                                                 int64_t lastWeekToMs);

} // namespace pulsemap
