// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "map_layer.h"

#include <QColor>
#include <QFutureWatcher>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace pulsemap {

class BasemapData;

// The offline world basemap: Natural Earth land, coastlines and country borders, drawn under the camera in
// levels of detail from 1:110m to 1:10m chosen from the zoom (see BasemapData). It draws no water: the app's
// background shows through. Geometry is uploaded once per level; a camera move only updates transforms,
// and a still camera costs nothing. The camera maps world coordinates to this item's pixels: its viewportSize
// is this item's size (MapView keeps the two in step).
//
// Widths are in pixels: on a 4K wall at a device pixel ratio of 1, bind them to the size (for example
// lineWidth: 1.25 * Math.max(1, height / 1080)) to keep the look of 1080p from across the room.
//
// Threading: properties and camera moves run on the GUI thread. Levels decode on a QThreadPool thread
// (BasemapData::loadFile), are cached process-wide under a mutex and come back through a QFutureWatcher
// on the GUI thread; a decoded level is immutable and shared as std::shared_ptr<const BasemapData>.
// updatePaintNode() runs on the render thread while the GUI thread is blocked: it reads m_data, the style
// and the camera, and builds or updates the BasemapNodes, which live on the render thread.
//
// The base is named with its namespace: Qt 6.4's qmltyperegistrar leaves an unqualified one out of the
// qmltypes, and qmllint then knows none of the inherited properties.
class BasemapLayer : public pulsemap::MapLayer
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QColor landColor READ landColor WRITE setLandColor NOTIFY styleChanged FINAL)
    Q_PROPERTY(QColor coastColor READ coastColor WRITE setCoastColor NOTIFY styleChanged FINAL)
    Q_PROPERTY(QColor borderColor READ borderColor WRITE setBorderColor NOTIFY styleChanged FINAL)
    // Coastline width in pixels, the same at every zoom.
    Q_PROPERTY(qreal lineWidth READ lineWidth WRITE setLineWidth NOTIFY styleChanged FINAL)
    // Country border width in pixels.
    Q_PROPERTY(qreal borderWidth READ borderWidth WRITE setBorderWidth NOTIFY styleChanged FINAL)
    // The level of detail to draw, 0 (coarsest) to BasemapData::levelCount() - 1; -1 (the default) picks it
    // from the camera's zoom.
    Q_PROPERTY(int detail READ detail WRITE setDetail NOTIFY detailChanged FINAL)
    // The level being drawn (levels load in the background): -1 until the first one is ready.
    Q_PROPERTY(int activeDetail READ activeDetail NOTIFY activeDetailChanged FINAL)

public:
    explicit BasemapLayer(QQuickItem *parent = nullptr);
    ~BasemapLayer() override;

    [[nodiscard]] QColor landColor() const { return m_landColor; }
    void setLandColor(const QColor &color);
    [[nodiscard]] QColor coastColor() const { return m_coastColor; }
    void setCoastColor(const QColor &color);
    [[nodiscard]] QColor borderColor() const { return m_borderColor; }
    void setBorderColor(const QColor &color);
    [[nodiscard]] qreal lineWidth() const { return m_lineWidth; }
    void setLineWidth(qreal width);
    [[nodiscard]] qreal borderWidth() const { return m_borderWidth; }
    void setBorderWidth(qreal width);
    [[nodiscard]] int detail() const { return m_detail; }
    void setDetail(int detail);
    [[nodiscard]] int activeDetail() const { return m_activeDetail; }

signals:
    void styleChanged();
    void detailChanged();
    void activeDetailChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void itemChange(ItemChange change, const ItemChangeData &value) override;
    void cameraMoved() override;

private:
    void chooseDetail();
    template<typename T> void setStyleValue(T &member, const T &value);
    void onLoaded();

    QColor m_landColor;
    QColor m_coastColor;
    QColor m_borderColor;
    qreal m_lineWidth{1.25};
    qreal m_borderWidth{0.8};
    int m_detail = -1;
    int m_wantedDetail = -1;  // what the camera asks for now
    int m_loadingDetail = -1; // what is being decoded in the background
    int m_activeDetail = -1;  // what m_data holds
    std::shared_ptr<const BasemapData> m_data;
    QFutureWatcher<std::shared_ptr<const BasemapData>> m_loader;
    bool m_dataChanged = false;
    bool m_styleChanged = true;
};

} // namespace pulsemap
