// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "threshold_lines.h"
#include "trend_model.h"

#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

#include <array>

class QSGGeometryNode;

namespace pulsemap {

class TriangleWriter;

// One live trend chart drawn straight into the scene graph: a single QSGGeometryNode of vertex-colored
// triangles (stacked areas, stacked bars, a line per type, or a filled sparkline of the total up to the last complete
// bucket) over one window of a TrendModel, colored like the map's types. Axes, labels, legend and tooltip are QML.
//
// Never blank, never rebuilt: the node and its geometry are made once, sized for the largest window (60
// buckets x 12 types) and kMaxThresholds dashed alert thresholds, and rewritten in place only when the window's
// counts, the colors, the style, the thresholds or the item's size changed; unused triangles are degenerate. Qt Charts
// is not used: it paints a whole chart into an image on every change, which is costly on the software and llvmpipe
// renderers a wall often has.
//
// Threading: properties and slots on the GUI thread; updatePaintNode() on the render thread while the GUI
// thread is blocked in the sync, the only time it reads the model's counts and the item's state.
class TrendChart : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(pulsemap::TrendModel *model READ model WRITE setModel NOTIFY modelChanged FINAL)
    Q_PROPERTY(Window window READ window WRITE setWindow NOTIFY windowChanged FINAL)
    Q_PROPERTY(Style style READ style WRITE setStyle NOTIFY styleChanged FINAL)
    Q_PROPERTY(QColor lineColor READ lineColor WRITE setLineColor NOTIFY lineColorChanged FINAL)
    Q_PROPERTY(double lineWidth READ lineWidth WRITE setLineWidth NOTIFY lineWidthChanged FINAL)
    // The top of the value axis: a round number (1, 2 or 5 x 10^n) at or above the largest value drawn (for
    // the sparkline, which has no axis, 15 % above it).
    Q_PROPERTY(double maxValue READ maxValue NOTIFY maxValueChanged FINAL)
    Q_PROPERTY(int bucketCount READ bucketCount NOTIFY windowChanged FINAL)
    // The types drawn, bit t for series t (the legend's toggles, EventFeed::visibleTypeMask): a type hidden on the
    // map is left out of the stacks and lines and of the axis' scale too. The sparkline's total is all types.
    Q_PROPERTY(int typeMask READ typeMask WRITE setTypeMask NOTIFY typeMaskChanged FINAL)
    // The alert rules to draw as thresholds (AlertCenter.rateRules: rateRuleEntry maps), and what is drawn of them
    // on this chart's window and shown types: [{value (events per bucket), label, firing, type (series index, -1
    // for every type), color}], one dashed line each, red while firing; the value axis reaches above the highest.
    // The sparkline (TotalLine) draws none.
    Q_PROPERTY(QVariantList alertRules READ alertRules WRITE setAlertRules NOTIFY alertRulesChanged FINAL)
    Q_PROPERTY(QVariantList thresholds READ thresholds NOTIFY thresholdsChanged FINAL)

public:
    enum Window { Second = 0, Minute = 1, Hour = 2 };
    Q_ENUM(Window)
    enum Style { StackedArea, StackedBars, Lines, TotalLine };
    Q_ENUM(Style)

    explicit TrendChart(QQuickItem *parent = nullptr);

    [[nodiscard]] TrendModel *model() const { return m_model; }
    void setModel(TrendModel *model);
    [[nodiscard]] Window window() const { return m_window; }
    void setWindow(Window window);
    [[nodiscard]] Style style() const { return m_style; }
    void setStyle(Style style);
    [[nodiscard]] QColor lineColor() const { return m_lineColor; }
    void setLineColor(const QColor &color);
    [[nodiscard]] double lineWidth() const { return m_lineWidth; }
    void setLineWidth(double width);
    [[nodiscard]] double maxValue() const { return m_maxValue; }
    [[nodiscard]] int typeMask() const { return int(m_typeMask); }
    void setTypeMask(int mask);
    [[nodiscard]] int bucketCount() const;
    [[nodiscard]] QVariantList alertRules() const { return m_alertRules; }
    void setAlertRules(const QVariantList &rules);
    [[nodiscard]] QVariantList thresholds() const;
    [[nodiscard]] const std::vector<ThresholdLine> &thresholdLines() const { return m_thresholds; }
    // The y of a value in the item (0 at the top), as drawn: where a threshold's line and label go.
    [[nodiscard]] Q_INVOKABLE qreal valueY(double value) const;

    // The bucket under x (0 the oldest; -1 outside), and the x of a bucket's center, for hover.
    [[nodiscard]] Q_INVOKABLE int bucketAt(qreal x) const;
    [[nodiscard]] Q_INVOKABLE qreal bucketCenter(int bucket) const;

    // How many times the geometry was rewritten (tests: updates happen only when something changed).
    [[nodiscard]] int geometryUpdates() const { return m_geometryUpdates; }

signals:
    void modelChanged();
    void windowChanged();
    void styleChanged();
    void lineColorChanged();
    void lineWidthChanged();
    void maxValueChanged();
    void typeMaskChanged();
    void alertRulesChanged();
    void thresholdsChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    // Room for the largest window: 60 buckets x 12 types x one quad (two triangles).
    static constexpr int kMaxBuckets = 60;
    // And for the threshold lines: kMaxThresholds of kMaxDashes dashes (a longer line gets longer dashes).
    static constexpr int kMaxThresholds = 8;
    static constexpr double kThresholdHeadroom = 1.1;
    static constexpr int kMaxDashes = 200;
    static constexpr int kMaxVertices = (kMaxBuckets * LiveTrends::kMaxTypes + kMaxThresholds * kMaxDashes) * 6;

    void seriesChanged();
    void colorsChanged();
    void invalidate();
    [[nodiscard]] const RollingCounts *series() const;
    // Series t's value in bucket i as drawn: 0 for a hidden type.
    [[nodiscard]] int64_t shown(const RollingCounts &counts, int i, int t) const;
    int fillGeometry(QSGGeometryNode *node) const;
    void rebuildThresholds();
    void drawThresholds(TriangleWriter &out) const;

    QPointer<TrendModel> m_model;
    Window m_window = Second;
    Style m_style = StackedArea;
    QColor m_lineColor = QColor(0x38d9ff);
    double m_lineWidth = 2;
    double m_maxValue = 1;
    uint32_t m_typeMask = ~0U;
    std::array<QRgb, LiveTrends::kMaxTypes> m_colors{};
    QVariantList m_alertRules;
    std::vector<ThresholdLine> m_thresholds;
    QStringList m_typeNames;        // the model's series, by index (its legend), for the rules' types
    uint64_t m_drawnSerial = ~0ULL; // the series' serial the geometry shows
    bool m_dirty = true;            // style, size, colors or model changed: redraw whatever the serial
    int m_geometryUpdates = 0;
};

} // namespace pulsemap
