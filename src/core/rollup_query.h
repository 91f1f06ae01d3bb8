// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_filter.h"
#include "hour_cell_cache.h"
#include "result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pulsemap {

class CampaignStore;

// How the heat at a moment weighs the events before it (the map's window modes).
struct HeatWindow
{
    enum class Mode {
        Decay,      // every earlier event, its weight halved every halfLifeSeconds
        Cumulative, // every earlier event at full weight
        Sliding,    // the events of the last widthMs at full weight
    };
    Mode mode = Mode::Decay;
    double halfLifeSeconds = 600;
    int64_t widthMs = 3'600'000;
};

// The heat of a moment, per rollup cell and type: what the map splats after a seek.
struct HeatSnapshot
{
    struct Cell
    {
        int32_t cell = 0;  // rollup_grid.h
        uint16_t type = 0; // index into types
        float weight = 0;  // the summed weight as of the moment (decayed in Decay mode)
    };
    int64_t atMs = 0;
    std::vector<std::string> types;
    std::vector<Cell> cells;
    int64_t rowsRead = 0; // rollup rows and raw events it took (for benchmarks)
};

// Events per time bucket and type (a timeline's histogram).
struct TypeBucket
{
    int64_t startMs = 0;
    std::string type;
    int64_t events = 0;
};

// Reads a campaign's rollups (campaign_schema.h): answers that would scan millions of events read a few
// thousand pre-counted rows instead. Full minutes and hours come from the rollups and the partial minutes
// at the edges from the events, so every answer equals the same computation over the events (up to the
// placement of an event within its minute, for decay).
//
// Threading: the store's thread; the store must outlive the query.
class RollupQuery
{
public:
    // Calls store.ensureRollups(): an older file opened read-only gets them computed once.
    static Result<RollupQuery> open(CampaignStore &store);

    // The heat at atMs (events at atMs included) of the events the filter selects (its types and
    // campaigns; its time bounds are ignored: the window decides).
    [[nodiscard]] Result<HeatSnapshot> heatAt(int64_t atMs, const HeatWindow &window, const EventFilter &filter) const;

    // Reads the selection's hour cells into memory (HourCellCache), so that later seeks that need hours
    // (cumulative, sliding, long half-lives) sum them there instead of in SQLite. A replay calls it after
    // its first picture is out, so the first seek does not wait for it. Seeks stay correct without it and
    // after the file changes (the cache notices and is not used until prepared again).
    Status holdHourCells(const EventFilter &filter);

    // Events per bucket of bucketMs (a multiple of a minute) and type, in time order, for the filter's
    // types and campaigns, between its bounds rounded out to whole minutes. Empty buckets are left out.
    [[nodiscard]] Result<std::vector<TypeBucket>> histogram(int64_t bucketMs, const EventFilter &filter) const;

    // The campaign ids that have events (not the empty "none"), sorted, at most `limit`.
    [[nodiscard]] Result<std::vector<std::string>> campaigns(int limit = 500) const;

private:
    explicit RollupQuery(CampaignStore &store) : m_store(&store), m_hours(std::make_unique<HourCellCache>(store)) {}
    CampaignStore *m_store;
    std::unique_ptr<HourCellCache> m_hours;
};

} // namespace pulsemap
