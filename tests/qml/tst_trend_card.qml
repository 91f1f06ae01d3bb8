// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtTest
import Pulsemap
import Pulsemap.App

// The trend card's threshold labels: each just above its line, stacked upwards when lines are close (never
// overlapping), below its line when there is no room above; and the value per bucket in the card's unit.
TestCase {
    id: test
    name: "TrendCard"
    visible: true
    when: windowShown
    width: 440
    height: 200

    Component {
        id: cardComponent
        TrendCard {
            width: 440
            height: 200
        }
    }

    function test_labelsStackWithoutOverlapping() {
        const card = createTemporaryObject(cardComponent, test)
        verify(card)
        const h = 140
        // Lines at y = 126, 112 and 46.7 on a 5,000 axis: the two low ones are 14 px apart, a label is 13 high.
        const ys = card.stackLabels([{value: 500}, {value: 1000}, {value: 3333}], 5000, h, 13)
        compare(ys.length, 3)
        const lineY = v => h - v * h / 5000
        fuzzyCompare(ys[0], lineY(500) - 14, 0.01) // just above its line
        verify(ys[1] + 13 < ys[0])                    // above the lower label, not over it
        verify(ys[1] + 13 <= lineY(1000))             // and still above its own line
        fuzzyCompare(ys[2], lineY(3333) - 14, 0.01)
        // Three lines at the same value: three labels, one above the other.
        const same = card.stackLabels([{value: 10}, {value: 10}, {value: 10}], 20, h, 13)
        const sorted = same.slice().sort((a, b) => a - b)
        verify(sorted[1] - sorted[0] >= 13 && sorted[2] - sorted[1] >= 13)
        // A line at the very top: its label goes below it, inside the chart.
        const top = card.stackLabels([{value: 20}], 20, h, 13)
        compare(top[0], 2)
        compare(card.stackLabels([], 20, h, 13).length, 0)
    }

    function test_valuePerBucketInTheCardsUnit() {
        const card = createTemporaryObject(cardComponent, test, {window: TrendChart.Second})
        compare(card.perBucket(5), "5/s")
        card.window = TrendChart.Minute
        compare(card.perBucket(300), "300/min")
        card.window = TrendChart.Hour
        compare(card.perBucket(18000), Number(18000).toLocaleString(Qt.locale(), 'f', 0) + "/h")
        card.window = TrendChart.Second
        compare(card.perBucket(10 / 300), "0.03/s".replace(".", Qt.locale().decimalPoint))
    }
}
