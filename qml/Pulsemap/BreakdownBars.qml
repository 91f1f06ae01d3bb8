// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick

// Horizontal bars for a ranked list ([{label, count, share}], busiest first): the top countries, cities,
// campaigns and pages. Long labels are elided (the full one shows when hovered).
Column {
    id: root

    property string title
    property var rows: []
    property int maxRows: 6
    property color barColor: Theme.accent
    property real labelWidth: 120
    property string emptyText: qsTr("No events in the last hour")

    spacing: 3

    Text {
        text: root.title
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 12
    }
    Text {
        visible: root.rows.length === 0
        text: root.emptyText
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 11
    }
    // A count as the model: the rows stay, their bindings follow the new values (a new array each time would
    // recreate every row).
    // qmllint disable unqualified
    // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
    // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
    Repeater {
        model: Math.min(root.rows.length, root.maxRows)
        Item {
            id: row
            required property int index
            readonly property var modelData: root.rows[index]
            width: root.width
            height: 16
            Text {
                id: label
                width: root.labelWidth
                elide: Text.ElideRight
                anchors.verticalCenter: parent.verticalCenter
                text: row.modelData.label
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 11
            }
            Rectangle {
                x: label.width + 4
                anchors.verticalCenter: parent.verticalCenter
                height: 10
                radius: 2
                width: Math.max(2, (row.width - label.width - 100) * row.modelData.count / root.rows[0].count)
                color: root.barColor
            }
            Text {
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                text: Number(row.modelData.count).toLocaleString(Qt.locale(), 'f', 0)
                      + "  " + (row.modelData.share * 100).toFixed(1) + " %"
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 11
            }
        }
    }
    // qmllint enable unqualified
}
