// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "distinct_counts.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace pulsemap {

namespace {

int64_t alignDown(int64_t ms, int64_t step)
{
    const int64_t q = ms / step;
    return (ms % step < 0 ? q - 1 : q) * step;
}

} // namespace

DistinctCounts::DistinctCounts(int64_t bucketMs, int bucketCount, int64_t nowMs)
    : m_bucketMs(std::max<int64_t>(1, bucketMs)), m_bucketCount(std::max(1, bucketCount)),
      m_registers(static_cast<size_t>(m_bucketCount) * kRegisters, 0),
      m_histogram(static_cast<size_t>(m_bucketCount) * kRanks, 0), m_newestStartMs(alignDown(nowMs, m_bucketMs)),
      m_newestSlot(static_cast<size_t>(m_bucketCount) - 1)
{
    for (size_t s = 0; s < static_cast<size_t>(m_bucketCount); ++s) {
        m_histogram[s * kRanks] = kRegisters;
    }
}

uint64_t DistinctCounts::mix(uint64_t x)
{
    x ^= x >> 30U;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27U;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31U;
    return x;
}

bool DistinctCounts::advanceTo(int64_t nowMs)
{
    const int64_t start = alignDown(nowMs, m_bucketMs);
    if (start <= m_newestStartMs) {
        return false;
    }
    const int64_t steps = std::min<int64_t>((start - m_newestStartMs) / m_bucketMs, m_bucketCount);
    for (int64_t i = 0; i < steps; ++i) {
        m_newestSlot = (m_newestSlot + 1) % static_cast<size_t>(m_bucketCount);
        clearSlot(m_newestSlot);
    }
    m_newestStartMs = start;
    ++m_serial;
    return true;
}

bool DistinctCounts::add(int64_t tsMs, uint64_t hash)
{
    const int64_t oldestStart = m_newestStartMs - static_cast<int64_t>(m_bucketCount - 1) * m_bucketMs;
    if (tsMs < oldestStart) {
        return false;
    }
    const int i = tsMs >= m_newestStartMs ? m_bucketCount - 1 : static_cast<int>((tsMs - oldestStart) / m_bucketMs);
    const size_t s = slot(i);
    // The top kPrecision bits choose the register; the rank is the position of the first 1 in the rest.
    const auto reg = static_cast<size_t>(hash >> (64U - kPrecision));
    const uint64_t rest = hash << static_cast<unsigned>(kPrecision);
    const auto rank = static_cast<uint8_t>(std::min(std::countl_zero(rest), 64 - kPrecision) + 1);
    uint8_t &value = m_registers[s * kRegisters + reg];
    if (rank > value) {
        uint16_t *histogram = m_histogram.data() + s * kRanks;
        --histogram[value];
        ++histogram[rank];
        value = rank;
        ++m_serial;
    }
    return true;
}

double DistinctCounts::estimate(int i) const
{
    if (i < 0 || i >= m_bucketCount) {
        return 0;
    }
    const uint16_t *histogram = m_histogram.data() + slot(i) * kRanks;
    const double zeros = histogram[0];
    if (zeros == kRegisters) {
        return 0;
    }
    // 2^-k for every register value, made once.
    static const std::array<double, kRanks> kInversePowers = [] {
        std::array<double, kRanks> powers{};
        for (int k = 0; k < kRanks; ++k) {
            powers[static_cast<size_t>(k)] = std::ldexp(1.0, -k);
        }
        return powers;
    }();
    double sum = 0;
    for (size_t k = 0; k < kRanks; ++k) {
        sum += histogram[k] * kInversePowers[k];
    }
    constexpr double m = kRegisters;
    const double alpha = 0.7213 / (1 + 1.079 / m);
    const double raw = alpha * m * m / sum;
    // Small counts: linear counting over the empty registers is far more accurate there.
    if (raw <= 2.5 * m && zeros > 0) {
        return m * std::log(m / zeros);
    }
    return raw;
}

int64_t DistinctCounts::bucketStartMs(int i) const
{
    return m_newestStartMs - static_cast<int64_t>(m_bucketCount - 1 - i) * m_bucketMs;
}

size_t DistinctCounts::memoryBytes() const
{
    return m_registers.capacity() + m_histogram.capacity() * sizeof(uint16_t);
}

size_t DistinctCounts::slot(int i) const
{
    return (m_newestSlot + 1 + static_cast<size_t>(i)) % static_cast<size_t>(m_bucketCount);
}

void DistinctCounts::clearSlot(size_t slot)
{
    uint16_t *histogram = m_histogram.data() + slot * kRanks;
    if (histogram[0] == kRegisters) {
        return; // already empty: a quiet spell costs nothing
    }
    std::fill_n(m_registers.begin() + static_cast<std::ptrdiff_t>(slot * kRegisters), kRegisters, uint8_t{0});
    std::fill_n(histogram, kRanks, uint16_t{0});
    histogram[0] = kRegisters;
}

} // namespace pulsemap
