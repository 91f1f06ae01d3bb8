// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "report_data.h"

#include "analytics/local_bucket_query.h"
#include "core/campaign_store.h"
#include "core/sqlite_statement.h"

#include <sqlite3.h>

#include <map>

namespace pulsemap {

namespace {

Error queryError(const CampaignStore &store)
{
    return fail(store.path() + ": " + sqlite3_errmsg(store.db()));
}

// One row of integers from "SELECT a, b, ... FROM events WHERE <filter>".
Result<std::vector<int64_t>> scalars(const CampaignStore &store, const std::string &columns, const EventFilter &filter)
{
    SqliteStatement query(store.db(), "SELECT " + columns + " FROM events" + filter.whereClause());
    if (!query.valid()) {
        return queryError(store);
    }
    filter.bind(query);
    if (query.step() != SQLITE_ROW) {
        return queryError(store);
    }
    const int columnCount = sqlite3_column_count(query.get());
    std::vector<int64_t> out;
    out.reserve(static_cast<size_t>(columnCount));
    for (int i = 0; i < columnCount; ++i) {
        out.push_back(query.columnInt(i));
    }
    return out;
}

// Every bucket start of [fromMs, toMs) on the calendar.
std::vector<int64_t> bucketStarts(const LocalCalendar &calendar, civil::Bucket bucket, int64_t fromMs, int64_t toMs)
{
    std::vector<int64_t> starts;
    for (int64_t at = calendar.bucketStart(fromMs, bucket); at < toMs; at = calendar.nextBucketStart(at, bucket)) {
        starts.push_back(at);
    }
    return starts;
}

// The period's buckets with their counts (zero when empty), in order.
Result<std::vector<BucketCount>> trendOf(const CampaignStore &store, const LocalCalendar &calendar,
                                         civil::Bucket bucket, const EventFilter &filter)
{
    auto rows = countByLocalBucket(store, calendar, bucket, filter, false);
    if (!rows) {
        return rows.error();
    }
    std::map<int64_t, int64_t> counts;
    for (const BucketCount &row : *rows) {
        counts[row.startMs] += row.count;
    }
    std::vector<BucketCount> out;
    for (const int64_t start : bucketStarts(calendar, bucket, *filter.fromMs, *filter.toMs)) {
        const auto found = counts.find(start);
        out.push_back({start, found == counts.end() ? 0 : found->second});
    }
    return out;
}

} // namespace

civil::Bucket reportBucketFor(int64_t spanMs)
{
    if (spanMs <= 3 * civil::kMsPerDay) {
        return civil::Bucket::Hour;
    }
    if (spanMs <= 122 * civil::kMsPerDay) {
        return civil::Bucket::Day;
    }
    if (spanMs <= civil::kMsPerDay * 366 * 3) {
        return civil::Bucket::Week;
    }
    return civil::Bucket::Month;
}

Result<std::vector<PlaceCount>> countByPlace(const CampaignStore &store, const EventFilter &filter, double cellDegrees)
{
    const std::string cell = std::to_string(cellDegrees);
    SqliteStatement query(store.db(), "SELECT round(lat / " + cell + ") * " + cell + " AS la, round(lon / " + cell +
                                          ") * " + cell + " AS lo, count(*) AS n FROM events WHERE " +
                                          filter.condition() +
                                          " AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY la, lo ORDER BY n DESC");
    if (!query.valid()) {
        return queryError(store);
    }
    filter.bind(query);
    std::vector<PlaceCount> out;
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        out.push_back({query.columnDouble(0), query.columnDouble(1), query.columnInt(2)});
    }
    if (rc != SQLITE_DONE) {
        return queryError(store);
    }
    return out;
}

Result<ReportData> collectReport(const CampaignStore &store, const LocalCalendar &calendar, EventFilter filter,
                                 size_t top)
{
    ReportData report;
    report.zone = calendar.name();
    if (!filter.fromMs || !filter.toMs) {
        EventFilter unbounded = filter;
        unbounded.fromMs.reset();
        unbounded.toMs.reset();
        auto span = scalars(store, "count(*), min(ts), max(ts)", unbounded);
        if (!span) {
            return span.error();
        }
        if ((*span)[0] == 0) {
            return fail(store.path() + ": no events to report on (check --type and --campaign)");
        }
        // Whole local days, so that the trend starts and ends on the calendar.
        filter.fromMs = filter.fromMs.value_or(calendar.bucketStart((*span)[1], civil::Bucket::Day));
        filter.toMs = filter.toMs.value_or(calendar.nextBucketStart((*span)[2], civil::Bucket::Day));
    }
    if (*filter.toMs <= *filter.fromMs) {
        return fail("the period is empty: --to must be after --from");
    }
    report.fromMs = *filter.fromMs;
    report.toMs = *filter.toMs;
    const int64_t span = report.toMs - report.fromMs;
    report.bucket = reportBucketFor(span);

    auto totals = scalars(store, "count(*), count(lat), count(DISTINCT visitor), count(DISTINCT country)", filter);
    if (!totals) {
        return totals.error();
    }
    report.events = (*totals)[0];
    report.located = (*totals)[1];
    report.visitors = (*totals)[2];
    report.countryCount = (*totals)[3];

    EventFilter before = filter;
    before.fromMs = report.fromMs - span;
    before.toMs = report.fromMs;
    auto trend = trendOf(store, calendar, report.bucket, filter);
    auto previous = trend ? trendOf(store, calendar, report.bucket, before) : trend;
    if (!previous) {
        return previous.error();
    }
    report.trend = std::move(*trend);
    for (size_t i = 0; i < report.trend.size(); ++i) {
        report.previous.push_back(i < previous->size() ? (*previous)[i].count : 0);
    }
    for (const BucketCount &row : *previous) {
        report.previousEvents += row.count;
    }

    const std::pair<Dimension, std::vector<GroupCount> *> tables[] = {{Dimension::Country, &report.countries},
                                                                      {Dimension::City, &report.cities},
                                                                      {Dimension::Path, &report.pages},
                                                                      {Dimension::Campaign, &report.campaigns},
                                                                      {Dimension::Type, &report.types}};
    for (const auto &[dimension, table] : tables) {
        auto rows = countBy(store, dimension, filter, top);
        if (!rows) {
            return rows.error();
        }
        *table = std::move(*rows);
    }
    auto places = countByPlace(store, filter, 1.0);
    if (!places) {
        return places.error();
    }
    report.places = std::move(*places);
    return report;
}

} // namespace pulsemap
