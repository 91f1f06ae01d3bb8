// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App
import Pulsemap.Map

// The world map: basemap, heat and pulses on the camera, with pan (drag, arrows), zoom about the
// pointer (wheel, pinch, double-click, +/-), 0 to fit the world, hover for a hot spot's numbers,
// and an optional slow tour of the busiest regions.
FocusScope {
    id: root

    property LiveModel live
    property bool tour: false
    property real fadeSeconds: 5
    readonly property alias camera: camera
    // Heat spots, pulses and lines are sized in pixels: scale them with the screen so a 4K wall reads
    // like 1080p.
    readonly property real screenScale: Math.max(1, root.height / 1080)

    clip: true

    MapCamera {
        id: camera
        viewportSize: Qt.size(root.width, root.height)
    }

    Rectangle {
        anchors.fill: parent
        gradient: Gradient {
            GradientStop { position: 0; color: Theme.oceanTop }
            GradientStop { position: 1; color: Theme.oceanBottom }
        }
    }
    BasemapLayer {
        anchors.fill: parent
        camera: camera
        landColor: Theme.land
        coastColor: Theme.coast
        borderColor: Theme.border
        // Lines keep their 1080p weight on 4K walls.
        lineWidth: 1.25 * root.screenScale
        borderWidth: 0.8 * root.screenScale
    }
    // The layers observe the live model: its events, colors, visibility and half-life.
    HeatLayer {
        anchors.fill: parent
        camera: camera
        model: root.live
        kernelPixels: 6 * root.screenScale
    }
    PulseLayer {
        anchors.fill: parent
        camera: camera
        model: root.live
        fadeSeconds: root.fadeSeconds
        pulseScale: root.screenScale
    }

    DragHandler {
        id: drag
        property point last
        target: null
        // From the press position, so the map stays under the pointer once the drag threshold is passed.
        onActiveChanged: if (active) last = centroid.pressPosition
        onCentroidChanged: {
            if (!active)
                return
            const position = centroid.position
            camera.panBy(position.x - last.x, position.y - last.y)
            last = position
        }
    }
    WheelHandler {
        target: null
        onWheel: (event) => camera.zoomAround(point.position, event.angleDelta.y / 240)
    }
    PinchHandler {
        property real last: 1
        target: null
        onActiveChanged: last = 1
        onActiveScaleChanged: {
            camera.zoomAround(centroid.position, Math.log2(activeScale / last))
            last = activeScale
        }
    }
    // Double-click zooms in about the pointer. Detected here from time and distance: TapHandler's own
    // tapCount does not count every double-click source on Qt 6.4.
    TapHandler {
        property real lastTapMs: 0
        property point lastTap
        onTapped: (eventPoint, button) => {
            const now = Date.now()
            const position = eventPoint.position
            if (now - lastTapMs < Qt.styleHints.mouseDoubleClickInterval
                    && Math.abs(position.x - lastTap.x) + Math.abs(position.y - lastTap.y) < 12) {
                camera.zoomAround(position, 1)
                lastTapMs = 0
            } else {
                lastTapMs = now
                lastTap = position
            }
        }
    }
    HoverHandler {
        id: hover
    }

    Keys.onPressed: (event) => {
        const step = 120
        switch (event.key) {
        case Qt.Key_Left: camera.panBy(step, 0); break
        case Qt.Key_Right: camera.panBy(-step, 0); break
        case Qt.Key_Up: camera.panBy(0, step); break
        case Qt.Key_Down: camera.panBy(0, -step); break
        case Qt.Key_Plus: case Qt.Key_Equal: camera.zoomAround(Qt.point(width / 2, height / 2), 1); break
        case Qt.Key_Minus: camera.zoomAround(Qt.point(width / 2, height / 2), -1); break
        case Qt.Key_0: camera.fitWorld(); break
        default: return
        }
        event.accepted = true
    }

    HotspotTip {
        id: tip
        readonly property var spot: hover.hovered && root.live
                                    ? root.live.hotspotAt(camera.pixelToWorld(hover.point.position)) : null
        visible: spot !== null && spot.count >= 0.5 && !drag.active
        x: Math.min(hover.point.position.x + 16, root.width - width - 8)
        y: Math.min(hover.point.position.y + 16, root.height - height - 8)
        city: spot ? spot.city : ""
        country: spot ? spot.country : ""
        count: spot ? spot.count : 0
    }

    // The tour: every few seconds fly to the next busiest region, then back out to the world.
    Timer {
        property int step: 0
        interval: 9000
        repeat: true
        running: root.tour
        onTriggered: {
            const regions = root.live.busiestRegions(6)
            if (step % 2 === 1 || regions.length === 0) {
                camera.flyToWorld(2500)
            } else {
                const region = regions[(step / 2) % regions.length]
                camera.flyTo(region.latitude, region.longitude, Math.max(camera.minimumZoom + 2, 4), 2500)
            }
            step++
        }
        onRunningChanged: if (!running) camera.flyToWorld(1500)
    }
}
