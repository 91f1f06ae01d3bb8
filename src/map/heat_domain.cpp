// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "heat_domain.h"

#include "heat_codec.h"
#include "heat_grid.h"

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {
// Cells below this (single-event units) are kernel tails and empty sea: they would drag the percentile
// toward zero on a sparse map.
constexpr double kOccupiedFloor = 0.05;
// Falling slower than rising: a burst is shown at once, a lull cools for a while before it rescales.
constexpr double kFallSlowdown = 3.0;
} // namespace

HeatDomain::HeatDomain() : m_histogram(heatcodec::kPseudoLogBins, 0U) {}

double HeatDomain::value() const
{
    if (m_pinned > 0) {
        return m_pinned;
    }
    return m_hasValue ? std::max(m_minimum, std::exp2(m_log2)) : m_minimum;
}

void HeatDomain::setPinned(double value)
{
    m_pinned = value > 0 ? value : 0;
}

void HeatDomain::setTimeConstantSeconds(double seconds)
{
    m_timeConstantS = std::max(seconds, 0.0);
}

void HeatDomain::setPercentile(double q)
{
    m_percentile = std::clamp(q, 0.0, 1.0);
}

void HeatDomain::setMinimum(double minimum)
{
    m_minimum = std::max(minimum, 1e-6);
}

bool HeatDomain::step(const HeatGrid &grid, int rows, int64_t nowMs)
{
    if (grid.generation() != m_generation) {
        // Renormalized or cleared: stored values changed scale, start over.
        std::fill(m_histogram.begin(), m_histogram.end(), 0U);
        m_row = 0;
        m_generation = grid.generation();
    }
    if (grid.empty()) {
        return false;
    }
    const int end = std::min(grid.size(), m_row + std::max(rows, 1));
    heatcodec::accumulateHistogram(grid, m_row, end, m_histogram.data());
    m_row = end;
    if (m_row < grid.size()) {
        return false;
    }

    const double scaleLog2 = grid.scaleLog2(nowMs);
    const double floorStored = kOccupiedFloor * std::exp2(scaleLog2);
    const auto floorBin = size_t(
        std::clamp<double>(heatcodec::pseudoLog(float(floorStored)), 0.0, double(heatcodec::kPseudoLogBins - 1)));
    uint64_t total = 0;
    for (size_t bin = floorBin; bin < m_histogram.size(); ++bin) {
        total += m_histogram[bin];
    }
    if (total > 0) {
        const auto wanted = uint64_t(std::ceil(m_percentile * double(total)));
        uint64_t seen = 0;
        size_t bin = floorBin;
        for (; bin < m_histogram.size(); ++bin) {
            seen += m_histogram[bin];
            if (seen >= wanted) {
                break;
            }
        }
        observe(heatcodec::pseudoExp(double(bin) + 0.5) * std::exp2(-scaleLog2), nowMs);
    }
    std::fill(m_histogram.begin(), m_histogram.end(), 0U);
    m_row = 0;
    return true;
}

void HeatDomain::observe(double target, int64_t nowMs)
{
    if (!(target > 0) || !std::isfinite(target)) {
        return;
    }
    const double targetLog2 = std::log2(target);
    if (!m_hasValue) {
        m_log2 = targetLog2;
        m_hasValue = true;
        m_lastMs = nowMs;
        return;
    }
    const double dt = std::max(0.0, double(nowMs - m_lastMs) / 1000.0);
    m_lastMs = nowMs;
    const double tau = m_timeConstantS * (targetLog2 < m_log2 ? kFallSlowdown : 1.0);
    const double alpha = tau > 0 ? 1.0 - std::exp(-dt / tau) : 1.0;
    m_log2 += (targetLog2 - m_log2) * alpha;
}

void HeatDomain::reset()
{
    std::fill(m_histogram.begin(), m_histogram.end(), 0U);
    m_row = 0;
    m_hasValue = false;
}

} // namespace pulsemap
