// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls

// What to do next, over the map: on the first run over the demo ("this is a demo; here is how to show your
// own events") until dismissed, and whenever a live source has shown nothing yet (an empty log, a stream
// that has not sent anything), so a quiet map is never a mystery.
Rectangle {
    id: root

    // "demo" or "empty"
    property string reason: "demo"
    property string sourceStatus: ""
    property real ui: 1
    signal dismissed()
    signal openRequested()

    width: Math.min(620 * ui, parent ? parent.width - 48 * ui : 620 * ui)
    height: content.implicitHeight + 40 * ui
    radius: 8 * ui
    color: Theme.panel
    opacity: 0.94
    border.color: Theme.panelBorder

    Column {
        id: content
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 20 * root.ui }
        spacing: 10 * root.ui

        Text {
            width: parent.width
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 20 * root.ui
            font.bold: true
            text: root.reason === "demo" ? qsTr("Welcome to Pulsemap") : qsTr("No events yet")
        }
        Text {
            width: parent.width
            wrapMode: Text.WordWrap
            color: Theme.textDim
            font.family: Theme.fontFamily
            font.pixelSize: 13 * root.ui
            text: root.reason === "demo"
                  ? qsTr("You are watching a demo: one newsletter send replayed, its opens and clicks around the world as the mail reaches each time zone's morning. The timeline below moves through it; drag it to see any moment.")
                  : qsTr("Waiting for the first event. ") + root.sourceStatus
        }
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
        // Bound", needs Qt 6.5 (as in BreakdownBars.qml). Only the delegate is exempt.
        Repeater {
            model: [
                [qsTr("Open a campaign"), qsTr("Open… (Ctrl+O), a recent file, or drop a .pulsemap file on this window")],
                [qsTr("Follow a web server's log"), "pulsemap --source /var/log/nginx/access.log"],
                [qsTr("Connect to a live stream"), "pulsemap --source ws://relay.example:8080/events"],
                [qsTr("Record what the map shows"), qsTr("● Record, top right, or --record FILE (live sources)")]
            ]
            delegate: Column {
                id: way
                required property var modelData
                width: content.width
                spacing: 2 * root.ui
                Text {
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: 14 * root.ui
                    font.bold: true
                    text: way.modelData[0]
                }
                Text {
                    width: parent.width
                    wrapMode: Text.WrapAnywhere
                    color: Theme.textDim
                    font.family: way.modelData[1].startsWith("pulsemap") ? "monospace" : Theme.fontFamily
                    font.pixelSize: 13 * root.ui
                    text: way.modelData[1]
                }
            }
        }
        // qmllint enable unqualified
        Row {
            spacing: 8 * root.ui
            Button {
                text: qsTr("Open a campaign…")
                onClicked: root.openRequested()
            }
            Button {
                visible: root.reason === "demo"
                text: qsTr("Got it")
                onClicked: root.dismissed()
            }
        }
    }
}
