// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "city_table.h"
#include "core/clock.h"
#include "distinct_counts.h"
#include "name_table.h"
#include "rolling_counts.h"
#include "span_totals.h"
#include "trend_snapshot.h"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace pulsemap {

// Everything the live trend charts and breakdowns read, counted event by event from the app's live events:
// per event type, per second for the last minute, per minute for the last hour, per hour for the last day;
// per country (ISO 3166 alpha-2), per city (CityTable), per campaign and per request path (NameTable) per minute
// for the last hour; distinct visitors and places per minute for the last hour and per hour for the last day
// (DistinctCounts, approximate); totals per 5 minutes for 8 days (SpanTotals: today against last week). Totals
// per bucket, per type and per window are kept as running sums, so reading a legend or "events in the last
// hour" costs nothing.
//
// Memory is fixed at construction (about 950 KB, nearly all of it the per-name tables) and add()
// allocates nothing: a wall can run for a month at any rate. Time comes from the injected Clock and only moves when
// advance() is called (once per batch and by a timer, so buckets move on a quiet stream too); event times
// older than a window are left out of it, later ones count in the bucket holding them.
//
// A replay gives it the playhead as its clock and its events with their campaign times (LiveModel), and after
// each seek replaces every count with the windows that end at the new moment, counted from the file
// (rebuild()): the per-type series, the countries and the 8 days of totals. What only the events themselves
// tell (cities, campaigns, paths, distinct visitors and places) starts empty there and fills as the replay
// plays on: a bounded read could only give part of a busy hour, and a part would rank the top lists wrongly.
//
// Threading: none; the app uses it on the GUI thread only.
class LiveTrends
{
public:
    enum class Window { Second = 0, Minute = 1, Hour = 2 };
    static constexpr int kWindows = 3;
    // Series per type, as many as the map tells apart (kMaxEventTypes, checked where both are visible);
    // a larger index counts in the last one ("other"), as the legend folds them.
    static constexpr int kMaxTypes = 12;
    // One column per possible two-letter code, one for events without a (valid) country.
    static constexpr int kUnknownCountry = 26 * 26;
    static constexpr int kCountryColumns = kUnknownCountry + 1;

    static constexpr int kCampaignCapacity = 64;
    static constexpr size_t kCampaignName = 47;
    static constexpr int kPathCapacity = 256;
    static constexpr size_t kPathName = 63;

    // Distinct counts are kept per bucket of these two windows (DistinctWindow::Minute: the last hour).
    enum class DistinctWindow { Minute = 0, Hour = 1 };

    struct CountryCount
    {
        std::array<char, 2> code{};
        uint64_t count = 0;
    };

    explicit LiveTrends(Clock clock = {});

    // Moves every window to the clock's now. Returns true when any bucket moved.
    bool advance();
    [[nodiscard]] int64_t now() const { return m_clock(); }
    // Drops every count and starts over at nowMs, counting from knownFromMs (at most nowMs). Allocates only for
    // the name tables, which start empty again.
    void restart(int64_t nowMs, int64_t knownFromMs);
    // Starts over at the snapshot's moment with its counts (typeColumns maps its types to series columns, as
    // add() numbers them; a type without a column counts in the last), then moves to the clock's now.
    void rebuild(const TrendSnapshot &snapshot, std::span<const int> typeColumns);

    // What an event carries beyond its time, type and country; empty or 0 parts are unknown and not counted.
    struct Details
    {
        std::string_view city;
        std::string_view campaign;
        std::string_view path; // without its query string (anything from a '?' on is left out)
        uint64_t visitor = 0;
    };

    // One event: its time, its type index (as the legend numbers them), its country (zeros: unknown) and city
    // (empty: unknown). Call advance() first, once per batch: add() does not read the clock.
    void add(int64_t tsMs, int type, std::array<char, 2> country, std::string_view city = {});
    void add(int64_t tsMs, int type, std::array<char, 2> country, const Details &details);

    [[nodiscard]] const RollingCounts &series(Window window) const { return m_series[static_cast<size_t>(window)]; }
    // Per minute, the last hour, one column per country (countryColumn()).
    [[nodiscard]] const RollingCounts &countries() const { return m_countries; }
    // Per city, per minute, the last hour.
    [[nodiscard]] const CityTable &cities() const { return m_cities; }
    // Per campaign and per request path, per minute, the last hour.
    [[nodiscard]] const NameTable &campaigns() const { return m_campaigns; }
    [[nodiscard]] const NameTable &paths() const { return m_paths; }
    // Distinct visitors and places (a city in a country) per minute of the last hour or per hour of the day,
    // bucket for bucket the same as series(Window::Minute) and series(Window::Hour).
    [[nodiscard]] const DistinctCounts &visitors(DistinctWindow window) const
    {
        return m_visitors[static_cast<size_t>(window)];
    }
    [[nodiscard]] const DistinctCounts &places(DistinctWindow window) const
    {
        return m_places[static_cast<size_t>(window)];
    }
    // Every event per 5 minutes for 8 days, since counting started.
    [[nodiscard]] const SpanTotals &spans() const { return m_spans; }
    // The busiest known countries of the last hour, busiest first, at most out.size(); returns how many were
    // written. Allocates nothing (a partial selection over the fixed table).
    [[nodiscard]] size_t topCountries(std::span<CountryCount> out) const;

    [[nodiscard]] static int countryColumn(std::array<char, 2> code);
    // What tells places apart for the distinct counts: the city's name within its country.
    [[nodiscard]] static uint64_t placeHash(std::string_view city, std::array<char, 2> country);
    [[nodiscard]] size_t memoryBytes() const;

private:
    Clock m_clock;
    std::array<RollingCounts, kWindows> m_series;
    RollingCounts m_countries;
    CityTable m_cities;
    NameTable m_campaigns;
    NameTable m_paths;
    std::array<DistinctCounts, 2> m_visitors;
    std::array<DistinctCounts, 2> m_places;
    SpanTotals m_spans;
};

} // namespace pulsemap
