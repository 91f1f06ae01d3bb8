// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "trend_model.h"

#include <QColor>
#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

#include <array>

class QSGGeometryNode;

namespace pulsemap {

// The breakdowns' scatter drawn straight into the scene graph: one QSGGeometryNode of vertex-colored
// triangles, one round antialiased dot per bucket of a TrendModel's scatter window (events across, distinct
// visitors or places up), older buckets fainter than newer ones (so the fade shows which way the traffic moved),
// the hovered one larger with a ring. Both axes start at zero and top at a round number (xMax, yMax) for QML's
// labels. Empty buckets (0, 0) are not drawn.
//
// It reads the model's points itself (TrendModel::scatterPoints, no QVariant per point) when the model's
// summary changes (at most twice a second), and rewrites the geometry only when the values, the axis, the
// highlight, the color or the size changed.
//
// Threading: properties on the GUI thread; updatePaintNode() on the render thread while the GUI thread is
// blocked in the sync (it reads only the item's own copy of the points).
class ScatterChart : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(pulsemap::TrendModel *model READ model WRITE setModel NOTIFY modelChanged FINAL)
    // TrendModel::kScatterMinutes (0) or kScatterHours (1).
    Q_PROPERTY(int window READ window WRITE setWindow NOTIFY windowChanged FINAL)
    // The vertical axis: "visitors" or "places".
    Q_PROPERTY(QString yRole READ yRole WRITE setYRole NOTIFY yRoleChanged FINAL)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged FINAL)
    Q_PROPERTY(int highlighted READ highlighted WRITE setHighlighted NOTIFY highlightedChanged FINAL)
    Q_PROPERTY(double xMax READ xMax NOTIFY scaleChanged FINAL)
    Q_PROPERTY(double yMax READ yMax NOTIFY scaleChanged FINAL)

public:
    static constexpr int kMaxPoints = 60;

    explicit ScatterChart(QQuickItem *parent = nullptr);

    [[nodiscard]] TrendModel *model() const { return m_model; }
    void setModel(TrendModel *model);
    [[nodiscard]] int window() const { return m_window; }
    void setWindow(int window);
    [[nodiscard]] QString yRole() const { return m_yRole; }
    void setYRole(const QString &role);
    [[nodiscard]] QColor color() const { return m_color; }
    void setColor(const QColor &color);
    [[nodiscard]] int highlighted() const { return m_highlighted; }
    void setHighlighted(int point);
    [[nodiscard]] double xMax() const { return m_xMax; }
    [[nodiscard]] double yMax() const { return m_yMax; }

    // The drawn point nearest to (x, y) within 12 px, -1 for none; a point's position in the item.
    [[nodiscard]] Q_INVOKABLE int pointAt(qreal x, qreal y) const;
    [[nodiscard]] Q_INVOKABLE QPointF pointPosition(int point) const;

    [[nodiscard]] int geometryUpdates() const { return m_geometryUpdates; }

signals:
    void modelChanged();
    void windowChanged();
    void yRoleChanged();
    void colorChanged();
    void highlightedChanged();
    void scaleChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    static constexpr int kDotSegments = 12;
    // Each dot: a fan and a fringe (2 quads a segment); the highlighted one also a ring.
    static constexpr int kMaxVertices = (kMaxPoints * 2 + 6) * kDotSegments * 6;

    void rebuild();
    [[nodiscard]] bool drawn(int point) const;
    void fillGeometry(QSGGeometryNode *node) const;

    QPointer<TrendModel> m_model;
    int m_window = TrendModel::kScatterMinutes;
    QString m_yRole = QStringLiteral("visitors");
    std::array<QPointF, kMaxPoints> m_values{};
    int m_count = 0;
    QColor m_color = QColor(0x38, 0xd9, 0xff);
    int m_highlighted = -1;
    double m_xMax = 1;
    double m_yMax = 1;
    bool m_dirty = true;
    int m_geometryUpdates = 0;
};

} // namespace pulsemap
