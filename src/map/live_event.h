#pragma once

#include <cstdint>

namespace pulsemap {

// What the map layers need of one event, already projected: compact, so a burst of thousands per
// frame costs little to hand over. Built by the live model from Events (core/event.h).
struct LiveEvent
{
    float worldX = 0; // Web Mercator world coordinates (mercator.h), x in [0, 1)
    float worldY = 0;
    int64_t tsMs = 0; // when it happened (Unix ms); the map animates relative to its own clock
    float weight = 1;
    uint8_t typeIndex = 0; // index into the legend's types (colors)
};

} // namespace pulsemap
