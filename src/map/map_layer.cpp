// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "map_layer.h"

namespace pulsemap {

MapLayer::MapLayer(QQuickItem *parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
}

void MapLayer::setCamera(MapCamera *camera)
{
    if (camera == m_camera) {
        return;
    }
    if (m_camera) {
        disconnect(m_camera, nullptr, this, nullptr);
    }
    m_camera = camera;
    if (m_camera) {
        connect(m_camera, &MapCamera::changed, this, [this] { cameraMoved(); });
    }
    emit cameraChanged();
    cameraMoved();
}

} // namespace pulsemap
