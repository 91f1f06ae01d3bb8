// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/civil_time.h"
#include "core/event_filter.h"
#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pulsemap {

class CampaignStore;

struct BucketCount
{
    int64_t startMs;
    int64_t count;
};

// Events per UTC time bucket, oldest first. With fillGaps, empty buckets between the first and the
// last event are listed with count 0 (charts and spreadsheets want a continuous axis), up to maxBuckets.
Result<std::vector<BucketCount>> countByBucket(const CampaignStore &store, civil::Bucket bucket,
                                               const EventFilter &filter, bool fillGaps, size_t maxBuckets = 5'000'000);

// Path: the request path (stored without its query string); events without one count as unknown.
enum class Dimension { Country, City, Type, Campaign, Path };
std::optional<Dimension> dimensionFromName(const std::string &name);

struct GroupCount
{
    std::string key;     // country code, city, type, campaign or path; empty when unknown
    std::string country; // for cities: their country
    int64_t count;
};

// Events per country, city, type, campaign or path, most first (ties by key); top 0 means all.
Result<std::vector<GroupCount>> countBy(const CampaignStore &store, Dimension dimension, const EventFilter &filter,
                                        size_t top);

} // namespace pulsemap
