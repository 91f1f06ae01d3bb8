// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// Events per second (big), total and located share: the numbers a room reads first.
Column {
    id: root

    property LiveModel live
    property int viewers: -1
    property real ui: 1
    property string title: ""

    spacing: 2 * ui

    Text {
        visible: root.title.length > 0
        text: root.title
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 13 * root.ui
    }
    Row {
        spacing: 8 * root.ui
        Text {
            id: rate
            text: root.live ? Math.round(root.live.eventsPerSecond).toLocaleString(Qt.locale(), 'f', 0) : ""
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 40 * root.ui
            font.weight: Font.DemiBold
        }
        Text {
            anchors.baseline: rate.baseline
            text: qsTr("events/s")
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 15 * root.ui
        }
    }
    // qmllint disable type
    // Counts are qint64, a type Qt 6.4's qmllint does not know (its builtins have no 64-bit integer).
    Text {
        text: !root.live ? "" : qsTr("%1 total").arg(root.live.totalEvents.toLocaleString(Qt.locale(), 'f', 0))
              + (root.live.unlocatedEvents > 0
                 ? qsTr(" · %1 unlocated").arg(root.live.unlocatedEvents.toLocaleString(Qt.locale(), 'f', 0)) : "")
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 14 * root.ui
    }
    // qmllint enable type
    Text {
        visible: root.viewers >= 0
        text: root.viewers === 1 ? qsTr("1 display watching") : qsTr("%1 displays watching").arg(root.viewers)
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 14 * root.ui
    }
}
