// SPDX-License-Identifier: GPL-3.0-or-later
#include "local_bucket_query.h"

#include "core/campaign_store.h"
#include "core/sqlite_statement.h"

#include <algorithm>
#include <optional>

namespace pulsemap {

namespace {

Error queryError(const CampaignStore &store)
{
    return fail(store.path() + ": " + sqlite3_errmsg(store.db()));
}

struct Range
{
    int64_t firstMs;
    int64_t lastMs;
};

// First and last selected event; both come from the ends of the `ts` index.
Result<std::optional<Range>> selectedRange(const CampaignStore &store, const EventFilter &filter)
{
    SqliteStatement query(store.db(), "SELECT min(ts), max(ts) FROM events" + filter.whereClause());
    if (!query.valid()) {
        return queryError(store);
    }
    filter.bind(query);
    if (query.step() != SQLITE_ROW) {
        return queryError(store);
    }
    if (query.columnIsNull(0)) {
        return std::optional<Range>();
    }
    return std::optional<Range>(Range{query.columnInt(0), query.columnInt(1)});
}

// Adds a bucket's count after the ones before it (merging a split group, filling the gap when asked).
Status appendBucket(std::vector<BucketCount> &out, const LocalCalendar &calendar, civil::Bucket bucket,
                    const BucketCount &row, bool fillGaps, size_t maxBuckets)
{
    if (!out.empty() && out.back().startMs == row.startMs) {
        out.back().count += row.count;
        return {};
    }
    if (fillGaps && !out.empty()) {
        for (int64_t gap = calendar.nextBucketStart(out.back().startMs, bucket); gap < row.startMs;
             gap = calendar.nextBucketStart(gap, bucket)) {
            if (out.size() >= maxBuckets) {
                return fail("too many empty buckets to list; choose a coarser --bucket or --no-fill");
            }
            out.push_back({gap, 0});
        }
    }
    out.push_back(row);
    return {};
}

// Up to this many buckets between the first and the last event are counted one range at a time: a count over
// a range of the `ts` index is a walk along it, several times faster than grouping every event by a computed
// key. Finer series (seconds over years) group in SQL instead, where the work follows the events.
constexpr size_t kMaxRangeQueries = 100'000;

// Counts [starts[i], starts[i + 1]) cut to the selected range, whose first and last event it must hold.
Status countPerRange(const CampaignStore &store, const std::vector<int64_t> &starts, const Range &range,
                     const LocalCalendar &calendar, civil::Bucket bucket, const EventFilter &filter, bool fillGaps,
                     size_t maxBuckets, std::vector<BucketCount> &out)
{
    SqliteStatement query(store.db(),
                          "SELECT count(*) FROM events WHERE " + filter.condition() + " AND ts >= :lo AND ts < :hi");
    if (!query.valid()) {
        return queryError(store);
    }
    const int loIndex = sqlite3_bind_parameter_index(query.get(), ":lo");
    const int hiIndex = sqlite3_bind_parameter_index(query.get(), ":hi");
    for (size_t i = 0; i < starts.size(); ++i) {
        query.reset();
        filter.bind(query);
        query.bind(loIndex, std::max(starts[i], range.firstMs));
        query.bind(hiIndex, i + 1 < starts.size() ? starts[i + 1] : range.lastMs + 1);
        if (query.step() != SQLITE_ROW) {
            return queryError(store);
        }
        if (const int64_t count = query.columnInt(0); count > 0) {
            if (Status added = appendBucket(out, calendar, bucket, {starts[i], count}, fillGaps, maxBuckets); !added) {
                return added;
            }
        }
    }
    return {};
}

// Within one offset segment local time is UTC plus a constant, so SQL groups events by local unit (the
// bucket's width) over that segment's `ts` range; the groups are then mapped to buckets with the calendar.
Status countPerSegment(const CampaignStore &store, const Range &range, const LocalCalendar &calendar,
                       civil::Bucket bucket, const EventFilter &filter, bool fillGaps, size_t maxBuckets,
                       std::vector<BucketCount> &out)
{
    int64_t width = civil::kMsPerDay;
    if (bucket == civil::Bucket::Second) {
        width = civil::kMsPerSecond;
    } else if (bucket == civil::Bucket::Minute) {
        width = civil::kMsPerMinute;
    } else if (bucket == civil::Bucket::Hour) {
        width = civil::kMsPerHour;
    }
    // Floor division that also works before 1970, on local time (ts + :offset).
    const std::string local = "(ts + :offset)";
    const std::string sql = "SELECT " + local + " - ((" + local + " % :width) + :width) % :width AS b, count(*) " +
                            "FROM events WHERE " + filter.condition() +
                            " AND ts >= :lo AND ts < :hi GROUP BY b ORDER BY b";
    SqliteStatement query(store.db(), sql);
    if (!query.valid()) {
        return queryError(store);
    }
    const int offsetIndex = sqlite3_bind_parameter_index(query.get(), ":offset");
    const int widthIndex = sqlite3_bind_parameter_index(query.get(), ":width");
    const int loIndex = sqlite3_bind_parameter_index(query.get(), ":lo");
    const int hiIndex = sqlite3_bind_parameter_index(query.get(), ":hi");
    for (const LocalCalendar::Piece &piece : calendar.pieces(range.firstMs, range.lastMs + 1)) {
        const int64_t offset = int64_t{piece.offsetSeconds} * civil::kMsPerSecond;
        query.reset();
        filter.bind(query);
        query.bind(offsetIndex, offset);
        query.bind(widthIndex, width);
        query.bind(loIndex, piece.startMs);
        query.bind(hiIndex, piece.endMs);
        int rc = SQLITE_ROW;
        while ((rc = query.step()) == SQLITE_ROW) {
            // Any instant of the group names its bucket; the group's first one inside this piece will do.
            const int64_t start = calendar.bucketStart(std::max(piece.startMs, query.columnInt(0) - offset), bucket);
            if (Status added = appendBucket(out, calendar, bucket, {start, query.columnInt(1)}, fillGaps, maxBuckets);
                !added) {
                return added;
            }
        }
        if (rc != SQLITE_DONE) {
            return queryError(store);
        }
    }
    return {};
}

} // namespace

// Either way no event goes through the zone: the calendar answers for buckets, SQL counts events.
Result<std::vector<BucketCount>> countByLocalBucket(const CampaignStore &store, const LocalCalendar &calendar,
                                                    civil::Bucket bucket, const EventFilter &filter, bool fillGaps,
                                                    size_t maxBuckets)
{
    std::vector<BucketCount> out;
    const auto range = selectedRange(store, filter);
    if (!range) {
        return fail(range.error());
    }
    if (!*range) {
        return out;
    }
    // The filter's own time bounds become the ends of the first and last range: two ranges over `ts` in one
    // query would leave SQLite to walk the index along the wider one.
    EventFilter unbounded = filter;
    unbounded.fromMs.reset();
    unbounded.toMs.reset();
    const Range bounds{(*range)->firstMs, (*range)->lastMs};
    std::vector<int64_t> starts;
    int64_t end = calendar.bucketStart((*range)->firstMs, bucket);
    while (end <= (*range)->lastMs && starts.size() <= kMaxRangeQueries) {
        starts.push_back(end);
        end = calendar.nextBucketStart(end, bucket);
    }
    const Status counted =
        starts.size() <= kMaxRangeQueries
            ? countPerRange(store, starts, bounds, calendar, bucket, unbounded, fillGaps, maxBuckets, out)
            : countPerSegment(store, bounds, calendar, bucket, unbounded, fillGaps, maxBuckets, out);
    if (!counted) {
        return fail(counted.error());
    }
    return out;
}

Result<std::vector<int64_t>> comparedCounts(const CampaignStore &store, const LocalCalendar &calendar,
                                            civil::Bucket bucket, Comparison comparison, const EventFilter &filter,
                                            const std::vector<BucketCount> &rows)
{
    std::vector<std::optional<int64_t>> targets;
    targets.reserve(rows.size());
    std::optional<Range> span;
    for (const BucketCount &row : rows) {
        const std::optional<int64_t> target = calendar.comparedBucketStart(row.startMs, bucket, comparison);
        targets.push_back(target);
        if (target) {
            const int64_t end = calendar.nextBucketStart(*target, bucket);
            span = span ? Range{std::min(span->firstMs, *target), std::max(span->lastMs, end)} : Range{*target, end};
        }
    }
    std::vector<int64_t> out(rows.size(), 0);
    if (!span) {
        return out;
    }
    // One count over the span of all compared buckets, whole buckets from their first instant.
    EventFilter spanFilter = filter;
    spanFilter.fromMs = span->firstMs;
    spanFilter.toMs = span->lastMs;
    const auto counts = countByLocalBucket(store, calendar, bucket, spanFilter, false);
    if (!counts) {
        return fail(counts.error());
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        if (!targets[i]) {
            continue;
        }
        const auto found =
            std::lower_bound(counts->begin(), counts->end(), *targets[i],
                             [](const BucketCount &count, int64_t start) { return count.startMs < start; });
        if (found != counts->end() && found->startMs == *targets[i]) {
            out[i] = found->count;
        }
    }
    return out;
}

} // namespace pulsemap
