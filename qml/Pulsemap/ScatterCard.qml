// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// Events against distinct visitors (or places) per minute of the last hour or per hour of the last day, one dot
// per bucket, older dots fainter: a busy minute with few visitors (a bot, a retry storm) sits low and to the
// right, a broad audience high. Hover shows the bucket's time and both values. Distinct counts are estimates
// (about 4.6 % standard error), marked "≈".
Item {
    id: root

    property TrendModel model
    property ChartsLayout layout
    readonly property string yRole: layout ? layout.scatterY : "visitors"
    readonly property bool hourly: layout !== null && layout.scatterWindow === 1
    readonly property int axisWidth: 44
    // Bumped with every summary, so the tooltip follows the live values.
    property int tick: 0
    Connections {
        target: root.model
        function onSummaryChanged() { root.tick++ }
    }

    function countText(n) {
        return Number(n).toLocaleString(Qt.locale(), 'f', 0)
    }

    Text {
        id: heading
        text: (root.hourly ? qsTr("Last day · per hour") : qsTr("Last hour · per minute"))
              + qsTr(" · events against ")
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 12
    }
    // Choices as in the panel's header: underlined when chosen.
    component Choice: Text {
        property bool chosen
        signal picked
        color: chosen ? Theme.accent : Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 12
        font.underline: chosen
        TapHandler {
            onTapped: parent.picked()
        }
    }
    Row {
        anchors.left: heading.right
        spacing: 8
        Choice {
            text: qsTr("visitors")
            chosen: root.yRole === "visitors"
            onPicked: if (root.layout) root.layout.scatterY = "visitors"
        }
        Choice {
            text: qsTr("places")
            chosen: root.yRole === "places"
            onPicked: if (root.layout) root.layout.scatterY = "places"
        }
    }
    Row {
        anchors.right: parent.right
        spacing: 8
        Choice {
            text: qsTr("hour")
            chosen: !root.hourly
            onPicked: if (root.layout) root.layout.scatterWindow = 0
        }
        Choice {
            text: qsTr("day")
            chosen: root.hourly
            onPicked: if (root.layout) root.layout.scatterWindow = 1
        }
    }

    // Value axes: three labels each, faint grid lines.
    // qmllint disable unqualified
    // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
    // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
    Repeater {
        model: 3
        Item {
            required property int index
            y: scatter.y + 7 + (scatter.height - 14) * index / 2
            width: root.width
            Rectangle {
                x: root.axisWidth
                width: root.width - root.axisWidth
                height: 1
                color: Theme.panelBorder
            }
            Text {
                anchors.right: parent.left
                anchors.rightMargin: -root.axisWidth + 6
                anchors.verticalCenter: parent.top
                // Half of a scale of 1 is 0.5, not a second "1".
                readonly property real value: scatter.yMax * (2 - parent.index) / 2
                text: value.toLocaleString(Qt.locale(), 'f', Number.isInteger(value) ? 0 : 1)
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 10
            }
        }
    }
    Repeater {
        model: 3
        Text {
            required property int index
            x: scatter.x + 7 + (scatter.width - 14) * index / 2 - (index === 0 ? 0 : (index === 1 ? width / 2 : width))
            y: scatter.y + scatter.height + 2
            readonly property real value: scatter.xMax * index / 2
            text: value.toLocaleString(Qt.locale(), 'f', Number.isInteger(value) ? 0 : 1)
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 10
        }
    }
    // qmllint enable unqualified
    Text {
        id: yTitle
        x: root.axisWidth
        y: heading.height + 4
        text: root.yRole === "visitors" ? qsTr("≈ distinct visitors") : qsTr("≈ distinct places")
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 10
    }
    Text {
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        text: root.hourly ? qsTr("events per hour →") : qsTr("events per minute →")
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 10
    }

    ScatterChart {
        id: scatter
        objectName: "scatterChart"
        x: root.axisWidth
        y: yTitle.y + yTitle.height + 2
        width: root.width - root.axisWidth
        height: root.height - y - 28
        model: root.model
        window: root.hourly ? 1 : 0
        yRole: root.yRole
        color: Theme.accent
        highlighted: hover.hovered ? pointAt(hover.point.position.x, hover.point.position.y) : -1

        HoverHandler {
            id: hover
        }
    }

    Rectangle {
        id: tip
        objectName: "scatterTip"
        readonly property var point: scatter.highlighted >= 0 && root.model
                                     ? (root.tick, root.model.scatterPoint(scatter.window, scatter.highlighted)) : null
        visible: point !== null && point.start !== undefined
        z: 2
        x: Math.max(0, Math.min(scatter.x + scatter.pointPosition(scatter.highlighted).x + 12, root.width - width))
        y: Math.max(0, scatter.y + scatter.pointPosition(scatter.highlighted).y - height - 8)
        width: tipText.implicitWidth + 16
        height: tipText.implicitHeight + 10
        radius: 4
        color: Theme.panel
        border.color: Theme.panelBorder

        function describe(p) {
            if (!p || p.start === undefined)
                return ""
            const d = new Date(p.start)
            const when = root.hourly ? Qt.formatDateTime(d, "ddd hh:00") : Qt.formatTime(d, "hh:mm")
            return "<b>" + when + "</b><br>" + qsTr("Events: %1").arg(root.countText(p.events)) + "<br>"
                    + qsTr("Visitors: ≈ %1").arg(root.countText(p.visitors)) + "<br>"
                    + qsTr("Places: ≈ %1").arg(root.countText(p.places))
        }
        Text {
            id: tipText
            anchors.centerIn: parent
            textFormat: Text.StyledText
            text: tip.describe(tip.point)
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 12
        }
    }
}
