// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "live_trends.h"

#include "top_list.h"

#include <algorithm>

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
      m_countries(kMinuteMs, 60, kCountryColumns, m_clock()), m_cities(m_clock())
{}

bool LiveTrends::advance()
{
    const int64_t now = m_clock();
    bool moved = false;
    for (RollingCounts &series : m_series) {
        moved = series.advanceTo(now) || moved;
    }
    moved = m_cities.advanceTo(now) || moved;
    return m_countries.advanceTo(now) || moved;
}

void LiveTrends::add(int64_t tsMs, int type, std::array<char, 2> country, std::string_view city)
{
    const int column = std::clamp(type, 0, kMaxTypes - 1);
    for (RollingCounts &series : m_series) {
        series.add(tsMs, column);
    }
    m_countries.add(tsMs, countryColumn(country));
    m_cities.add(tsMs, city, country);
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
    size_t bytes = m_countries.memoryBytes() + m_cities.memoryBytes();
    for (const RollingCounts &series : m_series) {
        bytes += series.memoryBytes();
    }
    return bytes;
}

} // namespace pulsemap
