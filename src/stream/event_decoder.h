// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "ingest/json_scan.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap {

// A message that is not an event: what the server says about the stream itself.
struct ControlMessage
{
    enum class Kind { Viewers, Error, Hello, Gap, Subscribed };
    Kind kind = Kind::Viewers;
    int64_t value = 0; // viewers: the count; hello: the server's last seq; gap: events lost before resuming
    std::string text;  // error: the message; hello: the stream id (changes when the server restarts)
};

// A numeric ts below this is Unix seconds, at or above it milliseconds: 10^11 s is the year 5138, 10^11 ms
// is 1973-03-03 (docs/protocol.md). Encoders write earlier times as ISO 8601 text so that they read back.
inline constexpr int64_t kTsSecondsBelow = 100'000'000'000;

struct DecodeLimits
{
    size_t maxMessageBytes = size_t{1} << 20; // larger messages are refused whole
    size_t maxEventsPerMessage = 100000;
    size_t maxStringBytes = 1024; // type, city, campaign, ip: longer values make the event malformed
    size_t maxProblemsListed = 0; // DecodeResult::problems keeps the first this many (the push API answers them)
    bool refuseControls = false;  // an object that is a control message is malformed (input that only holds events)
};

// Why one object (or one line that is not JSON) was skipped. index counts from 0 over the message's objects:
// array elements and lines together, in order.
struct DecodeProblem
{
    size_t index = 0;
    std::string reason;
};

// What one message gave. Malformed counts objects (or whole messages) that were skipped; the rest of the
// message is still used. firstError describes the first problem, e.g. "event 3: lat out of range".
struct DecodeResult
{
    size_t events = 0;
    size_t malformed = 0;
    size_t controls = 0;
    bool refused = false; // over maxMessageBytes: nothing was read
    std::string firstError;
    std::vector<DecodeProblem> problems; // the first DecodeLimits::maxProblemsListed malformed objects
};

// Turns JSON stream messages into events (see docs/protocol.md): one object, an array of objects, or
// newline-delimited objects. Pure: bytes in, events appended to a batch, no I/O. Events that carry only
// an address keep it in Event::ip (located() false) for a later GeoIP pass. Scratch buffers are reused,
// so a steady stream allocates nothing per event once the batch has grown. Times outside
// plausibleEventTime (core/event.h) make an event malformed.
// Threading: not thread-safe (scratch buffers); one decoder per thread, any thread.
class EventDecoder
{
public:
    explicit EventDecoder(DecodeLimits limits = {}) : m_limits(limits) {}

    // Appends the message's events to out (ts defaults to arrivalMs, type to defaultType) and its
    // control messages to controls when given.
    DecodeResult decode(std::string_view message, int64_t arrivalMs, EventBatch &out,
                        std::vector<ControlMessage> *controls = nullptr,
                        std::string_view defaultType = kDefaultEventType);

    // Decodes one JSON value that must be an object or an array of objects (a Socket.IO event argument).
    void decodeValue(std::string_view value, int64_t arrivalMs, EventBatch &out, std::vector<ControlMessage> *controls,
                     std::string_view defaultType, DecodeResult &result);

    [[nodiscard]] const DecodeLimits &limits() const { return m_limits; }

private:
    struct Fields;
    bool decodeObject(std::string_view object, int64_t arrivalMs, EventBatch &out,
                      std::vector<ControlMessage> *controls, std::string_view defaultType, DecodeResult &result);
    void readField(const json::Member &m, Fields &fields);
    bool decodeControl(const Fields &fields, std::vector<ControlMessage> *controls, DecodeResult &result);
    bool appendEvent(Fields &fields, EventBatch &out, std::string_view defaultType, DecodeResult &result);
    void fail(DecodeResult &result, std::string_view what) const;

    DecodeLimits m_limits;
    // Keys are unescaped here: the longest one looked for ("subscribed") takes 60 bytes fully \u-escaped.
    std::array<char, 64> m_keys{};
    std::string m_value;
    size_t m_objectIndex = 0;
};

} // namespace pulsemap
