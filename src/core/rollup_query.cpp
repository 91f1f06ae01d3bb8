// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "rollup_query.h"

#include "campaign_store.h"
#include "rollup_grid.h"
#include "sqlite_statement.h"

#include <cmath>
#include <unordered_map>

namespace pulsemap {

namespace {

// Decay: events older than this many half-lives add less than 1/1000 of their weight and are left out.
constexpr double kHorizonHalfLives = 10;
// Decay reads hour cells only for half-lives this long: an event's place within its hour then changes its
// weight by at most 2^(0.5 h / 6 h), 6 %.
constexpr double kHourCellsMinHalfLifeS = 6 * 3600;

constexpr int64_t ceilTo(int64_t t, int64_t span)
{
    return -rollup::floorTo(-t, span);
}

// Sums weights per (cell, type) while the rows come in, then lists them.
class HeatAccumulator
{
public:
    HeatAccumulator(HeatSnapshot &snapshot, const HeatWindow &window) : m_snapshot(snapshot), m_window(window)
    {
        m_sums.reserve(16384);
    }

    // The weight of `weight` that happened at tMs, as seen at the snapshot's moment.
    [[nodiscard]] double seen(double weight, double tMs) const
    {
        if (m_window.mode != HeatWindow::Mode::Decay) {
            return weight;
        }
        return weight * std::exp2(-(double(m_snapshot.atMs) - tMs) / 1000.0 / m_window.halfLifeSeconds);
    }

    void add(int32_t cell, std::string_view type, double weight) { addIndexed(cell, typeIndex(type), weight); }

    void addIndexed(int32_t cell, uint16_t type, double weight)
    {
        const uint64_t key = (uint64_t(uint32_t(cell)) << 16) | type;
        m_sums[key] += weight;
        ++m_snapshot.rowsRead;
    }

    void finish()
    {
        m_snapshot.cells.reserve(m_sums.size());
        for (const auto &[key, weight] : m_sums) {
            if (weight > 0) {
                m_snapshot.cells.push_back({int32_t(key >> 16), uint16_t(key & 0xFFFF), float(weight)});
            }
        }
    }

    uint16_t typeIndex(std::string_view type)
    {
        for (size_t i = 0; i < m_snapshot.types.size(); ++i) {
            if (m_snapshot.types[i] == type) {
                return uint16_t(i);
            }
        }
        m_snapshot.types.emplace_back(type);
        return uint16_t(m_snapshot.types.size() - 1);
    }

private:
    HeatSnapshot &m_snapshot;
    const HeatWindow &m_window;
    std::unordered_map<uint64_t, double> m_sums;
};

EventFilter withoutTimes(const EventFilter &filter)
{
    EventFilter selection = filter;
    selection.fromMs.reset();
    selection.toMs.reset();
    return selection;
}

Error queryError(const CampaignStore &store)
{
    return fail(store.path() + ": cannot read rollups: " + sqlite3_errmsg(store.db()));
}

} // namespace

Result<RollupQuery> RollupQuery::open(CampaignStore &store)
{
    if (Status ready = store.ensureRollups(); !ready) {
        return ready.error();
    }
    return RollupQuery(store);
}

Result<HeatSnapshot> RollupQuery::heatAt(int64_t atMs, const HeatWindow &window, const EventFilter &filter) const
{
    HeatSnapshot snapshot;
    snapshot.atMs = atMs;
    HeatAccumulator heat(snapshot, window);
    const EventFilter selection = withoutTimes(filter);
    const std::string condition = selection.condition();

    SqliteStatement raw(m_store->db(), "SELECT ts, type, lat, lon, weight FROM events WHERE ts >= :a AND ts < :b "
                                       "AND lat IS NOT NULL AND lon IS NOT NULL AND " +
                                           condition);
    SqliteStatement cells(m_store->db(), "SELECT start_ms, type, cell, weight FROM rollup_cells WHERE span_ms = :span "
                                         "AND start_ms >= :a AND start_ms < :b AND " +
                                             condition);
    if (!raw.valid() || !cells.valid()) {
        return queryError(*m_store);
    }
    // SqliteStatement::reset() clears every binding, so each read binds the filter again.
    auto readRaw = [&](int64_t from, int64_t to) {
        if (from >= to) {
            return true;
        }
        selection.bind(raw);
        raw.bind(1, from);
        raw.bind(2, to);
        int rc = SQLITE_ROW;
        while ((rc = raw.step()) == SQLITE_ROW) {
            heat.add(rollup::cellOf(raw.columnDouble(2), raw.columnDouble(3)), raw.columnText(1),
                     heat.seen(raw.columnDouble(4), double(raw.columnInt(0))));
        }
        raw.reset();
        return rc == SQLITE_DONE;
    };
    auto readCells = [&](int64_t span, int64_t from, int64_t to) {
        if (from >= to) {
            return true;
        }
        selection.bind(cells);
        cells.bind(1, span);
        cells.bind(2, from);
        cells.bind(3, to);
        int rc = SQLITE_ROW;
        while ((rc = cells.step()) == SQLITE_ROW) {
            const double center = double(cells.columnInt(0)) + double(span) / 2;
            heat.add(int32_t(cells.columnInt(2)), cells.columnText(1), heat.seen(cells.columnDouble(3), center));
        }
        cells.reset();
        return rc == SQLITE_DONE;
    };
    // Whole hours from memory when the cache holds this selection as the file is now.
    const bool hoursHeld = m_hours->isCurrentFor(selection);
    std::vector<uint16_t> heldTypes;
    if (hoursHeld) {
        for (const std::string &type : m_hours->types()) {
            heldTypes.push_back(heat.typeIndex(type));
        }
    }
    auto readHours = [&](int64_t from, int64_t to) {
        if (!hoursHeld) {
            return readCells(rollup::kHourMs, from, to);
        }
        m_hours->forEachHour(from, to,
                             [&](int64_t hourMs, const HourCellCache::Cell *cell, const HourCellCache::Cell *last) {
                                 const double factor = heat.seen(1.0, double(hourMs) + double(rollup::kHourMs) / 2);
                                 for (; cell != last; ++cell) {
                                     heat.addIndexed(cell->cell, heldTypes[cell->type], double(cell->weight) * factor);
                                 }
                             });
        return true;
    };
    // [from, to): whole hours from hour cells (when allowed), whole minutes from minute cells, the partial
    // minutes at both ends from the events.
    auto cover = [&](int64_t from, int64_t to, bool hours) {
        const int64_t minuteFrom = ceilTo(from, rollup::kMinuteMs);
        const int64_t minuteTo = rollup::floorTo(to, rollup::kMinuteMs);
        if (minuteFrom >= minuteTo) {
            return readRaw(from, to);
        }
        bool ok = readRaw(from, minuteFrom) && readRaw(minuteTo, to);
        const int64_t hourFrom = ceilTo(minuteFrom, rollup::kHourMs);
        const int64_t hourTo = rollup::floorTo(minuteTo, rollup::kHourMs);
        if (hours && hourFrom < hourTo) {
            return ok && readCells(rollup::kMinuteMs, minuteFrom, hourFrom) && readHours(hourFrom, hourTo) &&
                   readCells(rollup::kMinuteMs, hourTo, minuteTo);
        }
        return ok && readCells(rollup::kMinuteMs, minuteFrom, minuteTo);
    };

    const int64_t end = atMs + 1; // the moment's own events count
    bool ok = true;
    switch (window.mode) {
    case HeatWindow::Mode::Decay: {
        const auto horizonMs = int64_t(kHorizonHalfLives * window.halfLifeSeconds * 1000.0);
        ok = cover(std::max<int64_t>(0, atMs - horizonMs), end, window.halfLifeSeconds >= kHourCellsMinHalfLifeS);
        break;
    }
    case HeatWindow::Mode::Cumulative:
        ok = cover(0, end, true);
        break;
    case HeatWindow::Mode::Sliding:
        ok = cover(std::max<int64_t>(0, end - window.widthMs), end, true);
        break;
    }
    if (!ok) {
        return queryError(*m_store);
    }
    heat.finish();
    return snapshot;
}

Result<std::vector<std::string>> RollupQuery::campaigns(int limit) const
{
    // rollup_minutes is small and keyed by (start_ms, type, campaign): a scan of it, not of the events.
    SqliteStatement query(m_store->db(),
                          "SELECT DISTINCT campaign FROM rollup_minutes WHERE campaign <> '' ORDER BY 1 LIMIT :limit");
    if (!query.valid()) {
        return queryError(*m_store);
    }
    query.bind(1, int64_t(limit));
    std::vector<std::string> names;
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        names.emplace_back(query.columnText(0));
    }
    if (rc != SQLITE_DONE) {
        return queryError(*m_store);
    }
    return names;
}

Status RollupQuery::holdHourCells(const EventFilter &filter)
{
    return m_hours->prepare(withoutTimes(filter));
}

Result<std::vector<TypeBucket>> RollupQuery::histogram(int64_t bucketMs, const EventFilter &filter) const
{
    if (bucketMs < rollup::kMinuteMs || bucketMs % rollup::kMinuteMs != 0) {
        return fail("a histogram bucket is a whole number of minutes");
    }
    const EventFilter selection = withoutTimes(filter);
    SqliteStatement query(m_store->db(), "SELECT start_ms - start_ms % :bucket, type, sum(events) FROM rollup_minutes "
                                         "WHERE start_ms >= :a AND start_ms < :b AND " +
                                             selection.condition() + " GROUP BY 1, 2 ORDER BY 1, 2");
    if (!query.valid()) {
        return queryError(*m_store);
    }
    selection.bind(query);
    query.bind(sqlite3_bind_parameter_index(query.get(), ":bucket"), bucketMs);
    query.bind(sqlite3_bind_parameter_index(query.get(), ":a"), filter.fromMs
                                                                    ? rollup::floorTo(*filter.fromMs, rollup::kMinuteMs)
                                                                    : std::numeric_limits<int64_t>::min());
    query.bind(sqlite3_bind_parameter_index(query.get(), ":b"),
               filter.toMs ? ceilTo(*filter.toMs, rollup::kMinuteMs) : std::numeric_limits<int64_t>::max());
    std::vector<TypeBucket> buckets;
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        buckets.push_back({query.columnInt(0), std::string(query.columnText(1)), query.columnInt(2)});
    }
    if (rc != SQLITE_DONE) {
        return queryError(*m_store);
    }
    return buckets;
}

} // namespace pulsemap
