// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pulsemap {

// The trend counts of a moment of a recorded campaign, counted from its file: what LiveTrends::rebuild() starts
// from after a replay's seek, so the charts show the windows that end at the playhead instead of what was played
// before. Plain data, made on a reader thread and applied on the GUI thread.
//
// Every count covers the events at or before atMs (or before it, for a lap: those at atMs are played next).
struct TrendSnapshot
{
    struct TypeCount
    {
        int64_t startMs = 0; // a second or a minute (the newest one holds the events up to atMs only)
        uint16_t type = 0;   // index into types
        uint64_t events = 0;
    };
    struct CountryCount
    {
        int64_t startMs = 0; // a minute
        std::array<char, 2> country{};
        uint64_t events = 0;
    };
    struct SpanCount
    {
        int64_t startMs = 0; // 5 minutes (SpanTotals::kBucketMs)
        uint64_t events = 0;
    };

    int64_t atMs = 0;
    // Where counting "started": the first event of the campaign. Spans before it are unknown, not zero.
    int64_t knownFromMs = 0;
    std::vector<std::string> types;
    std::vector<TypeCount> seconds;      // per second and type, the minute before atMs
    std::vector<TypeCount> minutes;      // per minute and type, the day before atMs
    std::vector<CountryCount> countries; // per minute and country, the hour before atMs
    std::vector<SpanCount> spans;        // per 5 minutes, the 8 days and 2 hours before atMs
    bool countriesEstimated = false;     // from the hours' shares (rollup_countries), not from the events
};

} // namespace pulsemap
