// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "trend_chart.h"

#include "chart_geometry.h"

#include <QSGGeometryNode>

#include <algorithm>
#include <cmath>

namespace pulsemap {

TrendChart::TrendChart(QQuickItem *parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
}

void TrendChart::setModel(TrendModel *model)
{
    if (m_model == model) {
        return;
    }
    if (m_model) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    if (model) {
        connect(model, &TrendModel::seriesChanged, this, &TrendChart::seriesChanged);
        connect(model, &TrendModel::colorsChanged, this, &TrendChart::colorsChanged);
        // New types appear in the legend: a rule on one of them gets its line.
        connect(model, &TrendModel::summaryChanged, this, &TrendChart::rebuildThresholds);
        // Gone (the QPointer is null now): the chart must not keep showing its last counts.
        connect(model, &QObject::destroyed, this, &TrendChart::invalidate);
    }
    colorsChanged();
    rebuildThresholds();
    emit modelChanged();
}

void TrendChart::setWindow(Window window)
{
    if (window != m_window && window >= Second && window <= Hour) {
        m_window = window;
        rebuildThresholds();
        invalidate();
        emit windowChanged();
    }
}

void TrendChart::setStyle(Style style)
{
    if (style != m_style) {
        m_style = style;
        rebuildThresholds();
        invalidate();
        emit styleChanged();
    }
}

void TrendChart::setLineColor(const QColor &color)
{
    if (color != m_lineColor) {
        m_lineColor = color;
        invalidate();
        emit lineColorChanged();
    }
}

void TrendChart::setLineWidth(double width)
{
    if (width > 0 && width != m_lineWidth) {
        m_lineWidth = width;
        invalidate();
        emit lineWidthChanged();
    }
}

void TrendChart::setTypeMask(int mask)
{
    if (uint32_t(mask) != m_typeMask) {
        m_typeMask = uint32_t(mask);
        rebuildThresholds();
        invalidate();
        emit typeMaskChanged();
    }
}

void TrendChart::setAlertRules(const QVariantList &rules)
{
    if (rules != m_alertRules) {
        m_alertRules = rules;
        rebuildThresholds();
        emit alertRulesChanged();
    }
}

void TrendChart::rebuildThresholds()
{
    // The series' names are the model's legend (one entry per type, by index), rebuilt twice a second at most.
    QStringList names;
    if (m_model && !m_model->legends().isEmpty()) {
        for (const QVariant &entry : m_model->legends().constFirst().toList()) {
            names << entry.toMap().value("name").toString();
        }
    }
    const int64_t bucketMs = m_window == Hour ? 3'600'000 : (m_window == Minute ? 60'000 : 1000);
    std::vector<ThresholdLine> lines = m_style == TotalLine
                                           ? std::vector<ThresholdLine>()
                                           : pulsemap::thresholdLines(m_alertRules, bucketMs, names, m_typeMask);
    if (lines.size() > static_cast<size_t>(kMaxThresholds)) {
        lines.resize(kMaxThresholds);
    }
    if (lines != m_thresholds) {
        m_thresholds = std::move(lines);
        invalidate();
        emit thresholdsChanged();
    }
}

QVariantList TrendChart::thresholds() const
{
    const QList<QColor> colors = m_model ? m_model->colors() : QList<QColor>();
    QVariantList list;
    for (const ThresholdLine &line : m_thresholds) {
        list.append(QVariantMap{{"value", line.value},
                                {"label", line.label},
                                {"firing", line.firing},
                                {"type", line.type},
                                {"color", thresholdColor(line, colors)}});
    }
    return list;
}

qreal TrendChart::valueY(double value) const
{
    return height() - std::clamp(value, 0.0, m_maxValue) * height() / m_maxValue;
}

int64_t TrendChart::shown(const RollingCounts &counts, int i, int t) const
{
    return (m_typeMask >> uint32_t(t) & 1U) != 0 ? counts.value(i, t) : 0;
}

int TrendChart::bucketCount() const
{
    const RollingCounts *counts = series();
    return counts ? counts->bucketCount() : (m_window == Hour ? 24 : 60);
}

int TrendChart::bucketAt(qreal x) const
{
    if (x < 0 || x >= width() || width() <= 0) {
        return -1;
    }
    return std::clamp(static_cast<int>(x / width() * bucketCount()), 0, bucketCount() - 1);
}

qreal TrendChart::bucketCenter(int bucket) const
{
    return (bucket + 0.5) * width() / bucketCount();
}

const RollingCounts *TrendChart::series() const
{
    return m_model ? &m_model->counts().series(static_cast<LiveTrends::Window>(m_window)) : nullptr;
}

void TrendChart::invalidate()
{
    m_dirty = true;
    seriesChanged();
}

void TrendChart::colorsChanged()
{
    const QList<QColor> colors = m_model ? m_model->colors() : QList<QColor>();
    for (size_t i = 0; i < m_colors.size(); ++i) {
        m_colors[i] = i < static_cast<size_t>(colors.size()) ? colors[static_cast<qsizetype>(i)].rgb() : 0xff9aa5b1;
    }
    invalidate();
    if (!m_thresholds.empty()) {
        emit thresholdsChanged(); // their colors
    }
}

void TrendChart::seriesChanged()
{
    const RollingCounts *counts = series();
    if (!counts) {
        update(); // nothing to count: updatePaintNode() empties the chart
        return;
    }
    if (!m_dirty && counts->serial() == m_drawnSerial) {
        return;
    }
    // The scale is decided here, on the GUI thread, so that QML's axis labels and the drawing agree.
    double largest = 0;
    for (int i = 0; i < counts->bucketCount(); ++i) {
        if (m_style == TotalLine) {
            largest = std::max(largest, static_cast<double>(counts->bucketTotal(i)));
            continue;
        }
        double stacked = 0;
        for (int t = 0; t < counts->columns(); ++t) {
            const auto value = static_cast<double>(shown(*counts, i, t));
            largest = std::max(largest, value);
            stacked += value;
        }
        largest = m_style == Lines ? largest : std::max(largest, stacked);
    }
    // A threshold above the data still shows, a little below the top so that its line is not the chart's edge.
    for (const ThresholdLine &line : m_thresholds) {
        largest = std::max(largest, line.value * kThresholdHeadroom);
    }
    // A sparkline has no axis to label: its line may fill the height (with some headroom for the peaks).
    const double top = m_style == TotalLine ? std::max(1.0, largest * 1.15) : niceCeiling(largest);
    if (top != m_maxValue) {
        m_maxValue = top;
        emit maxValueChanged();
    }
    update();
}

void TrendChart::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size()) {
        m_dirty = true;
        update();
    }
}

QSGNode *TrendChart::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    auto *node = static_cast<QSGGeometryNode *>(old);
    const RollingCounts *counts = series();
    if (!node) {
        node = newVertexColorNode(kMaxVertices);
        TriangleWriter(node->geometry()->vertexDataAsColoredPoint2D(), kMaxVertices).finish();
        m_dirty = true;
    }
    if (!counts) {
        if (m_dirty) {
            TriangleWriter(node->geometry()->vertexDataAsColoredPoint2D(), kMaxVertices).finish();
            node->markDirty(QSGNode::DirtyGeometry);
            m_dirty = false;
            ++m_geometryUpdates;
        }
    } else if (m_dirty || counts->serial() != m_drawnSerial) {
        fillGeometry(node);
        node->markDirty(QSGNode::DirtyGeometry);
        m_drawnSerial = counts->serial();
        m_dirty = false;
        ++m_geometryUpdates;
    }
    return node;
}

int TrendChart::fillGeometry(QSGGeometryNode *node) const
{
    const RollingCounts &counts = *series();
    TriangleWriter out(node->geometry()->vertexDataAsColoredPoint2D(), kMaxVertices);
    const int n = std::min(counts.bucketCount(), kMaxBuckets);
    const int types = std::min(counts.columns(), LiveTrends::kMaxTypes);
    const double w = width();
    const double h = height();
    const double scale = h / m_maxValue;
    const double slot = w / n;
    // Areas and lines join bucket centers; bars fill their slot with a gap.
    const auto x = [&](int i) { return (i + 0.5) * slot; };
    const auto y = [&](double v) { return h - std::min(v, m_maxValue) * scale; };

    switch (m_style) {
    case StackedBars: {
        const double gap = std::min(2.0, slot * 0.2);
        for (int i = 0; i < n; ++i) {
            double base = 0;
            for (int t = 0; t < types; ++t) {
                const auto v = static_cast<double>(shown(counts, i, t));
                if (v > 0) {
                    const double left = i * slot + gap / 2;
                    const double right = (i + 1) * slot - gap / 2;
                    out.quad({left, y(base + v)}, {right, y(base + v)}, {right, y(base)}, {left, y(base)},
                             m_colors[static_cast<size_t>(t)]);
                    base += v;
                }
            }
        }
        break;
    }
    case StackedArea: {
        for (int i = 0; i + 1 < n; ++i) {
            double base0 = 0;
            double base1 = 0;
            for (int t = 0; t < types; ++t) {
                const auto v0 = static_cast<double>(shown(counts, i, t));
                const auto v1 = static_cast<double>(shown(counts, i + 1, t));
                if (v0 > 0 || v1 > 0) {
                    out.quad({x(i), y(base0 + v0)}, {x(i + 1), y(base1 + v1)}, {x(i + 1), y(base1)}, {x(i), y(base0)},
                             m_colors[static_cast<size_t>(t)]);
                }
                base0 += v0;
                base1 += v1;
            }
        }
        break;
    }
    case Lines:
        for (int t = 0; t < types; ++t) {
            if (counts.columnTotal(t) == 0 || (m_typeMask >> uint32_t(t) & 1U) == 0) {
                continue; // a type with nothing in this window, or hidden: no flat line along the axis
            }
            for (int i = 0; i + 1 < n; ++i) {
                out.segment({x(i), y(static_cast<double>(counts.value(i, t)))},
                            {x(i + 1), y(static_cast<double>(counts.value(i + 1, t)))}, m_lineWidth,
                            m_colors[static_cast<size_t>(t)]);
            }
        }
        break;
    case TotalLine: {
        // A sparkline ends at the last complete bucket: the newest, still filling, would always dip. A faint fill
        // under the line keeps the zero it stands on readable without an axis.
        const QRgb line = premultiplied(m_lineColor.rgb(), m_lineColor.alphaF());
        const QRgb fill = premultiplied(m_lineColor.rgb(), m_lineColor.alphaF() * 0.25);
        for (int i = 0; i + 2 < n; ++i) {
            const QPointF p(x(i), y(static_cast<double>(counts.bucketTotal(i))));
            const QPointF q(x(i + 1), y(static_cast<double>(counts.bucketTotal(i + 1))));
            out.quad(p, q, {q.x(), h}, {p.x(), h}, fill);
        }
        for (int i = 0; i + 2 < n; ++i) {
            out.segment({x(i), y(static_cast<double>(counts.bucketTotal(i)))},
                        {x(i + 1), y(static_cast<double>(counts.bucketTotal(i + 1)))}, m_lineWidth, line);
        }
        break;
    }
    }
    drawThresholds(out);
    return out.finish();
}

void TrendChart::drawThresholds(TriangleWriter &out) const
{
    // Dashes of kDash pixels with kGap between them, over the series; a chart wider than kMaxDashes dashes gets
    // longer ones, so the geometry keeps its fixed size.
    constexpr double kDash = 6;
    constexpr double kGap = 4;
    constexpr double kWidth = 2;
    const double w = width();
    const double period = std::max(kDash + kGap, w / (kMaxDashes - 1));
    const double dash = period * kDash / (kDash + kGap);
    for (const ThresholdLine &line : m_thresholds) {
        const double y = valueY(line.value);
        const QRgb color = line.firing ? kThresholdFiringColor.rgb()
                           : line.type >= 0 && line.type < LiveTrends::kMaxTypes
                               ? m_colors[static_cast<size_t>(line.type)]
                               : kThresholdNeutralColor.rgb();
        for (double x = 0; x < w; x += period) {
            out.quad({x, y - kWidth / 2}, {std::min(x + dash, w), y - kWidth / 2},
                     {std::min(x + dash, w), y + kWidth / 2}, {x, y + kWidth / 2}, color);
        }
    }
}

} // namespace pulsemap
