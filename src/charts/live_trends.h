// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "city_table.h"
#include "core/clock.h"
#include "rolling_counts.h"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace pulsemap {

// Everything the live trend charts and breakdowns read, counted event by event from the app's live events:
// per event type, per second for the last minute, per minute for the last hour, per hour for the last day;
// per country (ISO 3166 alpha-2) and per city (CityTable) per minute for the last hour. Totals per bucket, per
// type and per window are kept as running sums, so reading a legend or "events in the last hour" costs nothing.
//
// Memory is fixed at construction (about 600 KB, nearly all of it the country and city tables) and add()
// allocates nothing: a wall can run for a month at any rate. Time comes from the injected Clock and only moves when
// advance() is called (once per batch and by a timer, so buckets move on a quiet stream too); event times
// older than a window are left out of it, later ones count in the bucket holding them.
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

    struct CountryCount
    {
        std::array<char, 2> code{};
        uint64_t count = 0;
    };

    explicit LiveTrends(Clock clock = {});

    // Moves every window to the clock's now. Returns true when any bucket moved.
    bool advance();
    [[nodiscard]] int64_t now() const { return m_clock(); }

    // One event: its time, its type index (as the legend numbers them), its country (zeros: unknown) and city
    // (empty: unknown). Call advance() first, once per batch: add() does not read the clock.
    void add(int64_t tsMs, int type, std::array<char, 2> country, std::string_view city = {});

    [[nodiscard]] const RollingCounts &series(Window window) const { return m_series[static_cast<size_t>(window)]; }
    // Per minute, the last hour, one column per country (countryColumn()).
    [[nodiscard]] const RollingCounts &countries() const { return m_countries; }
    // Per city, per minute, the last hour.
    [[nodiscard]] const CityTable &cities() const { return m_cities; }
    // The busiest known countries of the last hour, busiest first, at most out.size(); returns how many were
    // written. Allocates nothing (a partial selection over the fixed table).
    [[nodiscard]] size_t topCountries(std::span<CountryCount> out) const;

    [[nodiscard]] static int countryColumn(std::array<char, 2> code);
    [[nodiscard]] size_t memoryBytes() const;

private:
    Clock m_clock;
    std::array<RollingCounts, kWindows> m_series;
    RollingCounts m_countries;
    CityTable m_cities;
};

} // namespace pulsemap
