// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// relay --syslog: the bytes of a TCP stream through SyslogStreamDecoder, fed whole and in chunks whose sizes the
// first byte chooses, and every frame through parseSyslogMessage.
// Invariants: both feedings give the same frames and counters; no frame is longer than the cap; a parsed
// message's MSG and app name lie inside the frame; the priority is 0-191.

#include "relay/syslog_framing.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr size_t kMaxFrame = 256;

bool inside(std::string_view view, std::string_view area)
{
    return view.empty() || (view.data() >= area.data() && view.data() + view.size() <= area.data() + area.size());
}

std::vector<std::string> frames(std::string_view bytes, size_t chunk, pulsemap::SyslogStreamDecoder &decoder)
{
    std::vector<std::string> out;
    for (size_t at = 0; at < bytes.size(); at += chunk) {
        decoder.feed(bytes.substr(at, chunk), [&](std::string_view frame) {
            if (frame.size() > kMaxFrame) {
                std::abort();
            }
            out.emplace_back(frame);
            pulsemap::SyslogMessage message;
            if (pulsemap::parseSyslogMessage(frame, message)) {
                if (!inside(message.msg, frame) || !inside(message.appName, frame) || message.priority < 0 ||
                    message.priority > 191) {
                    std::abort();
                }
            }
        });
    }
    const std::string_view last = decoder.finish();
    if (!last.empty()) {
        out.emplace_back(last);
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const size_t chunk = 1 + data[0] % 17;
    const std::string_view bytes(reinterpret_cast<const char *>(data) + 1, size - 1);
    pulsemap::SyslogStreamDecoder whole(kMaxFrame);
    pulsemap::SyslogStreamDecoder split(kMaxFrame);
    const auto expected = frames(bytes, bytes.size() + 1, whole);
    if (frames(bytes, chunk, split) != expected || whole.oversized() != split.oversized() ||
        whole.truncated() != split.truncated()) {
        std::abort();
    }
    // One datagram: the bytes as one message.
    pulsemap::SyslogMessage message;
    if (pulsemap::parseSyslogMessage(bytes, message) && !inside(message.msg, bytes)) {
        std::abort();
    }
    return 0;
}
