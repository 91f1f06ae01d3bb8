// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "name_table.h"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace pulsemap {

// Events per city (a name and a country) per minute for the last hour, in fixed memory: up to kCapacity cities
// at a time. A NameTable keyed by the country's two letters followed by the city's name, so Paris, France and
// Paris, Texas are two cities; its rules hold (a city whose last hour is empty gives its place back when the
// minute turns; while every place is taken, events of new cities are counted only as unplaced()). Names are
// kept to kMaxName bytes (cut at a UTF-8 character boundary). Nothing is allocated after construction.
//
// Threading: none; one thread at a time (the app's is the GUI thread).
class CityTable
{
public:
    static constexpr int kCapacity = 512;
    static constexpr size_t kMaxName = 31;

    struct CityCount
    {
        std::array<char, kMaxName> name{};
        uint8_t nameLength = 0;
        std::array<char, 2> country{};
        uint64_t count = 0;
        [[nodiscard]] std::string_view cityName() const { return {name.data(), nameLength}; }
    };

    explicit CityTable(int64_t nowMs) : m_names(kCapacity, kKeyLength, nowMs) {}

    // Moves the hour to nowMs; when the minute turned, cities without events in the hour leave the table.
    bool advanceTo(int64_t nowMs) { return m_names.advanceTo(nowMs); }
    // One event in a city (empty names are not counted). Returns false when it was not placed (no name, before
    // the hour, or a full table).
    bool add(int64_t tsMs, std::string_view city, std::array<char, 2> country);

    // The busiest cities of the last hour, busiest first, at most out.size(); returns how many were written.
    [[nodiscard]] size_t top(std::span<CityCount> out) const;
    // Cities in the table now, and events of the last hour that found no place (a table full of cities).
    [[nodiscard]] int size() const { return m_names.size(); }
    [[nodiscard]] uint64_t unplaced() const { return m_names.unplaced(); }
    [[nodiscard]] const RollingCounts &counts() const { return m_names.counts(); }
    [[nodiscard]] size_t memoryBytes() const { return m_names.memoryBytes(); }

private:
    static constexpr size_t kKeyLength = 2 + kMaxName;

    NameTable m_names;
};

} // namespace pulsemap
