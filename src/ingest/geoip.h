// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct MMDB_s;

namespace pulsemap {

// The location of one address. city points into the memory-mapped database (valid while the GeoIp
// lives) and is empty when unknown; country is ISO 3166 alpha-2 or zeros.
struct GeoResult
{
    double lat = 0;
    double lon = 0;
    std::array<char, 2> country{};
    std::string_view city;
};

// IP geolocation from an MMDB file (libmaxminddb, memory-mapped). Understands the MaxMind
// GeoIP2/GeoLite2-City and DB-IP City schemas (location.latitude, country.iso_code, city.names.en)
// and the flat ip-location-db schema (latitude, longitude, city, country_code), detected from the data.
// Results are cached per address in a fixed-size cache, so memory does not grow with the input.
// Not thread-safe: one instance per thread.
class GeoIp
{
public:
    enum class Lookup {
        Located,    // coordinates found (out is filled; country/city when known)
        Unlocated,  // a valid address the database does not place, or a private/reserved one
        BadAddress, // text is not an IPv4/IPv6 address
    };

    ~GeoIp();
    GeoIp(const GeoIp &) = delete;
    GeoIp &operator=(const GeoIp &) = delete;

    // Opens a database; a one-line error for a missing, unreadable or corrupt file, or one that holds neither
    // coordinates nor countries (ASN). A database with countries but no coordinates (GeoLite2-Country) opens,
    // with a one-line warning(): its lookups are Unlocated with the country filled in.
    static Result<std::unique_ptr<GeoIp>> open(const std::string &path);
    // Why the database is usable only in part (see open()); empty for a city database.
    [[nodiscard]] const std::string &warning() const { return m_warning; }

    // Candidate paths searched when the user names no database: $PULSEMAP_GEOIP, then
    // GeoLite2-City.mmdb / GeoIP2-City.mmdb / dbip-city-lite*.mmdb / dbip-city*.mmdb / *city*.mmdb in
    // $XDG_DATA_HOME/pulsemap/GeoIP, ~/.local/share/pulsemap/GeoIP, /usr/local/share/GeoIP,
    // /usr/share/GeoIP, /var/lib/GeoIP. $PULSEMAP_GEOIP_DIRS (colon-separated) replaces the directories.
    static std::vector<std::string> searchDirectories();
    // The first database found there, or empty.
    static std::string findDefaultDatabase();
    // One paragraph telling the user where to get a free city database.
    static const char *downloadHint();

    // Accepts "1.2.3.4", "1.2.3.4:5678", "2001:db8::1", "[2001:db8::1]:443", "::ffff:1.2.3.4".
    Lookup lookup(std::string_view address, GeoResult &out);

    // e.g. "GeoLite2-City (2026-06-17)"
    [[nodiscard]] std::string description() const;
    [[nodiscard]] uint64_t cacheHits() const { return m_cacheHits; }
    [[nodiscard]] uint64_t cacheMisses() const { return m_cacheMisses; }

private:
    GeoIp();
    struct CacheSlot;
    Lookup lookupUncached(const void *sockaddr, GeoResult &out);

    std::unique_ptr<MMDB_s> m_mmdb; // opened (MMDB_close in the destructor) whenever set
    // Two-way set-associative, allocated once in open(): slots 2i and 2i+1 form set i, most recently used first.
    std::vector<CacheSlot> m_cache;
    size_t m_cacheSetMask = 0;
    uint64_t m_cacheHits = 0;
    uint64_t m_cacheMisses = 0;
    int m_schemaHint = 0; // which schema matched last, tried first next time
    std::string m_warning;
};

} // namespace pulsemap
