// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pulsemap {

// Reads a body sent with "Transfer-Encoding: chunked" (RFC 9112, 7.1) as its bytes arrive, in any split.
// Chunk extensions are skipped, trailer fields read and dropped. The decoded body is bounded (maxBodyBytes),
// and so is everything around it (a chunk-size line, the trailer), so that no input makes it hold more than
// the body limit plus a few KiB.
// Threading: plain value, no thread affinity.
class ChunkedDecoder
{
public:
    enum class State { NeedMore, Done, Malformed, TooLarge };

    explicit ChunkedDecoder(size_t maxBodyBytes, size_t maxTrailerBytes = 16 << 10)
        : m_maxBody(maxBodyBytes), m_maxTrailer(maxTrailerBytes)
    {}

    // Consumes bytes from the front of input and returns how many it used: all of them unless the body ended
    // (Done: the rest is the next request) or was refused. state() tells which.
    size_t feed(std::string_view input);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const char *reason() const { return m_reason; } // with Malformed or TooLarge
    [[nodiscard]] const std::string &body() const { return m_body; }
    [[nodiscard]] std::string takeBody() { return std::move(m_body); }

private:
    enum class Step { Size, Data, DataEnd, Trailer };
    bool finishSizeLine();
    void refuse(State state, const char *reason);

    size_t m_maxBody;
    size_t m_maxTrailer;
    State m_state = State::NeedMore;
    Step m_step = Step::Size;
    const char *m_reason = "";
    std::string m_line; // the size line or trailer line being read, without its LF
    size_t m_trailerBytes = 0;
    uint64_t m_remaining = 0; // data bytes left in the current chunk
    std::string m_body;
};

} // namespace pulsemap
