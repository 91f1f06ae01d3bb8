// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import Pulsemap.App

// Recording the live source: a toggle with a red dot, the file being written, its events and size, and
// why it stopped when it failed. Hidden for replays (nothing to record) and, on a wall, unless recording.
Rectangle {
    id: root

    property Recorder recorder
    property real ui: 1
    property bool wall: false

    visible: recorder !== null && recorder.available && (!wall || recorder.recording)
    implicitWidth: row.implicitWidth + 16 * ui
    implicitHeight: row.implicitHeight + 12 * ui
    radius: 6 * ui
    color: Theme.panel
    border.color: recorder && recorder.lastError.length > 0 ? Theme.alertBorder : Theme.panelBorder

    function fileName(path) {
        return path.substring(path.lastIndexOf("/") + 1)
    }
    function humanBytes(bytes) {
        if (bytes >= 1024 * 1024 * 1024)
            return (bytes / (1024 * 1024 * 1024)).toFixed(1) + " GB"
        if (bytes >= 1024 * 1024)
            return (bytes / (1024 * 1024)).toFixed(1) + " MB"
        return Math.ceil(bytes / 1024) + " kB"
    }
    function toggle() {
        if (recorder.recording)
            recorder.stop()
        else if (recorder.path.length > 0)
            recorder.start(recorder.path)
        else
            chooser.open()
    }

    Row {
        id: row
        anchors.centerIn: parent
        spacing: 8 * root.ui

        Button {
            id: toggleButton
            objectName: "recordToggle"
            visible: !root.wall
            text: root.recorder && root.recorder.recording ? qsTr("Stop") : qsTr("Record")
            leftPadding: dot.width + 16 * root.ui
            palette.button: Theme.panel
            palette.buttonText: Theme.text
            onClicked: root.toggle()

            Rectangle {
                id: dot
                anchors { left: parent.left; leftMargin: 8 * root.ui; verticalCenter: parent.verticalCenter }
                width: 10 * root.ui
                height: width
                radius: width / 2
                color: "#ff3b3b"
                opacity: root.recorder && root.recorder.recording ? 1 : 0.35
                SequentialAnimation on opacity {
                    running: root.recorder !== null && root.recorder.recording
                    loops: Animation.Infinite
                    NumberAnimation { to: 0.3; duration: 700 }
                    NumberAnimation { to: 1; duration: 700 }
                }
            }
        }
        Button {
            objectName: "recordChoose"
            visible: !root.wall && root.recorder !== null && !root.recorder.recording
            text: "\u2026"
            implicitWidth: 36 * root.ui
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Choose the campaign file to record into")
            palette.button: Theme.panel
            palette.buttonText: Theme.text
            onClicked: chooser.open()
        }
        Text {
            objectName: "recordStatus"
            anchors.verticalCenter: parent.verticalCenter
            color: root.recorder && root.recorder.lastError.length > 0 ? Theme.alertBorder : Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: 13 * root.ui
            text: {
                if (!root.recorder)
                    return ""
                if (root.recorder.lastError.length > 0)
                    return root.recorder.lastError
                if (root.recorder.path.length === 0)
                    return qsTr("Not recording")
                let line = root.fileName(root.recorder.path) + " · "
                        + qsTr("%L1 events").arg(root.recorder.eventsWritten) + " · "
                        + root.humanBytes(root.recorder.bytesOnDisk)
                if (root.recorder.droppedEvents > 0)
                    line += " · " + qsTr("%L1 dropped").arg(root.recorder.droppedEvents)
                return line
            }
        }
    }

    FileDialog {
        id: chooser
        title: qsTr("Record into a campaign file")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("Pulsemap campaigns (*.pulsemap)"), qsTr("All files (*)")]
        defaultSuffix: "pulsemap"
        // An existing campaign is appended to, never overwritten: no "replace?" question. (Qt 6.4's
        // qmltypes leave the options flags out, so qmllint knows neither the property nor its values.)
        // qmllint disable
        options: FileDialog.DontConfirmOverwrite
        // qmllint enable
        onAccepted: root.recorder.start(String(selectedFile))
    }
}
