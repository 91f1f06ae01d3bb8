// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_filter.h"
#include "result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pulsemap {

class CampaignStore;

// A campaign's hour cells (rollup_cells with span_ms = one hour) for one selection of types and campaigns,
// held in memory, in time order. A seek at replay speed or in cumulative mode reads
// every hour before its moment: from SQLite that is a few hundred thousand rows per seek on a 10-million-event
// file; from here the same sums cost a pass over packed arrays. Bounded: a selection with more than maxRows
// rows is not held (isHeld() false) and the caller reads SQLite as before.
//
// Threading: the store's thread; the store must outlive the cache.
class HourCellCache
{
public:
    struct Cell
    {
        int32_t cell = 0;  // rollup_grid.h
        uint16_t type = 0; // index into types()
        float weight = 0;
    };
    static constexpr int64_t kDefaultMaxRows = 4'000'000; // 48 MB

    explicit HourCellCache(CampaignStore &store, int64_t maxRows = kDefaultMaxRows)
        : m_store(&store), m_maxRows(maxRows)
    {}

    // Makes the cache hold the selection's hour cells (its types and campaigns; times ignored), reading them
    // when the selection changed or the file did (another connection committed). An error only when SQLite
    // fails; a selection too large to hold is not an error.
    Status prepare(const EventFilter &selection);

    [[nodiscard]] bool isHeld() const { return m_held; }
    // Whether it holds this selection's cells as the file is now (a cheap check, made before each use).
    [[nodiscard]] bool isCurrentFor(const EventFilter &selection) const;
    [[nodiscard]] const std::vector<std::string> &types() const { return m_types; }
    [[nodiscard]] int64_t rows() const { return int64_t(m_cells.size()); }

    // Calls visit(hourStartMs, const Cell *first, const Cell *last) for each held hour in [fromMs, toMs), in
    // time order.
    template<typename Visit> void forEachHour(int64_t fromMs, int64_t toMs, Visit &&visit) const
    {
        for (size_t h = firstHourAtOrAfter(fromMs); h < m_hours.size() && m_hours[h] < toMs; ++h) {
            visit(m_hours[h], m_cells.data() + m_offsets[h], m_cells.data() + m_offsets[h + 1]);
        }
    }

private:
    [[nodiscard]] size_t firstHourAtOrAfter(int64_t ms) const;
    [[nodiscard]] int64_t dataVersion() const;
    Status load(const EventFilter &filter);

    CampaignStore *m_store;
    int64_t m_maxRows;
    bool m_loaded = false;
    bool m_held = false;
    std::vector<std::string> m_selectionTypes;
    std::vector<std::string> m_selectionCampaigns;
    int64_t m_dataVersion = -1;
    std::vector<std::string> m_types;
    std::vector<int64_t> m_hours;    // hour starts, ascending
    std::vector<uint32_t> m_offsets; // m_hours.size() + 1 offsets into m_cells
    std::vector<Cell> m_cells;
};

} // namespace pulsemap
