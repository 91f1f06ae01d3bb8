// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>

namespace pulsemap {

// How many event types the map tells apart: the legend's rows (TypeListModel, where later newcomers share
// the last row, "other"), the layers' colors and visibility bits. Everything else derives from it: the
// pulse shader holds room for 16 colors (static_assert in pulse_material.cpp), the heat grid has fewer
// channels and folds the last types into its last one (HeatLayer::channelForType says why).
inline constexpr int kMaxEventTypes = 12;
// Every type shown, as a visibility mask (bit i: type index i).
inline constexpr uint32_t kAllEventTypes = (1U << kMaxEventTypes) - 1;

// What the map layers need of one event, already projected: compact, so a burst of thousands per
// frame costs little to hand over. Built by the live model from Events (core/event.h).
struct LiveEvent
{
    float worldX = 0; // Web Mercator world coordinates (mercator.h), x in [0, 1)
    float worldY = 0;
    int64_t tsMs = 0; // when it happened (Unix ms); the map animates relative to its own clock
    float weight = 1;
    uint8_t typeIndex = 0; // index into the legend's types (colors), below kMaxEventTypes
    // A pulse only: the heat already holds it (the recent events shown after a seek, whose heat came with the
    // rebuilt picture).
    bool pulseOnly = false;
};

} // namespace pulsemap
