// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/campaign_query.h"
#include "analytics/local_calendar.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pulsemap {

// Where events came from, on a grid of cellDegrees (for the report's map).
struct PlaceCount
{
    double lat = 0;
    double lon = 0;
    int64_t count = 0;
};

// Everything `pulsemap-cli report` shows, read from one campaign for one period: totals, the trend with the
// period just before it, the top tables and the places. Plain data: painting it is src/report's business.
struct ReportData
{
    std::string zone;   // the calendar's name ("UTC", "Europe/Paris")
    int64_t fromMs = 0; // the period, [fromMs, toMs)
    int64_t toMs = 0;
    int64_t events = 0;
    int64_t previousEvents = 0; // in the period of the same length just before
    int64_t located = 0;        // events with coordinates
    int64_t visitors = 0;       // distinct visitor ids (0 when the campaign has none)
    int64_t countryCount = 0;   // distinct countries
    civil::Bucket bucket = civil::Bucket::Day;
    std::vector<BucketCount> trend;    // every bucket of the period, empty ones included
    std::vector<int64_t> previous;     // the same-numbered bucket of the previous period
    std::vector<GroupCount> countries; // top N each, most first
    std::vector<GroupCount> cities;
    std::vector<GroupCount> pages;
    std::vector<GroupCount> campaigns;
    std::vector<GroupCount> types;
    std::vector<PlaceCount> places;
};

// The bucket a trend over this many ms is drawn in: hours up to three days, days up to four months, weeks up
// to three years, months beyond.
civil::Bucket reportBucketFor(int64_t spanMs);

// Reads the report of the filter's types and campaigns over its period, or, when it has no bounds, over the
// whole days (in the calendar's zone) from the first matching event to the last. top: rows per table.
// Fails on a campaign without matching events when no period is given.
Result<ReportData> collectReport(const CampaignStore &store, const LocalCalendar &calendar, EventFilter filter,
                                 size_t top = 10);

// Events with coordinates per cell of cellDegrees, most first.
Result<std::vector<PlaceCount>> countByPlace(const CampaignStore &store, const EventFilter &filter, double cellDegrees);

} // namespace pulsemap
