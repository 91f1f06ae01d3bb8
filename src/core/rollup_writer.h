// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event.h"
#include "result.h"
#include "sqlite_statement.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace pulsemap {

// Keeps a campaign file's rollup tables (campaign_schema.h) in step with its events: add() counts each
// stored event in memory, flush() adds the counts to the tables. The store calls flush() inside the
// transaction that stores the events, so rollups and events always agree, even after a kill -9.
//
// Counting is by sorting compact keys at flush time (no node per key); the key vectors and the name table
// keep their capacity, so a steady recording allocates only for type and campaign names it has not seen
// since the last flush.
//
// A bulk import holds its counts across many commits instead (CampaignStore::beginBulk): compact() merges
// equal keys in place, so what is held grows with the distinct minutes, hours and cells, not with the events,
// and the tables are written once, in key order, instead of being updated all over on every commit.
//
// Threading: the store's (one thread at a time).
class RollupWriter
{
public:
    explicit RollupWriter(sqlite3 *db);

    [[nodiscard]] bool valid() const;
    void add(const EventBatch &batch);
    // Upserts what was added since the last flush; on failure the caller rolls the transaction back (and
    // the counts are dropped with it: they described events that were not stored).
    Status flush();
    void discard();
    [[nodiscard]] bool empty() const { return m_minutes.empty(); }
    // Merges equal keys of what is held (the sums are unchanged); returns how many entries remain.
    size_t compact();
    // Entries held (one per event added since the last compact(), one per distinct key before it).
    [[nodiscard]] size_t held() const { return m_minutes.size() + m_countries.size() + m_cells.size(); }

private:
    struct Key
    {
        int64_t startMs;
        uint32_t type;
        uint32_t campaign;
        int32_t detail; // country code or cell; 0 for minutes
        bool operator==(const Key &other) const = default;
        bool operator<(const Key &other) const
        {
            return std::tie(startMs, type, campaign, detail) <
                   std::tie(other.startMs, other.type, other.campaign, other.detail);
        }
    };
    struct Count
    {
        Key key;
        uint32_t events;
        uint32_t located;
        double weight;
    };
    struct StringHash
    {
        using is_transparent = void;
        size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };

    uint32_t intern(std::string_view name);
    // Sorts counts by key and calls emit(sum) once per distinct key, in key order.
    template<typename Emit> static bool aggregate(std::vector<Count> &counts, Emit emit);
    static void compact(std::vector<Count> &counts);

    std::vector<std::string> m_names;
    std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> m_ids;
    std::vector<Count> m_minutes;
    std::vector<Count> m_countries;
    std::vector<Count> m_cells;
    SqliteStatement m_upsertMinute;
    SqliteStatement m_upsertCountry;
    SqliteStatement m_upsertCell;
};

} // namespace pulsemap
