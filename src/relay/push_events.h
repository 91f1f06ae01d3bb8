// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "stream/event_decoder.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pulsemap {

// How many refused objects a push answer lists (index and reason); the counts cover all of them.
inline constexpr size_t kPushProblemsListed = 10;

// What one POST /events body gave, and the answer for it.
struct PushOutcome
{
    int status = 200; // 200 when something was read, 400 when nothing could be, 413 over the decoder's limit
    size_t accepted = 0;
    size_t refused = 0;
    QByteArray json; // {"accepted":N,"refused":N,"problems":[{"index":I,"reason":"..."}]}, or {"error":"..."}
};

// The decoder limits for push bodies of at most maxBodyBytes: the stream decoder's, with control messages
// refused as events (a pusher sends events only) and the first problems listed.
DecodeLimits pushDecodeLimits(size_t maxBodyBytes);

// Decodes a push body (one JSON object, an array of them, or newline-delimited objects, as a stream message;
// docs/protocol.md) with decoder, appending the good events to out. ts defaults to arrivalMs, type to the
// default type; events with only an address keep it in Event::ip for the caller's GeoIP pass.
// Threading: as the decoder (not thread-safe); pure otherwise.
PushOutcome decodePush(std::string_view body, int64_t arrivalMs, EventDecoder &decoder, EventBatch &out);

} // namespace pulsemap
