// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analytics/campaign_query.h"
#include "analytics/local_calendar.h"

#include <cstdint>
#include <vector>

namespace pulsemap {

// Events per bucket of a zone's local calendar (see LocalCalendar), oldest first, with the same contract as
// countByBucket: gaps filled with 0 when asked, at most maxBuckets rows of them.
Result<std::vector<BucketCount>> countByLocalBucket(const CampaignStore &store, const LocalCalendar &calendar,
                                                    civil::Bucket bucket, const EventFilter &filter, bool fillGaps,
                                                    size_t maxBuckets = 5'000'000);

// For each row of a bucket count (same calendar and bucket), the count of the whole bucket it is compared
// with (LocalCalendar::comparedBucketStart), 0 when there is none. That bucket is queried even when it lies
// before the filter's --from: only the filter's types and campaigns apply to it.
Result<std::vector<int64_t>> comparedCounts(const CampaignStore &store, const LocalCalendar &calendar,
                                            civil::Bucket bucket, Comparison comparison, const EventFilter &filter,
                                            const std::vector<BucketCount> &rows);

} // namespace pulsemap
