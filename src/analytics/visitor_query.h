// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/campaign_query.h"
#include "analytics/local_calendar.h"

#include <cstdint>
#include <vector>

namespace pulsemap {

// For each row of a bucket count (same calendar and bucket; LocalCalendar::utc() for UTC buckets), the number of
// distinct visitor ids among the filter's events in that bucket (within the filter's bounds). Events without a
// visitor id (schema 1 files, sources that give none) are not counted: a file without any gives zeros. Visitors
// are not additive: a day's count is not the sum of its hours' (one visitor may come back).
// Threading: the store's thread.
Result<std::vector<int64_t>> distinctVisitors(const CampaignStore &store, const LocalCalendar &calendar,
                                              civil::Bucket bucket, const EventFilter &filter,
                                              const std::vector<BucketCount> &rows);

// For each row as above, the new visitors among those distinct ones: the visitors whose first event in the whole
// file (any type, any campaign, whatever the filter) lies in that bucket. The others are returning visitors
// (distinct minus new). Reads every visitor's first event once (one pass over the events), then each bucket's
// distinct ids.
// Threading: the store's thread.
Result<std::vector<int64_t>> newVisitors(const CampaignStore &store, const LocalCalendar &calendar,
                                         civil::Bucket bucket, const EventFilter &filter,
                                         const std::vector<BucketCount> &rows);

} // namespace pulsemap
