// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "mercator.h"

#include <cstdint>

// The spans and the spatial grid of a campaign file's rollups (docs/campaign-format.md, "Rollups"): counts
// per minute and per hour, and per cell of a 1024 x 1024 grid over the Web Mercator square (mercator.h),
// about 39 km at the equator: the map's heat grid, so heat rebuilt from cells looks like heat built from the
// events (a splat is wider than a cell), while a busy hour holds one row per place rather than per event.
//
// Threading: pure functions, callable from any thread.
namespace pulsemap::rollup {

inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int kCellGrid = 1024;

// The start of the span that holds tsMs (tsMs >= 0, as every stored time is).
constexpr int64_t spanStart(int64_t tsMs, int64_t spanMs)
{
    return tsMs - tsMs % spanMs;
}

// The start of the span that holds t, for any t (times before 1970 round down too).
constexpr int64_t floorTo(int64_t t, int64_t span)
{
    const int64_t r = t % span;
    return r < 0 ? t - r - span : t - r;
}

// The cell of a located point: y * kCellGrid + x, rows from the north.
inline int32_t cellOf(double lat, double lon)
{
    auto index = [](double unit) {
        const auto i = static_cast<int32_t>(unit * kCellGrid);
        return i < 0 ? 0 : (i >= kCellGrid ? kCellGrid - 1 : i);
    };
    return index(mercator::yFromLatitude(lat)) * kCellGrid + index(mercator::xFromLongitude(lon));
}

// The world coordinates of a cell's center.
constexpr double cellCenterX(int32_t cell)
{
    return (double(cell % kCellGrid) + 0.5) / kCellGrid;
}
constexpr double cellCenterY(int32_t cell)
{
    const int32_t row = cell / kCellGrid;
    return (double(row) + 0.5) / kCellGrid;
}

} // namespace pulsemap::rollup
