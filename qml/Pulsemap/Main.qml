// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls
import QtQuick.Window
import Pulsemap.App

// The window: the map fills it; counters, legend, zoom buttons and status float above.
// Wall mode (--wall, F11): fullscreen, no chrome, hidden cursor, type sized to be read across a room.
ApplicationWindow {
    id: window

    readonly property bool wall: AppController.wallMode
    // Type scale: in wall mode sized from the screen height so 1080p and 4K read the same from 5 m.
    readonly property real ui: wall ? height / 540 : 1

    visible: true
    title: AppController.title
    color: Theme.background
    visibility: wall ? Window.FullScreen : Window.Windowed

    // Kiosks and Xvfb often run without a window manager, which is what honours "fullscreen":
    // cover the screen explicitly, and give the old geometry back when leaving wall mode.
    property rect windowedGeometry
    function coverScreen() {
        windowedGeometry = Qt.rect(x, y, width, height)
        x = Screen.virtualX
        y = Screen.virtualY
        width = Screen.width
        height = Screen.height
    }
    onWallChanged: {
        if (wall) {
            coverScreen()
        } else if (windowedGeometry.width > 0) {
            x = windowedGeometry.x
            y = windowedGeometry.y
            width = windowedGeometry.width
            height = windowedGeometry.height
        }
    }
    Component.onCompleted: if (wall) coverScreen()

    MapView {
        id: map
        anchors.fill: parent
        live: AppController.live
        tour: AppController.tour
        fadeSeconds: AppController.fadeSeconds
        focus: true
    }

    Counters {
        anchors { top: parent.top; left: parent.left; margins: 16 * window.ui }
        live: AppController.live
        viewers: AppController.source.viewers
        ui: window.ui
        title: window.wall ? "" : AppController.title
    }

    // A source down for too long: impossible to miss, even across the room.
    Rectangle {
        visible: AppController.source.alertText.length > 0
        anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; margins: 16 * window.ui }
        width: alertLabel.implicitWidth + 32 * window.ui
        height: alertLabel.implicitHeight + 16 * window.ui
        radius: 6 * window.ui
        color: Theme.alertBackground
        border.color: Theme.alertBorder
        Text {
            id: alertLabel
            anchors.centerIn: parent
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 16 * window.ui
            text: AppController.source.alertText + "\n" + AppController.source.statusText
            horizontalAlignment: Text.AlignHCenter
        }
    }

    Legend {
        anchors { bottom: parent.bottom; left: parent.left; margins: 16 * window.ui }
        model: AppController.live.types
        ui: window.ui
    }

    RecordControl {
        anchors { top: parent.top; right: parent.right; margins: 16 * window.ui }
        recorder: AppController.recorder
        ui: window.ui
        wall: window.wall
    }

    ZoomControls {
        visible: !window.wall
        anchors { right: parent.right; verticalCenter: parent.verticalCenter; margins: 16 }
        camera: map.camera
    }

    Text {
        id: status
        anchors { right: parent.right; bottom: parent.bottom; margins: 10 * window.ui }
        horizontalAlignment: Text.AlignRight
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 11 * window.ui
        text: (window.wall ? "" : AppController.source.statusText + "\n")
              + "Basemap: Natural Earth · Geolocation: GeoLite2 by MaxMind"
    }

    Shortcut {
        sequence: "F11"
        onActivated: AppController.wallMode = !AppController.wallMode
    }
    Shortcut {
        sequence: "Esc"
        enabled: window.wall
        onActivated: AppController.wallMode = false
    }
    Shortcut {
        sequence: "T"
        onActivated: AppController.tour = !AppController.tour
    }

    // Hides the pointer on a wall; the map still receives every event.
    MouseArea {
        anchors.fill: parent
        acceptedButtons: Qt.NoButton
        cursorShape: window.wall ? Qt.BlankCursor : Qt.ArrowCursor
    }
}
