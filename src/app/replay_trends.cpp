// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "replay_trends.h"

#include "charts/span_totals.h"
#include "core/campaign_store.h"
#include "core/rollup_grid.h"
#include "core/sqlite_statement.h"

#include <algorithm>
#include <map>
#include <string_view>

namespace pulsemap {

namespace {

constexpr int64_t kSecondMs = 1000;
using rollup::floorTo;
using rollup::kHourMs;
using rollup::kMinuteMs;

Error queryError(const CampaignStore &store)
{
    return fail(store.path() + ": cannot read the trends: " + sqlite3_errmsg(store.db()));
}

uint16_t typeIndex(TrendSnapshot &snapshot, std::string_view type)
{
    for (size_t i = 0; i < snapshot.types.size(); ++i) {
        if (snapshot.types[i] == type) {
            return static_cast<uint16_t>(i);
        }
    }
    snapshot.types.emplace_back(type);
    return static_cast<uint16_t>(snapshot.types.size() - 1);
}

std::array<char, 2> countryCode(std::string_view text)
{
    return text.size() == 2 ? std::array<char, 2>{text[0], text[1]} : std::array<char, 2>{};
}

// Runs `sql` with :a and :b bound and the selection's parameters; calls row(statement) per row.
template<typename Row>
Status forEachRow(CampaignStore &store, const std::string &sql, const EventFilter &selection, int64_t a, int64_t b,
                  Row row)
{
    SqliteStatement query(store.db(), sql);
    if (!query.valid()) {
        return queryError(store);
    }
    selection.bind(query);
    query.bind(sqlite3_bind_parameter_index(query.get(), ":a"), a);
    query.bind(sqlite3_bind_parameter_index(query.get(), ":b"), b);
    int rc = SQLITE_ROW;
    while ((rc = query.step()) == SQLITE_ROW) {
        row(query);
    }
    if (rc != SQLITE_DONE) {
        return queryError(store);
    }
    return {};
}

// Shares out each minute's events by the countries of its hour, largest remainders first, so a minute's
// countries add up to its events exactly.
void estimateCountries(TrendSnapshot &snapshot, const std::map<int64_t, uint64_t> &minuteTotals,
                       const std::map<int64_t, std::vector<TrendSnapshot::CountryCount>> &hours)
{
    for (const auto &[minute, events] : minuteTotals) {
        const auto hour = hours.find(floorTo(minute, kHourMs));
        if (hour == hours.end() || events == 0) {
            continue;
        }
        uint64_t hourTotal = 0;
        for (const TrendSnapshot::CountryCount &country : hour->second) {
            hourTotal += country.events;
        }
        if (hourTotal == 0) {
            continue;
        }
        std::vector<std::pair<uint64_t, size_t>> remainders; // (remainder, index), a seek's few hundred
        uint64_t given = 0;
        const size_t first = snapshot.countries.size();
        for (size_t i = 0; i < hour->second.size(); ++i) {
            // An hour's counts stay far below 2^32 (a thousand events a second for a whole hour is 3.6e6), so the
            // product fits.
            const uint64_t exact = events * hour->second[i].events;
            const uint64_t share = exact / hourTotal;
            remainders.emplace_back(exact % hourTotal, i);
            snapshot.countries.push_back({minute, hour->second[i].country, share});
            given += share;
        }
        std::sort(remainders.begin(), remainders.end(), [](const auto &l, const auto &r) { return l.first > r.first; });
        for (size_t i = 0; given < events && i < remainders.size(); ++i, ++given) {
            ++snapshot.countries[first + remainders[i].second].events;
        }
    }
    std::erase_if(snapshot.countries, [](const TrendSnapshot::CountryCount &c) { return c.events == 0; });
    snapshot.countriesEstimated = true;
}

} // namespace

Result<TrendSnapshot> ReplayTrends::read(CampaignStore &store, const EventFilter &filter, int64_t atMs, bool includeAt,
                                         int64_t knownFromMs)
{
    EventFilter selection = filter;
    selection.fromMs.reset();
    selection.toMs.reset();
    const std::string condition = selection.condition();
    TrendSnapshot snapshot;
    snapshot.atMs = atMs;
    snapshot.knownFromMs = knownFromMs;
    const int64_t endMs = includeAt ? atMs + 1 : atMs; // exclusive
    const int64_t secondsFrom = floorTo(atMs, kSecondMs) - 59 * kSecondMs;
    const int64_t minutesFrom = floorTo(atMs, kMinuteMs) - 59 * kMinuteMs;
    const int64_t hoursFrom = floorTo(atMs, kHourMs) - 23 * kHourMs;
    const int64_t spansFrom =
        floorTo(atMs, SpanTotals::kBucketMs) - (SpanTotals::kBucketCount - 1) * SpanTotals::kBucketMs;
    const int64_t partialMinute = floorTo(atMs, kMinuteMs); // its events come from the events, not the rollup

    std::map<int64_t, uint64_t> minuteTotals; // of the last hour, for the countries
    std::map<int64_t, uint64_t> spans;
    const auto countMinute = [&](int64_t minute, uint16_t type, uint64_t events) {
        if (minute >= hoursFrom) {
            snapshot.minutes.push_back({minute, type, events});
        }
        if (minute >= minutesFrom) {
            minuteTotals[minute] += events;
        }
        spans[floorTo(minute, SpanTotals::kBucketMs)] += events;
    };

    std::map<std::pair<uint16_t, int64_t>, uint64_t> partial; // the newest minute per type, from the seconds
    Status read = forEachRow(store,
                             "SELECT ts - ts % 1000, type, count(*) FROM events WHERE ts >= :a AND ts < :b AND " +
                                 condition + " GROUP BY 1, 2",
                             selection, secondsFrom, endMs, [&](const SqliteStatement &row) {
                                 const uint16_t type = typeIndex(snapshot, row.columnText(1));
                                 const auto events = static_cast<uint64_t>(row.columnInt(2));
                                 snapshot.seconds.push_back({row.columnInt(0), type, events});
                                 if (row.columnInt(0) >= partialMinute) {
                                     partial[{type, partialMinute}] += events;
                                 }
                             });
    if (!read) {
        return fail(read.error());
    }
    read = forEachRow(store,
                      "SELECT start_ms, type, sum(events) FROM rollup_minutes WHERE start_ms >= :a AND start_ms < :b "
                      "AND " +
                          condition + " GROUP BY 1, 2",
                      selection, spansFrom, partialMinute, [&](const SqliteStatement &row) {
                          countMinute(row.columnInt(0), typeIndex(snapshot, row.columnText(1)),
                                      static_cast<uint64_t>(row.columnInt(2)));
                      });
    if (!read) {
        return fail(read.error());
    }
    for (const auto &[key, events] : partial) {
        countMinute(key.second, key.first, events);
    }
    for (const auto &[start, events] : spans) {
        snapshot.spans.push_back({start, events});
    }

    uint64_t hourEvents = 0;
    for (const auto &[minute, events] : minuteTotals) {
        hourEvents += events;
    }
    if (hourEvents <= static_cast<uint64_t>(kExactCountryEvents)) {
        read = forEachRow(store,
                          "SELECT ts - ts % 60000, coalesce(country, ''), count(*) FROM events WHERE ts >= :a AND "
                          "ts < :b AND " +
                              condition + " GROUP BY 1, 2",
                          selection, minutesFrom, endMs, [&](const SqliteStatement &row) {
                              snapshot.countries.push_back({row.columnInt(0), countryCode(row.columnText(1)),
                                                            static_cast<uint64_t>(row.columnInt(2))});
                          });
        if (!read) {
            return fail(read.error());
        }
        return snapshot;
    }
    std::map<int64_t, std::vector<TrendSnapshot::CountryCount>> hours;
    read =
        forEachRow(store,
                   "SELECT start_ms, country, sum(events) FROM rollup_countries WHERE start_ms >= :a AND "
                   "start_ms <= :b AND " +
                       condition + " GROUP BY 1, 2",
                   selection, floorTo(minutesFrom, kHourMs), floorTo(atMs, kHourMs), [&](const SqliteStatement &row) {
                       hours[row.columnInt(0)].push_back(
                           {row.columnInt(0), countryCode(row.columnText(1)), static_cast<uint64_t>(row.columnInt(2))});
                   });
    if (!read) {
        return fail(read.error());
    }
    estimateCountries(snapshot, minuteTotals, hours);
    return snapshot;
}

} // namespace pulsemap
