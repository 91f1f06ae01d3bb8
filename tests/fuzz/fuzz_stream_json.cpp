// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Stream messages through the JSON event decoder: whatever the bytes, every decoded event must be sane and
// re-encode to JSON that decodes to the same number of events. Every decoded time is plausible
// (core/event.h): impossible ones are refused as malformed, never passed on.

#include "stream/event_decoder.h"
#include "stream/event_json.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pulsemap::EventDecoder decoder([] {
        pulsemap::DecodeLimits limits;
        limits.maxMessageBytes = 8192;
        limits.maxEventsPerMessage = 64;
        return limits;
    }());
    static pulsemap::EventBatch batch;
    static std::vector<pulsemap::ControlMessage> controls;
    batch.clear();
    controls.clear();
    const std::string_view message(reinterpret_cast<const char *>(data), size);
    const pulsemap::DecodeResult result =
        decoder.decode(message, 1700000000000, batch, &controls, pulsemap::kDefaultEventType);
    if (result.events != batch.size() || result.controls != controls.size() || batch.size() > 64) {
        std::abort();
    }
    std::string json = "[";
    for (const pulsemap::Event &event : batch.events()) {
        if (event.type.empty() || event.type.size > 64 || !pulsemap::plausibleEventTime(event.tsMs) ||
            (event.located() && (std::fabs(event.lat) > 90 || std::fabs(event.lon) > 180)) ||
            !std::isfinite(event.weight) || event.weight < 0) {
            std::abort();
        }
        if (json.size() > 1) {
            json.push_back(',');
        }
        pulsemap::appendEventJson(batch, event, json);
    }
    json.push_back(']');
    pulsemap::EventDecoder again;
    pulsemap::EventBatch copy;
    const pulsemap::DecodeResult second = again.decode(json, 0, copy, nullptr, pulsemap::kDefaultEventType);
    if (second.events != batch.size() || second.malformed != 0) {
        std::abort(); // what we write must read back whole
    }
    return 0;
}
