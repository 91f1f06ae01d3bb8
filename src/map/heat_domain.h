// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>
#include <vector>

namespace pulsemap {

class HeatGrid;

// The heat value shown as the hottest color: a slowly adapting domain, so a wall display does not flicker
// the way deck.gl's per-viewport normalization does (docs/architecture.md, "The map"). It follows a high percentile
// of the occupied cells with a time constant of minutes, rising faster than it falls so a quiet spell
// still visibly cools. Pinning it (the layer's heatScale) fixes the scale outright. Pure C++.
//
// Threading: not synchronized; stepped by HeatLayer in updatePaintNode() (render thread, GUI blocked) and
// read or reset on the GUI thread between frames.
class HeatDomain
{
public:
    HeatDomain();

    // The domain in decayed single-event units (a lone event's peak is 1).
    [[nodiscard]] double value() const;
    [[nodiscard]] bool pinned() const { return m_pinned > 0; }

    void setPinned(double value); // <= 0: adapt
    void setTimeConstantSeconds(double seconds);
    void setPercentile(double q);
    void setMinimum(double minimum);

    // Scans `rows` more rows of the grid; when that completes a sweep of the whole grid, moves the domain
    // toward the sweep's percentile. Called once per frame with a few rows, so its cost stays flat.
    // Returns true when a sweep completed.
    bool step(const HeatGrid &grid, int rows, int64_t nowMs);
    // Moves the domain toward `target` as of `nowMs` (the first observation is taken as is).
    void observe(double target, int64_t nowMs);
    void reset();

private:
    std::vector<uint32_t> m_histogram;
    int m_row = 0;
    uint64_t m_generation = 0;
    double m_pinned = 0;
    double m_log2 = 0;
    bool m_hasValue = false;
    int64_t m_lastMs = 0;
    double m_timeConstantS = 180;
    double m_percentile = 0.995;
    double m_minimum = 6;
};

} // namespace pulsemap
