// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// One rolling window as a chart: title, value axis, the scene-graph TrendChart, time labels, a legend with
// each type's total over the window, and a hover tooltip with every series' value at that bucket.
Item {
    id: root

    property TrendModel model
    property int window: TrendChart.Second
    property int chartStyle: TrendChart.StackedArea
    property int typeMask: -1 // the types drawn (the legend's toggles)
    // The alert rules drawn as thresholds (AlertCenter.rateRules): a dashed line each, labelled at its right end.
    property var alertRules: []
    property string title
    // Time labels under the chart: oldest, middle, now.
    property var timeLabels: ["", "", qsTr("now")]

    // Bumped whenever the counts change, so the tooltip follows the live values.
    property int tick: 0
    Connections {
        target: root.model
        function onSeriesChanged() { root.tick++ }
    }

    readonly property int axisWidth: 44

    // The y of each threshold's label (by index): just above its line (as TrendChart::valueY()), the lowest
    // first, each above the one below when lines are close; below its line when there is no room above.
    function stackLabels(thresholds: var, maxValue: real, chartHeight: real, labelHeight: real): var {
        const order = []
        for (let i = 0; i < thresholds.length; ++i)
            order.push({index: i, lineY: chartHeight - Math.min(thresholds[i].value, maxValue) * chartHeight / maxValue})
        order.sort((a, b) => b.lineY - a.lineY)
        const ys = []
        let top = chartHeight
        for (const entry of order) {
            let y = Math.min(entry.lineY - labelHeight - 1, top - labelHeight - 1)
            if (y < 0)
                y = Math.min(entry.lineY + 2, chartHeight - labelHeight)
            ys[entry.index] = y
            top = y
        }
        return ys
    }

    // A threshold per bucket of this chart: "5/s", "300/min", "0.03/s".
    function perBucket(value: real): string {
        const unit = root.window === TrendChart.Second ? qsTr("/s") : (root.window === TrendChart.Minute ? qsTr("/min") : qsTr("/h"))
        const digits = Number.isInteger(value) ? 0 : (value < 10 ? 2 : 0)
        return value.toLocaleString(Qt.locale(), 'f', digits) + unit
    }

    Text {
        id: heading
        text: root.title
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 12
    }
    // PNG, SVG and CSV of this card, shown while the pointer is over it.
    HoverHandler {
        id: cardHover
    }
    ChartExportLinks {
        anchors { right: parent.right; verticalCenter: heading.verticalCenter }
        card: root
        model: root.model
        window: root.window
        title: root.title
        shown: cardHover.hovered
    }

    // Value axis: top, middle, zero, with faint grid lines across the chart.
    // qmllint disable unqualified
    // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
    // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
    Repeater {
        model: 3
        Item {
            required property int index
            x: 0
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
                anchors.rightMargin: -root.axisWidth + 6
                anchors.verticalCenter: parent.top
                // Half of a scale of 1 (an empty chart) is 0.5, not a second "1".
                readonly property real value: chart.maxValue * (2 - parent.index) / 2
                text: value.toLocaleString(Qt.locale(), 'f', Number.isInteger(value) ? 0 : 1)
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 10
            }
        }
    }
    // qmllint enable unqualified

    TrendChart {
        id: chart
        objectName: "trendChart"
        model: root.model
        window: root.window
        style: root.chartStyle
        typeMask: root.typeMask
        alertRules: root.alertRules
        x: root.axisWidth
        y: heading.height + 4
        width: root.width - root.axisWidth
        height: root.height - y - times.height - legend.height - 6

        HoverHandler {
            id: hover
        }
        // Each threshold's rule as written and per bucket of this chart, just above its dashed line, on a faint
        // backing so that it reads over the series; labels of close lines stack upwards instead of overlapping.
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
        // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
        Repeater {
            id: thresholdLabels
            model: chart.thresholds
            readonly property var labelYs: root.stackLabels(chart.thresholds, chart.maxValue, chart.height, 13)
            Rectangle {
                required property var modelData
                required property int index
                objectName: "thresholdLabel"
                readonly property string text: thresholdText.text
                anchors.right: parent.right
                anchors.rightMargin: 2
                y: thresholdLabels.labelYs[index] ?? 0
                width: thresholdText.implicitWidth + 6
                height: 13
                radius: 2
                color: "#b30b111d" // Theme.sidePanel, 70 % opaque
                Text {
                    id: thresholdText
                    anchors.centerIn: parent
                    text: parent.modelData.label + " = " + root.perBucket(parent.modelData.value)
                    color: parent.modelData.color
                    font.family: Theme.fontFamily
                    font.pixelSize: 10
                    font.bold: parent.modelData.firing
                }
            }
        }
        // qmllint enable unqualified
        // Where the pointer is: a faint line over the bucket the tooltip describes.
        Rectangle {
            visible: tip.visible
            x: chart.bucketCenter(tip.bucket) - 0.5
            width: 1
            height: chart.height
            color: Theme.text
            opacity: 0.5
        }
    }

    Row {
        id: times
        x: root.axisWidth
        y: chart.y + chart.height + 2
        width: chart.width
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
        // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
        Repeater {
            model: root.timeLabels
            Text {
                required property string modelData
                required property int index
                width: times.width / 3
                horizontalAlignment: index === 0 ? Text.AlignLeft : (index === 1 ? Text.AlignHCenter : Text.AlignRight)
                text: modelData
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 10
            }
        }
        // qmllint enable unqualified
    }

    Flow {
        id: legend
        x: root.axisWidth
        y: times.y + times.height + 2
        width: chart.width
        spacing: 10
        // A count as the model: the delegates stay while the types do; a new array each time would recreate
        // them all, twice a second.
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
        // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
        Repeater {
            id: legendRepeater
            readonly property var entries: root.model ? root.model.legends[root.window] : []
            model: entries.length
            Row {
                required property int index
                readonly property var modelData: legendRepeater.entries[index]
                spacing: 4
                Rectangle {
                    anchors.verticalCenter: parent.verticalCenter
                    width: 8
                    height: 8
                    radius: 4
                    color: parent.modelData.color
                }
                Text {
                    text: parent.modelData.name + " " + Number(parent.modelData.total).toLocaleString(Qt.locale(), 'f', 0)
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: 11
                }
            }
        }
        // qmllint enable unqualified
    }

    Rectangle {
        id: tip
        readonly property int bucket: hover.hovered ? chart.bucketAt(hover.point.position.x) : -1
        readonly property var values: bucket >= 0 && root.model ? (root.tick, root.model.valuesAt(root.window, bucket)) : null
        visible: values !== null && values.series !== undefined
        z: 2
        x: Math.max(0, Math.min(chart.x + hover.point.position.x + 14, root.width - width))
        y: chart.y + 4
        width: tipText.implicitWidth + 16
        height: tipText.implicitHeight + 10
        radius: 4
        color: Theme.panel
        border.color: Theme.panelBorder

        function timeLabel(ms) {
            const d = new Date(ms)
            if (root.window === TrendChart.Second)
                return Qt.formatTime(d, "hh:mm:ss")
            if (root.window === TrendChart.Minute)
                return Qt.formatTime(d, "hh:mm")
            return Qt.formatDateTime(d, "ddd hh:00")
        }
        function describe(values) {
            if (!values || values.series === undefined)
                return ""
            let lines = ["<b>" + timeLabel(values.start) + "</b>"]
            for (const s of values.series)
                lines.push("<font color='" + s.color + "'>●</font> " + s.name + ": "
                           + Number(s.value).toLocaleString(Qt.locale(), 'f', 0))
            lines.push(qsTr("Total: %1").arg(Number(values.total).toLocaleString(Qt.locale(), 'f', 0)))
            return lines.join("<br>")
        }

        Text {
            id: tipText
            anchors.centerIn: parent
            textFormat: Text.StyledText
            text: tip.describe(tip.values)
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 12
        }
    }
}
