// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// The calendar's chart: value axis, the scene-graph CalendarChart, bucket names under it, a tooltip with both
// values and the change, and drag-to-zoom (a right click or a double click zooms back out one step).
Item {
    id: root

    property CalendarModel model
    property bool bars: true
    readonly property alias chart: chart
    readonly property int axisWidth: 56

    // Value axis: top, middle, zero, with faint grid lines.
    // qmllint disable unqualified
    // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
    // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
    Repeater {
        model: 3
        Item {
            required property int index
            y: chart.y + chart.height * index / 2
            width: root.width
            Rectangle {
                x: root.axisWidth
                width: root.width - root.axisWidth
                height: 1
                color: Theme.panelBorder
            }
            Text {
                anchors.right: parent.left
                anchors.rightMargin: -root.axisWidth + 8
                anchors.verticalCenter: parent.top
                readonly property real value: (root.model ? root.model.maxValue : 1) * (2 - parent.index) / 2
                text: value.toLocaleString(Qt.locale(), 'f', Number.isInteger(value) ? 0 : 1)
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 11
            }
        }
    }
    // qmllint enable unqualified

    CalendarChart {
        id: chart
        objectName: "calendarChart"
        model: root.model
        bars: root.bars
        color: Theme.accent
        overlayColor: Qt.rgba(0.55, 0.62, 0.78, 0.45)
        highlightColor: Qt.rgba(1, 1, 1, 0.07)
        x: root.axisWidth
        y: 8
        width: root.width - root.axisWidth
        height: root.height - y - names.height - 6

        HoverHandler {
            id: hover
        }
        MouseArea {
            id: drag
            anchors.fill: parent
            acceptedButtons: Qt.LeftButton | Qt.RightButton
            property int from: -1
            onPressed: mouse => {
                if (mouse.button === Qt.LeftButton) {
                    from = chart.indexAt(mouse.x)
                    chart.selectionFirst = from
                    chart.selectionLast = from
                }
            }
            onPositionChanged: mouse => {
                if (from >= 0)
                    chart.selectionLast = chart.indexAt(mouse.x)
            }
            onReleased: mouse => {
                if (mouse.button === Qt.RightButton) {
                    root.model.zoomOut()
                } else if (from >= 0 && chart.selectionLast !== from) {
                    root.model.zoomTo(from, chart.selectionLast)
                }
                from = -1
                chart.selectionFirst = -1
                chart.selectionLast = -1
            }
            onDoubleClicked: root.model.zoomOut()
        }
        Binding {
            target: chart
            property: "hoverIndex"
            value: hover.hovered ? chart.indexAt(hover.point.position.x) : -1
        }
    }

    Item {
        id: names
        x: chart.x
        y: chart.y + chart.height + 4
        width: chart.width
        height: 16
        readonly property int n: root.model ? root.model.count : 0
        // The names change with the series even when the count does not.
        readonly property string range: root.model ? root.model.rangeLabel : ""
        Text {
            text: names.n > 0 ? (names.range, root.model.label(0)) : ""
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 11
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            visible: names.n > 2 && names.width > 600
            text: names.n > 2 ? (names.range, root.model.label(Math.floor(names.n / 2))) : ""
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 11
        }
        Text {
            anchors.right: parent.right
            visible: names.n > 1
            text: names.n > 1 ? (names.range, root.model.label(names.n - 1)) : ""
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 11
        }
    }

    Rectangle {
        id: tip
        objectName: "calendarTip"
        readonly property int bucket: chart.hoverIndex
        // The total names the dependency on the series: a new series with the same bucket under the pointer.
        readonly property var point: bucket >= 0 && root.model ? (root.model.total, root.model.point(bucket)) : ({})
        visible: bucket >= 0 && drag.from < 0 && point.label !== undefined
        z: 2
        x: Math.max(0, Math.min(chart.x + chart.centerOf(bucket) + 14, root.width - width))
        y: chart.y + 6
        width: tipText.implicitWidth + 18
        height: tipText.implicitHeight + 12
        radius: 4
        color: Theme.panel
        border.color: Theme.panelBorder

        function number(v) {
            return Number(v).toLocaleString(Qt.locale(), 'f', 0)
        }
        function describe(p) {
            if (p.label === undefined)
                return ""
            let lines = ["<b>" + p.label + "</b>",
                         "<font color='" + Theme.accent + "'>■</font> " + number(p.value)]
            if (p.hasCompared) {
                const sign = p.change > 0 ? "+" : (p.change < 0 ? "−" : "±")
                const percent = isNaN(p.percent) ? qsTr("new") : sign + Math.abs(p.percent).toFixed(1) + " %"
                lines.push("<font color='#8c9ec7'>■</font> " + number(p.compared) + " " + qsTr("before"))
                lines.push(qsTr("Change: %1%2 (%3)").arg(sign).arg(number(Math.abs(p.change))).arg(percent))
            }
            return lines.join("<br>")
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
