// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pulsemap {

// Pseudonymous visitor ids (Event::visitor), so analytics can count distinct visitors without storing who
// they are. A log line's visitor is a keyed hash (SipHash-2-4) of its client address and user agent with a
// key that changes every UTC day, as Plausible does: the same browser is one visitor within a day and an
// unrelated one the next day, and the address cannot be read back from the id. A beacon's visitor is the
// keyed hash of its session cookie. The key is random per campaign file (meta `visitor_key`), so ids of
// two files cannot be joined; whoever holds a file can still test a guessed address and user agent for a
// day, which docs/campaign-format.md says.
//
// Threading: immutable after construction; any thread.
class VisitorHasher
{
public:
    using Key = std::array<uint8_t, 16>;

    explicit VisitorHasher(const Key &key) : m_key(key) {}

    // 0 never comes out (it means "unknown"); results fit kVisitorMask.
    [[nodiscard]] uint64_t ofAddress(int64_t tsMs, std::string_view address, std::string_view userAgent) const;
    [[nodiscard]] uint64_t ofSession(std::string_view sessionId) const;

    static Key randomKey();
    static std::string toHex(const Key &key);
    static std::optional<Key> fromHex(std::string_view hex);

    // SipHash-2-4 of data under (k0, k1): exposed for its reference-vector test.
    static uint64_t sipHash(uint64_t k0, uint64_t k1, std::string_view data);

private:
    Key m_key;
};

} // namespace pulsemap
