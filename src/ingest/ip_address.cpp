// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "ip_address.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>

namespace pulsemap {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Hand-written because it is the common case and inet_pton would need a NUL-terminated copy.
bool parseV4(std::string_view s, uint8_t *octets)
{
    int part = 0;
    unsigned value = 0;
    int digits = 0;
    for (const char c : s) {
        if (isDigit(c)) {
            // A leading zero reads as octal to some tools and decimal to others: refuse it, as inet_pton does.
            if (digits == 1 && value == 0) {
                return false;
            }
            value = value * 10 + unsigned(c - '0');
            if (++digits > 3 || value > 255) {
                return false;
            }
        } else if (c == '.') {
            if (digits == 0 || part == 3) {
                return false;
            }
            octets[part++] = uint8_t(value);
            value = 0;
            digits = 0;
        } else {
            return false;
        }
    }
    if (digits == 0 || part != 3) {
        return false;
    }
    octets[3] = uint8_t(value);
    return true;
}

bool parseV6(std::string_view s, uint8_t *bytes)
{
    // A zone ("%eth0") only qualifies link-local addresses, which are reserved anyway.
    if (const size_t percent = s.find('%'); percent != std::string_view::npos) {
        const std::string_view zone = s.substr(percent + 1);
        if (zone.empty() || zone.size() > 32) {
            return false;
        }
        for (const char c : zone) {
            if (!(isHex(c) || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z') || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        s = s.substr(0, percent);
    }
    // The longest textual IPv6 address ("ffff:...:255.255.255.255") has 45 characters.
    if (s.size() < 2 || s.size() > 45) {
        return false;
    }
    // Checked before inet_pton so an embedded NUL or other junk cannot shorten what it sees.
    if (!std::all_of(s.begin(), s.end(), [](char c) { return isHex(c) || c == ':' || c == '.'; })) {
        return false;
    }
    char buffer[48];
    std::memcpy(buffer, s.data(), s.size());
    buffer[s.size()] = '\0';
    return inet_pton(AF_INET6, buffer, bytes) == 1;
}

bool parsePort(std::string_view s)
{
    if (s.empty() || s.size() > 5) {
        return false;
    }
    unsigned port = 0;
    for (const char c : s) {
        if (!isDigit(c)) {
            return false;
        }
        port = port * 10 + unsigned(c - '0');
    }
    return port <= 65535;
}

bool setV4(std::string_view s, IpAddress &out)
{
    out.bytes = {};
    out.bytes[10] = 0xff;
    out.bytes[11] = 0xff;
    return parseV4(s, out.bytes.data() + 12);
}

} // namespace

bool IpAddress::isV4() const
{
    static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(bytes.data(), kMappedPrefix, sizeof kMappedPrefix) == 0;
}

bool parseIpAddress(std::string_view text, IpAddress &out)
{
    while (!text.empty() && isBlank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && isBlank(text.back())) {
        text.remove_suffix(1);
    }
    if (text.empty()) {
        return false;
    }

    if (text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || !parsePort(rest.substr(1)))) {
            return false;
        }
        return parseV6(text.substr(1, close - 1), out.bytes.data());
    }

    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return setV4(text, out);
    }
    // One colon: IPv4 with a port. IPv6 always has at least two.
    if (text.find(':', colon + 1) == std::string_view::npos) {
        return parsePort(text.substr(colon + 1)) && setV4(text.substr(0, colon), out);
    }
    return parseV6(text, out.bytes.data());
}

bool isReservedAddress(const IpAddress &address)
{
    const uint8_t *b = address.bytes.data();
    if (address.isV4()) {
        const uint8_t *v = address.v4();
        switch (v[0]) {
        case 0:   // "this network"
        case 10:  // private
        case 127: // loopback
            return true;
        case 100: // carrier-grade NAT 100.64/10
            return (v[1] & 0xc0) == 64;
        case 169: // link-local
            return v[1] == 254;
        case 172: // private 172.16/12
            return (v[1] & 0xf0) == 16;
        case 192: // private, IETF protocol assignments, TEST-NET-1, 6to4 relay anycast
            return v[1] == 168 || (v[1] == 0 && (v[2] == 0 || v[2] == 2)) || (v[1] == 88 && v[2] == 99);
        case 198: // benchmarking 198.18/15, TEST-NET-2
            return (v[1] & 0xfe) == 18 || (v[1] == 51 && v[2] == 100);
        case 203: // TEST-NET-3
            return v[1] == 0 && v[2] == 113;
        default: // multicast 224/4, reserved 240/4 and broadcast
            return v[0] >= 224;
        }
    }
    // ::/96 holds the unspecified address, loopback and the deprecated IPv4-compatible addresses.
    if (std::all_of(b, b + 12, [](uint8_t x) { return x == 0; })) {
        return true;
    }
    if (b[0] == 0xff) { // multicast
        return true;
    }
    if ((b[0] & 0xfe) == 0xfc) { // unique local fc00::/7
        return true;
    }
    if (b[0] == 0xfe && (b[1] & 0x80) != 0) { // link-local fe80::/10, deprecated site-local fec0::/10
        return true;
    }
    if (b[0] == 0x01 && std::all_of(b + 1, b + 8, [](uint8_t x) { return x == 0; })) { // discard-only 100::/64
        return true;
    }
    if (b[0] == 0x20 && b[1] == 0x01) {
        const unsigned second = unsigned(b[2]) << 8 | b[3];
        // Documentation 2001:db8::/32; IETF protocol assignments 2001::/23 apart from Teredo 2001::/32.
        return second == 0x0db8 || (second >= 0x0001 && second <= 0x01ff);
    }
    return false;
}

} // namespace pulsemap
