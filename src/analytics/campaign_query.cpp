// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "campaign_query.h"

#include "core/campaign_store.h"

#include <sqlite3.h>

namespace pulsemap {

namespace {

Error queryError(const CampaignStore &store)
{
    return fail(store.path() + ": " + sqlite3_errmsg(store.db()));
}

// A stored rollup table answers for the events when its span divides the bucket and the bounds: counts
// in thousands of rows instead of millions (docs/campaign-format.md, "Rollups"). Older files have none
// stored (computing them would cost a scan of the events, no better than counting the events).
bool rollupsAnswer(const CampaignStore &store, const EventFilter &filter, int64_t spanMs)
{
    return store.storesRollups() && filter.boundsAlignedTo(spanMs);
}

} // namespace

Result<std::vector<BucketCount>> countByBucket(const CampaignStore &store, civil::Bucket bucket,
                                               const EventFilter &filter, bool fillGaps, size_t maxBuckets)
{
    std::vector<BucketCount> out;
    // Fixed-width buckets group in SQL; calendar ones (month, quarter, year) group runs of day buckets
    // here, which keeps the SQL simple and the work proportional to the number of days.
    const bool calendar =
        bucket == civil::Bucket::Month || bucket == civil::Bucket::Quarter || bucket == civil::Bucket::Year;
    const civil::Bucket sqlBucket = calendar ? civil::Bucket::Day : bucket;
    int64_t width = civil::kMsPerDay;
    int64_t shift = 0;
    switch (sqlBucket) {
    case civil::Bucket::Second:
        width = civil::kMsPerSecond;
        break;
    case civil::Bucket::Minute:
        width = civil::kMsPerMinute;
        break;
    case civil::Bucket::Hour:
        width = civil::kMsPerHour;
        break;
    case civil::Bucket::Week:
        width = 7 * civil::kMsPerDay;
        shift = 3 * civil::kMsPerDay; // weeks start on Monday; 1970-01-01 was a Thursday
        break;
    default:
        break;
    }
    const bool rollups = sqlBucket != civil::Bucket::Second && rollupsAnswer(store, filter, civil::kMsPerMinute);
    const std::string ts = rollups ? "start_ms" : "ts";
    // Integer floor division that also works before 1970.
    const std::string shifted = "(" + ts + " + " + std::to_string(shift) + ")";
    const std::string key = "(" + shifted + " - ((" + shifted + " % " + std::to_string(width) + ") + " +
                            std::to_string(width) + ") % " + std::to_string(width) + ") - " + std::to_string(shift);
    const std::string sql = "SELECT " + key + " AS b, " +
                            (rollups ? "sum(events) FROM rollup_minutes" + filter.whereClause("start_ms")
                                     : "count(*) FROM events" + filter.whereClause()) +
                            " GROUP BY b ORDER BY b";
    SqliteStatement query(store.db(), sql);
    if (!query.valid()) {
        return queryError(store);
    }
    filter.bind(query);
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        const int64_t start = calendar ? civil::bucketStart(query.columnInt(0), bucket) : query.columnInt(0);
        const int64_t count = query.columnInt(1);
        if (!out.empty() && out.back().startMs == start) {
            out.back().count += count;
            continue;
        }
        if (fillGaps && !out.empty()) {
            for (int64_t gap = civil::nextBucketStart(out.back().startMs, bucket); gap < start;
                 gap = civil::nextBucketStart(gap, bucket)) {
                if (out.size() >= maxBuckets) {
                    return fail("too many empty buckets to list; choose a coarser --bucket or --no-fill");
                }
                out.push_back({gap, 0});
            }
        }
        out.push_back({start, count});
    }
    if (rc != SQLITE_DONE) {
        return queryError(store);
    }
    return out;
}

std::optional<Dimension> dimensionFromName(const std::string &name)
{
    if (name == "country") {
        return Dimension::Country;
    }
    if (name == "city") {
        return Dimension::City;
    }
    if (name == "type") {
        return Dimension::Type;
    }
    if (name == "campaign") {
        return Dimension::Campaign;
    }
    if (name == "path") {
        return Dimension::Path;
    }
    return std::nullopt;
}

Result<std::vector<GroupCount>> countBy(const CampaignStore &store, Dimension dimension, const EventFilter &filter,
                                        size_t top)
{
    std::vector<GroupCount> out;
    const char *columns = "country, ''";
    switch (dimension) {
    case Dimension::Country:
        break;
    case Dimension::City:
        columns = "city, country";
        break;
    case Dimension::Type:
        columns = "type, ''";
        break;
    case Dimension::Campaign:
        columns = "campaign, ''";
        break;
    case Dimension::Path:
        columns = "path, ''"; // no rollup has paths: always the events
        break;
    }
    // Countries, types and campaigns are in the rollups (countries by the hour, the others by the minute).
    const char *rollupTable = nullptr;
    int64_t rollupSpan = civil::kMsPerMinute;
    if (dimension == Dimension::Country) {
        rollupTable = "rollup_countries";
        rollupSpan = civil::kMsPerHour;
    } else if (dimension == Dimension::Type || dimension == Dimension::Campaign) {
        rollupTable = "rollup_minutes";
    }
    const bool rollups = rollupTable != nullptr && rollupsAnswer(store, filter, rollupSpan);
    // '' in a rollup is NULL among the events: both read as "unknown".
    const std::string column = std::string(columns).substr(0, std::string(columns).find(','));
    std::string sql = rollups ? "SELECT nullif(" + column + ", ''), '', sum(events) AS n FROM " + rollupTable +
                                    filter.whereClause("start_ms")
                              : std::string("SELECT ") + columns + ", count(*) AS n FROM events" + filter.whereClause();
    sql += " GROUP BY 1, 2 ORDER BY n DESC, 1 ASC";
    if (top > 0) {
        sql += " LIMIT " + std::to_string(top);
    }
    SqliteStatement query(store.db(), sql);
    if (!query.valid()) {
        return queryError(store);
    }
    filter.bind(query);
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        out.push_back({std::string(query.columnText(0)), std::string(query.columnText(1)), query.columnInt(2)});
    }
    if (rc != SQLITE_DONE) {
        return queryError(store);
    }
    return out;
}

} // namespace pulsemap
