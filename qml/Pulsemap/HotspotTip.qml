// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick

// The hover card for a hot spot: where it is and how many events it has had recently.
Rectangle {
    id: root

    property string city
    property string country
    property real count

    width: label.implicitWidth + 20
    height: label.implicitHeight + 12
    radius: 5
    color: Theme.panel
    border.color: Theme.panelBorder

    Text {
        id: label
        anchors.centerIn: parent
        color: Theme.text
        font.family: Theme.fontFamily
        font.pixelSize: 13
        textFormat: Text.StyledText
        text: "<b>" + (root.city.length > 0 ? root.city + (root.country ? ", " + root.country : "")
                                             : (root.country || qsTr("Here")))
              + "</b><br>" + qsTr("%1 recent events").arg(Math.round(root.count).toLocaleString(Qt.locale(), 'f', 0))
    }
}
