// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cmath>

// Web Mercator on the unit square: world x in [0, 1) from longitude -180 to 180 (east is +x), world y in
// [0, 1] from the northern clamp (y = 0) to the southern one (y = 1). Every map layer keeps its geometry
// in these coordinates (the camera turns them into pixels), and campaign files index their heat rollups
// on a grid over the same square (rollup_grid.h).
//
// Threading: pure functions, callable from any thread.
namespace pulsemap::mercator {

// Latitudes beyond this are clamped: the square world of Web Mercator.
constexpr double kMaxLatitude = 85.051128779806592;
constexpr double kPi = 3.14159265358979323846;

inline double xFromLongitude(double lon)
{
    return (lon + 180.0) / 360.0;
}

inline double yFromLatitude(double lat)
{
    const double clamped = lat > kMaxLatitude ? kMaxLatitude : (lat < -kMaxLatitude ? -kMaxLatitude : lat);
    const double s = std::sin(clamped * kPi / 180.0);
    return 0.5 - std::log((1.0 + s) / (1.0 - s)) / (4.0 * kPi);
}

inline double longitudeFromX(double x)
{
    // Wraps: x = 1.25 is the same place as 0.25.
    double wrapped = x - std::floor(x);
    return wrapped * 360.0 - 180.0;
}

inline double latitudeFromY(double y)
{
    const double clamped = y < 0 ? 0 : (y > 1 ? 1 : y);
    return std::atan(std::sinh(kPi * (1.0 - 2.0 * clamped))) * 180.0 / kPi;
}

} // namespace pulsemap::mercator
