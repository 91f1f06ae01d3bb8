// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "span_totals.h"

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {

int64_t alignDown(int64_t ms, int64_t step)
{
    const int64_t q = ms / step;
    return (ms % step < 0 ? q - 1 : q) * step;
}

} // namespace

SpanTotals::SpanTotals(int64_t nowMs)
    : m_startedMs(nowMs), m_nowMs(nowMs), m_newestStartMs(alignDown(nowMs, kBucketMs)),
      m_counts(static_cast<size_t>(kBucketCount), 0)
{}

bool SpanTotals::advanceTo(int64_t nowMs)
{
    if (nowMs <= m_nowMs) {
        return false;
    }
    m_nowMs = nowMs;
    const int64_t start = alignDown(nowMs, kBucketMs);
    if (start <= m_newestStartMs) {
        return false;
    }
    const int64_t steps = std::min<int64_t>((start - m_newestStartMs) / kBucketMs, kBucketCount);
    for (int64_t i = 0; i < steps; ++i) {
        m_newestSlot = (m_newestSlot + 1) % static_cast<size_t>(kBucketCount);
        m_counts[m_newestSlot] = 0;
    }
    m_newestStartMs = start;
    ++m_serial;
    return true;
}

void SpanTotals::restart(int64_t nowMs, int64_t startedMs)
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_startedMs = std::min(startedMs, nowMs);
    m_nowMs = nowMs;
    m_newestStartMs = alignDown(nowMs, kBucketMs);
    m_newestSlot = kBucketCount - 1;
    ++m_serial;
}

bool SpanTotals::add(int64_t tsMs, uint32_t n)
{
    if (tsMs < m_startedMs || tsMs < oldestStartMs()) {
        return false;
    }
    const int i = tsMs >= m_newestStartMs ? kBucketCount - 1 : static_cast<int>((tsMs - oldestStartMs()) / kBucketMs);
    m_counts[slot(i)] += n;
    ++m_serial;
    return true;
}

double SpanTotals::total(int64_t fromMs, int64_t toMs) const
{
    if (toMs <= fromMs) {
        return 0;
    }
    const int64_t oldest = oldestStartMs();
    const int first = static_cast<int>(std::clamp<int64_t>((fromMs - oldest) / kBucketMs, 0, kBucketCount - 1));
    double sum = 0;
    for (int i = first; i < kBucketCount; ++i) {
        const int64_t bucketStart = oldest + static_cast<int64_t>(i) * kBucketMs;
        if (bucketStart >= toMs) {
            break;
        }
        const uint64_t count = m_counts[slot(i)];
        if (count == 0) {
            continue;
        }
        // The span the bucket's events were counted over.
        const int64_t spanFrom = std::max(bucketStart, m_startedMs);
        const int64_t spanTo = i == kBucketCount - 1 ? std::max(m_nowMs + 1, spanFrom + 1) : bucketStart + kBucketMs;
        const int64_t inside = std::min(spanTo, toMs) - std::max(spanFrom, fromMs);
        if (inside <= 0) {
            continue;
        }
        sum += static_cast<double>(count) * static_cast<double>(inside) / static_cast<double>(spanTo - spanFrom);
    }
    return sum;
}

int64_t SpanTotals::knownFromMs() const
{
    return std::max(m_startedMs, oldestStartMs());
}

int64_t SpanTotals::oldestStartMs() const
{
    return m_newestStartMs - static_cast<int64_t>(kBucketCount - 1) * kBucketMs;
}

size_t SpanTotals::slot(int i) const
{
    return (m_newestSlot + 1 + static_cast<size_t>(i)) % static_cast<size_t>(kBucketCount);
}

WeekComparison compareWithLastWeek(const SpanTotals &totals, int64_t todayFromMs, int64_t lastWeekFromMs,
                                   int64_t lastWeekToMs)
{
    WeekComparison result;
    const int64_t known = totals.knownFromMs();
    const int64_t end = totals.nowMs() + 1; // the current millisecond included
    result.todayComplete = todayFromMs >= known;
    result.sinceMs = std::max(todayFromMs, known);
    result.today = static_cast<uint64_t>(std::llround(totals.total(result.sinceMs, end)));
    result.lastWeekKnown = result.todayComplete && lastWeekFromMs >= known;
    if (result.lastWeekKnown) {
        result.lastWeek = static_cast<uint64_t>(std::llround(totals.total(lastWeekFromMs, lastWeekToMs)));
        if (result.lastWeek > 0) {
            result.changePercent = (static_cast<double>(result.today) - static_cast<double>(result.lastWeek)) /
                                   static_cast<double>(result.lastWeek) * 100.0;
        }
    }
    return result;
}

} // namespace pulsemap
