// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QColor>
#include <QQuickItem>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <array>

class QSGGeometryNode;

namespace pulsemap {

// A pie (a donut by default) drawn straight into the scene graph: one QSGGeometryNode of vertex-colored
// triangles, slices clockwise from 12 o'clock in the order given, each in its own color (the map's type
// colors for the share by type), with a 1-pixel antialiased edge and a hairline gap between slices. The
// hovered slice (highlighted) stands out a few pixels. With no counts it draws a dim empty ring, never nothing.
//
// Like TrendChart, the node and its geometry are made once (room for kMaxSlices) and rewritten in place only
// when the slices, the highlight, the colors or the size changed; the TrendModel hands new slices at most twice
// a second.
//
// Threading: properties on the GUI thread; updatePaintNode() on the render thread while the GUI thread is
// blocked in the sync (it reads only the item's own copy of the slices).
class PieChart : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    // [{color, count}] (TrendModel.typeShares has both); at most kMaxSlices, the rest ignored.
    Q_PROPERTY(QVariantList slices READ slices WRITE setSlices NOTIFY slicesChanged FINAL)
    // The hole's radius as a share of the outer radius (0: a full pie).
    Q_PROPERTY(double holeRatio READ holeRatio WRITE setHoleRatio NOTIFY holeRatioChanged FINAL)
    // The slice drawn larger (the hovered one), -1 none.
    Q_PROPERTY(int highlighted READ highlighted WRITE setHighlighted NOTIFY highlightedChanged FINAL)
    Q_PROPERTY(QColor emptyColor READ emptyColor WRITE setEmptyColor NOTIFY emptyColorChanged FINAL)

public:
    static constexpr int kMaxSlices = 16;

    explicit PieChart(QQuickItem *parent = nullptr);

    [[nodiscard]] QVariantList slices() const { return m_slicesIn; }
    void setSlices(const QVariantList &slices);
    [[nodiscard]] double holeRatio() const { return m_holeRatio; }
    void setHoleRatio(double ratio);
    [[nodiscard]] int highlighted() const { return m_highlighted; }
    void setHighlighted(int slice);
    [[nodiscard]] QColor emptyColor() const { return m_emptyColor; }
    void setEmptyColor(const QColor &color);

    // The slice under (x, y) in item coordinates (the ring, not the hole), -1 for none.
    [[nodiscard]] Q_INVOKABLE int sliceAt(qreal x, qreal y) const;

    [[nodiscard]] int geometryUpdates() const { return m_geometryUpdates; }

signals:
    void slicesChanged();
    void holeRatioChanged();
    void highlightedChanged();
    void emptyColorChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    static constexpr int kSegments = 240; // around the whole circle
    static constexpr int kMaxVertices = (kSegments + 2 * kMaxSlices) * 3 * 6;

    struct Slice
    {
        QRgb color = 0;
        double count = 0;
    };

    void invalidate();
    [[nodiscard]] double outerRadius() const;
    void fillGeometry(QSGGeometryNode *node) const;

    QVariantList m_slicesIn;
    std::array<Slice, kMaxSlices> m_slices{};
    int m_sliceCount = 0;
    double m_total = 0;
    double m_holeRatio = 0.58;
    int m_highlighted = -1;
    QColor m_emptyColor = QColor(0x2a, 0x33, 0x45);
    bool m_dirty = true;
    int m_geometryUpdates = 0;
};

} // namespace pulsemap
