// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "calendar_model.h"

#include <QColor>
#include <QPointer>
#include <QQuickItem>

namespace pulsemap {

// Draws a CalendarModel's series as bars or a line, its overlay as a dimmer series behind it, the hovered
// bucket and a drag selection: one QSGGeometryNode of vertex-colored triangles, rewritten only when the series,
// the style, the colors, the highlight or the size changed (a new series replaces the old one in one frame,
// never a blank one). Not Qt Charts: see docs/charts.md.
//
// Threading: properties on the GUI thread; updatePaintNode() on the render thread while the GUI thread is
// blocked in the sync, the only time it reads the model.
class CalendarChart : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(pulsemap::CalendarModel *model READ model WRITE setModel NOTIFY modelChanged FINAL)
    Q_PROPERTY(bool bars READ bars WRITE setBars NOTIFY styleChanged FINAL)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY styleChanged FINAL)
    Q_PROPERTY(QColor overlayColor READ overlayColor WRITE setOverlayColor NOTIFY styleChanged FINAL)
    Q_PROPERTY(QColor highlightColor READ highlightColor WRITE setHighlightColor NOTIFY styleChanged FINAL)
    // The bucket under the pointer (-1: none) and the dragged range of buckets (-1: none).
    Q_PROPERTY(int hoverIndex READ hoverIndex WRITE setHoverIndex NOTIFY highlightChanged FINAL)
    Q_PROPERTY(int selectionFirst READ selectionFirst WRITE setSelectionFirst NOTIFY highlightChanged FINAL)
    Q_PROPERTY(int selectionLast READ selectionLast WRITE setSelectionLast NOTIFY highlightChanged FINAL)

public:
    explicit CalendarChart(QQuickItem *parent = nullptr);

    [[nodiscard]] CalendarModel *model() const { return m_model; }
    void setModel(CalendarModel *model);
    [[nodiscard]] bool bars() const { return m_bars; }
    void setBars(bool bars);
    [[nodiscard]] QColor color() const { return m_color; }
    void setColor(const QColor &color);
    [[nodiscard]] QColor overlayColor() const { return m_overlayColor; }
    void setOverlayColor(const QColor &color);
    [[nodiscard]] QColor highlightColor() const { return m_highlightColor; }
    void setHighlightColor(const QColor &color);
    [[nodiscard]] int hoverIndex() const { return m_hoverIndex; }
    void setHoverIndex(int index);
    [[nodiscard]] int selectionFirst() const { return m_selectionFirst; }
    void setSelectionFirst(int index);
    [[nodiscard]] int selectionLast() const { return m_selectionLast; }
    void setSelectionLast(int index);

    // The bucket at x (clamped to the series), -1 when there is none.
    [[nodiscard]] Q_INVOKABLE int indexAt(double x) const;
    // The x of a bucket's center.
    [[nodiscard]] Q_INVOKABLE double centerOf(int index) const;

signals:
    void modelChanged();
    void styleChanged();
    void highlightChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    QPointer<CalendarModel> m_model;
    QMetaObject::Connection m_seriesConnection;
    bool m_bars = true;
    QColor m_color{0x4f, 0xc3, 0xf7};
    QColor m_overlayColor{0x4f, 0xc3, 0xf7, 0x60};
    QColor m_highlightColor{255, 255, 255, 0x28};
    int m_hoverIndex = -1;
    int m_selectionFirst = -1;
    int m_selectionLast = -1;
};

} // namespace pulsemap
