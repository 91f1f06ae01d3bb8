// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// GeoIP on corrupted databases: the input is an MMDB file's bytes (seeds: the fixtures of make_mmdb.pl in every
// schema Pulsemap reads), opened through GeoIp and asked for a few fixed addresses. Whatever the bytes, nothing
// may crash, and a located result must be a place on Earth with a country code that is two letters or none.

#include "fuzz_scratch.h"
#include "ingest/geoip.h"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// Addresses the fixtures place (both trees, IPv4 mapped into IPv6 too), ones they do not, and a bad one.
constexpr std::array<std::string_view, 14> kAddresses = {
    "83.149.9.216", "81.2.69.161",    "89.160.20.115", "24.1.2.3",           "1.0.0.1",      "5.6.7.8",
    "6.7.8.9",      "1.1.1.1",        "2a02:6b8::1",   "[2001:4860::1]:443", "2400:cb00::1", "::ffff:83.149.9.216",
    "10.0.0.1",     "not-an-address",
};

bool isUpperLetter(char c)
{
    return c >= 'A' && c <= 'Z';
}

void checkResult(pulsemap::GeoIp::Lookup lookup, const pulsemap::GeoResult &result)
{
    const bool noCountry = result.country[0] == 0 && result.country[1] == 0;
    const bool letters = isUpperLetter(result.country[0]) && isUpperLetter(result.country[1]);
    if (!noCountry && !letters) {
        std::abort();
    }
    if (lookup == pulsemap::GeoIp::Lookup::Located && (!std::isfinite(result.lat) || !std::isfinite(result.lon) ||
                                                       std::fabs(result.lat) > 90 || std::fabs(result.lon) > 180)) {
        std::abort();
    }
    unsigned sum = 0;
    for (const char c : result.city) {
        sum += static_cast<unsigned char>(c); // reads every byte, so ASan sees a view past the mapping
    }
    if (sum == 1u << 31) {
        std::abort(); // unreachable in practice: keeps the loop from being optimized away
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string &path = pulsemap::fuzz::writeScratch(data, size);
    const auto opened = pulsemap::GeoIp::open(path);
    if (!opened) {
        if (opened.message().empty()) {
            std::abort(); // a refused database always says why
        }
        return 0;
    }
    const auto &geo = *opened;
    for (int round = 0; round < 2; ++round) { // the second round answers from the cache
        for (const std::string_view address : kAddresses) {
            pulsemap::GeoResult result;
            checkResult(geo->lookup(address, result), result);
        }
    }
    if (geo->description().empty()) {
        std::abort();
    }
    return 0;
}
