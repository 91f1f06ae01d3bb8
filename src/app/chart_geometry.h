// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QPointF>
#include <QRgb>
#include <QSGGeometry>
#include <QSGGeometryNode>
#include <QSGVertexColorMaterial>

#include <cmath>
#include <initializer_list>

namespace pulsemap {

// The scene-graph charts' shared drawing helpers (TrendChart, PieChart, ScatterChart, CalendarChart).

// A chart's one node: vertex-colored triangles with room for `vertices` (0: sized later, by allocate()), rewritten in
// place when the chart changes (DynamicPattern).
inline QSGGeometryNode *newVertexColorNode(int vertices)
{
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), vertices);
    geometry->setDrawingMode(QSGGeometry::DrawTriangles);
    geometry->setVertexDataPattern(QSGGeometry::DynamicPattern);
    node->setGeometry(geometry);
    node->setMaterial(new QSGVertexColorMaterial);
    node->setFlags(QSGNode::OwnsGeometry | QSGNode::OwnsMaterial);
    return node;
}

// updatePaintNode() of a chart drawn as that one node: made on first use, and refilled by fill(node) only when
// `dirty` (cleared here). Returns the node.
template<typename Fill> QSGGeometryNode *refreshVertexColorNode(QSGNode *old, int vertices, bool &dirty, Fill fill)
{
    auto *node = static_cast<QSGGeometryNode *>(old);
    if (!node) {
        node = newVertexColorNode(vertices);
        dirty = true;
    }
    if (dirty) {
        fill(node);
        node->markDirty(QSGNode::DirtyGeometry);
        dirty = false;
    }
    return node;
}

// Writes vertex-colored triangles into a fixed vertex array (the charts' one geometry, allocated once); what is
// left when drawing ends becomes degenerate. Colors are premultiplied, as QSGVertexColorMaterial expects.
//
// Threading: used in updatePaintNode() on the render thread, on that node's geometry only.
class TriangleWriter
{
public:
    explicit TriangleWriter(QSGGeometry::ColoredPoint2D *vertices, int capacity)
        : m_vertices(vertices), m_capacity(capacity)
    {}

    // A quad a-b-c-d (in order around it) in one premultiplied color.
    void quad(QPointF a, QPointF b, QPointF c, QPointF d, QRgb color) { quad(a, b, c, d, color, color, color, color); }

    // A quad with a color per corner (an antialiasing fringe fades from the shape's color to transparent).
    void quad(QPointF a, QPointF b, QPointF c, QPointF d, QRgb ca, QRgb cb, QRgb cc, QRgb cd)
    {
        if (m_count + 6 > m_capacity) {
            return;
        }
        const QPointF points[] = {a, b, c, a, c, d};
        const QRgb colors[] = {ca, cb, cc, ca, cc, cd};
        for (int i = 0; i < 6; ++i) {
            m_vertices[m_count++].set(static_cast<float>(points[i].x()), static_cast<float>(points[i].y()),
                                      static_cast<uchar>(qRed(colors[i])), static_cast<uchar>(qGreen(colors[i])),
                                      static_cast<uchar>(qBlue(colors[i])), static_cast<uchar>(qAlpha(colors[i])));
        }
    }

    // A segment from p to q, `width` thick (a quad along the segment's normal).
    void segment(QPointF p, QPointF q, double width, QRgb color)
    {
        const double dx = q.x() - p.x();
        const double dy = q.y() - p.y();
        const double length = std::hypot(dx, dy);
        if (length <= 0) {
            return;
        }
        const QPointF normal(-dy / length * width / 2, dx / length * width / 2);
        quad(p + normal, q + normal, q - normal, p - normal, color);
    }

    [[nodiscard]] int count() const { return m_count; }

    int finish()
    {
        const int used = m_count;
        for (int i = m_count; i < m_capacity; ++i) {
            m_vertices[i].set(0, 0, 0, 0, 0, 0);
        }
        return used;
    }

private:
    QSGGeometry::ColoredPoint2D *m_vertices;
    int m_capacity;
    int m_count = 0;
};

// 1, 2 or 5 x 10^n at or above v: axis labels stay round and the scale does not creep with every event.
inline double niceCeiling(double v)
{
    if (!(v > 1)) {
        return 1;
    }
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (const double step : {1.0, 2.0, 5.0}) {
        if (v <= step * magnitude) {
            return step * magnitude;
        }
    }
    return 10 * magnitude;
}

// A color at an opacity, premultiplied.
inline QRgb premultiplied(QRgb color, double alpha)
{
    const auto a = static_cast<int>(std::lround(alpha * 255));
    return qRgba(qRed(color) * a / 255, qGreen(color) * a / 255, qBlue(color) * a / 255, a);
}

} // namespace pulsemap
