// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/report_data.h"
#include "core/result.h"

#include <QImage>

#include <vector>

namespace pulsemap {

// The report's map: the app's Natural Earth basemap (coarsest level, BasemapData) in the same Web Mercator
// (mercator.h), drawn for paper (light land, white borders), with one dot per place whose area follows its
// count. Latitudes from kReportMapNorth to kReportMapSouth: the inhabited world without the poles.
inline constexpr double kReportMapNorth = 78.0;
inline constexpr double kReportMapSouth = -56.0;

// Height over width of that map.
double reportMapAspect();

// Paints the map into an image widthPixels wide (its height from reportMapAspect()). Raster rather than
// vector: the land is thousands of triangles whose shared edges would show as hairlines in a PDF viewer.
// Threading: any thread with a Q(Gui)Application (fonts are not used).
Result<QImage> paintReportMap(const std::vector<PlaceCount> &places, int widthPixels);

} // namespace pulsemap
