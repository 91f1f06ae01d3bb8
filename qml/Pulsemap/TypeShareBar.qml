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
        // Counts as models: the delegates stay while the types do, their bindings follow the new values.
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
        // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
        Repeater {
            model: root.shares.length
            Rectangle {
                required property int index
                readonly property var modelData: root.shares[index]
                width: root.width * modelData.share
                height: 14
                color: modelData.color
            }
        }
        // qmllint enable unqualified
    }
    Flow {
        width: root.width
        spacing: 12
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
        // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
        Repeater {
            model: root.shares.length
            Row {
                required property int index
                readonly property var modelData: root.shares[index]
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
        // qmllint enable unqualified
    }
}
