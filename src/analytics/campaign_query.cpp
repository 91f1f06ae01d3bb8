#include "campaign_query.h"

#include "core/campaign_store.h"

#include <sqlite3.h>

namespace pulsemap {

namespace {

// Builds " WHERE ..." for a filter; parameters are bound by bindFilter in the same order.
std::string whereClause(const EventFilter &filter)
{
    std::string sql;
    auto add = [&](const char *condition) { sql += (sql.empty() ? " WHERE " : " AND ") + std::string(condition); };
    if (!filter.type.empty()) {
        add("type = :type");
    }
    if (!filter.campaign.empty()) {
        add("campaign = :campaign");
    }
    if (filter.fromMs) {
        add("ts >= :from");
    }
    if (filter.toMs) {
        add("ts < :to");
    }
    return sql;
}

void bindFilter(SqliteStatement &statement, const EventFilter &filter)
{
    auto index = [&](const char *name) { return sqlite3_bind_parameter_index(statement.get(), name); };
    if (!filter.type.empty()) {
        statement.bindText(index(":type"), filter.type);
    }
    if (!filter.campaign.empty()) {
        statement.bindText(index(":campaign"), filter.campaign);
    }
    if (filter.fromMs) {
        statement.bind(index(":from"), *filter.fromMs);
    }
    if (filter.toMs) {
        statement.bind(index(":to"), *filter.toMs);
    }
}

} // namespace

bool countByBucket(const CampaignStore &store, civil::Bucket bucket, const EventFilter &filter, bool fillGaps,
                   std::vector<BucketCount> &out, std::string &error, size_t maxBuckets)
{
    out.clear();
    // Fixed-width buckets group in SQL; calendar ones (month, quarter, year) group runs of day buckets
    // here, which keeps the SQL simple and the work proportional to the number of days.
    const bool calendar =
        bucket == civil::Bucket::Month || bucket == civil::Bucket::Quarter || bucket == civil::Bucket::Year;
    const civil::Bucket sqlBucket = calendar ? civil::Bucket::Day : bucket;
    int64_t width = civil::kMsPerDay;
    int64_t shift = 0;
    switch (sqlBucket) {
    case civil::Bucket::Second:
        width = civil::kMsPerSecond;
        break;
    case civil::Bucket::Minute:
        width = civil::kMsPerMinute;
        break;
    case civil::Bucket::Hour:
        width = civil::kMsPerHour;
        break;
    case civil::Bucket::Week:
        width = 7 * civil::kMsPerDay;
        shift = 3 * civil::kMsPerDay; // weeks start on Monday; 1970-01-01 was a Thursday
        break;
    default:
        break;
    }
    // Integer floor division that also works before 1970.
    const std::string key = "((ts + " + std::to_string(shift) + ") - (((ts + " + std::to_string(shift) + ") % " +
                            std::to_string(width) + ") + " + std::to_string(width) + ") % " + std::to_string(width) +
                            ") - " + std::to_string(shift);
    const std::string sql =
        "SELECT " + key + " AS b, count(*) FROM events" + whereClause(filter) + " GROUP BY b ORDER BY b";
    SqliteStatement query(store.db(), sql);
    if (!query.valid()) {
        error = store.path() + ": " + sqlite3_errmsg(store.db());
        return false;
    }
    bindFilter(query, filter);
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        const int64_t start = calendar ? civil::bucketStart(query.columnInt(0), bucket) : query.columnInt(0);
        const int64_t count = query.columnInt(1);
        if (!out.empty() && out.back().startMs == start) {
            out.back().count += count;
            continue;
        }
        if (fillGaps && !out.empty()) {
            for (int64_t gap = civil::nextBucketStart(out.back().startMs, bucket); gap < start;
                 gap = civil::nextBucketStart(gap, bucket)) {
                if (out.size() >= maxBuckets) {
                    error = "too many empty buckets to list; choose a coarser --bucket or --no-fill";
                    return false;
                }
                out.push_back({gap, 0});
            }
        }
        out.push_back({start, count});
    }
    if (rc != SQLITE_DONE) {
        error = store.path() + ": " + sqlite3_errmsg(store.db());
        return false;
    }
    return true;
}

std::optional<Dimension> dimensionFromName(const std::string &name)
{
    if (name == "country") {
        return Dimension::Country;
    }
    if (name == "city") {
        return Dimension::City;
    }
    if (name == "type") {
        return Dimension::Type;
    }
    if (name == "campaign") {
        return Dimension::Campaign;
    }
    return std::nullopt;
}

bool countBy(const CampaignStore &store, Dimension dimension, const EventFilter &filter, size_t top,
             std::vector<GroupCount> &out, std::string &error)
{
    out.clear();
    const char *columns = "country, ''";
    switch (dimension) {
    case Dimension::Country:
        break;
    case Dimension::City:
        columns = "city, country";
        break;
    case Dimension::Type:
        columns = "type, ''";
        break;
    case Dimension::Campaign:
        columns = "campaign, ''";
        break;
    }
    std::string sql = std::string("SELECT ") + columns + ", count(*) AS n FROM events" + whereClause(filter) +
                      " GROUP BY 1, 2 ORDER BY n DESC, 1 ASC";
    if (top > 0) {
        sql += " LIMIT " + std::to_string(top);
    }
    SqliteStatement query(store.db(), sql);
    if (!query.valid()) {
        error = store.path() + ": " + sqlite3_errmsg(store.db());
        return false;
    }
    bindFilter(query, filter);
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        out.push_back({std::string(query.columnText(0)), std::string(query.columnText(1)), query.columnInt(2)});
    }
    if (rc != SQLITE_DONE) {
        error = store.path() + ": " + sqlite3_errmsg(store.db());
        return false;
    }
    return true;
}

} // namespace pulsemap
