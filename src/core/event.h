// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap {

// The type an event gets when its source names none (a plain web hit).
inline constexpr std::string_view kDefaultEventType = "hit";

// The times an event may carry: [1970-01-01, 2100-01-01) UTC. A time outside (a log line dated 1953, a
// stream message dated 9999-12-31) is impossible for a live map or a campaign: every entry point (log
// lines, stream messages, the beacon, the push API) refuses such an event and counts it as malformed,
// rather than clamping it to a time it never had. docs/campaign-format.md states the same contract.
inline constexpr int64_t kEarliestEventMs = 0;
inline constexpr int64_t kLatestEventMs = 4'102'444'800'000;
constexpr bool plausibleEventTime(int64_t tsMs)
{
    return tsMs >= kEarliestEventMs && tsMs < kLatestEventMs;
}

// Visitor ids are 63-bit (they are stored as SQLite's signed integers); 0 means unknown.
inline constexpr uint64_t kVisitorMask = (uint64_t{1} << 63) - 1;

// What Event::path holds of a request target: the path without query string or fragment, what a "top pages"
// table groups by, cut to kMaxPathBytes so a hostile URL cannot bloat a file. Empty for none ("-" in logs).
inline constexpr size_t kMaxPathBytes = 1024;
constexpr std::string_view requestPath(std::string_view target)
{
    const std::string_view path = target.substr(0, target.find_first_of("?#"));
    return path == "-" ? std::string_view() : path.substr(0, kMaxPathBytes);
}

// A string stored in an EventBatch's arena: offset and length, so events stay trivially copyable
// and a batch reuses one buffer instead of allocating per event.
struct StrRef
{
    uint32_t offset = 0;
    uint32_t size = 0;
    [[nodiscard]] bool empty() const { return size == 0; }
};

// One geolocated (or unlocated) happening: the unit every source produces and every sink consumes.
struct Event
{
    static constexpr double kNoCoordinate = std::numeric_limits<double>::quiet_NaN();

    int64_t tsMs = 0; // Unix time in milliseconds, UTC
    double lat = kNoCoordinate;
    double lon = kNoCoordinate;
    float weight = 1.0F;
    std::array<char, 2> country{}; // ISO 3166 alpha-2, both zero when unknown
    StrRef type;
    StrRef city;
    StrRef campaign;
    StrRef ip;        // only filled when the user asked to keep addresses
    StrRef path;      // the request path without its query string (web logs), empty when none
    int64_t seq = -1; // stream sequence number, -1 when the source has none
    // A pseudonymous visitor (visitor_id.h): a keyed hash of a session cookie, or of address and user agent
    // with a key that changes daily; never the address itself. 0 when unknown.
    uint64_t visitor = 0;

    [[nodiscard]] bool located() const { return !std::isnan(lat) && !std::isnan(lon); }
    [[nodiscard]] bool hasCountry() const { return country[0] != 0; }
};

// Where a log source stands: enough to resume exactly after the last line a batch covers.
struct SourceCheckpoint
{
    std::string path;
    uint64_t device = 0;
    uint64_t inode = 0;
    std::string fingerprint; // bytes identifying the file's start (survives inode reuse)
    int64_t offset = 0;      // byte offset just past the last consumed line
    int64_t lineNumber = 0;  // lines consumed so far (for error reports after a restart)
};

// A batch of events plus the string arena they point into. Sources fill one, sinks read it;
// clear() keeps capacity so a steady stream allocates nothing per event.
class EventBatch
{
public:
    Event &append();
    // Appends a copy of another batch's event, its strings copied into this batch's arena.
    Event &appendCopy(const EventBatch &source, const Event &event);
    StrRef store(std::string_view text);
    [[nodiscard]] std::string_view text(StrRef ref) const { return {m_arena.data() + ref.offset, ref.size}; }
    // The event's type name, kDefaultEventType when it has none.
    [[nodiscard]] std::string_view typeName(const Event &event) const
    {
        return event.type.empty() ? kDefaultEventType : text(event.type);
    }

    [[nodiscard]] const std::vector<Event> &events() const { return m_events; }
    [[nodiscard]] std::vector<Event> &events() { return m_events; }
    [[nodiscard]] size_t size() const { return m_events.size(); }
    [[nodiscard]] bool empty() const { return m_events.empty(); }

    // Checkpoints committed together with the events (same transaction).
    [[nodiscard]] const std::vector<SourceCheckpoint> &checkpoints() const { return m_checkpoints; }
    void setCheckpoint(const SourceCheckpoint &checkpoint);

    void clear();
    void reserve(size_t events, size_t arenaBytes);

private:
    std::vector<Event> m_events;
    std::string m_arena;
    StrRef m_lastStored;
    std::vector<SourceCheckpoint> m_checkpoints;
};

} // namespace pulsemap
