// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import QtTest
import Pulsemap

// The timeline's typed step: what the field accepts is what parseDuration() reads (one pattern for both).
TestCase {
    id: test
    name: "Timeline"
    visible: true
    when: windowShown
    width: 1280
    height: 200

    Component {
        id: timelineComponent
        Timeline {
            width: 1280
        }
    }

    function findChild(item, name) {
        if (item.objectName === name)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findChild(item.children[i], name)
            if (found)
                return found
        }
        return null
    }

    function test_parseDuration_data() {
        return [
            { tag: "seconds", text: "90s", ms: 90000 },
            { tag: "spaced minutes", text: " 5 min ", ms: 300000 },
            { tag: "fraction of an hour", text: "1.5h", ms: 5400000 },
            { tag: "days, upper case", text: "2D", ms: 172800000 },
            { tag: "milliseconds", text: "250ms", ms: 250 },
            { tag: "bare number is minutes", text: "3", ms: 180000 },
            { tag: "unknown unit", text: "3 weeks", ms: 0 },
            { tag: "not a number", text: "soon", ms: 0 },
            { tag: "empty", text: "", ms: 0 },
        ]
    }

    function test_parseDuration(data) {
        const timeline = createTemporaryObject(timelineComponent, test)
        verify(timeline)
        compare(timeline.parseDuration(data.text), data.ms)
    }

    function test_stepFieldAcceptsWhatParses_data() {
        return test_parseDuration_data()
    }

    function test_stepFieldAcceptsWhatParses(data) {
        const timeline = createTemporaryObject(timelineComponent, test)
        const field = findChild(timeline, "stepField")
        verify(field)
        field.text = data.text
        compare(field.acceptableInput, data.ms > 0)
        if (data.ms > 0) {
            field.editingFinished()
            compare(timeline.stepMs, data.ms)
        }
    }
}
