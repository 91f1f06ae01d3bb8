// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls
import Pulsemap.App

// The calendar view over the map (K, or "Calendar" in the charts panel): the open campaign, or the file being
// recorded, counted per hour ... year of a time zone's local calendar, with the previous period or the same
// period a week, month or year earlier as a dimmer series; bars or a line; drag across the chart to zoom in.
// Exports the chart as PNG, SVG or CSV.
Rectangle {
    id: root
    objectName: "calendarView"

    // "GRANULARITY[:OVERLAY[:METRIC[:line]]]", e.g. "day:week" (--calendar): opens the view at start.
    property string startSpec
    // The file counted (Main.qml: the replayed campaign, else the one being recorded), whether it is being
    // recorded (counted again every few seconds), the zone when none is typed (the timeline's), and wall mode
    // (no keys then).
    property string sourcePath
    property bool recording
    property string defaultZone
    // The replay's campaign filter: the calendar counts what the map and the timeline show.
    property string campaignFilter
    // The legend's type toggles (AppController.live.types and .visibleTypeMask): hidden types are left out.
    property TypeListModel types
    property int typeMask: -1
    property bool wall
    property bool bars: true
    property string status
    // The zone typed in the view (applied when typing ends); empty: the timeline's (AppController.timeZone).
    property string zone

    function toggle() {
        visible = !visible
    }

    visible: false
    color: "#b3000000"
    // Clicks on the backdrop close the view; the card takes its own (and none reaches the map below).
    MouseArea {
        anchors.fill: parent
        acceptedButtons: Qt.AllButtons
        onClicked: root.visible = false
        onWheel: wheel => wheel.accepted = true
    }

    Component.onCompleted: {
        if (startSpec === "")
            return
        const parts = startSpec.split(":")
        const granularities = ["hour", "day", "week", "month", "quarter", "year"]
        const overlays = ["none", "previous", "week", "month", "year"]
        const metrics = ["events", "visitors", "new", "returning"]
        if (granularities.indexOf(parts[0]) >= 0)
            calendar.granularity = granularities.indexOf(parts[0])
        if (parts.length > 1 && overlays.indexOf(parts[1]) >= 0)
            calendar.overlay = overlays.indexOf(parts[1])
        if (parts.length > 2 && metrics.indexOf(parts[2]) >= 0)
            calendar.metric = metrics.indexOf(parts[2])
        bars = !(parts.length > 3 && parts[3] === "line")
        visible = true
    }

    readonly property alias model: calendar
    readonly property alias plot: plot
    CalendarModel {
        id: calendar
        path: root.visible ? root.sourcePath : ""
        timeZone: root.zone !== "" ? root.zone : root.defaultZone
        campaignFilter: root.campaignFilter
        types: root.types
        typeMask: root.typeMask
    }
    // A file being recorded grows: counted again every few seconds while the view is open.
    Timer {
        interval: 5000
        repeat: true
        running: root.visible && root.recording
        onTriggered: calendar.refresh()
    }

    Shortcut {
        sequence: "K"
        enabled: !root.wall
        onActivated: root.toggle()
    }
    Shortcut {
        sequence: "Esc"
        enabled: root.visible && !root.wall
        onActivated: root.visible = false
    }

    Rectangle {
        id: card
        anchors.centerIn: parent
        width: Math.min(parent.width - 60, 1280)
        height: Math.min(parent.height - 60, 720)
        radius: 8
        color: Theme.sidePanel
        border.color: Theme.panelBorder
        MouseArea { // keeps clicks on the card from closing the view
            anchors.fill: parent
            acceptedButtons: Qt.AllButtons
        }

        Column {
            id: controls
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: 18 }
            spacing: 12

            Item {
                width: parent.width
                height: 26
                Text {
                    id: heading
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("Calendar")
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: 18
                    font.weight: Font.DemiBold
                }
                Text {
                    anchors { left: heading.right; leftMargin: 14; verticalCenter: parent.verticalCenter }
                    width: parent.width - heading.width - close.width - 40
                    elide: Text.ElideMiddle
                    text: root.sourcePath === "" ? qsTr("Open a campaign or record a source to see its calendar")
                                                 : root.sourcePath.split("/").pop() + " · " + calendar.rangeLabel
                    color: Theme.textDim
                    font.family: Theme.fontFamily
                    font.pixelSize: 13
                }
                Text {
                    id: close
                    objectName: "closeCalendar"
                    anchors { right: parent.right; verticalCenter: parent.verticalCenter }
                    text: "\u00d7"
                    color: Theme.text
                    font.pixelSize: 20
                    TapHandler {
                        onTapped: root.visible = false
                    }
                }
            }

            Flow {
                width: parent.width
                spacing: 18
                CalendarChoice {
                    options: [{label: qsTr("Hour"), value: CalendarModel.Hour}, {label: qsTr("Day"), value: CalendarModel.Day},
                              {label: qsTr("Week"), value: CalendarModel.Week}, {label: qsTr("Month"), value: CalendarModel.Month},
                              {label: qsTr("Quarter"), value: CalendarModel.Quarter}, {label: qsTr("Year"), value: CalendarModel.Year}]
                    value: calendar.granularity
                    onChosen: v => calendar.granularity = v
                }
                CalendarChoice {
                    options: [{label: qsTr("Events"), value: CalendarModel.Events},
                              {label: qsTr("Visitors"), value: CalendarModel.Visitors},
                              {label: qsTr("New"), value: CalendarModel.NewVisitors},
                              {label: qsTr("Returning"), value: CalendarModel.ReturningVisitors}]
                    value: calendar.metric
                    onChosen: v => calendar.metric = v
                }
                CalendarChoice {
                    readonly property int g: calendar.granularity
                    title: qsTr("Compare")
                    options: [{label: qsTr("None"), value: CalendarModel.NoOverlay},
                              {label: qsTr("Previous"), value: CalendarModel.PreviousPeriod},
                              {label: qsTr("Week ago"), value: CalendarModel.WeekEarlier, enabled: g <= CalendarModel.Week},
                              {label: qsTr("Month ago"), value: CalendarModel.MonthEarlier, enabled: g <= CalendarModel.Month},
                              {label: qsTr("Year ago"), value: CalendarModel.YearEarlier}]
                    value: calendar.overlay
                    onChosen: v => calendar.overlay = v
                }
                CalendarChoice {
                    options: [{label: qsTr("Bars"), value: 1}, {label: qsTr("Line"), value: 0}]
                    value: root.bars ? 1 : 0
                    onChosen: v => root.bars = v === 1
                }
            }

            Row {
                width: parent.width
                spacing: 10
                Text {
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("Time zone")
                    color: Theme.textDim
                    font.family: Theme.fontFamily
                    font.pixelSize: 12
                }
                TextField {
                    id: zoneField
                    width: 200
                    height: 26
                    placeholderText: root.defaultZone !== "" ? root.defaultZone : qsTr("system zone")
                    font.family: Theme.fontFamily
                    font.pixelSize: 12
                    color: Theme.text
                    placeholderTextColor: Theme.textDim
                    onEditingFinished: root.zone = text.trim()
                    background: Rectangle {
                        color: Theme.background
                        border.color: zoneField.activeFocus ? Theme.accent : Theme.panelBorder
                        radius: 3
                    }
                }
                Text {
                    anchors.verticalCenter: parent.verticalCenter
                    text: calendar.zoneName
                    color: Theme.textDim
                    font.family: Theme.fontFamily
                    font.pixelSize: 12
                }
                Item { width: 20; height: 1 }
                CalendarChoice {
                    options: [{label: qsTr("Zoom out"), value: 1, enabled: calendar.zoomed},
                              {label: qsTr("Whole file"), value: 2, enabled: calendar.zoomed}]
                    value: 0
                    onChosen: v => v === 1 ? calendar.zoomOut() : calendar.resetZoom()
                }
                Item { width: 20; height: 1 }
                CalendarChoice {
                    objectName: "calendarExport"
                    title: qsTr("Export")
                    options: [{label: "PNG", value: 0, enabled: calendar.count > 0},
                              {label: "SVG", value: 1, enabled: calendar.count > 0},
                              {label: "CSV", value: 2, enabled: calendar.count > 0}]
                    value: -1
                    onChosen: v => root.exportAs(["png", "svg", "csv"][v])
                }
            }
        }

        CalendarPlot {
            id: plot
            anchors { left: parent.left; right: parent.right; top: controls.bottom; bottom: footer.top; margins: 18 }
            model: calendar
            bars: root.bars
        }

        Row {
            id: footer
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 18 }
            height: 20
            spacing: 18
            Text {
                readonly property var names: [qsTr("events"), qsTr("visitors"), qsTr("new visitors"), qsTr("returning visitors")]
                text: "<font color='" + Theme.accent + "'>■</font> " + Number(calendar.total).toLocaleString(Qt.locale(), 'f', 0)
                      + " " + names[calendar.metric]
                textFormat: Text.StyledText
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 13
            }
            Text {
                visible: calendar.overlay !== CalendarModel.NoOverlay && calendar.overlayFits
                readonly property real change: calendar.comparedTotal > 0
                                               ? (calendar.total - calendar.comparedTotal) / calendar.comparedTotal * 100 : 0
                text: "<font color='#8c9ec7'>■</font> " + Number(calendar.comparedTotal).toLocaleString(Qt.locale(), 'f', 0)
                      + " " + qsTr("compared") + (calendar.comparedTotal > 0
                                                  ? " (" + (change >= 0 ? "+" : "−") + Math.abs(change).toFixed(1) + " %)" : "")
                textFormat: Text.StyledText
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 13
            }
            Text {
                objectName: "calendarStatus"
                text: calendar.busy ? qsTr("Counting…") : (calendar.lastError !== "" ? calendar.lastError : root.status)
                color: calendar.lastError !== "" ? Theme.alertBorder : Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 12
            }
        }
    }

    Connections {
        target: calendar
        function onExported(path, error) {
            root.status = error !== "" ? error : qsTr("Written to %1").arg(path)
        }
    }

    function exportAs(extension) {
        const path = calendar.defaultExportPath(extension)
        let error = ""
        if (extension === "png")
            error = calendar.exportPng(plot, path)
        else if (extension === "svg")
            error = calendar.exportSvg(path, heading.text + " · " + calendar.rangeLabel, root.bars)
        else
            error = calendar.exportCsv(path)
        if (extension !== "png" || error !== "")
            root.status = error !== "" ? error : qsTr("Written to %1").arg(path)
    }
}
