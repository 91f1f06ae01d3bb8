// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "visitor_id.h"

#include "event.h"
#include "hex.h"

#include <bit>
#include <cstring>
#include <random>

namespace pulsemap {

namespace {

constexpr int64_t kDayMs = 86'400'000;

uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) {
        v = (v << 8) | p[i];
    }
    return v;
}

uint64_t finishId(uint64_t hash)
{
    const uint64_t id = hash & kVisitorMask;
    return id == 0 ? 1 : id;
}

} // namespace

uint64_t VisitorHasher::sipHash(uint64_t k0, uint64_t k1, std::string_view data)
{
    uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
    uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
    uint64_t v3 = 0x7465646279746573ULL ^ k1;
    auto round = [&] {
        v0 += v1;
        v1 = std::rotl(v1, 13) ^ v0;
        v0 = std::rotl(v0, 32);
        v2 += v3;
        v3 = std::rotl(v3, 16) ^ v2;
        v0 += v3;
        v3 = std::rotl(v3, 21) ^ v0;
        v2 += v1;
        v1 = std::rotl(v1, 17) ^ v2;
        v2 = std::rotl(v2, 32);
    };
    const auto *bytes = reinterpret_cast<const uint8_t *>(data.data());
    const size_t whole = data.size() / 8 * 8;
    for (size_t i = 0; i < whole; i += 8) {
        const uint64_t m = load64(bytes + i);
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
    uint64_t last = uint64_t(data.size() & 0xFF) << 56;
    for (size_t i = whole; i < data.size(); ++i) {
        last |= uint64_t(bytes[i]) << (8 * (i - whole));
    }
    v3 ^= last;
    round();
    round();
    v0 ^= last;
    v2 ^= 0xFF;
    for (int i = 0; i < 4; ++i) {
        round();
    }
    return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t VisitorHasher::ofAddress(int64_t tsMs, std::string_view address, std::string_view userAgent) const
{
    // The day's key: the file's key with the day number folded in, so ids do not carry over days.
    const auto day = uint64_t(tsMs >= 0 ? tsMs / kDayMs : 0);
    const uint64_t k0 = load64(m_key.data()) ^ (day * 0x9E3779B97F4A7C15ULL);
    const uint64_t k1 = load64(m_key.data() + 8) ^ day;
    // Address and agent hashed in two steps, so ("1.2.3.4", "5x") and ("1.2.3.45", "x") differ.
    const uint64_t first = sipHash(k0, k1, address);
    return finishId(sipHash(k0 ^ first, k1, userAgent));
}

uint64_t VisitorHasher::ofSession(std::string_view sessionId) const
{
    return finishId(sipHash(load64(m_key.data()), ~load64(m_key.data() + 8), sessionId));
}

VisitorHasher::Key VisitorHasher::randomKey()
{
    std::random_device device;
    Key key{};
    for (size_t i = 0; i < key.size(); i += 4) {
        const uint32_t word = device();
        std::memcpy(key.data() + i, &word, 4);
    }
    return key;
}

std::string VisitorHasher::toHex(const Key &key)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (const uint8_t byte : key) {
        hex += kDigits[byte >> 4];
        hex += kDigits[byte & 0xF];
    }
    return hex;
}

std::optional<VisitorHasher::Key> VisitorHasher::fromHex(std::string_view hex)
{
    Key key{};
    if (hex.size() != key.size() * 2) {
        return std::nullopt;
    }
    for (size_t i = 0; i < key.size(); ++i) {
        const int high = hexDigitValue(hex[2 * i]);
        const int low = hexDigitValue(hex[2 * i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        key[i] = uint8_t(high << 4 | low);
    }
    return key;
}

} // namespace pulsemap
