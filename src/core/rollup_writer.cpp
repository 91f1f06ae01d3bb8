// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "rollup_writer.h"

#include "rollup_grid.h"

#include <algorithm>

namespace pulsemap {

namespace {

int32_t packCountry(const Event &event)
{
    return event.hasCountry() ? (int32_t(uint8_t(event.country[0])) << 8) | uint8_t(event.country[1]) : 0;
}

std::string_view unpackCountry(int32_t packed, char (&buffer)[2])
{
    if (packed == 0) {
        return ""; // unknown country: '' (a null pointer would bind NULL)
    }
    buffer[0] = char(packed >> 8);
    buffer[1] = char(packed & 0xFF);
    return {buffer, size_t(buffer[1] != 0 ? 2 : 1)};
}

} // namespace

RollupWriter::RollupWriter(sqlite3 *db)
    : m_upsertMinute(db, "INSERT INTO rollup_minutes(start_ms, type, campaign, events, weight, located) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET events = events + excluded.events, "
                         "weight = weight + excluded.weight, located = located + excluded.located"),
      m_upsertCountry(db, "INSERT INTO rollup_countries(start_ms, type, campaign, country, events, weight) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET events = events + excluded.events, "
                          "weight = weight + excluded.weight"),
      m_upsertCell(db,
                   "INSERT INTO rollup_cells(span_ms, start_ms, type, campaign, cell, events, weight) "
                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO UPDATE SET events = events + excluded.events, "
                   "weight = weight + excluded.weight")
{}

bool RollupWriter::valid() const
{
    return m_upsertMinute.valid() && m_upsertCountry.valid() && m_upsertCell.valid();
}

uint32_t RollupWriter::intern(std::string_view name)
{
    if (auto found = m_ids.find(name); found != m_ids.end()) {
        return found->second;
    }
    const auto id = uint32_t(m_names.size());
    m_names.emplace_back(name);
    m_ids.emplace(m_names.back(), id);
    return id;
}

void RollupWriter::add(const EventBatch &batch)
{
    for (const Event &event : batch.events()) {
        const uint32_t type = intern(batch.typeName(event));
        const uint32_t campaign = intern(batch.text(event.campaign)); // "" for none
        const int64_t minute = rollup::spanStart(event.tsMs, rollup::kMinuteMs);
        const bool located = event.located();
        const double weight = event.weight;
        m_minutes.push_back({{minute, type, campaign, 0}, 1, located ? 1U : 0U, weight});
        m_countries.push_back(
            {{rollup::spanStart(event.tsMs, rollup::kHourMs), type, campaign, packCountry(event)}, 1, 0, weight});
        if (located) {
            m_cells.push_back({{minute, type, campaign, rollup::cellOf(event.lat, event.lon)}, 1, 1, weight});
        }
    }
}

template<typename Emit> bool RollupWriter::aggregate(std::vector<Count> &counts, Emit emit)
{
    std::sort(counts.begin(), counts.end(), [](const Count &a, const Count &b) { return a.key < b.key; });
    for (size_t i = 0; i < counts.size();) {
        Count sum = counts[i];
        size_t j = i + 1;
        for (; j < counts.size() && counts[j].key == sum.key; ++j) {
            sum.events += counts[j].events;
            sum.located += counts[j].located;
            sum.weight += counts[j].weight;
        }
        if (!emit(sum)) {
            return false;
        }
        i = j;
    }
    return true;
}

void RollupWriter::compact(std::vector<Count> &counts)
{
    size_t kept = 0;
    aggregate(counts, [&](const Count &sum) {
        counts[kept++] = sum; // kept <= the index aggregate() reads next: nothing unread is overwritten
        return true;
    });
    counts.resize(kept);
}

size_t RollupWriter::compact()
{
    compact(m_minutes);
    compact(m_countries);
    compact(m_cells);
    return held();
}

Status RollupWriter::flush()
{
    auto upsert = [](SqliteStatement &statement) {
        const int rc = statement.step();
        statement.reset();
        return rc == SQLITE_DONE;
    };
    bool ok = aggregate(m_minutes, [&](const Count &sum) {
        m_upsertMinute.bind(1, sum.key.startMs);
        m_upsertMinute.bindText(2, m_names[sum.key.type]);
        m_upsertMinute.bindText(3, m_names[sum.key.campaign]);
        m_upsertMinute.bind(4, int64_t{sum.events});
        m_upsertMinute.bind(5, sum.weight);
        m_upsertMinute.bind(6, int64_t{sum.located});
        return upsert(m_upsertMinute);
    });
    ok = ok && aggregate(m_countries, [&](const Count &sum) {
             char buffer[2];
             m_upsertCountry.bind(1, sum.key.startMs);
             m_upsertCountry.bindText(2, m_names[sum.key.type]);
             m_upsertCountry.bindText(3, m_names[sum.key.campaign]);
             m_upsertCountry.bindText(4, unpackCountry(sum.key.detail, buffer));
             m_upsertCountry.bind(5, int64_t{sum.events});
             m_upsertCountry.bind(6, sum.weight);
             return upsert(m_upsertCountry);
         });
    // Minute cells first; their hour cells are the same counts keyed by the hour.
    for (const int64_t span : {rollup::kMinuteMs, rollup::kHourMs}) {
        if (span == rollup::kHourMs) {
            for (Count &count : m_cells) {
                count.key.startMs = rollup::spanStart(count.key.startMs, rollup::kHourMs);
            }
        }
        ok = ok && aggregate(m_cells, [&](const Count &sum) {
                 m_upsertCell.bind(1, span);
                 m_upsertCell.bind(2, sum.key.startMs);
                 m_upsertCell.bindText(3, m_names[sum.key.type]);
                 m_upsertCell.bindText(4, m_names[sum.key.campaign]);
                 m_upsertCell.bind(5, int64_t{sum.key.detail});
                 m_upsertCell.bind(6, int64_t{sum.events});
                 m_upsertCell.bind(7, sum.weight);
                 return upsert(m_upsertCell);
             });
    }
    discard();
    return ok ? Status{} : fail("cannot store rollups");
}

void RollupWriter::discard()
{
    m_minutes.clear();
    m_countries.clear();
    m_cells.clear();
    m_ids.clear();
    m_names.clear();
}

} // namespace pulsemap
