// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "hour_cell_cache.h"

#include "campaign_store.h"
#include "rollup_grid.h"
#include "sqlite_statement.h"

#include <algorithm>

namespace pulsemap {

size_t HourCellCache::firstHourAtOrAfter(int64_t ms) const
{
    return size_t(std::lower_bound(m_hours.begin(), m_hours.end(), ms) - m_hours.begin());
}

// PRAGMA data_version changes when another connection commits to the file (a recording in progress), the
// connection's total_changes when it writes itself.
int64_t HourCellCache::dataVersion() const
{
    SqliteStatement version(m_store->db(), "PRAGMA data_version");
    if (!version.valid() || version.step() != SQLITE_ROW) {
        return -1;
    }
    return (version.columnInt(0) << 32) ^ int64_t(sqlite3_total_changes64(m_store->db()));
}

bool HourCellCache::isCurrentFor(const EventFilter &selection) const
{
    return m_held && selection.types == m_selectionTypes && selection.campaigns == m_selectionCampaigns &&
           dataVersion() == m_dataVersion;
}

Status HourCellCache::prepare(const EventFilter &selection)
{
    const int64_t version = dataVersion();
    if (m_loaded && version == m_dataVersion && selection.types == m_selectionTypes &&
        selection.campaigns == m_selectionCampaigns) {
        return {};
    }
    m_dataVersion = version;
    return load(selection);
}

Status HourCellCache::load(const EventFilter &filter)
{
    EventFilter selection = filter;
    selection.fromMs.reset();
    selection.toMs.reset();
    m_loaded = false;
    m_held = false;
    m_types.clear();
    m_hours.clear();
    m_offsets.clear();
    m_cells.clear();
    // In primary-key order, so SQLite walks the table without sorting (a GROUP BY over campaigns here took a
    // second on 10 million events; the rows of several campaigns in one cell simply stay apart).
    SqliteStatement query(m_store->db(), "SELECT start_ms, type, cell, weight FROM rollup_cells "
                                         "WHERE span_ms = " +
                                             std::to_string(rollup::kHourMs) + " AND " + selection.condition() +
                                             " ORDER BY span_ms, start_ms LIMIT :limit");
    if (!query.valid()) {
        return fail(m_store->path() + ": cannot read hour cells: " + sqlite3_errmsg(m_store->db()));
    }
    selection.bind(query);
    query.bind(sqlite3_bind_parameter_index(query.get(), ":limit"), m_maxRows + 1);
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        if (int64_t(m_cells.size()) >= m_maxRows) {
            break; // too large to hold: the caller reads SQLite
        }
        const int64_t hour = query.columnInt(0);
        if (m_hours.empty() || m_hours.back() != hour) {
            m_hours.push_back(hour);
            m_offsets.push_back(uint32_t(m_cells.size()));
        }
        const std::string_view type = query.columnText(1);
        auto known = std::find(m_types.begin(), m_types.end(), type);
        if (known == m_types.end()) {
            known = m_types.insert(m_types.end(), std::string(type));
        }
        m_cells.push_back(
            {int32_t(query.columnInt(2)), uint16_t(known - m_types.begin()), float(query.columnDouble(3))});
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return fail(m_store->path() + ": cannot read hour cells: " + sqlite3_errmsg(m_store->db()));
    }
    m_selectionTypes = selection.types;
    m_selectionCampaigns = selection.campaigns;
    m_loaded = true;
    m_held = rc == SQLITE_DONE;
    if (!m_held) {
        m_types.clear();
        m_hours.clear();
        m_offsets.clear();
        m_cells.clear();
        m_cells.shrink_to_fit();
    }
    m_offsets.push_back(uint32_t(m_cells.size()));
    return {};
}

} // namespace pulsemap
