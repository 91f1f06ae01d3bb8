// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick

// Share by type as one 100 % bar in the types' colors, with the percentages below ([{name, color, count,
// share}]).
Column {
    id: root

    property string title
    property var shares: []

    spacing: 4

    Text {
        text: root.title
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 12
    }
    Row {
        width: root.width
        height: 14
        Repeater {
            model: root.shares
            Rectangle {
                required property var modelData
                width: root.width * modelData.share
                height: 14
                color: modelData.color
            }
        }
    }
    Flow {
        width: root.width
        spacing: 12
        Repeater {
            model: root.shares
            Row {
                required property var modelData
                spacing: 4
                Rectangle {
                    anchors.verticalCenter: parent.verticalCenter
                    width: 8
                    height: 8
                    radius: 4
                    color: parent.modelData.color
                }
                Text {
                    text: parent.modelData.name + " " + (parent.modelData.share * 100).toFixed(1) + " %"
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: 11
                }
            }
        }
    }
}
