// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtTest
import Pulsemap
import Pulsemap.App
import Pulsemap.Map

// Pan, zoom and fit as a user does them: drags, wheel, double-click, keys, on the real MapView.
TestCase {
    id: test
    name: "MapView"
    visible: true // TestCase is invisible by default, and invisible items get no input
    when: windowShown
    width: 1280
    height: 720

    LiveModel { id: liveModel }

    Component {
        id: viewComponent
        MapView {
            width: 1280
            height: 720
            live: liveModel
            focus: true
        }
    }

    function init() {
    }

    function createView() {
        const view = createTemporaryObject(viewComponent, test)
        verify(view)
        view.forceActiveFocus()
        return view
    }

    function test_startsFittedToTheWorld() {
        const view = createView()
        const camera = view.camera
        // The whole inhabited world across the width, at zoom log2(1280 / 256).
        fuzzyCompare(camera.zoom, Math.log2(1280 / 256), 1e-6)
        const greenland = camera.coordinateToPixel(72, -40)
        const capeTown = camera.coordinateToPixel(-34, 18.4)
        verify(greenland.y > 0 && capeTown.y < 720)
    }

    function test_wheelZoomsAboutThePointer() {
        const view = createView()
        const camera = view.camera
        const before = camera.pixelToCoordinate(Qt.point(900, 300))
        const zoom = camera.zoom
        mouseWheel(view, 900, 300, 0, 240)
        verify(camera.zoom > zoom)
        const after = camera.pixelToCoordinate(Qt.point(900, 300))
        fuzzyCompare(after.x, before.x, 1e-6)
        fuzzyCompare(after.y, before.y, 1e-6)
    }

    function test_dragPans() {
        const view = createView()
        const camera = view.camera
        mouseWheel(view, 640, 360, 0, 480) // zoom in first so vertical panning is possible
        const place = camera.pixelToWorld(Qt.point(400, 400))
        mouseDrag(view, 400, 400, 150, -60)
        const moved = camera.worldToPixel(place)
        // The place under the pointer moves with it, threshold included.
        verify(Math.abs(moved.x - 550) < 2, "x " + moved.x)
        verify(Math.abs(moved.y - 340) < 2, "y " + moved.y)
    }

    function test_doubleClickZoomsIn() {
        const view = createView()
        const zoom = view.camera.zoom
        mouseDoubleClickSequence(view, 300, 300)
        fuzzyCompare(view.camera.zoom, zoom + 1, 1e-6)
    }

    function test_keyboard() {
        const view = createView()
        const camera = view.camera
        const zoom = camera.zoom
        keyClick(Qt.Key_Plus)
        fuzzyCompare(camera.zoom, zoom + 1, 1e-6)
        const longitude = camera.centerLongitude
        keyClick(Qt.Key_Right)
        verify(camera.centerLongitude > longitude)
        keyClick(Qt.Key_Minus)
        keyClick(Qt.Key_Minus)
        fuzzyCompare(camera.zoom, camera.minimumZoom, 1e-6)
        keyClick(Qt.Key_0)
        fuzzyCompare(camera.zoom, zoom, 1e-6)
    }

    function test_fitsOnResize() {
        const view = createView()
        view.width = 640
        view.height = 360
        fuzzyCompare(view.camera.zoom, Math.log2(640 / 256), 1e-6)
    }
}
