// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QtGlobal>

#include <span>
#include <vector>

namespace pulsemap {

// One level of detail of the offline Natural Earth basemap, decoded from a basemap-*.bin resource (written by
// tools/basemap/make_basemap.mjs) into arrays ready for the GPU: land triangles and the coastlines and
// country borders as line strips, in Web Mercator world coordinates (mercator.h), cut into square tiles so
// that a zoomed-in view can skip what it does not show. Plain data, no Qt Quick: the layer copies it into
// scene-graph geometry.
//
// Threading: a loaded BasemapData is immutable; BasemapLayer decodes levels on a pool thread and then shares
// them read-only (std::shared_ptr<const BasemapData>) with the GUI and render threads.
//
// The levels go from Natural Earth 1:110m to 1:10m, each simplified to within one to three pixels at the
// highest zoom it is shown at (tools/basemap/README.md): a software rasterizer pays for every triangle every
// frame, and detail finer than the line width only costs.
class BasemapData
{
public:
    struct LandVertex
    {
        float x;
        float y;
    };

    // A vertex of a line drawn with a constant pixel width: the point on the line in world coordinates, and
    // how the vertex shader pushes it sideways, in units of the half line width (the same at every zoom, as
    // the camera only scales uniformly). offsetX/offsetY encode [-kMiterLimit, kMiterLimit] in 0..255; side
    // is 0 or 255 for the two edges of the line, interpolated across it to antialias the edges.
    struct LineVertex
    {
        float x;
        float y;
        quint8 offsetX;
        quint8 offsetY;
        quint8 side;
        quint8 reserved;
    };

    struct Tile
    {
        QRectF bounds; // of everything in the tile, in world coordinates; empty when the tile is empty
        std::vector<LandVertex> landVertices;
        std::vector<quint32> landIndices; // triangles, into landVertices
        std::vector<LineVertex> coast;    // one triangle strip; separate lines joined by degenerate triangles
        std::vector<LineVertex> borders;  // the same for country borders
    };

    // The longest a miter may get, in half line widths; sharper corners are squared off instead.
    static constexpr float kMiterLimit = 2.0f;

    // The levels of detail, coarsest first (the same table as make_basemap.mjs).
    [[nodiscard]] static int levelCount();
    [[nodiscard]] static QString levelPath(int level); // the resource holding it
    // The zoom (device pixels) up to which a level is meant to be shown; infinity for the last.
    [[nodiscard]] static double levelMaxZoom(int level);
    // The level to show at `zoom` while `current` (-1 for none) is shown: past a threshold by a margin
    // before switching, so that a zoom resting near one does not flip between levels.
    [[nodiscard]] static int levelForZoom(double zoom, int current = -1);

    // Decodes a basemap file. Rejects anything truncated, corrupt or inconsistent with an error message
    // (and leaves the object empty) rather than trusting a count or an index.
    Status load(const QByteArray &bytes);
    // The same from a file (or a Qt resource); the error names the path.
    Status loadFile(const QString &path);

    [[nodiscard]] bool isEmpty() const { return m_tiles.empty(); }
    [[nodiscard]] int scale() const { return m_scale; } // Natural Earth scale, in millions (110, 50, 10)
    // The zoom the level was simplified for (0 when it is the source data unsimplified).
    [[nodiscard]] double simplifiedForZoom() const { return m_simplifiedForZoom; }
    [[nodiscard]] int tileGrid() const { return m_tileGrid; }
    [[nodiscard]] const std::vector<Tile> &tiles() const { return m_tiles; }

    [[nodiscard]] qsizetype landTriangleCount() const { return m_landTriangles; }
    [[nodiscard]] qsizetype coastLineCount() const { return m_coastLines; }
    [[nodiscard]] qsizetype coastPointCount() const { return m_coastPoints; }
    [[nodiscard]] qsizetype borderLineCount() const { return m_borderLines; }
    [[nodiscard]] qsizetype borderPointCount() const { return m_borderPoints; }

    // Appends one polyline (world coordinates) to a triangle strip of LineVertex, with mitered joins; a
    // polyline whose last point repeats its first is closed and mitered there too. Repeated points are
    // skipped; a polyline with fewer than two distinct points adds nothing.
    static void appendLineStrip(std::vector<LineVertex> &strip, std::span<const QPointF> input);

private:
    void clear();
    Status decode(const QByteArray &bytes); // load() without the clean-up on failure

    int m_scale = 0;
    double m_simplifiedForZoom = 0;
    int m_tileGrid = 0;
    std::vector<Tile> m_tiles;
    qsizetype m_landTriangles = 0;
    qsizetype m_coastLines = 0;
    qsizetype m_coastPoints = 0;
    qsizetype m_borderLines = 0;
    qsizetype m_borderPoints = 0;
};

} // namespace pulsemap
