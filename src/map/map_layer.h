// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "map_camera.h"

#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

namespace pulsemap {

// What every map layer shares: the camera it draws through. The one place a layer binds to a camera and
// follows its moves; subclasses react in cameraMoved(). The camera maps world coordinates to this item's
// pixels, so a layer must cover the camera's viewport (MapView fills it with every layer). Not creatable
// from QML.
//
// Threading: GUI thread only. The camera is a GUI-thread object; layers read it in updatePaintNode(),
// which runs on the render thread while the GUI thread is blocked (so the read is safe without a lock).
class MapLayer : public QQuickItem
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(pulsemap::MapCamera *camera READ camera WRITE setCamera NOTIFY cameraChanged FINAL)

public:
    explicit MapLayer(QQuickItem *parent = nullptr);

    [[nodiscard]] MapCamera *camera() const { return m_camera; }
    void setCamera(MapCamera *camera);

signals:
    void cameraChanged();

protected:
    // GUI thread: the camera was set, replaced or moved (its `changed` signal). The default repaints.
    virtual void cameraMoved() { update(); }

private:
    QPointer<MapCamera> m_camera;
};

} // namespace pulsemap
