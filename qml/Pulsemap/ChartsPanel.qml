// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// The trend charts beside the map, on two pages. Trends: per second for the last minute, per minute for the last
// hour, per hour for the last day (stacked areas, stacked bars or a line per type), then the last hour's top
// countries, top cities and share by type. Breakdowns (BreakdownsPage): share by type as a pie, top campaigns,
// top pages, and a scatter of events against distinct visitors or places. Collapsed with its × button or C;
// AppController remembers which, and the style; ChartsLayout remembers the page.
Rectangle {
    id: root

    property TrendModel model
    // The legend's shown types (EventFeed.visibleTypeMask): the charts draw what the map shows.
    property int typeMask: -1
    // The app's alerts (AlertBanner's AlertCenter): their burst and quiet rules are drawn on the trend charts.
    property AlertCenter alerts
    readonly property var alertRules: alerts ? alerts.rateRules : []
    // "Calendar" in the header: the window opens the calendar view (CalendarView.qml).
    signal calendarRequested()
    // Area, bars or lines: the header's choice, remembered by AppController.
    readonly property int chartStyle: AppController.chartStyle
    // 0 the trend charts, 1 the breakdowns: the header's tabs, remembered by ChartsLayout.
    readonly property bool live: layout.page === 0

    ChartsLayout {
        id: layout
    }

    color: Theme.sidePanel
    border.color: Theme.panelBorder

    // Fixed parts (header, breakdowns) first; the three charts share the height left.
    readonly property real chartHeight: Math.max(90, (height - 24 - header.height - countries.height
                                                      - cities.height - shares.height - 6 * content.spacing) / 3)

    Column {
        id: content
        anchors { fill: parent; margins: 12 }
        spacing: 10

        Item {
            id: header
            width: parent.width
            height: 24
            Row {
                anchors.verticalCenter: parent.verticalCenter
                spacing: 14
                // The pages, as tabs: the chosen one bright.
                // qmllint disable unqualified
                // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
                // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
                Repeater {
                    model: [qsTr("Trends"), qsTr("Breakdowns")]
                    Text {
                        required property string modelData
                        required property int index
                        objectName: "chartsPage" + index
                        text: modelData
                        color: layout.page === index ? Theme.text : Theme.textDim
                        font.family: Theme.fontFamily
                        font.pixelSize: 15
                        font.weight: layout.page === index ? Font.DemiBold : Font.Normal
                        TapHandler {
                            onTapped: layout.page = parent.index
                        }
                    }
                }
                // qmllint enable unqualified
            }
            Row {
                anchors { right: parent.right; verticalCenter: parent.verticalCenter }
                spacing: 10
                // qmllint disable unqualified
                // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
                // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
                Repeater {
                    model: root.live ? [{label: qsTr("Area"), style: TrendChart.StackedArea},
                            {label: qsTr("Bars"), style: TrendChart.StackedBars},
                            {label: qsTr("Lines"), style: TrendChart.Lines}] : []
                    Text {
                        required property var modelData
                        text: modelData.label
                        color: root.chartStyle === modelData.style ? Theme.accent : Theme.textDim
                        font.family: Theme.fontFamily
                        font.pixelSize: 12
                        font.underline: root.chartStyle === modelData.style
                        TapHandler {
                            onTapped: AppController.chartStyle = parent.modelData.style
                        }
                    }
                }
                // qmllint enable unqualified
                Text {
                    objectName: "openCalendar"
                    text: qsTr("Calendar")
                    color: Theme.accent
                    font.family: Theme.fontFamily
                    font.pixelSize: 12
                    TapHandler {
                        onTapped: root.calendarRequested()
                    }
                }
                Text {
                    objectName: "collapseCharts"
                    text: "\u00d7"
                    color: Theme.text
                    font.pixelSize: 16
                    TapHandler {
                        onTapped: AppController.chartsShown = false
                    }
                }
            }
        }

        TrendCard {
            width: parent.width
            height: root.chartHeight
            model: root.model
            window: TrendChart.Second
            chartStyle: root.chartStyle
            typeMask: root.typeMask
            alertRules: root.alertRules
            visible: root.live
            title: qsTr("Last minute · events per second")
            timeLabels: [qsTr("−60 s"), qsTr("−30 s"), qsTr("now")]
        }
        TrendCard {
            width: parent.width
            height: root.chartHeight
            model: root.model
            window: TrendChart.Minute
            chartStyle: root.chartStyle
            typeMask: root.typeMask
            alertRules: root.alertRules
            visible: root.live
            title: qsTr("Last hour · events per minute")
            timeLabels: [qsTr("−60 min"), qsTr("−30 min"), qsTr("now")]
        }
        TrendCard {
            width: parent.width
            height: root.chartHeight
            model: root.model
            window: TrendChart.Hour
            chartStyle: root.chartStyle
            typeMask: root.typeMask
            alertRules: root.alertRules
            visible: root.live
            title: qsTr("Last day · events per hour")
            timeLabels: [qsTr("−24 h"), qsTr("−12 h"), qsTr("now")]
        }

        BreakdownBars {
            id: countries
            visible: root.live
            width: parent.width
            title: qsTr("Top countries · last hour")
            rows: root.model ? root.model.topCountries : []
            maxRows: 5
        }
        BreakdownBars {
            id: cities
            visible: root.live
            width: parent.width
            // After a replay's seek only the events played since count here (the countries come from the file).
            title: root.model && root.model.breakdownsSinceSeek ? qsTr("Top cities · since the seek")
                                                                : qsTr("Top cities · last hour")
            emptyText: root.model && root.model.breakdownsSinceSeek ? qsTr("Fills as the replay plays")
                                                                    : qsTr("No events in the last hour")
            rows: root.model ? root.model.topCities : []
            maxRows: 5
            barColor: Theme.coast
        }
        TypeShareBar {
            id: shares
            visible: root.live
            width: parent.width
            title: qsTr("Share by type · last hour")
            shares: root.model ? root.model.typeShares : []
        }

        BreakdownsPage {
            objectName: "breakdownsPage"
            visible: !root.live
            width: parent.width
            height: root.height - 24 - header.height - content.spacing
            model: root.model
            layout: layout
        }
    }
}
