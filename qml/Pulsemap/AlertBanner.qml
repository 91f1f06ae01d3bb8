// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtQuick.Controls
import Pulsemap.App

// Alert rules over the map (docs/alerts.md): a red banner per firing rule at the top, a toast for each change
// (and, when the desktop shows no notifications, the in-app notice), and an "Alerts" button opening the rules
// (added and removed here, saved across runs) with the alert log. Fills its parent; only its own controls take
// input.
Item {
    id: root
    property alias source: center.source
    property real ui: 1
    property bool wall: false
    // The rules and their state, for the trend charts' threshold lines (ChartsPanel.alerts).
    readonly property AlertCenter alertCenter: center

    AlertCenter {
        id: center
    }

    Column {
        anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; topMargin: 96 * root.ui }
        spacing: 6 * root.ui
        // qmllint disable unqualified
        // Qt 6.4's qmllint reports ids outside a delegate as unqualified (as in BreakdownBars.qml); its fix,
        // "pragma ComponentBehavior: Bound", needs Qt 6.5. Only the delegates are exempt.
        Repeater {
            model: center.firing.length
            Rectangle {
                id: firingBox
                required property int index
                readonly property string text: center.firing[index] ?? ""
                width: firingText.implicitWidth + 28 * root.ui
                height: firingText.implicitHeight + 14 * root.ui
                radius: 6 * root.ui
                color: Theme.alertBackground
                border.color: Theme.alertBorder
                Text {
                    id: firingText
                    anchors.centerIn: parent
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: 15 * root.ui
                    font.bold: true
                    text: "⚠ " + firingBox.text
                }
            }
        }
        // qmllint enable unqualified
        // The latest change, when it is not already a banner above (a rule that resolved, or the in-app notice).
        Rectangle {
            visible: center.notice.length > 0 && center.notice.indexOf(" is firing:") < 0
            width: noticeText.implicitWidth + 24 * root.ui
            height: noticeText.implicitHeight + 12 * root.ui
            radius: 6 * root.ui
            color: Theme.panel
            border.color: Theme.panelBorder
            Text {
                id: noticeText
                anchors.centerIn: parent
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 13 * root.ui
                text: center.notice
            }
        }
    }

    Button {
        visible: !root.wall
        anchors { right: parent.right; bottom: parent.bottom; margins: 16; bottomMargin: 120 }
        text: center.rules.length > 0 ? "Alerts (" + center.rules.length + ")" : "Alerts"
        onClicked: rulesPopup.open()
    }

    Popup {
        id: rulesPopup
        anchors.centerIn: parent
        width: Math.min(640, root.width - 40)
        modal: true
        padding: 16
        background: Rectangle {
            color: Theme.sidePanel
            border.color: Theme.panelBorder
            radius: 8
        }
        Column {
            spacing: 8
            Text {
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 16
                font.bold: true
                text: "Alert rules"
            }
            Text {
                width: rulesPopup.availableWidth
                wrapMode: Text.WordWrap
                color: Theme.textDim
                font.family: Theme.fontFamily
                font.pixelSize: 12
                text: "NAME: TYPE per WINDOW > COUNT (or <, >=, <=), or NAME: source down WINDOW. "
                      + "TYPE * is any type; WINDOW 10s, 5m, 1h."
                      + (center.desktopNotifications ? "" : " Desktop notifications are unavailable: alerts show here.")
            }
            // qmllint disable unqualified
            Repeater {
                model: center.rules.length
                Row {
                    id: ruleRow
                    required property int index
                    readonly property string text: center.rules[index] ?? ""
                    spacing: 8
                    Text {
                        anchors.verticalCenter: parent.verticalCenter
                        color: Theme.text
                        font.family: Theme.fontFamily
                        font.pixelSize: 13
                        text: ruleRow.text
                    }
                    Button {
                        text: "Remove"
                        onClicked: center.removeRule(ruleRow.index)
                    }
                }
            }
            // qmllint enable unqualified
            Row {
                spacing: 8
                TextField {
                    id: ruleField
                    width: 380
                    placeholderText: "burst: click per 10s > 50"
                    onAccepted: addButton.clicked()
                }
                Button {
                    id: addButton
                    text: "Add"
                    onClicked: {
                        ruleError.text = center.addRule(ruleField.text)
                        if (ruleError.text.length === 0)
                            ruleField.clear()
                    }
                }
            }
            Text {
                id: ruleError
                visible: text.length > 0
                width: parent.width
                wrapMode: Text.WordWrap
                color: Theme.alertBorder
                font.family: Theme.fontFamily
                font.pixelSize: 12
            }
            Text {
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: 14
                font.bold: true
                text: "Alert log"
            }
            ListView {
                width: parent.width
                height: 140
                clip: true
                model: center.log
                delegate: Text {
                    required property string modelData
                    color: Theme.textDim
                    font.family: Theme.fontFamily
                    font.pixelSize: 12
                    text: modelData
                }
            }
        }
    }
}
