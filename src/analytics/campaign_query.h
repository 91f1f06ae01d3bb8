#pragma once

#include "core/civil_time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pulsemap {

class CampaignStore;

// Which events a query covers. Empty fields match everything.
struct EventFilter
{
    std::string type;
    std::string campaign;
    std::optional<int64_t> fromMs; // inclusive
    std::optional<int64_t> toMs;   // exclusive
};

struct BucketCount
{
    int64_t startMs;
    int64_t count;
};

// Events per UTC time bucket, oldest first. With fillGaps, empty buckets between the first and the
// last event are listed with count 0 (charts and spreadsheets want a continuous axis), up to maxBuckets.
bool countByBucket(const CampaignStore &store, civil::Bucket bucket, const EventFilter &filter, bool fillGaps,
                   std::vector<BucketCount> &out, std::string &error, size_t maxBuckets = 5'000'000);

enum class Dimension { Country, City, Type, Campaign };
std::optional<Dimension> dimensionFromName(const std::string &name);

struct GroupCount
{
    std::string key;     // country code, city, type or campaign; empty when unknown
    std::string country; // for cities: their country
    int64_t count;
};

// Events per country, city, type or campaign, most first (ties by key); top 0 means all.
bool countBy(const CampaignStore &store, Dimension dimension, const EventFilter &filter, size_t top,
             std::vector<GroupCount> &out, std::string &error);

} // namespace pulsemap
