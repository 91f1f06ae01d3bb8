// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace pulsemap {

// An IPv4 or IPv6 address in network byte order. IPv4 is held IPv4-mapped (::ffff:a.b.c.d), so "1.2.3.4" and
// "::ffff:1.2.3.4" are the same address.
struct IpAddress
{
    std::array<uint8_t, 16> bytes{};

    [[nodiscard]] bool isV4() const;
    // The four IPv4 octets; meaningful only when isV4().
    [[nodiscard]] const uint8_t *v4() const { return bytes.data() + 12; }
};

// Parses "1.2.3.4", "1.2.3.4:5678", "2001:db8::1", "[2001:db8::1]:443", "::ffff:1.2.3.4", "fe80::1%eth0", with
// surrounding blanks. Strict: no leading zeros in IPv4 octets, no port without brackets on IPv6, port <= 65535.
// No allocation.
[[nodiscard]] bool parseIpAddress(std::string_view text, IpAddress &out);

// Addresses no geolocation database places: private, loopback, link-local, CGNAT, multicast, documentation,
// benchmarking, reserved (the ranges MaxMind's writer refuses to store).
[[nodiscard]] bool isReservedAddress(const IpAddress &address);

} // namespace pulsemap
