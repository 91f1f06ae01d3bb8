// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "calendar_series.h"

#include "analytics/visitor_query.h"
#include "core/campaign_store.h"
#include "core/sqlite_statement.h"

#include <sqlite3.h>

namespace pulsemap {

namespace {

Error queryError(const CampaignStore &store)
{
    return fail(store.path() + ": " + sqlite3_errmsg(store.db()));
}

// Events in each bucket [start, calendar's next start): the rollup's minute rows when both ends are whole
// minutes (always, for today's offsets), else the events themselves.
Result<std::vector<int64_t>> eventsIn(const CampaignStore &store, const LocalCalendar &calendar, civil::Bucket bucket,
                                      const EventFilter &selection, const std::vector<BucketCount> &rows)
{
    const std::string condition = selection.condition();
    SqliteStatement minutes(store.db(), "SELECT coalesce(sum(events), 0) FROM rollup_minutes WHERE start_ms >= ?1 "
                                        "AND start_ms < ?2 AND " +
                                            condition);
    SqliteStatement events(store.db(), "SELECT count(*) FROM events WHERE ts >= ?1 AND ts < ?2 AND " + condition);
    if (!minutes.valid() || !events.valid()) {
        return queryError(store);
    }
    std::vector<int64_t> out;
    out.reserve(rows.size());
    for (const BucketCount &row : rows) {
        const int64_t end = calendar.nextBucketStart(row.startMs, bucket);
        const bool whole = row.startMs % civil::kMsPerMinute == 0 && end % civil::kMsPerMinute == 0;
        SqliteStatement &query = whole ? minutes : events;
        query.reset(); // clears the bindings too
        selection.bind(query);
        query.bind(1, row.startMs);
        query.bind(2, end);
        if (query.step() != SQLITE_ROW) {
            return queryError(store);
        }
        out.push_back(query.columnInt(0));
    }
    return out;
}

Result<std::vector<int64_t>> metricIn(const CampaignStore &store, const LocalCalendar &calendar, civil::Bucket bucket,
                                      CalendarMetric metric, const EventFilter &selection,
                                      const std::vector<BucketCount> &rows)
{
    switch (metric) {
    case CalendarMetric::Events:
        return eventsIn(store, calendar, bucket, selection, rows);
    case CalendarMetric::Visitors:
        return distinctVisitors(store, calendar, bucket, selection, rows);
    case CalendarMetric::NewVisitors:
        return newVisitors(store, calendar, bucket, selection, rows);
    case CalendarMetric::ReturningVisitors: {
        auto distinct = distinctVisitors(store, calendar, bucket, selection, rows);
        if (!distinct) {
            return distinct;
        }
        auto fresh = newVisitors(store, calendar, bucket, selection, rows);
        if (!fresh) {
            return fresh;
        }
        for (size_t i = 0; i < distinct->size(); ++i) {
            (*distinct)[i] -= (*fresh)[i];
        }
        return distinct;
    }
    }
    return fail("unknown metric");
}

} // namespace

std::optional<CalendarMetric> calendarMetricFromName(std::string_view name)
{
    if (name == "events") {
        return CalendarMetric::Events;
    }
    if (name == "visitors") {
        return CalendarMetric::Visitors;
    }
    if (name == "new") {
        return CalendarMetric::NewVisitors;
    }
    if (name == "returning") {
        return CalendarMetric::ReturningVisitors;
    }
    return std::nullopt;
}

Result<CalendarSeries> calendarSeries(CampaignStore &store, const LocalCalendar &calendar,
                                      const CalendarRequest &request)
{
    // An older file opened read-only gets its rollups computed (in memory) once.
    if (Status rollups = store.ensureRollups(); !rollups) {
        return fail(rollups.error());
    }
    EventFilter selection = request.selection;
    selection.fromMs.reset();
    selection.toMs.reset();
    CalendarSeries series;
    {
        SqliteStatement span(store.db(), "SELECT min(ts), max(ts) FROM events");
        if (!span.valid() || span.step() != SQLITE_ROW) {
            return queryError(store);
        }
        if (span.columnIsNull(0)) {
            return series;
        }
        series.fileFirstMs = span.columnInt(0);
        series.fileLastMs = span.columnInt(1);
    }
    const int64_t from = request.fromMs.value_or(series.fileFirstMs);
    const int64_t to = request.toMs.value_or(series.fileLastMs + 1);
    if (to <= from) {
        return fail("the range is empty");
    }
    std::vector<BucketCount> rows;
    for (int64_t start = calendar.bucketStart(from, request.bucket); start < to;
         start = calendar.nextBucketStart(start, request.bucket)) {
        if (rows.size() >= request.maxBuckets) {
            return fail("more than " + std::to_string(request.maxBuckets) +
                        " buckets in the range: drag over a shorter range first, or choose a coarser granularity");
        }
        rows.push_back({start, 0});
        series.starts.push_back(start);
        series.ends.push_back(calendar.nextBucketStart(start, request.bucket));
    }
    auto values = metricIn(store, calendar, request.bucket, request.metric, selection, rows);
    if (!values) {
        return fail(values.error());
    }
    series.values = std::move(*values);
    series.compared.assign(rows.size(), 0);
    series.hasCompared.assign(rows.size(), 0);
    if (request.comparison) {
        std::vector<BucketCount> targets;
        std::vector<size_t> targetRow;
        for (size_t i = 0; i < rows.size(); ++i) {
            if (const auto target =
                    calendar.comparedBucketStart(rows[i].startMs, request.bucket, *request.comparison)) {
                targets.push_back({*target, 0});
                targetRow.push_back(i);
            }
        }
        const auto compared = metricIn(store, calendar, request.bucket, request.metric, selection, targets);
        if (!compared) {
            return fail(compared.error());
        }
        for (size_t k = 0; k < targets.size(); ++k) {
            series.compared[targetRow[k]] = (*compared)[k];
            series.hasCompared[targetRow[k]] = 1;
        }
    }
    return series;
}

} // namespace pulsemap
