// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event.h"
#include "sim_random.h"
#include "world_cities.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pulsemap {

// Picks cities of worldCities() in proportion to their online audience.
class CityPicker
{
public:
    CityPicker();
    // An index into worldCities().
    size_t pick(SimRandom &random) const;

private:
    std::vector<double> m_cumulative;
};

// Puts an event near a city's centre (a metro area spreads over tens of kilometres, and one event in eight
// lands farther out, in suburbs and towns nearby) and names the city and its country.
void placeNear(SimRandom &random, const WorldCity &city, StrRef cityName, Event &event);

// Steady synthetic traffic (opens and clicks, one in four a click) at one time: the app's live simulator.
// Each event also names a campaign (a few newsletters, the busiest first), the page it led to and a visitor
// (most from a returning audience, some new), so the breakdowns have something to show; those come from a
// second random stream, so the places and types stay what they were for a seed.
// Threading: one thread at a time.
class SteadyTraffic
{
public:
    explicit SteadyTraffic(uint64_t seed) : m_random(seed), m_details(seed ^ 0x5eed'd37a'11ULL) {}
    // Appends n events at tsMs to the batch.
    void generate(EventBatch &batch, int n, int64_t tsMs);

private:
    void addDetails(EventBatch &batch, Event &event);

    SimRandom m_random;
    SimRandom m_details;
    CityPicker m_cities;
    uint64_t m_newVisitors = 0;
};

// What `pulsemap-cli simulate` makes: one email send to a worldwide list. docs/simulation.md explains
// the model.
struct EmailCampaignSpec
{
    int64_t events = 0;       // opens plus clicks
    int64_t startMs = 0;      // the send starts here (UTC); each recipient gets it in their local morning
    double hours = 24;        // opens spread over this long after delivery
    uint64_t seed = 1;        // the same seed gives the same events
    std::string campaign;     // stored in every event's campaign column (may be empty)
    double clickRate = 0.15;  // clicks per open
    double unlocated = 0.03;  // share of opens GeoIP could not place
    double nightDefer = 0.70; // share of night-time (00:00-06:00 local) opens moved to the next morning
};

// Generates an email campaign's events in time order, a batch at a time, deterministic for the spec. Every
// event names its recipient as its visitor (an open and its click share one); a click names the link clicked as
// its path, an open none.
//
// Each recipient draws from its own random stream (seeded from the seed and the recipient's number), so a
// recipient's open and click can be made again at any time from its number alone. The first call of next()
// plans the campaign: it makes every recipient once and files its number under the minute its events fall
// in (4 bytes per event). next() then goes through the minutes in order, makes their recipients again and
// hands out their events sorted by time. Written in time order, the campaign's time index only ever grows
// at its end, which keeps SQLite fast at millions of events, and replay order is insertion order.
// After warm-up nothing is allocated per event: a minute's events go through a reused scratch list, strings
// to the batch's arena, whose capacity a recycled batch keeps.
//
// Threading: one thread at a time.
class EmailCampaignSimulator
{
public:
    explicit EmailCampaignSimulator(EmailCampaignSpec spec);

    // Appends up to maxEvents events to the batch, in time order across calls; returns how many, 0 when
    // all are made.
    size_t next(EventBatch &batch, size_t maxEvents);
    [[nodiscard]] int64_t produced() const { return m_produced; }
    [[nodiscard]] bool done() const { return m_produced >= m_spec.events; }
    // Every event lies in [startMs, lastPossibleMs()].
    [[nodiscard]] int64_t lastPossibleMs() const;

    // How late a click may follow its open.
    static constexpr int64_t kMaxClickDelayMs = int64_t{10} * 60 * 1000;
    // Recipient numbers are filed in 31 bits (the 32nd marks a click).
    static constexpr int64_t kMaxEvents = int64_t{1} << 31;

private:
    struct Recipient
    {
        size_t city = 0;
        int64_t openMs = 0;
        int64_t clickMs = -1; // -1: no click
        bool located = false;
        SimRandom random{0}; // continues with the placement
    };
    struct Pending
    {
        int64_t tsMs;
        double lat;
        double lon;
        uint32_t city;
        uint32_t recipient;
        bool click;
        bool located;
    };

    [[nodiscard]] Recipient recipient(uint32_t number) const;
    [[nodiscard]] int64_t deliveryMs(const WorldCity &city, SimRandom &random) const;
    [[nodiscard]] int64_t openDelayMs(SimRandom &random) const;
    [[nodiscard]] int64_t deferNightOpen(const WorldCity &city, int64_t deliveryMs, int64_t openMs,
                                         SimRandom &random) const;
    [[nodiscard]] size_t minuteOf(int64_t tsMs) const;
    void plan();
    bool loadNextMinute();

    EmailCampaignSpec m_spec;
    int64_t m_windowMs;
    CityPicker m_cities;
    bool m_planned = false;
    std::vector<std::vector<uint32_t>> m_minutes; // recipient numbers (bit 31: the click) per minute
    size_t m_nextMinute = 0;
    std::vector<Pending> m_pending; // the current minute's events, sorted by time
    size_t m_pendingAt = 0;
    std::vector<StrRef> m_cityNames; // per call of next(): each city's name in the batch's arena
    int64_t m_produced = 0;
};

} // namespace pulsemap
