// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/local_calendar.h"
#include "core/civil_time.h"
#include "core/event_filter.h"
#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap {

class CampaignStore;

// What a calendar series counts per bucket.
enum class CalendarMetric {
    Events,            // from the rollups (rollup_minutes), not the events
    Visitors,          // distinct visitor ids
    NewVisitors,       // visitors whose first event in the file lies in the bucket
    ReturningVisitors, // visitors of the bucket seen in the file before it
};
std::optional<CalendarMetric> calendarMetricFromName(std::string_view name);

struct CalendarRequest
{
    civil::Bucket bucket = civil::Bucket::Day;
    CalendarMetric metric = CalendarMetric::Events;
    std::optional<Comparison> comparison; // the dimmer series beside it
    // The range shown, cut to whole buckets (the bucket holding fromMs through the one holding toMs - 1);
    // absent: the file's first to last event.
    std::optional<int64_t> fromMs;
    std::optional<int64_t> toMs;
    size_t maxBuckets = 2000; // more is refused: a chart cannot show them, choose a coarser bucket
    // Which types and campaigns count (the replay's selection, so the calendar agrees with the map and the
    // timeline); its time bounds are not used. "New" visitors are still new in the whole file.
    EventFilter selection;
    // Types left out (hidden in the legend, as on the map and the trend charts): neither their events nor their
    // visitors count. Those of the selection's types that are not hidden remain; hiding every type counts nothing.
    std::vector<std::string> hiddenTypes;
};

// One row per bucket, oldest first, every bucket of the range (zeros included).
struct CalendarSeries
{
    std::vector<int64_t> starts;      // UTC ms of each bucket's first instant
    std::vector<int64_t> ends;        // exclusive
    std::vector<int64_t> values;      // the metric in the bucket
    std::vector<int64_t> compared;    // the metric in the compared bucket; 0 without one
    std::vector<uint8_t> hasCompared; // 0 when the compared local time did not exist (or no comparison)
    int64_t fileFirstMs = 0;          // the file's first and last event (both 0 when it has none)
    int64_t fileLastMs = 0;
};

// Counts a calendar series on a zone's local calendar. Events come from the whole-minute rollups: every bucket
// boundary of a zone whose offsets are whole minutes is a whole minute, so the sum of a bucket's minute rows is
// exactly its event count (a boundary that is not, in an old local-mean-time offset, is counted on the events).
// Visitors are distinct counts and come from the events, one indexed range read per bucket.
// Threading: the store's thread.
Result<CalendarSeries> calendarSeries(CampaignStore &store, const LocalCalendar &calendar,
                                      const CalendarRequest &request);

} // namespace pulsemap
