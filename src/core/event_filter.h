// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pulsemap {

class SqliteStatement;

// Which of a campaign's events a read covers; empty fields match everything. The one place that turns
// a selection into SQL: replay, stats, export and charts all read through it (see CampaignReader).
struct EventFilter
{
    std::vector<std::string> types;     // any of these types
    std::vector<std::string> campaigns; // any of these campaigns
    std::optional<int64_t> fromMs;      // inclusive
    std::optional<int64_t> toMs;        // exclusive

    // The conditions joined by AND ("type IN (:type0) AND ts >= :from"), "1" when there are none, so it
    // can stand after WHERE and be combined with more. Values are bound parameters, never spliced in.
    // timeColumn names the time the bounds apply to (a rollup table's start_ms).
    [[nodiscard]] std::string condition(const char *timeColumn = "ts") const;
    // " WHERE <condition>", or empty when the filter matches everything.
    [[nodiscard]] std::string whereClause(const char *timeColumn = "ts") const;
    // Whether the time bounds fall on multiples of spanMs (or are absent): then rollups of that span answer
    // exactly what the events would.
    [[nodiscard]] bool boundsAlignedTo(int64_t spanMs) const
    {
        return (!fromMs || *fromMs % spanMs == 0) && (!toMs || *toMs % spanMs == 0);
    }
    // Binds the parameters condition() names; the statement may hold parameters of its own.
    void bind(SqliteStatement &statement) const;
    [[nodiscard]] bool matchesEverything() const { return types.empty() && campaigns.empty() && !fromMs && !toMs; }
};

} // namespace pulsemap
