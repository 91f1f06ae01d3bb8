// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Window
import Pulsemap.App

// The window: the map, with the trend charts' panel beside it; counters, legend, zoom buttons and status float
// above the map. Wall mode (--wall, F11): fullscreen, no chrome, hidden cursor, type sized to be read across a
// room, and a compact trend strip instead of the panel.
ApplicationWindow {
    id: window

    readonly property bool wall: AppController.wallMode
    // Type scale: in wall mode sized from the screen height so 1080p and 4K read the same from 5 m.
    readonly property real ui: wall ? height / 540 : 1

    visible: true
    title: AppController.title
    color: Theme.background
    visibility: wall ? Window.FullScreen : Window.Windowed

    // Kiosks and Xvfb often run without a window manager, which is what honours "fullscreen":
    // cover the screen explicitly, and give the old geometry back when leaving wall mode.
    property rect windowedGeometry
    function coverScreen() {
        windowedGeometry = Qt.rect(x, y, width, height)
        x = Screen.virtualX
        y = Screen.virtualY
        width = Screen.width
        height = Screen.height
    }
    onWallChanged: {
        if (wall) {
            coverScreen()
        } else if (windowedGeometry.width > 0) {
            x = windowedGeometry.x
            y = windowedGeometry.y
            width = windowedGeometry.width
            height = windowedGeometry.height
        }
    }
    Component.onCompleted: if (wall) coverScreen()

    // The trend charts beside the map (collapsed with --hide-charts, its × or C); the wall has a strip instead.
    readonly property bool chartsShown: AppController.chartsShown && !wall

    // The campaign menu's entries: "All campaigns", then the ids (a JS array: qmllint knows no QStringList methods).
    readonly property var campaignChoices: {
        const choices = [qsTr("All campaigns")]
        const ids = AppController.campaigns
        for (let i = 0; i < ids.length; ++i)
            choices.push(ids[i])
        return choices
    }
    // A/B compare: B's map beside A's (split) or instead of it (single, B toggles which one).
    readonly property bool comparing: AppController.compare !== null
    property bool compareSplit: true
    property bool showB: false
    readonly property bool showingB: comparing && !compareSplit && showB

    Item {
        id: mapArea
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
        anchors.right: window.chartsShown ? charts.left : parent.right
    }
    MapView {
        id: map
        visible: !window.showingB
        anchors { left: mapArea.left; top: mapArea.top; bottom: mapArea.bottom }
        anchors.right: window.comparing && window.compareSplit ? mapArea.horizontalCenter : mapArea.right
        live: AppController.live
        tour: AppController.tour
        fadeSeconds: AppController.fadeSeconds
        focus: true
    }
    Loader {
        id: mapB
        active: window.comparing
        visible: window.comparing && (window.compareSplit || window.showB)
        anchors { right: mapArea.right; top: mapArea.top; bottom: mapArea.bottom }
        anchors.left: window.compareSplit ? mapArea.horizontalCenter : mapArea.left
        sourceComponent: MapView {
            live: AppController.compare ? AppController.compare.live : null
            fadeSeconds: AppController.fadeSeconds
        }
        onLoaded: window.cameraB = (item as MapView).camera
        onActiveChanged: if (!active) window.cameraB = null
    }
    // B's camera for the zoom buttons when B's map is the one shown.
    property var cameraB: null
    Rectangle {
        visible: window.comparing && window.compareSplit
        anchors { horizontalCenter: mapArea.horizontalCenter; top: mapArea.top; bottom: mapArea.bottom }
        width: 2
        color: Theme.panelBorder
    }
    Counters {
        visible: window.comparing && mapB.visible
        anchors { top: parent.top; left: mapB.left; margins: 16 * window.ui }
        live: AppController.compare ? AppController.compare.live : null
        ui: window.ui
        title: AppController.compare ? "B · " + AppController.compare.name : ""
    }

    ChartsPanel {
        id: charts
        objectName: "chartsPanel"
        visible: window.chartsShown
        anchors { right: parent.right; top: parent.top; bottom: parent.bottom }
        width: Math.min(440, window.width * 0.4)
        model: AppController.live.trends
        typeMask: AppController.live.visibleTypeMask
        alerts: alertBanner.alertCenter
        onCalendarRequested: calendarView.toggle()
    }
    // Reopens the collapsed panel.
    Rectangle {
        visible: !window.chartsShown && !window.wall
        anchors { right: parent.right; top: parent.top; topMargin: 16 }
        width: 30
        height: reopenLabel.implicitWidth + 20
        radius: 4
        color: Theme.panel
        border.color: Theme.panelBorder
        Text {
            id: reopenLabel
            anchors.centerIn: parent
            rotation: -90
            text: qsTr("Trends")
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 12
        }
        TapHandler {
            onTapped: AppController.chartsShown = true
        }
    }
    WallStrip {
        objectName: "wallStrip"
        visible: window.wall
        anchors { top: parent.top; right: parent.right; margins: 16 * window.ui }
        model: AppController.live.trends
        ui: window.ui
    }

    Counters {
        visible: !window.showingB
        anchors { top: parent.top; left: parent.left; margins: 16 * window.ui }
        live: AppController.live
        viewers: AppController.source.viewers
        ui: window.ui
        title: window.wall ? "" : (window.comparing ? "A · " : "") + AppController.title
    }

    // A source down for too long: impossible to miss, even across the room.
    Rectangle {
        visible: AppController.source.alertText.length > 0
        anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; margins: 16 * window.ui }
        width: alertLabel.implicitWidth + 32 * window.ui
        height: alertLabel.implicitHeight + 16 * window.ui
        radius: 6 * window.ui
        color: Theme.alertBackground
        border.color: Theme.alertBorder
        Text {
            id: alertLabel
            anchors.centerIn: parent
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 16 * window.ui
            text: AppController.source.alertText + "\n" + AppController.source.statusText
            horizontalAlignment: Text.AlignHCenter
        }
    }

    // A replay's timeline (not on a wall: there the campaign just plays).
    Timeline {
        id: timeline
        visible: AppController.replay !== null && !window.wall
        anchors { left: parent.left; right: mapArea.right; bottom: parent.bottom; margins: 12 * window.ui }
        replay: AppController.replay
        live: AppController.live
        compare: AppController.compare
        timeZone: AppController.timeZone
        onTimeZoneChosen: zone => AppController.timeZone = zone
        ui: window.ui
    }
    readonly property real bottomInset: timeline.visible ? timeline.height + 12 * window.ui : 0

    Legend {
        anchors { bottom: parent.bottom; left: parent.left; margins: 16 * window.ui; bottomMargin: 16 * window.ui + window.bottomInset }
        model: AppController.live.types
        ui: window.ui
    }

    // File › Open: a button with the recent campaigns, a file dialog, and any campaign dropped on the window.
    Row {
        visible: !window.wall
        // Left of the charts panel, or of its "Trends" tab when it is collapsed.
        anchors { right: mapArea.right; top: parent.top; margins: 16; rightMargin: window.chartsShown ? 16 : 56 }
        spacing: 6
        // Which campaign the map, the timeline and the charts show (a file or stream with several).
        ComboBox {
            id: campaignBox
            objectName: "campaignFilter"
            visible: AppController.campaigns.length > 1
            width: 200
            model: window.campaignChoices
            currentIndex: Math.max(0, window.campaignChoices.indexOf(AppController.campaignFilter))
            onActivated: index => AppController.campaignFilter = index <= 0 ? "" : AppController.campaigns[index - 1]
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Show one campaign only: map, timeline and charts")
        }
        Button {
            visible: AppController.replay !== null && !window.comparing
            text: qsTr("Compare…")
            onClicked: compareDialog.open()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Replay a second campaign beside this one (A/B), at the same moment")
        }
        Button {
            text: "Open…"
            onClicked: openDialog.open()
        }
        Button {
            text: "Recent ▾"
            enabled: AppController.recentCampaigns.length > 0
            onClicked: recentMenu.open()
            Menu {
                id: recentMenu
                Repeater {
                    model: AppController.recentCampaigns
                    MenuItem {
                        required property string modelData
                        text: modelData
                        onTriggered: AppController.openCampaign("file://" + modelData)
                    }
                }
            }
        }
    }
    FileDialog {
        id: openDialog
        title: "Open a campaign"
        nameFilters: ["Pulsemap campaigns (*.pulsemap)", "All files (*)"]
        onAccepted: AppController.openCampaign(selectedFile)
    }
    FileDialog {
        id: compareDialog
        title: qsTr("Compare with a campaign")
        nameFilters: ["Pulsemap campaigns (*.pulsemap)", "All files (*)"]
        onAccepted: AppController.openCompare(selectedFile, 0)
    }
    // While comparing: how the two line up and are shown.
    Rectangle {
        visible: window.comparing && !window.wall
        // Above the timeline, on the divide: clear of both maps' counters.
        anchors { horizontalCenter: mapArea.horizontalCenter; bottom: parent.bottom; bottomMargin: 12 + window.bottomInset }
        width: compareRow.implicitWidth + 16
        height: compareRow.implicitHeight + 12
        radius: 6
        color: Theme.panel
        border.color: Theme.panelBorder
        Row {
            id: compareRow
            anchors.centerIn: parent
            spacing: 8
            Text {
                anchors.verticalCenter: parent.verticalCenter
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 13
                text: qsTr("A/B")
            }
            ComboBox {
                width: 150
                model: [qsTr("aligned by start"), qsTr("aligned by clock")]
                currentIndex: AppController.compare ? AppController.compare.align : 0
                onActivated: index => AppController.compare.align = index
            }
            Button {
                text: window.compareSplit ? qsTr("single map (V)") : qsTr("side by side (V)")
                onClicked: window.compareSplit = !window.compareSplit
            }
            Button {
                visible: !window.compareSplit
                text: window.showB ? qsTr("show A (B)") : qsTr("show B (B)")
                onClicked: window.showB = !window.showB
            }
            Button {
                text: "✕"
                onClicked: AppController.closeCompare()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Stop comparing")
            }
        }
    }
    DropArea {
        anchors.fill: parent
        onDropped: drop => {
            if (drop.hasUrls)
                AppController.openCampaign(drop.urls[0])
        }
    }
    // A file that could not be opened: said where the user looks, the current map goes on.
    Text {
        visible: AppController.lastError.length > 0
        anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; topMargin: 60 }
        color: Theme.alertBorder
        font.family: Theme.fontFamily
        font.pixelSize: 14
        text: AppController.lastError
    }
    // The first run over the demo, or a live source that has shown nothing yet: how to show one's own events.
    property bool quietLongEnough: false
    Timer {
        interval: 3000
        running: !AppController.live.hasEvents
        onTriggered: window.quietLongEnough = true
    }
    GettingStarted {
        objectName: "gettingStarted"
        visible: !window.wall && (AppController.demo ? !AppController.welcomeDismissed
                                                      : (AppController.replay === null && window.quietLongEnough
                                                         && !AppController.live.hasEvents))
        reason: AppController.demo ? "demo" : "empty"
        sourceStatus: AppController.source.statusText
        ui: window.ui
        anchors { horizontalCenter: mapArea.horizontalCenter; bottom: parent.bottom; bottomMargin: 40 + window.bottomInset }
        onDismissed: AppController.welcomeDismissed = true
        onOpenRequested: openDialog.open()
    }

    // Banners over the map; its Alerts button sits above the status lines and the timeline.
    AlertBanner {
        id: alertBanner
        anchors { left: mapArea.left; right: mapArea.right; top: mapArea.top; bottom: mapArea.bottom; bottomMargin: window.bottomInset }
        source: AppController.source
        ui: window.ui
        wall: window.wall
    }
    RecordControl {
        anchors { top: parent.top; right: mapArea.right; margins: 16 * window.ui; topMargin: 56 * window.ui; rightMargin: window.chartsShown ? 16 : 56 }
        recorder: AppController.recorder
        ui: window.ui
        wall: window.wall
    }

    ZoomControls {
        visible: !window.wall
        anchors { right: mapArea.right; verticalCenter: parent.verticalCenter; margins: 16 }
        camera: window.showingB && window.cameraB ? window.cameraB : map.camera
    }

    Text {
        id: status
        anchors { right: mapArea.right; bottom: parent.bottom; margins: 10 * window.ui; bottomMargin: 10 * window.ui + window.bottomInset }
        horizontalAlignment: Text.AlignRight
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 11 * window.ui
        text: (window.wall ? "" : AppController.source.statusText + "\n")
              + "Basemap: Natural Earth · Geolocation: GeoLite2 by MaxMind"
    }

    Shortcut {
        sequence: "Ctrl+O"
        enabled: !window.wall
        onActivated: openDialog.open()
    }
    Shortcut {
        sequence: "F11"
        onActivated: AppController.wallMode = !AppController.wallMode
    }
    Shortcut {
        sequence: "Esc"
        enabled: window.wall
        onActivated: AppController.wallMode = false
    }
    // The timeline's keys: play/pause, step, start and end.
    Shortcut {
        sequences: ["Space"]
        enabled: timeline.visible
        onActivated: AppController.replay.togglePlaying()
    }
    Shortcut {
        sequences: ["Left"]
        enabled: timeline.visible
        onActivated: timeline.stepBy(-1)
    }
    Shortcut {
        sequences: ["Right"]
        enabled: timeline.visible
        onActivated: timeline.stepBy(1)
    }
    Shortcut {
        sequences: ["Home"]
        enabled: timeline.visible
        onActivated: AppController.replay.seekFraction(0)
    }
    Shortcut {
        sequences: ["End"]
        enabled: timeline.visible
        onActivated: AppController.replay.seekFraction(1)
    }
    Shortcut {
        sequence: "V"
        enabled: window.comparing
        onActivated: window.compareSplit = !window.compareSplit
    }
    Shortcut {
        sequence: "B"
        enabled: window.comparing
        onActivated: {
            window.compareSplit = false
            window.showB = !window.showB
        }
    }
    Shortcut {
        sequence: "C"
        enabled: !window.wall
        onActivated: AppController.chartsShown = !AppController.chartsShown
    }
    Shortcut {
        sequence: "T"
        onActivated: AppController.tour = !AppController.tour
    }

    // --calendar SPEC (main.cpp): the calendar view, open at start when set.
    property string calendarAtStart
    CalendarView {
        id: calendarView
        anchors.fill: parent
        startSpec: window.calendarAtStart
        sourcePath: AppController.replay ? AppController.replay.path
                                         : (AppController.recorder.recording ? AppController.recorder.path : "")
        recording: !AppController.replay && AppController.recorder.recording
        defaultZone: AppController.timeZone
        campaignFilter: AppController.campaignFilter
        types: AppController.live.types
        typeMask: AppController.live.visibleTypeMask
        wall: AppController.wallMode
    }

    // Hides the pointer on a wall; the map still receives every event.
    MouseArea {
        anchors.fill: parent
        acceptedButtons: Qt.NoButton
        cursorShape: window.wall ? Qt.BlankCursor : Qt.ArrowCursor
    }
}
