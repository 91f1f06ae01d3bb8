// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Syslog messages as the relay's --syslog receives them: the framing of a TCP stream (RFC 6587: octet counting
// "LEN SP MSG" and non-transparent framing, one message per line) and the header of one message (RFC 5424 and the
// BSD format of RFC 3164), which is skipped to reach the MSG part, the log line. Pure code, no sockets.
// Threading: a SyslogStreamDecoder belongs to one connection; parseSyslogMessage is a pure function.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pulsemap {

struct SyslogMessage
{
    enum class Format : uint8_t { Rfc5424, Rfc3164 };
    Format format = Format::Rfc3164;
    int priority = 0;         // facility * 8 + severity
    std::string_view appName; // RFC 5424 APP-NAME, or the RFC 3164 tag without its [pid]; may be empty
    std::string_view msg;     // the MSG part: what the sender logged (a BOM and a trailing CR/LF removed)
};

// Reads one syslog message (one UDP datagram, or one frame of a TCP stream). False when it does not start with a
// valid PRI ("<0>" to "<191>"), or an RFC 5424 header ("<PRI>1 ...") is incomplete or its structured data does
// not end. After the PRI anything that is not RFC 5424 is read as RFC 3164, whose parts are all optional: a
// timestamp "Mmm dd hh:mm:ss", a hostname and a "tag:" are skipped when present, the rest is MSG.
bool parseSyslogMessage(std::string_view frame, SyslogMessage &out);

// Splits a TCP byte stream into frames. Each frame chooses its framing by its first byte: a digit 1-9 starts an
// octet count ("57 <34>1 ..."; digits not followed by a space make a line after all), anything else is a message
// ended by LF (a CR before the LF is dropped; NUL also
// ends a frame, as some senders use it). Frames longer than maxFrameBytes are skipped whole and counted.
class SyslogStreamDecoder
{
public:
    explicit SyslogStreamDecoder(size_t maxFrameBytes) : m_maxFrameBytes(maxFrameBytes) {}

    // Feeds bytes as they arrive and calls onFrame(std::string_view) for every complete frame (the view is valid
    // during the call only).
    template<typename OnFrame> void feed(std::string_view bytes, OnFrame &&onFrame)
    {
        while (!bytes.empty()) {
            std::string_view frame;
            const size_t used = step(bytes, frame);
            bytes.remove_prefix(used);
            if (m_ready) {
                m_ready = false;
                onFrame(frame);
                m_buffer.clear();
            }
        }
    }

    // The peer closed the stream. Returns the last frame when a non-transparent one lacks only its LF (delivered:
    // some senders omit the last trailer); an octet-counted frame cut short is counted as truncated instead.
    [[nodiscard]] std::string_view finish();

    [[nodiscard]] int64_t oversized() const { return m_oversized; }
    [[nodiscard]] int64_t truncated() const { return m_truncated; }

private:
    enum class State : uint8_t { Start, Count, Counted, Line, SkipCounted, SkipLine };

    // Consumes a prefix of bytes; sets m_ready (with frame) when a frame is complete.
    size_t step(std::string_view bytes, std::string_view &frame);

    size_t m_maxFrameBytes;
    State m_state = State::Start;
    std::string m_buffer; // the frame being assembled (or the digits of its count)
    uint64_t m_remaining = 0;
    bool m_ready = false;
    int64_t m_oversized = 0;
    int64_t m_truncated = 0;
};

} // namespace pulsemap
