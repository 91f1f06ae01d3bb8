// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "pie_chart.h"

#include "chart_geometry.h"

#include <QSGGeometryNode>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pulsemap {

namespace {
constexpr double kHighlightPx = 5; // how far the hovered slice grows outwards
constexpr double kFringePx = 1;    // the antialiased edge
constexpr double kGapPx = 1.5;     // between slices, at the outer edge
} // namespace

PieChart::PieChart(QQuickItem *parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
}

void PieChart::setSlices(const QVariantList &slices)
{
    std::array<Slice, kMaxSlices> parsed{};
    const int n = static_cast<int>(std::min<qsizetype>(slices.size(), kMaxSlices));
    double total = 0;
    for (int i = 0; i < n; ++i) {
        const QVariantMap slice = slices[i].toMap();
        parsed[static_cast<size_t>(i)] = {slice.value(QStringLiteral("color")).value<QColor>().rgb(),
                                          std::max(0.0, slice.value(QStringLiteral("count")).toDouble())};
        total += parsed[static_cast<size_t>(i)].count;
    }
    m_slicesIn = slices;
    const bool same = n == m_sliceCount && std::equal(parsed.begin(), parsed.begin() + n, m_slices.begin(),
                                                      [](const Slice &a, const Slice &b) {
                                                          return a.color == b.color && a.count == b.count;
                                                      });
    emit slicesChanged();
    if (same) {
        return; // the same picture: no geometry rewrite
    }
    m_slices = parsed;
    m_sliceCount = n;
    m_total = total;
    invalidate();
}

void PieChart::setHoleRatio(double ratio)
{
    ratio = std::clamp(ratio, 0.0, 0.95);
    if (ratio != m_holeRatio) {
        m_holeRatio = ratio;
        invalidate();
        emit holeRatioChanged();
    }
}

void PieChart::setHighlighted(int slice)
{
    if (slice != m_highlighted) {
        m_highlighted = slice;
        invalidate();
        emit highlightedChanged();
    }
}

void PieChart::setEmptyColor(const QColor &color)
{
    if (color != m_emptyColor) {
        m_emptyColor = color;
        invalidate();
        emit emptyColorChanged();
    }
}

double PieChart::outerRadius() const
{
    return std::max(0.0, std::min(width(), height()) / 2 - kHighlightPx - kFringePx);
}

int PieChart::sliceAt(qreal x, qreal y) const
{
    const double dx = x - width() / 2;
    const double dy = y - height() / 2;
    const double distance = std::hypot(dx, dy);
    const double outer = outerRadius();
    if (m_total <= 0 || distance > outer + kHighlightPx || distance < outer * m_holeRatio) {
        return -1;
    }
    // Clockwise from 12 o'clock, in [0, 1).
    double turn = std::atan2(dx, -dy) / (2 * std::numbers::pi);
    if (turn < 0) {
        turn += 1;
    }
    double start = 0;
    for (int i = 0; i < m_sliceCount; ++i) {
        start += m_slices[static_cast<size_t>(i)].count / m_total;
        if (turn < start && m_slices[static_cast<size_t>(i)].count > 0) {
            return i;
        }
    }
    return -1;
}

void PieChart::invalidate()
{
    m_dirty = true;
    update();
}

void PieChart::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size()) {
        invalidate();
    }
}

QSGNode *PieChart::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    return refreshVertexColorNode(old, kMaxVertices, m_dirty, [this](QSGGeometryNode *node) {
        fillGeometry(node);
        ++m_geometryUpdates;
    });
}

void PieChart::fillGeometry(QSGGeometryNode *node) const
{
    TriangleWriter out(node->geometry()->vertexDataAsColoredPoint2D(), kMaxVertices);
    const QPointF center(width() / 2, height() / 2);
    const double outer = outerRadius();
    const double inner = outer * m_holeRatio;
    const auto at = [&](double turn, double radius) {
        const double angle = turn * 2 * std::numbers::pi;
        return center + QPointF(std::sin(angle) * radius, -std::cos(angle) * radius);
    };
    // One ring sector from turn a to turn b, its edges faded over a pixel.
    const auto sector = [&](double a, double b, double r0, double r1, QRgb color) {
        const int segments = std::max(2, static_cast<int>(std::ceil((b - a) * kSegments)));
        const QRgb clear = qRgba(0, 0, 0, 0);
        for (int s = 0; s < segments; ++s) {
            const double t0 = a + (b - a) * s / segments;
            const double t1 = a + (b - a) * (s + 1) / segments;
            out.quad(at(t0, r0), at(t0, r1), at(t1, r1), at(t1, r0), color);
            out.quad(at(t0, r1), at(t0, r1 + kFringePx), at(t1, r1 + kFringePx), at(t1, r1), color, clear, clear,
                     color);
            if (r0 > kFringePx) {
                out.quad(at(t0, r0 - kFringePx), at(t0, r0), at(t1, r0), at(t1, r0 - kFringePx), clear, color, color,
                         clear);
            }
        }
    };
    if (outer > 0 && m_total <= 0) {
        sector(0, 1, inner, outer, m_emptyColor.rgb());
    } else if (outer > 0) {
        const double gap = m_sliceCount > 1 ? kGapPx / (2 * std::numbers::pi * outer) : 0;
        double start = 0;
        for (int i = 0; i < m_sliceCount; ++i) {
            const Slice &slice = m_slices[static_cast<size_t>(i)];
            const double share = slice.count / m_total;
            if (share <= 0) {
                continue;
            }
            // A gap only where the slice is wide enough to keep some color.
            const double g = share > 3 * gap ? gap / 2 : 0;
            const double grow = i == m_highlighted ? kHighlightPx : 0;
            sector(start + g, start + share - g, inner, outer + grow, premultiplied(slice.color, 1));
            start += share;
        }
    }
    out.finish();
}

} // namespace pulsemap
