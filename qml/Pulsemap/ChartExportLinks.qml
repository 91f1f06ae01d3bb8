// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// A live trend card's export links: PNG of the card as drawn, SVG and CSV of the window's values (TrendExport),
// written to ~/Pictures (or the home directory) under a dated name; where it went shows for a few seconds.
Row {
    id: root

    property Item card
    property TrendModel model
    property int window
    property string title
    property bool shown
    property string status
    // Where files go; empty: ~/Pictures, or the home directory.
    property alias exportDirectory: exporter.exportDirectory

    spacing: 8
    visible: (shown || status !== "") && !grabbing
    property bool grabbing: false

    TrendExport {
        id: exporter
        onExported: (path, error) => {
            root.grabbing = false
            root.report(error !== "" ? error : qsTr("Written to %1").arg(path))
        }
    }
    Timer {
        id: clear
        interval: 6000
        onTriggered: root.status = ""
    }
    function report(text) {
        status = text
        clear.restart()
    }
    function exportAs(extension) {
        const name = ["trend-second", "trend-minute", "trend-hour"][window]
        const path = exporter.defaultExportPath(name, extension)
        if (extension === "png") {
            grabbing = true
            const error = exporter.exportPng(card, path)
            if (error !== "") {
                grabbing = false
                report(error)
            }
            return
        }
        const error = extension === "svg" ? exporter.exportSvg(model, window, title, path)
                                          : exporter.exportCsv(model, window, path)
        report(error !== "" ? error : qsTr("Written to %1").arg(path))
    }

    Text {
        visible: root.status !== ""
        width: Math.min(implicitWidth, (root.card ? root.card.width : 300) - 150)
        elide: Text.ElideLeft
        text: root.status
        color: Theme.textDim
        font.family: Theme.fontFamily
        font.pixelSize: 10
    }
    // qmllint disable unqualified
    // Qt 6.4's qmllint reports ids outside a delegate as unqualified; its fix, "pragma ComponentBehavior:
    // Bound", needs Qt 6.5 (as in Legend.qml). Only the delegate is exempt.
    Repeater {
        model: ["png", "svg", "csv"]
        Text {
            required property string modelData
            objectName: "export-" + modelData
            text: modelData.toUpperCase()
            color: Theme.accent
            font.family: Theme.fontFamily
            font.pixelSize: 10
            TapHandler {
                onTapped: root.exportAs(parent.modelData)
            }
        }
    }
    // qmllint enable unqualified
}
