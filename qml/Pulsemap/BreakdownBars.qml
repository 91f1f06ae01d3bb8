// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick

// Horizontal bars for a ranked list ([{label, count, share}], busiest first): the top countries, cities,
// campaigns and pages. A label that does not fit is elided (at its end, or in the middle for paths, whose both
// ends tell them apart); hovering a row shows a tooltip with the full label, the count and the share.
Column {
    id: root

    property string title
    property var rows: []
    property int maxRows: 6
    property color barColor: Theme.accent
    property real labelWidth: 120
    // Text.ElideRight for names; Text.ElideMiddle for paths ("/blog/…/part-2").
    property int labelElide: Text.ElideRight
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
            objectName: "barRow" + index
            width: root.width
            height: 16
            // Over the rows above it while its tooltip shows.
            z: rowHover.hovered ? 1 : 0
            readonly property string countText: Number(row.modelData.count).toLocaleString(Qt.locale(), 'f', 0)
            readonly property string shareText: (row.modelData.share * 100).toFixed(1) + " %"
            HoverHandler {
                id: rowHover
            }
            Text {
                id: label
                objectName: "barLabel"
                width: root.labelWidth
                elide: root.labelElide
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
                text: row.countText + "  " + row.shareText
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 11
            }
            // Above the row (never over the panels below this list), near the pointer, inside the list's width.
            Rectangle {
                objectName: "barTip"
                readonly property string text: row.modelData.label + "\n"
                                               + qsTr("%1 events · %2 of the last hour").arg(row.countText).arg(row.shareText)
                visible: rowHover.hovered
                x: Math.max(0, Math.min(rowHover.point.position.x + 12, row.width - width))
                y: -height - 2
                width: Math.min(row.width, tipText.implicitWidth + 16)
                height: tipText.implicitHeight + 10
                radius: 4
                color: Theme.sidePanel // opaque: the rows under it must not show through
                border.color: Theme.panelBorder
                Text {
                    id: tipText
                    x: 8
                    anchors.verticalCenter: parent.verticalCenter
                    width: parent.width - 16
                    wrapMode: Text.WrapAnywhere
                    text: parent.text
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: 11
                }
            }
        }
    }
    // qmllint enable unqualified
}
