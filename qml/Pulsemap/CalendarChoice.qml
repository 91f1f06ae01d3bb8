// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick

// A row of mutually exclusive choices as a segmented control: the chosen one filled with the accent.
// options: [{label, value, enabled (optional)}]; `value` is the chosen value, `chosen(value)` asks for another.
Row {
    id: root

    property string title
    property var options: []
    property int value: 0
    signal chosen(int value)

    spacing: 0

    Text {
        visible: root.title !== ""
        anchors.verticalCenter: parent.verticalCenter
        rightPadding: 8
        text: root.title
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 12
    }
    // qmllint disable unqualified
    // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
    // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
    Repeater {
        model: root.options
        Rectangle {
            id: segment
            objectName: "choice-" + modelData.label
            required property var modelData
            required property int index
            readonly property bool selected: root.value === modelData.value
            readonly property bool usable: modelData.enabled === undefined || modelData.enabled
            width: label.implicitWidth + 18
            height: 24
            radius: 3
            color: selected ? Theme.accent : (tap.pressed ? Theme.panelBorder : "transparent")
            border.color: selected ? Theme.accent : Theme.panelBorder
            Text {
                id: label
                anchors.centerIn: parent
                text: segment.modelData.label
                color: segment.selected ? Theme.background : (segment.usable ? Theme.text : Theme.border)
                font.family: Theme.fontFamily
                font.pixelSize: 12
                font.weight: segment.selected ? Font.DemiBold : Font.Normal
            }
            TapHandler {
                id: tap
                enabled: segment.usable
                onTapped: root.chosen(segment.modelData.value)
            }
        }
    }
    // qmllint enable unqualified
}
