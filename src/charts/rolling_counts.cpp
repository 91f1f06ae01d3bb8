// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "rolling_counts.h"

#include <algorithm>

namespace pulsemap {

namespace {
// Floor division: times before 1970 never reach here (plausibleEventTime), but a test clock may start at 0.
int64_t alignDown(int64_t ms, int64_t step)
{
    const int64_t q = ms / step;
    return (ms % step < 0 ? q - 1 : q) * step;
}
} // namespace

RollingCounts::RollingCounts(int64_t bucketMs, int bucketCount, int columns, int64_t nowMs)
    : m_bucketMs(std::max<int64_t>(1, bucketMs)), m_bucketCount(std::max(1, bucketCount)),
      m_columns(std::max(1, columns)), m_counts(static_cast<size_t>(m_bucketCount) * static_cast<size_t>(m_columns), 0),
      m_bucketTotals(static_cast<size_t>(m_bucketCount), 0), m_columnTotals(static_cast<size_t>(m_columns), 0),
      m_newestStartMs(alignDown(nowMs, m_bucketMs)), m_newestSlot(static_cast<size_t>(m_bucketCount) - 1)
{}

bool RollingCounts::advanceTo(int64_t nowMs)
{
    const int64_t start = alignDown(nowMs, m_bucketMs);
    if (start <= m_newestStartMs) {
        return false;
    }
    const int64_t steps = (start - m_newestStartMs) / m_bucketMs;
    if (steps >= m_bucketCount) {
        // Past the whole window (a quiet night, a suspended laptop): everything is out of it.
        std::fill(m_counts.begin(), m_counts.end(), 0);
        std::fill(m_bucketTotals.begin(), m_bucketTotals.end(), 0);
        std::fill(m_columnTotals.begin(), m_columnTotals.end(), 0);
        m_total = 0; // every slot is empty, so which one is the newest does not matter
    } else {
        for (int64_t i = 0; i < steps; ++i) {
            m_newestSlot = (m_newestSlot + 1) % static_cast<size_t>(m_bucketCount);
            clearSlot(m_newestSlot);
        }
    }
    m_newestStartMs = start;
    ++m_serial;
    return true;
}

void RollingCounts::restart(int64_t nowMs)
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    std::fill(m_bucketTotals.begin(), m_bucketTotals.end(), 0);
    std::fill(m_columnTotals.begin(), m_columnTotals.end(), 0);
    m_total = 0;
    m_newestStartMs = alignDown(nowMs, m_bucketMs);
    m_newestSlot = static_cast<size_t>(m_bucketCount) - 1;
    ++m_serial;
}

bool RollingCounts::add(int64_t tsMs, int column, uint32_t n)
{
    if (column < 0 || column >= m_columns) {
        return false;
    }
    const int64_t oldestStart = m_newestStartMs - static_cast<int64_t>(m_bucketCount - 1) * m_bucketMs;
    if (tsMs < oldestStart) {
        return false;
    }
    const int i = tsMs >= m_newestStartMs ? m_bucketCount - 1 : static_cast<int>((tsMs - oldestStart) / m_bucketMs);
    const size_t s = slot(i);
    m_counts[s * static_cast<size_t>(m_columns) + static_cast<size_t>(column)] += n;
    m_bucketTotals[s] += n;
    m_columnTotals[static_cast<size_t>(column)] += n;
    m_total += n;
    ++m_serial;
    return true;
}

int64_t RollingCounts::bucketStartMs(int i) const
{
    return m_newestStartMs - static_cast<int64_t>(m_bucketCount - 1 - i) * m_bucketMs;
}

uint64_t RollingCounts::value(int i, int column) const
{
    if (i < 0 || i >= m_bucketCount || column < 0 || column >= m_columns) {
        return 0;
    }
    return m_counts[slot(i) * static_cast<size_t>(m_columns) + static_cast<size_t>(column)];
}

uint64_t RollingCounts::bucketTotal(int i) const
{
    return i < 0 || i >= m_bucketCount ? 0 : m_bucketTotals[slot(i)];
}

uint64_t RollingCounts::columnTotal(int column) const
{
    return column < 0 || column >= m_columns ? 0 : m_columnTotals[static_cast<size_t>(column)];
}

size_t RollingCounts::memoryBytes() const
{
    return (m_counts.capacity() + m_bucketTotals.capacity() + m_columnTotals.capacity()) * sizeof(uint64_t);
}

size_t RollingCounts::slot(int i) const
{
    // The oldest bucket is the one after the newest in the ring.
    return (m_newestSlot + 1 + static_cast<size_t>(i)) % static_cast<size_t>(m_bucketCount);
}

void RollingCounts::clearSlot(size_t slot)
{
    if (m_bucketTotals[slot] == 0) {
        return; // the common case on a quiet column set: nothing to subtract
    }
    uint64_t *row = m_counts.data() + slot * static_cast<size_t>(m_columns);
    for (size_t c = 0; c < static_cast<size_t>(m_columns); ++c) {
        m_columnTotals[c] -= row[c];
        row[c] = 0;
    }
    m_total -= m_bucketTotals[slot];
    m_bucketTotals[slot] = 0;
}

} // namespace pulsemap
