// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "calendar_chart.h"

#include "chart_geometry.h"

#include <QSGGeometryNode>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pulsemap {

namespace {

using Vertex = QSGGeometry::ColoredPoint2D;

// Premultiplied, as QSGVertexColorMaterial wants.
Vertex vertex(double x, double y, const QColor &color)
{
    Vertex v{};
    const double alpha = color.alphaF();
    v.set(static_cast<float>(x), static_cast<float>(y), static_cast<uchar>(color.red() * alpha),
          static_cast<uchar>(color.green() * alpha), static_cast<uchar>(color.blue() * alpha),
          static_cast<uchar>(color.alpha()));
    return v;
}

void quad(std::vector<Vertex> &out, QPointF a, QPointF b, QPointF c, QPointF d, const QColor &color)
{
    for (const QPointF &p : {a, b, c, a, c, d}) {
        out.push_back(vertex(p.x(), p.y(), color));
    }
}

void rect(std::vector<Vertex> &out, double x0, double y0, double x1, double y1, const QColor &color)
{
    quad(out, {x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, color);
}

// A segment as a quad of the given width.
void segment(std::vector<Vertex> &out, QPointF from, QPointF to, double width, const QColor &color)
{
    const QPointF d = to - from;
    const double length = std::hypot(d.x(), d.y());
    if (length <= 0) {
        return;
    }
    const QPointF normal(-d.y() / length * width / 2, d.x() / length * width / 2);
    quad(out, from + normal, to + normal, to - normal, from - normal, color);
}

} // namespace

CalendarChart::CalendarChart(QQuickItem *parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
}

void CalendarChart::setModel(CalendarModel *model)
{
    if (model == m_model) {
        return;
    }
    disconnect(m_seriesConnection);
    m_model = model;
    if (m_model) {
        m_seriesConnection = connect(m_model, &CalendarModel::seriesChanged, this, &QQuickItem::update);
    }
    emit modelChanged();
    update();
}

void CalendarChart::setBars(bool bars)
{
    if (bars != m_bars) {
        m_bars = bars;
        emit styleChanged();
        update();
    }
}

void CalendarChart::setColor(const QColor &color)
{
    if (color != m_color) {
        m_color = color;
        emit styleChanged();
        update();
    }
}

void CalendarChart::setOverlayColor(const QColor &color)
{
    if (color != m_overlayColor) {
        m_overlayColor = color;
        emit styleChanged();
        update();
    }
}

void CalendarChart::setHighlightColor(const QColor &color)
{
    if (color != m_highlightColor) {
        m_highlightColor = color;
        emit styleChanged();
        update();
    }
}

void CalendarChart::setHoverIndex(int index)
{
    if (index != m_hoverIndex) {
        m_hoverIndex = index;
        emit highlightChanged();
        update();
    }
}

void CalendarChart::setSelectionFirst(int index)
{
    if (index != m_selectionFirst) {
        m_selectionFirst = index;
        emit highlightChanged();
        update();
    }
}

void CalendarChart::setSelectionLast(int index)
{
    if (index != m_selectionLast) {
        m_selectionLast = index;
        emit highlightChanged();
        update();
    }
}

int CalendarChart::indexAt(double x) const
{
    const int n = m_model ? m_model->count() : 0;
    if (n == 0 || width() <= 0) {
        return -1;
    }
    return std::clamp(static_cast<int>(std::floor(x / width() * n)), 0, n - 1);
}

double CalendarChart::centerOf(int index) const
{
    const int n = m_model ? m_model->count() : 0;
    return n == 0 ? 0 : (index + 0.5) * width() / n;
}

void CalendarChart::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    update();
}

QSGNode *CalendarChart::updatePaintNode(QSGNode *old, UpdatePaintNodeData * /*data*/)
{
    auto *node = static_cast<QSGGeometryNode *>(old);
    if (node == nullptr) {
        node = newVertexColorNode(0);
    }
    std::vector<Vertex> vertices;
    const int n = m_model ? m_model->count() : 0;
    const double w = width();
    const double h = height();
    if (n > 0 && w > 0 && h > 0) {
        const CalendarSeries &series = m_model->series();
        const double slot = w / n;
        const double top = m_model->maxValue();
        auto y = [&](int64_t value) { return h - static_cast<double>(value) / top * h; };
        if (m_selectionFirst >= 0 && m_selectionLast >= 0) {
            const int first = std::min(m_selectionFirst, m_selectionLast);
            const int last = std::max(m_selectionFirst, m_selectionLast);
            rect(vertices, first * slot, 0, (last + 1) * slot, h, m_highlightColor);
        }
        if (m_hoverIndex >= 0 && m_hoverIndex < n) {
            rect(vertices, m_hoverIndex * slot, 0, (m_hoverIndex + 1) * slot, h, m_highlightColor);
        }
        const bool overlay = m_model->hasOverlay();
        const double gap = slot > 6 ? std::min(slot * 0.15, 6.0) : 0;
        for (int pass = overlay ? 0 : 1; pass < 2; ++pass) {
            const std::vector<int64_t> &values = pass == 0 ? series.compared : series.values;
            const QColor &color = pass == 0 ? m_overlayColor : m_color;
            if (m_bars) {
                // The overlay is the wider, dimmer bar behind; the values the narrower one in front. A few buckets
                // over a wide chart keep bars of a readable width rather than slabs.
                const double barWidth = pass == 0 ? std::min(slot - gap, 120.0) : std::min((slot - gap) * 0.6, 72.0);
                const double inset = (slot - barWidth) / 2;
                for (int i = 0; i < n; ++i) {
                    const auto index = static_cast<size_t>(i);
                    if ((pass == 0 && series.hasCompared[index] == 0) || values[index] == 0) {
                        continue;
                    }
                    rect(vertices, i * slot + inset, y(values[index]), (i + 1) * slot - inset, h, color);
                }
            } else {
                const double lineWidth = pass == 0 ? 1.5 : 2.5;
                for (int i = 0; i + 1 < n; ++i) {
                    const auto index = static_cast<size_t>(i);
                    segment(vertices, {(i + 0.5) * slot, y(values[index])}, {(i + 1.5) * slot, y(values[index + 1])},
                            lineWidth, color);
                }
                if (n == 1) {
                    rect(vertices, slot * 0.25, y(values[0]) - 1.5, slot * 0.75, y(values[0]) + 1.5, color);
                }
            }
        }
    }
    QSGGeometry *geometry = node->geometry();
    geometry->allocate(static_cast<int>(vertices.size()));
    std::copy(vertices.begin(), vertices.end(), geometry->vertexDataAsColoredPoint2D());
    node->markDirty(QSGNode::DirtyGeometry);
    return node;
}

} // namespace pulsemap
