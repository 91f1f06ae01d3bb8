// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// Share by type as a donut in the map's type colors ([{name, color, count, share}]), the hour's total in its
// hole and a legend beside it; hovering a slice (or a legend row) lifts it and shows its type, count and share.
Item {
    id: root

    property string title
    property var shares: []
    readonly property real total: shares.reduce((sum, s) => sum + s.count, 0)
    // The slice under the pointer, from the pie or the legend.
    readonly property int hovered: pieHover.hovered ? pie.sliceAt(pieHover.point.position.x, pieHover.point.position.y)
                                                    : legendHovered
    property int legendHovered: -1

    implicitHeight: heading.height + 6 + pie.height

    function countText(n) {
        return Number(n).toLocaleString(Qt.locale(), 'f', 0)
    }

    Text {
        id: heading
        text: root.title
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 12
    }

    PieChart {
        id: pie
        objectName: "typePie"
        y: heading.height + 6
        width: Math.min(170, root.width * 0.45)
        height: width
        slices: root.shares
        highlighted: root.hovered
        emptyColor: Theme.panelBorder

        HoverHandler {
            id: pieHover
        }
        Column {
            anchors.centerIn: parent
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: root.hovered >= 0 ? (root.shares[root.hovered].share * 100).toFixed(1) + " %"
                                        : root.countText(root.total)
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 17
                font.weight: Font.DemiBold
            }
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: root.hovered >= 0 ? root.shares[root.hovered].name : qsTr("events")
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 11
            }
        }
    }

    Column {
        id: legend
        x: pie.width + 16
        y: pie.y + Math.max(0, (pie.height - height) / 2)
        width: root.width - x
        spacing: 4
        Text {
            visible: root.shares.length === 0
            text: qsTr("No events in the last hour")
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 11
        }
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
        // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
        Repeater {
            model: root.shares.length
            Item {
                id: row
                required property int index
                readonly property var modelData: root.shares[index]
                width: legend.width
                height: 18
                HoverHandler {
                    onHoveredChanged: {
                        if (hovered)
                            root.legendHovered = row.index
                        else if (root.legendHovered === row.index)
                            root.legendHovered = -1
                    }
                }
                Rectangle {
                    anchors.verticalCenter: parent.verticalCenter
                    width: 10
                    height: 10
                    radius: 5
                    color: row.modelData.color
                }
                Text {
                    x: 16
                    width: parent.width - 16 - figures.width - 6
                    anchors.verticalCenter: parent.verticalCenter
                    elide: Text.ElideRight
                    text: row.modelData.name
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: 12
                    font.weight: root.hovered === row.index ? Font.DemiBold : Font.Normal
                }
                Text {
                    id: figures
                    anchors { right: parent.right; verticalCenter: parent.verticalCenter }
                    text: root.countText(row.modelData.count) + "  " + (row.modelData.share * 100).toFixed(1) + " %"
                    color: Theme.textDim
                    font.family: Theme.fontFamily
                    font.pixelSize: 11
                }
            }
        }
        // qmllint enable unqualified
    }

    // The tooltip: type, count and share, beside the pointer.
    Rectangle {
        id: tip
        objectName: "pieTip"
        visible: pieHover.hovered && root.hovered >= 0
        z: 2
        x: Math.min(pie.x + pieHover.point.position.x + 14, root.width - width)
        y: pie.y + Math.max(0, pieHover.point.position.y - height - 6)
        width: tipText.implicitWidth + 16
        height: tipText.implicitHeight + 10
        radius: 4
        color: Theme.panel
        border.color: Theme.panelBorder
        Text {
            id: tipText
            anchors.centerIn: parent
            textFormat: Text.StyledText
            text: root.hovered < 0 ? "" : "<font color='" + root.shares[root.hovered].color + "'>●</font> <b>"
                                         + root.shares[root.hovered].name + "</b><br>"
                                         + qsTr("%1 events · %2 %")
                                           .arg(root.countText(root.shares[root.hovered].count))
                                           .arg((root.shares[root.hovered].share * 100).toFixed(1))
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 12
        }
    }
}
