// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// One row per event type: its color, name and count. Click a row to show or hide that type
// (DynMap's open/click checkboxes).
Rectangle {
    id: root

    property TypeListModel model
    property real ui: 1

    visible: root.model !== null && root.model.count > 0
    width: column.width + 20 * ui
    height: column.height + 16 * ui
    radius: 6 * ui
    color: Theme.panel
    border.color: Theme.panelBorder

    Column {
        id: column
        anchors.centerIn: parent
        spacing: 4 * root.ui
        Repeater {
            model: root.model
            // qmllint disable unqualified
            // Qt 6.4's qmllint reports the legend's own id (root) as unqualified inside a delegate; its fix,
            // "pragma ComponentBehavior: Bound", needs Qt 6.5. Only this delegate is exempt.
            delegate: Item {
                id: entry
                required property int index
                required property string name
                required property color color
                required property var count
                // TypeListModel::ShownRole ("visible" would shadow Item.visible).
                required property bool shown
                width: row.width
                height: row.height
                opacity: entry.shown ? 1 : 0.35
                Row {
                    id: row
                    spacing: 8 * root.ui
                    Rectangle {
                        anchors.verticalCenter: parent.verticalCenter
                        width: 12 * root.ui
                        height: width
                        radius: width / 2
                        color: entry.color
                        border.color: Qt.lighter(entry.color, 1.4)
                    }
                    Text {
                        width: 90 * root.ui
                        text: entry.name
                        color: Theme.text
                        font.family: Theme.fontFamily
                        font.pixelSize: 14 * root.ui
                    }
                    Text {
                        width: 80 * root.ui
                        horizontalAlignment: Text.AlignRight
                        text: Number(entry.count).toLocaleString(Qt.locale(), 'f', 0)
                        color: Theme.textDim
                        font.family: Theme.fontFamily
                        font.pixelSize: 14 * root.ui
                    }
                }
                TapHandler {
                    onTapped: root.model.toggle(entry.index)
                }
            }
            // qmllint enable unqualified
        }
    }
}
