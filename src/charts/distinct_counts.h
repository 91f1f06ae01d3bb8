// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulsemap {

// Approximate distinct counts (visitors, places) per bucket of a rolling window, in fixed memory: one
// HyperLogLog sketch of kRegisters one-byte registers per bucket, buckets aligned like RollingCounts'.
//
// Error: the relative standard error of HyperLogLog with m = 512 registers is 1.04 / sqrt(m) = 4.6 %; below
// 2.5 m (1,280) the estimate switches to linear counting, which is within a few units of the truth for tens of
// items. tst_distinct_counts checks both (every estimate from 1 to 200,000 within 3 standard errors, 13.8 %).
// Merging buckets is not offered (a scatter reads one bucket at a time).
//
// Each bucket also keeps a histogram of its register values, so estimate() costs 64 steps, not 512, and
// reading a whole window twice a second stays cheap. Nothing is allocated after construction.
//
// Threading: none; one thread at a time (the app's is the GUI thread).
class DistinctCounts
{
public:
    static constexpr int kPrecision = 9;
    static constexpr int kRegisters = 1 << kPrecision;
    static constexpr double kStandardError = 1.04 / 22.627416997969522; // 1.04 / sqrt(512)

    DistinctCounts(int64_t bucketMs, int bucketCount, int64_t nowMs);

    // Moves the window so that its newest bucket holds nowMs, clearing the buckets it passes; a clock going
    // back leaves it where it is. Returns true when it moved.
    bool advanceTo(int64_t nowMs);
    // Notes an item (a 64-bit hash; mix() a raw id first) at tsMs: in its bucket when inside the window, in the
    // newest when after it, nowhere when before it (returns false then).
    bool add(int64_t tsMs, uint64_t hash);

    // The estimated number of distinct items in bucket i (0 the oldest), 0 for an empty or out-of-range one.
    [[nodiscard]] double estimate(int i) const;
    [[nodiscard]] int bucketCount() const { return m_bucketCount; }
    [[nodiscard]] int64_t bucketMs() const { return m_bucketMs; }
    [[nodiscard]] int64_t bucketStartMs(int i) const;
    [[nodiscard]] uint64_t serial() const { return m_serial; }
    [[nodiscard]] size_t memoryBytes() const;

    // A 64-bit finalizer (splitmix64's): spreads ids that differ in a few bits over all 64.
    [[nodiscard]] static uint64_t mix(uint64_t x);

private:
    static constexpr int kRanks = 64; // register values 0 (empty) .. 64 - kPrecision + 1
    [[nodiscard]] size_t slot(int i) const;
    void clearSlot(size_t slot);

    int64_t m_bucketMs;
    int m_bucketCount;
    std::vector<uint8_t> m_registers;  // slot-major, kRegisters per slot
    std::vector<uint16_t> m_histogram; // slot-major, kRanks per slot: registers holding each value
    int64_t m_newestStartMs = 0;
    size_t m_newestSlot = 0;
    uint64_t m_serial = 0;
};

} // namespace pulsemap
