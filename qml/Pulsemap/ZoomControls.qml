// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls
import Pulsemap.Map

// +, − and fit-the-world buttons.
Column {
    id: root

    property MapCamera camera

    spacing: 6

    component MapButton: RoundButton {
        width: 40
        height: 40
        font.pixelSize: 20
        palette.button: Theme.panel
        palette.buttonText: Theme.text
    }

    MapButton {
        text: "+"
        onClicked: root.camera.zoomAround(Qt.point(root.camera.viewportSize.width / 2,
                                                   root.camera.viewportSize.height / 2), 1)
    }
    MapButton {
        text: "\u2212"
        onClicked: root.camera.zoomAround(Qt.point(root.camera.viewportSize.width / 2,
                                                   root.camera.viewportSize.height / 2), -1)
    }
    MapButton {
        text: "\u25ef"
        font.pixelSize: 14
        onClicked: root.camera.fitWorld()
    }
}
