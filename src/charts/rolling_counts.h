// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulsemap {

// Counts over a rolling time window that ends "now": bucketCount buckets of bucketMs each, aligned to
// multiples of bucketMs since the Unix epoch (so minutes and hours start on the UTC minute and hour), the
// newest holding now, each with one counter per column (an event type, a country...). What a live chart
// draws: per second for the last minute is RollingCounts(1000, 60, types, now).
//
// Memory is fixed at construction (bucketCount x columns counters plus the running totals) and nothing is
// allocated afterwards, whatever the run time or the rate: a wall can run for weeks. The window moves only
// when advanceTo() is told a later time; the buckets it passes are cleared, so a chart shows zeros, not
// stale counts, after a quiet spell or a jump of the clock. A clock that goes back leaves the window where it
// is (counts are not lost; events then land in the newest bucket until time catches up).
//
// Threading: none; one thread at a time (the app's is the GUI thread).
class RollingCounts
{
public:
    RollingCounts(int64_t bucketMs, int bucketCount, int columns, int64_t nowMs);

    // Moves the window so that its newest bucket holds nowMs. Returns true when it moved.
    bool advanceTo(int64_t nowMs);
    // Empties every bucket and puts the newest at nowMs, earlier or later (a replay's seek). Allocates nothing;
    // the serial moves on, so observers redraw.
    void restart(int64_t nowMs);

    // Counts n at tsMs in a column: into the bucket holding tsMs when inside the window; into the newest
    // bucket when after it (the source's clock a little ahead of ours); not at all when before it, or for a
    // column out of range (returns false then).
    bool add(int64_t tsMs, int column, uint32_t n = 1);

    [[nodiscard]] int bucketCount() const { return m_bucketCount; }
    [[nodiscard]] int columns() const { return m_columns; }
    [[nodiscard]] int64_t bucketMs() const { return m_bucketMs; }
    // Start of bucket i, 0 the oldest, bucketCount() - 1 the newest (the one holding now).
    [[nodiscard]] int64_t bucketStartMs(int i) const;
    [[nodiscard]] int64_t newestStartMs() const { return m_newestStartMs; }
    // The count of column c in bucket i (0 when out of range), and of all columns in bucket i.
    [[nodiscard]] uint64_t value(int i, int column) const;
    [[nodiscard]] uint64_t bucketTotal(int i) const;
    // Over the whole window: one column, all columns.
    [[nodiscard]] uint64_t columnTotal(int column) const;
    [[nodiscard]] uint64_t total() const { return m_total; }
    // Changes whenever a count changes or the window moves: an observer redraws only when it did.
    [[nodiscard]] uint64_t serial() const { return m_serial; }
    // Heap bytes held, for the fixed-memory tests.
    [[nodiscard]] size_t memoryBytes() const;

private:
    [[nodiscard]] size_t slot(int i) const;
    void clearSlot(size_t slot);

    int64_t m_bucketMs;
    int m_bucketCount;
    int m_columns;
    std::vector<uint64_t> m_counts;       // slot-major: m_counts[slot * m_columns + column]
    std::vector<uint64_t> m_bucketTotals; // per slot
    std::vector<uint64_t> m_columnTotals; // per column, over the window
    uint64_t m_total = 0;
    int64_t m_newestStartMs = 0;
    size_t m_newestSlot = 0;
    uint64_t m_serial = 0;
};

} // namespace pulsemap
