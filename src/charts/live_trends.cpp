// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "live_trends.h"

#include "top_list.h"

#include <algorithm>
#include <limits>

namespace pulsemap {

namespace {
constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kHourMs = 60 * kMinuteMs;
} // namespace

LiveTrends::LiveTrends(Clock clock)
    : m_clock(orSystemClock(std::move(clock))), m_series{RollingCounts(kSecondMs, 60, kMaxTypes, m_clock()),
                                                         RollingCounts(kMinuteMs, 60, kMaxTypes, m_clock()),
                                                         RollingCounts(kHourMs, 24, kMaxTypes, m_clock())},
      m_countries(kMinuteMs, 60, kCountryColumns, m_clock()), m_cities(m_clock()),
      m_campaigns(kCampaignCapacity, kCampaignName, m_clock()),
      m_paths(kPathCapacity, kPathName, m_clock()), m_visitors{DistinctCounts(kMinuteMs, 60, m_clock()),
                                                               DistinctCounts(kHourMs, 24, m_clock())},
      m_places{DistinctCounts(kMinuteMs, 60, m_clock()), DistinctCounts(kHourMs, 24, m_clock())}, m_spans(m_clock())
{}

void LiveTrends::restart(int64_t nowMs, int64_t knownFromMs)
{
    // The rolling counts keep their memory and move their serials on (charts redraw); the name tables and
    // distinct counts are made anew: a seek is rare, and they know nothing of the new moment.
    for (RollingCounts &series : m_series) {
        series.restart(nowMs);
    }
    m_countries.restart(nowMs);
    m_cities = CityTable(nowMs);
    m_campaigns = NameTable(kCampaignCapacity, kCampaignName, nowMs);
    m_paths = NameTable(kPathCapacity, kPathName, nowMs);
    m_visitors = {DistinctCounts(kMinuteMs, 60, nowMs), DistinctCounts(kHourMs, 24, nowMs)};
    m_places = {DistinctCounts(kMinuteMs, 60, nowMs), DistinctCounts(kHourMs, 24, nowMs)};
    m_spans.restart(nowMs, knownFromMs);
}

void LiveTrends::rebuild(const TrendSnapshot &snapshot, std::span<const int> typeColumns)
{
    restart(snapshot.atMs, snapshot.knownFromMs);
    const auto column = [&](uint16_t type) {
        return std::clamp(type < typeColumns.size() ? typeColumns[type] : kMaxTypes - 1, 0, kMaxTypes - 1);
    };
    const auto count = [](uint64_t events) {
        return static_cast<uint32_t>(std::min<uint64_t>(events, std::numeric_limits<uint32_t>::max()));
    };
    RollingCounts &seconds = m_series[static_cast<size_t>(Window::Second)];
    for (const TrendSnapshot::TypeCount &row : snapshot.seconds) {
        seconds.add(row.startMs, column(row.type), count(row.events));
    }
    // Minutes feed both the hour (per minute) and the day (per hour); each window leaves out what is before it.
    for (const TrendSnapshot::TypeCount &row : snapshot.minutes) {
        m_series[static_cast<size_t>(Window::Minute)].add(row.startMs, column(row.type), count(row.events));
        m_series[static_cast<size_t>(Window::Hour)].add(row.startMs, column(row.type), count(row.events));
    }
    for (const TrendSnapshot::CountryCount &row : snapshot.countries) {
        m_countries.add(row.startMs, countryColumn(row.country), count(row.events));
    }
    for (const TrendSnapshot::SpanCount &row : snapshot.spans) {
        // The bucket holding the start of counting begins before it: its events count from there.
        m_spans.add(std::max(row.startMs, m_spans.startedMs()), count(row.events));
    }
    advance();
}

bool LiveTrends::advance()
{
    const int64_t now = m_clock();
    bool moved = false;
    for (RollingCounts &series : m_series) {
        moved = series.advanceTo(now) || moved;
    }
    moved = m_cities.advanceTo(now) || moved;
    moved = m_campaigns.advanceTo(now) || moved;
    moved = m_paths.advanceTo(now) || moved;
    for (size_t w = 0; w < m_visitors.size(); ++w) {
        moved = m_visitors[w].advanceTo(now) || moved;
        moved = m_places[w].advanceTo(now) || moved;
    }
    moved = m_spans.advanceTo(now) || moved;
    return m_countries.advanceTo(now) || moved;
}

void LiveTrends::add(int64_t tsMs, int type, std::array<char, 2> country, std::string_view city)
{
    add(tsMs, type, country, Details{city, {}, {}, 0});
}

void LiveTrends::add(int64_t tsMs, int type, std::array<char, 2> country, const Details &details)
{
    const int column = std::clamp(type, 0, kMaxTypes - 1);
    for (RollingCounts &series : m_series) {
        series.add(tsMs, column);
    }
    m_countries.add(tsMs, countryColumn(country));
    m_cities.add(tsMs, details.city, country);
    m_campaigns.add(tsMs, details.campaign);
    m_paths.add(tsMs, details.path.substr(0, details.path.find('?')));
    m_spans.add(tsMs);
    if (details.visitor != 0) {
        const uint64_t hash = DistinctCounts::mix(details.visitor);
        for (DistinctCounts &visitors : m_visitors) {
            visitors.add(tsMs, hash);
        }
    }
    if (!details.city.empty()) {
        const uint64_t hash = DistinctCounts::mix(placeHash(details.city, country));
        for (DistinctCounts &places : m_places) {
            places.add(tsMs, hash);
        }
    }
}

uint64_t LiveTrends::placeHash(std::string_view city, std::array<char, 2> country)
{
    // FNV-1a over the country and the name, as CityTable tells places apart (but over the whole name).
    uint64_t h = 1469598103934665603ULL;
    const auto step = [&h](char c) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    };
    step(country[0]);
    step(country[1]);
    for (const char c : city) {
        step(c);
    }
    return h;
}

int LiveTrends::countryColumn(std::array<char, 2> code)
{
    const auto letter = [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' : (c >= 'a' && c <= 'z' ? c - 'a' : -1); };
    const int first = letter(code[0]);
    const int second = letter(code[1]);
    return first < 0 || second < 0 ? kUnknownCountry : first * 26 + second;
}

size_t LiveTrends::topCountries(std::span<CountryCount> out) const
{
    size_t filled = 0;
    // Columns in code order: ties keep the alphabetical order of the codes.
    for (int column = 0; column < kUnknownCountry; ++column) {
        const uint64_t count = m_countries.columnTotal(column);
        offerTop(out, filled, count, [&] {
            return CountryCount{{static_cast<char>('A' + column / 26), static_cast<char>('A' + column % 26)}, count};
        });
    }
    return filled;
}

size_t LiveTrends::memoryBytes() const
{
    size_t bytes = m_countries.memoryBytes() + m_cities.memoryBytes() + m_campaigns.memoryBytes() +
                   m_paths.memoryBytes() + m_spans.memoryBytes();
    for (size_t w = 0; w < m_visitors.size(); ++w) {
        bytes += m_visitors[w].memoryBytes() + m_places[w].memoryBytes();
    }
    for (const RollingCounts &series : m_series) {
        bytes += series.memoryBytes();
    }
    return bytes;
}

} // namespace pulsemap
