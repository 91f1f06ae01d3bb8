// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "calendar_series.h"

#include "analytics/visitor_query.h"
#include "core/campaign_store.h"
#include "core/sqlite_statement.h"

#include <algorithm>

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

// The file's types the selection allows (its types and campaigns; rollups have both), less the hidden ones.
Result<std::vector<std::string>> shownTypes(const CampaignStore &store, const EventFilter &selection,
                                            const std::vector<std::string> &hidden)
{
    SqliteStatement query(store.db(),
                          "SELECT DISTINCT type FROM rollup_minutes WHERE " + selection.condition("start_ms"));
    if (!query.valid()) {
        return queryError(store);
    }
    selection.bind(query);
    std::vector<std::string> types;
    int step = SQLITE_ROW;
    while ((step = query.step()) == SQLITE_ROW) {
        std::string type(query.columnText(0));
        if (std::find(hidden.begin(), hidden.end(), type) == hidden.end()) {
            types.push_back(std::move(type));
        }
    }
    if (step != SQLITE_DONE) {
        return queryError(store);
    }
    return types;
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
    // Hidden types: the selection narrows to the file's other types, which the SQL already filters on (an IN list,
    // as the replay's type selection); with none left, nothing counts.
    bool nothingShown = false;
    if (!request.hiddenTypes.empty()) {
        auto types = shownTypes(store, selection, request.hiddenTypes);
        if (!types) {
            return fail(types.error());
        }
        nothingShown = types->empty();
        selection.types = std::move(*types);
    }
    const auto measure = [&](const std::vector<BucketCount> &buckets) -> Result<std::vector<int64_t>> {
        if (nothingShown) {
            return std::vector<int64_t>(buckets.size(), 0);
        }
        return metricIn(store, calendar, request.bucket, request.metric, selection, buckets);
    };
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
    auto values = measure(rows);
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
        const auto compared = measure(targets);
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
