// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "report_map.h"

#include "map/basemap_data.h"
#include "map/mercator.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {

const QColor kOcean(0xf3, 0xf6, 0xfa);
const QColor kLand(0xd9, 0xe0, 0xe8);
const QColor kCoast(0xa9, 0xb8, 0xc8);
const QColor kBorder(0xff, 0xff, 0xff);
const QColor kDot(0xe8, 0x59, 0x0c);

double northY()
{
    return mercator::yFromLatitude(kReportMapNorth);
}

// A BasemapData line strip as a filled path: each vertex pushed sideways by its miter offset times the half
// width, as the map's line shader does. Degenerate joining triangles have no area and draw nothing.
void addStrip(QPainterPath &path, const std::vector<BasemapData::LineVertex> &strip, double scale, double top,
              double halfWidth)
{
    const auto at = [&](const BasemapData::LineVertex &v) {
        const double ox = (v.offsetX / 255.0 * 2.0 - 1.0) * BasemapData::kMiterLimit;
        const double oy = (v.offsetY / 255.0 * 2.0 - 1.0) * BasemapData::kMiterLimit;
        return QPointF(v.x * scale + ox * halfWidth, (v.y - top) * scale + oy * halfWidth);
    };
    for (size_t i = 0; i + 2 < strip.size(); ++i) {
        const QPointF a = at(strip[i]);
        const QPointF b = at(strip[i + 1]);
        const QPointF c = at(strip[i + 2]);
        path.moveTo(a);
        path.lineTo(b);
        path.lineTo(c);
        path.closeSubpath();
    }
}

} // namespace

double reportMapAspect()
{
    return mercator::yFromLatitude(kReportMapSouth) - northY();
}

Result<QImage> paintReportMap(const std::vector<PlaceCount> &places, int widthPixels)
{
    BasemapData basemap;
    if (const Status loaded = basemap.loadFile(BasemapData::levelPath(0)); !loaded) {
        return loaded.error();
    }
    const double scale = widthPixels; // world units (the unit square) to pixels
    const double top = northY();
    QImage image(widthPixels, static_cast<int>(std::lround(reportMapAspect() * scale)), QImage::Format_RGB32);
    image.fill(kOcean);
    QPainter painter(&image);

    // Land without antialiasing: neighbouring triangles then meet without seams.
    QPainterPath land;
    QPainterPath coast;
    QPainterPath borders;
    land.setFillRule(Qt::WindingFill);
    coast.setFillRule(Qt::WindingFill);
    borders.setFillRule(Qt::WindingFill);
    const double lineHalfWidth = std::max(0.6, widthPixels / 2400.0);
    for (const BasemapData::Tile &tile : basemap.tiles()) {
        for (size_t i = 0; i + 2 < tile.landIndices.size(); i += 3) {
            const auto point = [&](quint32 index) {
                const BasemapData::LandVertex &v = tile.landVertices[index];
                return QPointF(v.x * scale, (v.y - top) * scale);
            };
            land.moveTo(point(tile.landIndices[i]));
            land.lineTo(point(tile.landIndices[i + 1]));
            land.lineTo(point(tile.landIndices[i + 2]));
            land.closeSubpath();
        }
        addStrip(coast, tile.coast, scale, top, lineHalfWidth);
        addStrip(borders, tile.borders, scale, top, lineHalfWidth);
    }
    painter.fillPath(land, kLand);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillPath(borders, kBorder);
    painter.fillPath(coast, kCoast);

    // Dots: area proportional to the count, the biggest drawn first so that small places stay visible.
    int64_t most = 1;
    for (const PlaceCount &place : places) {
        most = std::max(most, place.count);
    }
    const double maxRadius = widthPixels / 60.0;
    const double minRadius = widthPixels / 700.0;
    QColor fill = kDot;
    fill.setAlphaF(0.55);
    painter.setPen(QPen(kDot.darker(130), std::max(1.0, widthPixels / 1500.0)));
    painter.setBrush(fill);
    std::vector<PlaceCount> sorted = places;
    std::sort(sorted.begin(), sorted.end(), [](const PlaceCount &a, const PlaceCount &b) { return a.count > b.count; });
    for (const PlaceCount &place : sorted) {
        const double r = std::max(minRadius, maxRadius * std::sqrt(static_cast<double>(place.count) / most));
        const QPointF center(mercator::xFromLongitude(place.lon) * scale,
                             (mercator::yFromLatitude(place.lat) - top) * scale);
        painter.drawEllipse(center, r, r);
    }
    return image;
}

} // namespace pulsemap
