// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "scatter_chart.h"

#include "chart_geometry.h"

#include <QSGGeometryNode>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pulsemap {

namespace {
constexpr double kDotPx = 3.5;
constexpr double kHighlightDotPx = 6;
constexpr double kInsetPx = 7; // a dot on an axis' end stays whole inside the item
constexpr double kHitPx = 12;
} // namespace

ScatterChart::ScatterChart(QQuickItem *parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
}

void ScatterChart::setModel(TrendModel *model)
{
    if (m_model == model) {
        return;
    }
    if (m_model) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    if (model) {
        connect(model, &TrendModel::summaryChanged, this, &ScatterChart::rebuild);
        // Gone (the QPointer is null now): no dots, not the last ones.
        connect(model, &QObject::destroyed, this, &ScatterChart::rebuild);
    }
    rebuild();
    emit modelChanged();
}

void ScatterChart::setWindow(int window)
{
    if (window != m_window && (window == TrendModel::kScatterMinutes || window == TrendModel::kScatterHours)) {
        m_window = window;
        rebuild();
        emit windowChanged();
    }
}

void ScatterChart::setYRole(const QString &role)
{
    if (role != m_yRole) {
        m_yRole = role;
        rebuild();
        emit yRoleChanged();
    }
}

void ScatterChart::setColor(const QColor &color)
{
    if (color != m_color) {
        m_color = color;
        m_dirty = true;
        update();
        emit colorChanged();
    }
}

void ScatterChart::setHighlighted(int point)
{
    if (point != m_highlighted) {
        m_highlighted = point;
        m_dirty = true;
        update();
        emit highlightedChanged();
    }
}

void ScatterChart::rebuild()
{
    std::array<TrendModel::ScatterPoint, kMaxPoints> points{};
    const int n = m_model ? static_cast<int>(m_model->scatterPoints(m_window, points)) : 0;
    const bool places = m_yRole == QLatin1String("places");
    std::array<QPointF, kMaxPoints> values{};
    double largestX = 0;
    double largestY = 0;
    for (int i = 0; i < n; ++i) {
        const TrendModel::ScatterPoint &p = points[static_cast<size_t>(i)];
        const QPointF v(p.events, places ? p.places : p.visitors);
        values[static_cast<size_t>(i)] = v;
        largestX = std::max(largestX, v.x());
        largestY = std::max(largestY, v.y());
    }
    const double xMax = niceCeiling(largestX);
    const double yMax = niceCeiling(largestY);
    if (n == m_count && std::equal(values.begin(), values.begin() + n, m_values.begin()) && xMax == m_xMax &&
        yMax == m_yMax) {
        return; // the same picture
    }
    m_values = values;
    m_count = n;
    if (xMax != m_xMax || yMax != m_yMax) {
        m_xMax = xMax;
        m_yMax = yMax;
        emit scaleChanged();
    }
    m_dirty = true;
    update();
}

bool ScatterChart::drawn(int point) const
{
    return point >= 0 && point < m_count &&
           (m_values[static_cast<size_t>(point)].x() > 0 || m_values[static_cast<size_t>(point)].y() > 0);
}

QPointF ScatterChart::pointPosition(int point) const
{
    if (point < 0 || point >= m_count) {
        return {};
    }
    const QPointF v = m_values[static_cast<size_t>(point)];
    const double w = std::max(0.0, width() - 2 * kInsetPx);
    const double h = std::max(0.0, height() - 2 * kInsetPx);
    return {kInsetPx + v.x() / m_xMax * w, kInsetPx + h - v.y() / m_yMax * h};
}

int ScatterChart::pointAt(qreal x, qreal y) const
{
    int best = -1;
    double bestDistance = kHitPx;
    for (int i = 0; i < m_count; ++i) {
        if (!drawn(i)) {
            continue;
        }
        const QPointF p = pointPosition(i);
        const double distance = std::hypot(p.x() - x, p.y() - y);
        if (distance <= bestDistance) { // the newer of two at the same place: the one drawn on top
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

void ScatterChart::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size()) {
        m_dirty = true;
        update();
    }
}

QSGNode *ScatterChart::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    return refreshVertexColorNode(old, kMaxVertices, m_dirty, [this](QSGGeometryNode *node) {
        fillGeometry(node);
        ++m_geometryUpdates;
    });
}

void ScatterChart::fillGeometry(QSGGeometryNode *node) const
{
    TriangleWriter out(node->geometry()->vertexDataAsColoredPoint2D(), kMaxVertices);
    const QRgb clear = qRgba(0, 0, 0, 0);
    const auto around = [](QPointF c, int s, double r) {
        const double angle = 2 * std::numbers::pi * s / kDotSegments;
        return c + QPointF(std::cos(angle) * r, std::sin(angle) * r);
    };
    // A disc (or a ring from r0 to r1), its outer edge (and inner, for a ring) faded over a pixel.
    const auto disc = [&](QPointF c, double r0, double r1, QRgb color) {
        for (int s = 0; s < kDotSegments; ++s) {
            if (r0 <= 0) {
                out.quad(c, around(c, s, r1), around(c, s + 1, r1), c, color);
            } else {
                out.quad(around(c, s, r0), around(c, s, r1), around(c, s + 1, r1), around(c, s + 1, r0), color);
                out.quad(around(c, s, r0 - 1), around(c, s, r0), around(c, s + 1, r0), around(c, s + 1, r0 - 1), clear,
                         color, color, clear);
            }
            out.quad(around(c, s, r1), around(c, s, r1 + 1), around(c, s + 1, r1 + 1), around(c, s + 1, r1), color,
                     clear, clear, color);
        }
    };
    const QRgb rgb = m_color.rgb();
    for (int i = 0; i < m_count; ++i) {
        if (!drawn(i)) {
            continue;
        }
        // Oldest at 25 % opacity, newest opaque.
        const double age = m_count > 1 ? static_cast<double>(i) / (m_count - 1) : 1;
        disc(pointPosition(i), 0, kDotPx, premultiplied(rgb, 0.25 + 0.75 * age));
    }
    if (drawn(m_highlighted)) {
        const QPointF c = pointPosition(m_highlighted);
        disc(c, 0, kHighlightDotPx, premultiplied(rgb, 1));
        disc(c, kHighlightDotPx + 2, kHighlightDotPx + 3.5, premultiplied(qRgb(0xff, 0xff, 0xff), 0.9));
    }
    out.finish();
}

} // namespace pulsemap
