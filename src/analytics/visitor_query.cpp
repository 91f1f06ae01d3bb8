// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "visitor_query.h"

#include "core/campaign_store.h"
#include "core/sqlite_statement.h"

#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>

namespace pulsemap {

namespace {

Error queryError(const CampaignStore &store)
{
    return fail(store.path() + ": " + sqlite3_errmsg(store.db()));
}

// One indexed range read per bucket: distinct counts cannot come from the rollups, and a bucket's bounds on the
// local calendar are the calendar's business, not SQL's. `select` is the query up to its conditions (it ends in
// WHERE or AND); the bucket's bounds (cut to the filter's own) and the filter follow. read(query, row) steps
// through one bucket's answer and returns its value, or nullopt when SQLite failed.
template<typename Read>
Result<std::vector<int64_t>> perBucket(const CampaignStore &store, const LocalCalendar &calendar, civil::Bucket bucket,
                                       const EventFilter &filter, const std::vector<BucketCount> &rows,
                                       const std::string &select, Read read)
{
    EventFilter unbounded = filter;
    unbounded.fromMs.reset();
    unbounded.toMs.reset();
    SqliteStatement query(store.db(), select + " ts >= :bucket_from AND ts < :bucket_to AND " + unbounded.condition());
    if (!query.valid()) {
        return queryError(store);
    }
    const int fromIndex = sqlite3_bind_parameter_index(query.get(), ":bucket_from");
    const int toIndex = sqlite3_bind_parameter_index(query.get(), ":bucket_to");
    std::vector<int64_t> out;
    out.reserve(rows.size());
    for (const BucketCount &row : rows) {
        int64_t from = row.startMs;
        int64_t to = calendar.nextBucketStart(row.startMs, bucket);
        if (filter.fromMs) {
            from = std::max(from, *filter.fromMs);
        }
        if (filter.toMs) {
            to = std::min(to, *filter.toMs);
        }
        query.reset(); // clears the bindings too
        unbounded.bind(query);
        query.bind(fromIndex, from);
        query.bind(toIndex, to);
        const std::optional<int64_t> value = read(query, row);
        if (!value) {
            return queryError(store);
        }
        out.push_back(*value);
    }
    return out;
}

} // namespace

Result<std::vector<int64_t>> distinctVisitors(const CampaignStore &store, const LocalCalendar &calendar,
                                              civil::Bucket bucket, const EventFilter &filter,
                                              const std::vector<BucketCount> &rows)
{
    return perBucket(store, calendar, bucket, filter, rows, "SELECT count(DISTINCT visitor) FROM events WHERE",
                     [](SqliteStatement &query, const BucketCount &) -> std::optional<int64_t> {
                         if (query.step() != SQLITE_ROW) {
                             return std::nullopt;
                         }
                         return query.columnInt(0);
                     });
}

Result<std::vector<int64_t>> newVisitors(const CampaignStore &store, const LocalCalendar &calendar,
                                         civil::Bucket bucket, const EventFilter &filter,
                                         const std::vector<BucketCount> &rows)
{
    // Each visitor's first event in the file, once; a bucket's visitor is new when that event is in the bucket
    // (it cannot be after any of the bucket's events, so "not before the bucket's start" is enough).
    std::unordered_map<int64_t, int64_t> firstSeen;
    {
        SqliteStatement first(store.db(),
                              "SELECT visitor, min(ts) FROM events WHERE visitor IS NOT NULL GROUP BY visitor");
        if (!first.valid()) {
            return queryError(store);
        }
        int rc = SQLITE_ROW;
        while ((rc = first.step()) == SQLITE_ROW) {
            firstSeen.emplace(first.columnInt(0), first.columnInt(1));
        }
        if (rc != SQLITE_DONE) {
            return queryError(store);
        }
    }
    return perBucket(store, calendar, bucket, filter, rows,
                     "SELECT DISTINCT visitor FROM events WHERE visitor IS NOT NULL AND",
                     [&](SqliteStatement &query, const BucketCount &row) -> std::optional<int64_t> {
                         int64_t fresh = 0;
                         int rc = SQLITE_ROW;
                         while ((rc = query.step()) == SQLITE_ROW) {
                             const auto found = firstSeen.find(query.columnInt(0));
                             fresh += found != firstSeen.end() && found->second >= row.startMs ? 1 : 0;
                         }
                         return rc == SQLITE_DONE ? std::optional(fresh) : std::nullopt;
                     });
}

} // namespace pulsemap
