// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "rolling_counts.h"
#include "top_list.h"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace pulsemap {

// Events per name (a campaign, a request path) per minute for the last hour, in fixed memory: up to capacity
// names at a time (sized at construction), each one column of a RollingCounts. CityTable is one keyed by
// country and name. A name whose last hour is empty gives its place back when the minute turns; while every
// place is taken, events of new names are counted only as unplaced(). Names are kept to maxName bytes (at most
// kMaxNameLimit, cut at a UTF-8 character boundary), so two long names sharing that prefix count as one.
// Nothing is allocated after construction.
//
// Threading: none; one thread at a time (the app's is the GUI thread).
class NameTable
{
public:
    static constexpr size_t kMaxNameLimit = 63;

    struct NameCount
    {
        std::array<char, kMaxNameLimit> name{};
        uint8_t nameLength = 0;
        uint64_t count = 0;
        [[nodiscard]] std::string_view text() const { return {name.data(), nameLength}; }
    };

    // capacity: 1..32767 names; maxName: 1..kMaxNameLimit bytes.
    NameTable(int capacity, size_t maxName, int64_t nowMs);

    // Moves the hour to nowMs; when the minute turned, names without events in the hour leave the table.
    bool advanceTo(int64_t nowMs);
    // One event under a name (empty names are not counted). Returns false when it was not placed (no name,
    // before the hour, or a full table).
    bool add(int64_t tsMs, std::string_view name);

    // The busiest names of the last hour, busiest first (ties: the older place first), at most out.size();
    // returns how many were written.
    [[nodiscard]] size_t top(std::span<NameCount> out) const;
    // The same selection into entries of another kind: make(name, count) builds an entry (with a `count`
    // member) only for a name that gets a place in out.
    template<typename Entry, typename Make> [[nodiscard]] size_t topAs(std::span<Entry> out, Make make) const
    {
        size_t filled = 0;
        for (int column = 0; column < m_capacity; ++column) {
            const uint64_t count = m_counts.columnTotal(column);
            offerTop(out, filled, count, [&] { return make(nameAt(column), count); });
        }
        return filled;
    }
    [[nodiscard]] int capacity() const { return m_capacity; }
    [[nodiscard]] size_t maxName() const { return m_maxName; }
    // Names in the table now, and events of the last hour that found no place.
    [[nodiscard]] int size() const { return m_capacity - static_cast<int>(m_free.size()); }
    [[nodiscard]] uint64_t unplaced() const { return m_unplaced.total(); }
    [[nodiscard]] const RollingCounts &counts() const { return m_counts; }
    [[nodiscard]] size_t memoryBytes() const;

    // A prefix of at most max bytes that does not end inside a UTF-8 character (shared with CityTable's rule).
    [[nodiscard]] static std::string_view clip(std::string_view name, size_t max);

private:
    [[nodiscard]] int find(uint64_t hash, std::string_view name) const;
    [[nodiscard]] std::string_view nameAt(int column) const;
    void insertIndex(uint64_t hash, int column);
    void recycle();

    int m_capacity;
    size_t m_maxName;
    size_t m_indexSize; // open addressing, at most half full
    RollingCounts m_counts;
    RollingCounts m_unplaced;       // one column
    std::vector<char> m_names;      // capacity x maxName bytes
    std::vector<uint8_t> m_lengths; // per column; 0 when the column is free
    std::vector<uint64_t> m_hashes; // per column
    std::vector<int16_t> m_index;   // m_indexSize, a column or -1
    std::vector<int16_t> m_free;    // columns not in use (capacity m_capacity, never grows)
};

} // namespace pulsemap
