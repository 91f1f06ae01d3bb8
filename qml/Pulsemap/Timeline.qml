// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls
import Pulsemap.App

// The replay's timeline under the map: the campaign's events per time bucket stacked by type (in the legend's
// colors), a playhead to drag (the map scrubs along: every moment's heat is rebuilt as it was), and the
// controls: play/pause, step, speed, loop, window mode and the clock of the moment in a chosen time zone.
// Keys (Main.qml): space, left/right (step), Home/End.
Rectangle {
    id: root

    property ReplaySource replay
    property LiveModel live
    // A/B compare: B's histogram is drawn over A's as a line, moved by the alignment.
    property CompareSession compare
    property real ui: 1
    // IANA zone for the clock (empty: the system's); chosen or typed in the zone box.
    property string timeZone: ""
    signal timeZoneChosen(string zone)
    // One step of the arrow keys and buttons, in campaign ms.
    property real stepMs: 60000

    readonly property real span: replay && replay.opened ? Math.max(1, replay.endMs - replay.startMs) : 1
    readonly property real fraction: replay && replay.opened ? (replay.positionMs - replay.startMs) / span : 0

    // Narrow windows (a 1280-wide window beside the charts) put the clock on a line of its own.
    readonly property bool compact: width < controls.implicitWidth + clockRow.implicitWidth + 24 * ui
    height: (compact ? 132 : 96) * ui
    radius: 6 * ui
    color: Theme.panel
    border.color: Theme.panelBorder

    function speedLabel(x) {
        return x >= 1 ? Math.round(x).toLocaleString(Qt.locale("en_US"), "f", 0) + "×" : x.toFixed(2) + "×"
    }
    function durationLabel(ms) {
        return ms % 3600000 === 0 ? ms / 3600000 + " h" : Math.round(ms / 60000) + " min"
    }
    function stepBy(direction) {
        root.replay.step(direction * root.stepMs)
    }
    // A step as typed: "90s", "5 min", "1.5h", "2d", "250ms" (a bare number is minutes). The step field's
    // validator and parseDuration() read the same pattern.
    readonly property var durationPattern: /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)?\s*$/i
    // The typed step in ms; 0 when it is none of these.
    function parseDuration(text) {
        const m = root.durationPattern.exec(text)
        if (!m)
            return 0
        const unit = { "ms": 1, "s": 1000, "sec": 1000, "m": 60000, "min": 60000, "h": 3600000, "d": 86400000 }
        return parseFloat(m[1]) * unit[(m[2] || "min").toLowerCase()]
    }

    Row {
        id: controls
        anchors { left: parent.left; top: parent.top; margins: 8 * root.ui }
        spacing: 8 * root.ui
        height: 28 * root.ui

        Button {
            text: root.replay && root.replay.playing ? "❚❚" : "▶"
            width: 40 * root.ui
            height: parent.height
            onClicked: root.replay.togglePlaying()
        }
        Button {
            text: "◀|"
            width: 36 * root.ui
            height: parent.height
            onClicked: root.stepBy(-1)
        }
        Button {
            text: "|▶"
            width: 36 * root.ui
            height: parent.height
            onClicked: root.stepBy(1)
        }
        // The step of the buttons and arrow keys, typed: "30s", "5 min", "1h", "1d".
        TextField {
            id: stepField
            objectName: "stepField"
            width: 64 * root.ui
            height: parent.height
            text: "1 min"
            selectByMouse: true
            color: acceptableInput ? palette.text : Theme.alertBorder
            validator: RegularExpressionValidator { regularExpression: root.durationPattern }
            onEditingFinished: {
                const ms = root.parseDuration(text)
                if (ms > 0)
                    root.stepMs = ms
            }
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Step of ◀| |▶ and the arrow keys: 30s, 5 min, 1h, 1d")
        }
        ComboBox {
            id: speedBox
            width: 120 * root.ui
            height: parent.height
            model: [0.01, 0.1, 1, 10, 60, 600, 3600, 36000, 100000]
            displayText: root.replay ? root.speedLabel(root.replay.speed) : ""
            onActivated: index => root.replay.speed = model[index]
        }
        ComboBox {
            width: 150 * root.ui
            height: parent.height
            model: ["fit in 1 min", "fit in 10 min", "fit in 1 h"]
            displayText: "fit campaign…"
            onActivated: index => root.replay.fitInto([60, 600, 3600][index])
        }
        Button {
            text: checked ? "loop ✓" : "loop"
            height: parent.height
            checkable: true
            checked: root.replay ? root.replay.loop : false
            onToggled: root.replay.loop = checked
        }
        ComboBox {
            width: 150 * root.ui
            height: parent.height
            model: ["decaying heat", "cumulative", "last " + root.durationLabel(root.replay ? root.replay.windowMs : 3600000)]
            currentIndex: root.replay ? root.replay.windowMode : 0
            onActivated: index => root.replay.windowMode = index
        }
    }
    // The moment shown and the zone it is read in: beside the controls, or under them when the window is narrow.
    Row {
        id: clockRow
        anchors.top: root.compact ? controls.bottom : parent.top
        anchors.topMargin: (root.compact ? 6 : 8) * root.ui
        anchors.left: root.compact ? parent.left : controls.right
        anchors.leftMargin: 8 * root.ui
        spacing: 8 * root.ui
        height: 28 * root.ui
        Text {
            anchors.verticalCenter: parent.verticalCenter
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 14 * root.ui
            text: root.replay && root.replay.opened ? root.replay.formatTime(root.replay.positionMs, root.timeZone) : ""
        }
        // The clock's zone: a few common ones, or any IANA name typed in.
        ComboBox {
            objectName: "timeZoneBox"
            width: 170 * root.ui
            height: parent.height
            editable: true
            model: ["local time", "UTC", "America/New_York", "America/Los_Angeles", "America/Sao_Paulo", "Europe/London",
                    "Europe/Berlin", "Africa/Lagos", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney"]
            currentIndex: root.timeZone === "" ? 0 : model.indexOf(root.timeZone)
            editText: root.timeZone === "" ? "local time" : root.timeZone
            onActivated: index => root.timeZoneChosen(index === 0 ? "" : model[index])
            onAccepted: root.timeZoneChosen(editText === "local time" ? "" : editText.trim())
        }
    }

    Item {
        id: track
        anchors { left: parent.left; right: parent.right; top: root.compact ? clockRow.bottom : controls.bottom; bottom: parent.bottom; margins: 8 * root.ui }

        // The histogram: painted once per campaign and selection (it does not change while playing), stacked
        // per type.
        Canvas {
            id: histogram
            anchors.fill: parent
            renderTarget: Canvas.Image
            onWidthChanged: requestPaint()
            onHeightChanged: requestPaint()
            readonly property bool opened: root.replay ? root.replay.opened : false
            onOpenedChanged: requestPaint()
            // A campaign chosen or all again: that selection's histogram.
            readonly property var buckets: root.replay ? root.replay.histogram : []
            onBucketsChanged: requestPaint()
            // The legend's toggles hide a type here as on the map.
            readonly property int shownTypes: root.live ? root.live.visibleTypeMask : 0
            onShownTypesChanged: requestPaint()
            // A's busiest bucket in events per ms: B's line is drawn on the same scale, so volumes compare.
            property real peakRate: 0
            onPeakRateChanged: compareLine.requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                if (!root.replay || !root.replay.opened)
                    return
                const buckets = root.replay.histogram
                const bucketMs = root.replay.histogramBucketMs
                const start = root.replay.startMs
                const columns = Math.max(1, Math.ceil(root.span / bucketMs) + 1)
                const stacks = []
                let peak = 1
                const totals = new Array(columns).fill(0)
                const shown = {}
                for (const b of buckets) {
                    if (shown[b.type] === undefined)
                        shown[b.type] = root.live ? root.live.typeShown(b.type) : true
                }
                for (const b of buckets) {
                    if (!shown[b.type])
                        continue
                    const i = Math.max(0, Math.min(columns - 1, Math.floor((b.t - start) / bucketMs)))
                    totals[i] += b.n
                    peak = Math.max(peak, totals[i])
                }
                peakRate = peak / bucketMs
                const barWidth = width / columns
                const base = new Array(columns).fill(0)
                for (const b of buckets) {
                    if (!shown[b.type])
                        continue
                    const i = Math.max(0, Math.min(columns - 1, Math.floor((b.t - start) / bucketMs)))
                    const h = b.n / peak * height
                    ctx.fillStyle = root.live ? root.live.typeColor(b.type) : Theme.accent
                    ctx.fillRect(i * barWidth, height - base[i] - h, Math.max(1, barWidth - 0.5), h)
                    base[i] += h
                }
            }
        }

        // B's histogram (A/B compare): its events per time, summed over the shown types, as a line on A's time
        // axis (B's time minus the alignment's offset) and A's scale.
        Canvas {
            id: compareLine
            anchors.fill: parent
            renderTarget: Canvas.Image
            visible: root.compare !== null
            readonly property ReplaySource b: root.compare ? root.compare.replay : null
            readonly property var buckets: b ? b.histogram : []
            readonly property real offset: root.compare ? root.compare.offsetMs : 0
            onBucketsChanged: requestPaint()
            onOffsetChanged: requestPaint()
            onWidthChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                if (!b || !b.opened || !root.replay || !root.replay.opened || histogram.peakRate <= 0)
                    return
                const bucketMs = b.histogramBucketMs
                const totals = new Map()
                for (const bucket of buckets) {
                    if (root.live && !root.live.typeShown(bucket.type))
                        continue
                    totals.set(bucket.t, (totals.get(bucket.t) || 0) + bucket.n)
                }
                const times = Array.from(totals.keys()).sort((x, y) => x - y)
                ctx.strokeStyle = "#e6edf7"
                ctx.lineWidth = 1.5
                ctx.beginPath()
                let started = false
                for (const t of times) {
                    const x = (t - offset - root.replay.startMs) / root.span * width
                    const rate = totals.get(t) / bucketMs
                    const y = height - Math.min(1, rate / histogram.peakRate) * height
                    if (!started) {
                        ctx.moveTo(x, height)
                        started = true
                    }
                    ctx.lineTo(x, y)
                }
                ctx.stroke()
            }
        }
        Text {
            visible: root.compare !== null
            anchors { right: parent.right; top: parent.top; margins: 2 }
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 11 * root.ui
            text: root.compare ? qsTr("bars: A · line: B (%1)").arg(root.compare.name) : ""
        }

        // Played part dimmed less: where the playhead has been.
        Rectangle {
            anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
            width: parent.width * root.fraction
            color: "#1438d9ff"
        }

        Rectangle {
            id: playhead
            x: parent.width * root.fraction - width / 2
            width: 2 * root.ui
            anchors { top: parent.top; bottom: parent.bottom }
            color: Theme.accent
        }

        // Press or drag anywhere on the track: scrub there.
        MouseArea {
            anchors.fill: parent
            function scrub(mouseX) {
                if (root.replay && root.replay.opened)
                    root.replay.seekFraction(Math.max(0, Math.min(1, mouseX / width)))
            }
            onPressed: mouse => scrub(mouse.x)
            onPositionChanged: mouse => { if (pressed) scrub(mouse.x) }
        }
    }
}
