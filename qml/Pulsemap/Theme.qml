// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
pragma Singleton
import QtQuick

// Colors and type sizes in one place. Dark by default: the map glows, the chrome recedes.
QtObject {
    readonly property color background: "#070b14"
    readonly property color oceanTop: "#0a1222"
    readonly property color oceanBottom: "#05080f"
    readonly property color land: "#1b2638"
    readonly property color coast: "#3f6f8f"
    readonly property color border: "#2c3e56"
    readonly property color text: "#e6edf7"
    readonly property color textDim: "#8391a7"
    readonly property color panel: "#cc0b111d"
    readonly property color panelBorder: "#26344a"
    // The charts' panel beside the map: opaque, so the renderer draws it without blending over the map.
    readonly property color sidePanel: "#0b111d"
    readonly property color accent: "#38d9ff"
    // A source down for too long: a red banner that reads across a room.
    readonly property color alertBackground: "#cc5a0f1f"
    readonly property color alertBorder: "#ff4d6d"
    readonly property string fontFamily: "DejaVu Sans"
}
