// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// The wall's compact trend strip, in type that reads across a room: events in the last minute and hour, today
// so far against the same time last week (or, while the app has not counted that long, "since 14:02" and a
// dash rather than a wrong number), a sparkline of the last minute's rate, and the hour's top countries.
Rectangle {
    id: root

    property TrendModel model
    property real ui: 1
    // {today, lastWeek, change, complete, known, since}: TrendModel.week.
    readonly property var week: model ? model.week : ({})
    readonly property bool weekKnown: week.known === true && week.lastWeek > 0

    width: column.width + 24 * ui
    height: column.height + 16 * ui
    radius: 6 * ui
    color: Theme.panel
    border.color: Theme.panelBorder

    // qmllint disable unqualified
    // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
    // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
    component Figure: Column {
        property real value
        property string label
        Text {
            text: Number(parent.value).toLocaleString(Qt.locale(), 'f', 0)
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 26 * root.ui
            font.weight: Font.DemiBold
        }
        Text {
            text: parent.label
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 12 * root.ui
        }
    }
    // qmllint enable unqualified

    // qmllint disable type
    // Counts are qint64, a type Qt 6.4's qmllint does not know (its builtins have no 64-bit integer).
    Column {
        id: column
        anchors.centerIn: parent
        spacing: 4 * root.ui

        Row {
            id: recent
            spacing: 18 * root.ui
            Figure {
                value: root.model ? root.model.lastMinute : 0
                label: qsTr("last minute")
            }
            Figure {
                value: root.model ? root.model.lastHour : 0
                label: qsTr("last hour")
            }
        }
        // Today against last week: a row of its own, so the strip stays narrow.
        Row {
            id: weekRow
            spacing: 18 * root.ui
            Figure {
                objectName: "wallToday"
                value: root.week.today !== undefined ? root.week.today : 0
                label: root.week.complete === false ? qsTr("since %1").arg(root.week.since) : qsTr("today")
            }
            Column {
                objectName: "wallWeekChange"
                Text {
                    text: root.weekKnown
                          ? (root.week.change >= 0 ? "+" : "−") + Math.abs(root.week.change).toFixed(1) + " %" : "—"
                    color: !root.weekKnown ? Theme.textDim : (root.week.change >= 0 ? "#5fd08a" : "#ff8a8a")
                    font.family: Theme.fontFamily
                    font.pixelSize: 26 * root.ui
                    font.weight: Font.DemiBold
                }
                Text {
                    text: root.weekKnown ? qsTr("vs same time last week")
                                         : (root.week.known === true ? qsTr("no events last week")
                                                                     : qsTr("last week not counted yet"))
                    color: Theme.textDim
                    font.family: Theme.fontFamily
                    font.pixelSize: 12 * root.ui
                }
            }
        }
        TrendChart {
            objectName: "wallSparkline"
            width: Math.max(260 * root.ui, recent.width, weekRow.width)
            height: 44 * root.ui
            model: root.model
            window: TrendChart.Second
            style: TrendChart.TotalLine
            lineColor: Theme.accent
            lineWidth: 2 * root.ui
        }
        Text {
            visible: root.model !== null && root.model.topCountries.length > 0
            text: root.model ? root.model.topCountries.slice(0, 3).map(
                                   c => c.code + " " + Math.round(c.share * 100) + " %").join("   ") : ""
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 16 * root.ui
        }
    }
    // qmllint enable type
}
