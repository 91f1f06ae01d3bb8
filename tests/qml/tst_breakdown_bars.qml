// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtTest
import Pulsemap

// The breakdowns' bars with names too long for their column: a path elided in the middle, a name at its end, a
// short one whole; hovering a row shows the full name, the count and the share in its tooltip, and leaving it
// hides the tooltip.
TestCase {
    id: test
    name: "BreakdownBars"
    visible: true
    when: windowShown
    width: 440
    height: 300

    readonly property string longPath: "/blog/2026/11/a-very-long-article-title-about-world-maps/part-2"
    readonly property string longName: "autumn-newsletter-2026-second-wave-returning-readers"

    Component {
        id: barsComponent
        BreakdownBars {
            y: 80
            width: 420
            labelWidth: 150
        }
    }

    function makeBars(elide) {
        const bars = createTemporaryObject(barsComponent, test, {
            labelElide: elide,
            rows: [{label: test.longPath, count: 1234, share: 0.617},
                   {label: test.longName, count: 700, share: 0.35},
                   {label: "/", count: 66, share: 0.033}]
        })
        verify(bars)
        waitForRendering(bars)
        return bars
    }

    function labelOf(bars, row) {
        return findChild(findChild(bars, "barRow" + row), "barLabel")
    }

    function test_longNamesAreElided() {
        const paths = makeBars(Text.ElideMiddle)
        const path = labelOf(paths, 0)
        verify(path.truncated)
        verify(path.width <= 150)
        compare(path.text, test.longPath) // the text is whole; only its drawing is elided
        const whole = labelOf(paths, 2)
        verify(!whole.truncated)
        compare(whole.elide, Text.ElideMiddle)
        const names = makeBars(Text.ElideRight)
        verify(labelOf(names, 1).truncated)
        compare(labelOf(names, 1).elide, Text.ElideRight)
    }

    function test_hoverShowsTheFullNameCountAndShare() {
        const bars = makeBars(Text.ElideMiddle)
        const row = findChild(bars, "barRow0")
        const tip = findChild(row, "barTip")
        verify(!tip.visible)
        mouseMove(row, 40, row.height / 2)
        tryVerify(() => tip.visible, 2000)
        verify(tip.text.indexOf(test.longPath) === 0)
        verify(tip.text.indexOf(Number(1234).toLocaleString(Qt.locale(), 'f', 0) + " events") > 0)
        verify(tip.text.indexOf("61.7 %") > 0)
        verify(tip.y + tip.height <= 0) // above its row, over nothing below the list
        verify(tip.x + tip.width <= row.width)
        // Another row: its own numbers; then away from the list, no tooltip.
        const other = findChild(bars, "barRow1")
        mouseMove(other, 40, other.height / 2)
        tryVerify(() => findChild(other, "barTip").visible && !tip.visible, 2000)
        verify(findChild(other, "barTip").text.indexOf(test.longName) === 0)
        verify(findChild(other, "barTip").text.indexOf("35.0 %") > 0)
        mouseMove(test, 5, 5)
        tryVerify(() => !findChild(other, "barTip").visible, 2000)
    }
}
