// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtTest
import Pulsemap
import Pulsemap.App

// The calendar view as a user drives it, over a real campaign (tst_qml.cpp writes it: 14 Paris days, day d with
// d + 1 events): K and Esc, choices, drag to zoom and a right click out, the tooltip's values and change, and
// the export buttons writing files that are read back.
TestCase {
    id: test
    name: "CalendarView"
    visible: true
    when: windowShown
    width: 1400
    height: 800

    Component {
        id: viewComponent
        CalendarView {
            width: 1400
            height: 800
            defaultZone: "Europe/Paris"
        }
    }

    function createView() {
        const view = createTemporaryObject(viewComponent, test, {sourcePath: testFiles.calendarCampaign})
        verify(view)
        view.model.exportDirectory = testFiles.directory
        return view
    }

    function openView() {
        const view = createView()
        view.visible = true
        tryVerify(() => !view.model.busy && view.model.count === 14, 10000)
        return view
    }

    function test_keysOpenAndClose() {
        const view = createView()
        verify(!view.visible)
        compare(view.model.path, "") // nothing is read while it is closed
        keyClick(Qt.Key_K)
        verify(view.visible)
        tryVerify(() => view.model.count === 14, 10000)
        compare(view.model.zoneName, "Europe/Paris")
        keyClick(Qt.Key_Escape)
        verify(!view.visible)
    }

    function test_choicesChangeTheSeries() {
        const view = openView()
        mouseClick(findChild(view, "choice-Week"))
        tryVerify(() => !view.model.busy && view.model.count === 2, 10000)
        compare(view.model.total, 105)
        mouseClick(findChild(view, "choice-Line"))
        verify(!view.bars)
        compare(view.plot.chart.bars, false)
        // A month has no "a week earlier": greyed out, a tap does nothing.
        mouseClick(findChild(view, "choice-Month"))
        mouseClick(findChild(view, "choice-Week ago"))
        compare(view.model.overlay, CalendarModel.NoOverlay)
    }

    function test_dragZoomsInAndRightClickZoomsOut() {
        const view = openView()
        const chart = view.plot.chart
        const y = chart.height / 2
        mousePress(chart, chart.centerOf(5), y)
        mouseMove(chart, chart.centerOf(7), y)
        mouseMove(chart, chart.centerOf(8), y)
        compare(chart.selectionFirst, 5)
        compare(chart.selectionLast, 8)
        mouseRelease(chart, chart.centerOf(8), y)
        tryVerify(() => !view.model.busy && view.model.count === 4, 10000)
        verify(view.model.zoomed)
        compare(view.model.total, 6 + 7 + 8 + 9)
        compare(chart.selectionFirst, -1)
        mouseClick(chart, chart.centerOf(1), y, Qt.RightButton)
        tryVerify(() => !view.model.busy && view.model.count === 14, 10000)
        verify(!view.model.zoomed)
    }

    function test_tooltipShowsBothValuesAndTheChange() {
        const view = openView()
        mouseClick(findChild(view, "choice-Week ago"))
        tryVerify(() => !view.model.busy && view.model.comparedTotal > 0, 10000)
        const chart = view.plot.chart
        mouseMove(chart, chart.centerOf(9), chart.height / 2)
        const tip = findChild(view, "calendarTip")
        tryVerify(() => tip.visible)
        const text = tip.describe(tip.point)
        // Wed 3 Apr: 10 events, against 3 on Wed 27 Mar.
        verify(text.indexOf("Wed 3 Apr 2024") >= 0, text)
        verify(text.indexOf("3 before") >= 0, text)
        verify(text.indexOf("+7 (+233.3 %)") >= 0, text)
    }

    function test_exportButtonsWriteFiles() {
        const view = openView()
        const status = findChild(view, "calendarStatus")
        mouseClick(findChild(view, "choice-CSV"))
        verify(status.text.indexOf(testFiles.directory) >= 0, status.text)
        const csvPath = status.text.substring(status.text.indexOf(testFiles.directory))
        const rows = testFiles.read(csvPath).trim().split("\n")
        compare(rows.length, 15)
        compare(rows[0], "bucket_start,label,events")
        compare(rows[14], "2024-04-07T00:00:00+02:00,\"Sun 7 Apr 2024\",14")

        mouseClick(findChild(view, "choice-SVG"))
        const svgPath = status.text.substring(status.text.indexOf(testFiles.directory))
        verify(svgPath.endsWith(".svg"), svgPath)
        const svg = testFiles.read(svgPath)
        verify(svg.startsWith("<svg"), svg.substring(0, 40))
        verify(svg.indexOf("data-values=\"1 2 3 4 5 6 7 8 9 10 11 12 13 14\"") >= 0)

        mouseClick(findChild(view, "choice-PNG"))
        tryVerify(() => status.text.indexOf(".png") >= 0, 10000)
        const pngPath = status.text.substring(status.text.indexOf(testFiles.directory))
        verify(testFiles.read(pngPath).startsWith("\u0089PNG"))
    }

    function test_unknownZoneIsReported() {
        const view = openView()
        view.zone = "Mars/Olympus"
        tryVerify(() => !view.model.busy && view.model.lastError !== "", 10000)
        verify(findChild(view, "calendarStatus").text.indexOf("Mars/Olympus") >= 0)
        compare(view.model.count, 0)
    }

    // A live trend card's links write the window's values where they say they did.
    LiveModel { id: liveModel }
    Component {
        id: cardComponent
        Rectangle {
            width: 420
            height: 160
            color: Theme.sidePanel
            property alias links: links
            TrendChart {
                anchors.fill: parent
                model: liveModel.trends
                window: TrendChart.Minute
            }
            ChartExportLinks {
                id: links
                anchors.right: parent.right
                card: parent
                model: liveModel.trends
                window: TrendChart.Minute
                title: "Last hour"
                shown: true
            }
        }
    }

    function test_trendCardLinksExport() {
        const card = createTemporaryObject(cardComponent, test)
        card.links.exportDirectory = testFiles.directory
        mouseClick(findChild(card, "export-csv"))
        const status = card.links.status
        verify(status.indexOf(testFiles.directory) >= 0, status)
        const rows = testFiles.read(status.substring(status.indexOf(testFiles.directory))).trim().split("\n")
        compare(rows.length, 61) // a header and the hour's 60 minutes
        verify(rows[0].startsWith("bucket_start"), rows[0])
        verify(rows[0].endsWith(",total"), rows[0])
        mouseClick(findChild(card, "export-png"))
        tryVerify(() => card.links.status.indexOf(".png") >= 0, 10000)
        const png = card.links.status.substring(card.links.status.indexOf(testFiles.directory))
        verify(testFiles.read(png).startsWith("\u0089PNG"))
    }
}
