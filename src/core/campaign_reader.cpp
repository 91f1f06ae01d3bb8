// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "campaign_reader.h"

#include "campaign_store.h"

namespace pulsemap {

namespace {

// The column list and its order: the one row -> Event mapping below depends on it.
enum Column { Id, Ts, Type, Lat, Lon, Country, City, Campaign, Weight, Seq, Ip, Path, Visitor };
constexpr const char *kColumns = "id, ts, type, lat, lon, country, city, campaign, weight, seq, ip, path, visitor";

void readEvent(const SqliteStatement &row, EventBatch &batch)
{
    Event &event = batch.append();
    event.tsMs = row.columnInt(Ts);
    event.type = batch.store(row.columnText(Type));
    if (!row.columnIsNull(Lat) && !row.columnIsNull(Lon)) {
        event.lat = row.columnDouble(Lat);
        event.lon = row.columnDouble(Lon);
    }
    // Stored as one or two letters (CampaignStore::append writes what the event had).
    if (const std::string_view country = row.columnText(Country); !country.empty() && country.size() <= 2) {
        event.country = {country[0], country.size() == 2 ? country[1] : '\0'};
    }
    event.city = batch.store(row.columnText(City));
    event.campaign = batch.store(row.columnText(Campaign));
    event.weight = row.columnIsNull(Weight) ? 1.0F : static_cast<float>(row.columnDouble(Weight));
    event.seq = row.columnIsNull(Seq) ? -1 : row.columnInt(Seq);
    event.ip = batch.store(row.columnText(Ip));
    // Version 2's columns (a version 1 file reads NULL for both): pages and visitors for the charts.
    event.path = batch.store(row.columnText(Path));
    event.visitor = row.columnIsNull(Visitor) ? 0 : static_cast<uint64_t>(row.columnInt(Visitor)) & kVisitorMask;
}

} // namespace

CampaignReader::CampaignReader(const CampaignStore &store, EventFilter filter)
    : m_store(store), m_filter(std::move(filter))
{}

Error CampaignReader::queryError() const
{
    return fail(m_store.path() + ": cannot read events: " + sqlite3_errmsg(m_store.db()));
}

void CampaignReader::seek(int64_t tsMs)
{
    // Just before the first event at tsMs: ids are positive, so every event at tsMs comes after.
    m_afterTs = tsMs;
    m_afterId = std::numeric_limits<int64_t>::min();
    m_atEnd = false;
}

Result<size_t> CampaignReader::next(EventBatch &batch, size_t maxEvents, std::vector<int64_t> *ids)
{
    if (!m_query.valid()) {
        // "ts >= :ts" lets SQLite walk the ts index (whose entries are ordered by ts, then id) from the
        // position on; the OR only drops the events at that time already returned.
        m_query = SqliteStatement(m_store.db(), std::string("SELECT ") + kColumns + " FROM events WHERE " +
                                                    m_filter.condition() +
                                                    " AND ts >= :after_ts AND (ts > :after_ts OR id > :after_id)"
                                                    " ORDER BY ts, id LIMIT :limit");
        if (!m_query.valid()) {
            return queryError();
        }
    }
    m_query.reset();
    m_filter.bind(m_query);
    m_query.bind(sqlite3_bind_parameter_index(m_query.get(), ":after_ts"), m_afterTs);
    m_query.bind(sqlite3_bind_parameter_index(m_query.get(), ":after_id"), m_afterId);
    m_query.bind(sqlite3_bind_parameter_index(m_query.get(), ":limit"), static_cast<int64_t>(maxEvents));
    size_t taken = 0;
    int rc = SQLITE_ROW;
    while ((rc = m_query.step()) == SQLITE_ROW) {
        readEvent(m_query, batch);
        m_afterTs = m_query.columnInt(Ts);
        m_afterId = m_query.columnInt(Id);
        if (ids != nullptr) {
            ids->push_back(m_afterId);
        }
        ++taken;
    }
    // Ends the statement's read transaction now rather than at the next batch.
    m_query.reset();
    if (rc != SQLITE_DONE) {
        return queryError();
    }
    m_atEnd = taken < maxEvents;
    return taken;
}

Result<EventSpan> CampaignReader::span() const
{
    // min and max each walk the time index to one end; the count comes from the rollups when they answer it
    // (a count(*) beside them would scan every event: seconds at ten million).
    const bool rollups = m_store.storesRollups() && m_filter.boundsAlignedTo(60'000);
    const std::string where = m_filter.whereClause();
    SqliteStatement query(
        m_store.db(),
        "SELECT (SELECT min(ts) FROM events" + where + "), (SELECT max(ts) FROM events" + where + "), " +
            (rollups ? "(SELECT coalesce(sum(events), 0) FROM rollup_minutes" + m_filter.whereClause("start_ms") + ")"
                     : "(SELECT count(*) FROM events" + where + ")"));
    if (!query.valid()) {
        return queryError();
    }
    m_filter.bind(query);
    if (query.step() != SQLITE_ROW) {
        return queryError();
    }
    return EventSpan{query.columnInt(0), query.columnInt(1), query.columnInt(2)};
}

} // namespace pulsemap
