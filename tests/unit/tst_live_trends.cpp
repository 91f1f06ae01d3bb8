// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RollingCounts and LiveTrends on an injected clock: buckets that move with time and with no events, jumps
// forward, clocks going back, late and early events, totals equal to an independent count over random
// traffic, the top countries, and a simulated month at a steady rate (types, countries, cities, campaigns, paths
// and visitors, read as the panel reads them) with fixed memory and no allocation. CityTable's own behaviour is in
// tst_city_table.
#include "charts/city_table.h"
#include "charts/live_trends.h"
#include "charts/name_table.h"
#include "charts/rolling_counts.h"
#include "charts/span_totals.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

// Every heap allocation of the process is counted, so a test can assert that a stretch of code made none.
namespace {
std::atomic<uint64_t> g_allocations{0};
} // namespace

void *operator new(size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void *p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept
{
    std::free(p);
}
void operator delete(void *p, size_t) noexcept
{
    std::free(p);
}

using namespace pulsemap;

namespace {

constexpr int64_t kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z: not on a minute boundary
constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr std::array<char, 2> kFrance{'F', 'R'};
constexpr std::array<char, 2> kJapan{'J', 'P'};
constexpr std::array<char, 2> kNoCountry{};

} // namespace

class TstLiveTrends : public QObject
{
    Q_OBJECT
private slots:
    void bucketsAreAlignedAndMoveWithTheClock()
    {
        RollingCounts counts(kSecond, 60, 2, kT0 + 250);
        QCOMPARE(counts.newestStartMs(), kT0);
        QCOMPARE(counts.bucketStartMs(0), kT0 - 59 * kSecond);
        QVERIFY(counts.add(kT0 + 900, 1));
        QVERIFY(counts.add(kT0 + 10, 0, 3));
        QCOMPARE(counts.value(59, 1), 1U);
        QCOMPARE(counts.value(59, 0), 3U);
        QCOMPARE(counts.bucketTotal(59), 4U);

        QVERIFY(!counts.advanceTo(kT0 + 999)); // same second: nothing moves
        const uint64_t serial = counts.serial();
        QVERIFY(counts.advanceTo(kT0 + 1000));
        QVERIFY(counts.serial() != serial);
        QCOMPARE(counts.value(59, 0), 0U);
        QCOMPARE(counts.value(58, 0), 3U);
        QCOMPARE(counts.bucketStartMs(58), kT0);
        QCOMPARE(counts.total(), 4U);
        QCOMPARE(counts.columnTotal(0), 3U);
        QCOMPARE(counts.columnTotal(1), 1U);
        // Out of range reads are zero, not a crash.
        QCOMPARE(counts.value(60, 0), 0U);
        QCOMPARE(counts.value(-1, 0), 0U);
        QCOMPARE(counts.value(0, 2), 0U);
        QCOMPARE(counts.columnTotal(7), 0U);
        QVERIFY(!counts.add(kT0, 2));
        QVERIFY(!counts.add(kT0, -1));
    }

    void nonsenseSizesAreClampedToOne()
    {
        RollingCounts counts(0, 0, -3, kT0 + 7);
        QCOMPARE(counts.bucketCount(), 1);
        QCOMPARE(counts.columns(), 1);
        QCOMPARE(counts.bucketMs(), int64_t(1));
        QVERIFY(counts.add(kT0 + 7, 0));
        QVERIFY(!counts.add(kT0 + 6, 0)); // one bucket of 1 ms: the millisecond before is outside
        QVERIFY(counts.advanceTo(kT0 + 8));
        QCOMPARE(counts.total(), 0U);
    }

    void quietTimeMovesBucketsOutOfTheWindow()
    {
        RollingCounts counts(kSecond, 60, 1, kT0);
        counts.add(kT0, 0, 5);
        counts.advanceTo(kT0 + 30 * kSecond);
        QCOMPARE(counts.value(29, 0), 5U);
        QCOMPARE(counts.total(), 5U);
        counts.advanceTo(kT0 + 59 * kSecond);
        QCOMPARE(counts.value(0, 0), 5U); // the oldest bucket, still inside
        counts.advanceTo(kT0 + 60 * kSecond);
        QCOMPARE(counts.total(), 0U);
        QCOMPARE(counts.columnTotal(0), 0U);
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(counts.bucketTotal(i), 0U);
        }
    }

    void jumpsForwardClearAndKeepCounting()
    {
        RollingCounts counts(kMinute, 60, 3, kT0);
        for (int i = 0; i < 60; ++i) {
            counts.add(kT0 - i * kMinute, i % 3);
        }
        QCOMPARE(counts.total(), 60U);
        // Ten minutes later: the ten oldest minutes fell out.
        counts.advanceTo(kT0 + 10 * kMinute);
        QCOMPARE(counts.total(), 50U);
        QCOMPARE(counts.value(49, 0), 1U); // kT0's minute is now ten buckets before the newest
        // A laptop resumed after two days: everything is gone, and counting goes on in the right place.
        counts.advanceTo(kT0 + 2 * 24 * kHour + 30 * kSecond);
        QCOMPARE(counts.total(), 0U);
        QVERIFY(counts.add(kT0 + 2 * 24 * kHour + 31 * kSecond, 2));
        QCOMPARE(counts.value(59, 2), 1U);
        QVERIFY(counts.add(counts.bucketStartMs(3) + 5, 1));
        QCOMPARE(counts.value(3, 1), 1U);
        QCOMPARE(counts.total(), 2U);
    }

    void lateEarlyAndBackwardTimes()
    {
        RollingCounts counts(kSecond, 60, 1, kT0);
        // Late but inside the window: its own bucket.
        QVERIFY(counts.add(kT0 - 42 * kSecond + 1, 0));
        QCOMPARE(counts.value(59 - 42, 0), 1U);
        // Older than the window: left out.
        QVERIFY(!counts.add(kT0 - 60 * kSecond, 0));
        QVERIFY(!counts.add(0, 0));
        QCOMPARE(counts.total(), 1U);
        // Ahead of our clock: counted now.
        QVERIFY(counts.add(kT0 + 5 * kSecond, 0));
        QCOMPARE(counts.value(59, 0), 1U);
        // A clock stepping back leaves the window (and its counts) where it was.
        QVERIFY(!counts.advanceTo(kT0 - 10 * kSecond));
        QCOMPARE(counts.newestStartMs(), kT0);
        QCOMPARE(counts.total(), 2U);
    }

    void totalsEqualAnIndependentCount()
    {
        // Random traffic with random clock steps (some longer than the window), compared after every step with
        // a plain recount of every event kept in a list.
        std::mt19937 rng(7);
        int64_t now = kT0;
        RollingCounts counts(kSecond, 60, 4, now);
        struct Kept
        {
            int64_t ts;
            int column;
        };
        std::vector<Kept> kept;
        for (int round = 0; round < 400; ++round) {
            const int64_t step = rng() % 10 == 0 ? int64_t(rng() % 90'000) : int64_t(rng() % 1500);
            now += step;
            counts.advanceTo(now);
            const int n = int(rng() % 20);
            for (int i = 0; i < n; ++i) {
                const int64_t ts = now - int64_t(rng() % 70'000) + 2000; // some too old, some ahead
                const int column = int(rng() % 4);
                if (counts.add(ts, column)) {
                    kept.push_back({std::min(ts, now), column});
                }
            }
            const int64_t oldest = counts.bucketStartMs(0);
            std::vector<uint64_t> expected(60 * 4, 0);
            for (const Kept &k : kept) {
                if (k.ts >= oldest) {
                    ++expected[size_t((k.ts - oldest) / kSecond) * 4 + size_t(k.column)];
                }
            }
            uint64_t total = 0;
            for (int b = 0; b < 60; ++b) {
                uint64_t bucket = 0;
                for (int c = 0; c < 4; ++c) {
                    QCOMPARE(counts.value(b, c), expected[size_t(b) * 4 + size_t(c)]);
                    bucket += expected[size_t(b) * 4 + size_t(c)];
                }
                QCOMPARE(counts.bucketTotal(b), bucket);
                total += bucket;
            }
            QCOMPARE(counts.total(), total);
        }
    }

    void threeWindowsPerType()
    {
        int64_t now = kT0;
        LiveTrends trends([&] { return now; });
        trends.add(now, 0, kFrance);
        trends.add(now, 1, kFrance);
        trends.add(now, 40, kJapan);             // beyond the legend's rows: the last series
        trends.add(now - 2 * kHour, 0, kFrance); // outside the minute windows, inside the day
        using W = LiveTrends::Window;
        QCOMPARE(trends.series(W::Second).total(), 3U);
        QCOMPARE(trends.series(W::Minute).total(), 3U);
        QCOMPARE(trends.series(W::Hour).total(), 4U);
        QCOMPARE(trends.series(W::Hour).columnTotal(LiveTrends::kMaxTypes - 1), 1U);
        QCOMPARE(trends.series(W::Second).bucketCount(), 60);
        QCOMPARE(trends.series(W::Minute).bucketMs(), kMinute);
        QCOMPARE(trends.series(W::Hour).bucketCount(), 24);

        now += 61 * kSecond;
        QVERIFY(trends.advance());
        QCOMPARE(trends.series(W::Second).total(), 0U);
        QCOMPARE(trends.series(W::Minute).total(), 3U);
        QVERIFY(!trends.advance()); // the same now: nothing moves
    }

    void topCountriesOfTheLastHour()
    {
        int64_t now = kT0;
        LiveTrends trends([&] { return now; });
        for (int i = 0; i < 5; ++i) {
            trends.add(now, 0, kFrance);
        }
        for (int i = 0; i < 7; ++i) {
            trends.add(now, 0, kJapan);
        }
        trends.add(now, 0, {'d', 'e'}); // lower case is the same code
        trends.add(now, 0, kNoCountry);
        trends.add(now, 0, {'1', '2'}); // not a code: unknown
        std::array<LiveTrends::CountryCount, 2> top{};
        QCOMPARE(trends.topCountries(top), size_t(2));
        QCOMPARE(QByteArray(top[0].code.data(), 2), QByteArray("JP"));
        QCOMPARE(top[0].count, 7U);
        QCOMPARE(QByteArray(top[1].code.data(), 2), QByteArray("FR"));
        std::array<LiveTrends::CountryCount, 8> all{};
        QCOMPARE(trends.topCountries(all), size_t(3));
        QCOMPARE(QByteArray(all[2].code.data(), 2), QByteArray("DE"));
        QCOMPARE(trends.countries().columnTotal(LiveTrends::kUnknownCountry), 2U);
        QCOMPARE(trends.topCountries({}), size_t(0));

        // An hour later France's events have left the window; Japan's new ones count.
        now += kHour;
        trends.advance();
        QCOMPARE(trends.topCountries(all), size_t(0));
        trends.add(now, 0, kJapan);
        QCOMPARE(trends.topCountries(all), size_t(1));
        QCOMPARE(all[0].count, 1U);
    }

    void aSimulatedMonthKeepsMemoryFixed()
    {
        // A month of a steady stream (one batch of 10 events a second over 12 types and 40 countries,
        // with a quiet day and a clock jump in it): not one allocation, memory unchanged, and every window
        // still counts exactly what it should at the end.
        int64_t now = kT0;
        LiveTrends trends([&] { return now; });
        const size_t memory = trends.memoryBytes();
        QVERIFY2(memory > 0 && memory < 1024 * 1024, qPrintable(QString::number(memory)));
        std::array<LiveTrends::CountryCount, 10> top{};
        std::array<CityTable::CityCount, 10> topCities{};
        // More cities than the table holds (names made before counting starts), so places are recycled.
        std::vector<std::string> names;
        for (int i = 0; i < 2000; ++i) {
            names.push_back("city " + std::to_string(i));
        }
        std::vector<std::string> campaigns;
        for (int i = 0; i < 200; ++i) {
            campaigns.push_back("campaign " + std::to_string(i));
        }
        std::vector<std::string> paths;
        for (int i = 0; i < 1000; ++i) {
            paths.push_back("/articles/" + std::to_string(i) + (i % 3 == 0 ? "?utm_source=mail" : ""));
        }
        std::array<NameTable::NameCount, 10> topNames{};
        const uint64_t before = g_allocations.load();
        uint64_t added = 0;
        size_t listed = 0;
        double estimates = 0;
        const int64_t end = kT0 + 30LL * 24 * kHour;
        for (int64_t tick = 0; now < end; ++tick) {
            now += kSecond;
            if (now > kT0 + 10LL * 24 * kHour && now < kT0 + 11LL * 24 * kHour) {
                now += 10 * kMinute; // a quiet day, crossed in large steps
                trends.advance();
                continue;
            }
            trends.advance();
            for (int i = 0; i < 10; ++i) {
                const auto n = static_cast<char>('A' + (tick + i) % 40 / 26);
                const auto m = static_cast<char>('A' + (tick + i) % 26);
                // Campaigns and paths from pools larger than their tables (recycled too), a visitor per event.
                const LiveTrends::Details details{
                    names[size_t((tick / 600 + i * 50) % 2000)], campaigns[size_t((tick / 60 + i) % 200)],
                    paths[size_t((tick / 30 + i * 7) % 1000)], uint64_t((tick * 10 + i) % 5000 + 1)};
                trends.add(now - i, int((tick + i) % 12), {n, m}, details);
                ++added;
            }
            listed += trends.topCountries(top); // as the panel does, once a second
            listed += trends.cities().top(topCities);
            if (tick % 10 == 0) { // the summaries read these twice a second; reading allocates nothing either
                listed += trends.campaigns().top(topNames) + trends.paths().top(topNames);
                for (int b = 0; b < 60; ++b) {
                    estimates += trends.visitors(LiveTrends::DistinctWindow::Minute).estimate(b) +
                                 trends.places(LiveTrends::DistinctWindow::Minute).estimate(b);
                }
                const WeekComparison week =
                    compareWithLastWeek(trends.spans(), now - kHour, now - 8 * kHour, now - 7 * kHour);
                listed += week.today > 0 ? 1 : 0;
            }
        }
        QCOMPARE(g_allocations.load() - before, 0U);
        QCOMPARE(trends.memoryBytes(), memory);
        QVERIFY(added > 20'000'000);
        QVERIFY(listed > 0);
        // Each window holds its span of batches (the oldest batch's events straddle the window's start).
        using W = LiveTrends::Window;
        const uint64_t lastMinute = trends.series(W::Second).total();
        QVERIFY2(lastMinute > 59 * 10 && lastMinute <= 60 * 10, qPrintable(QString::number(lastMinute)));
        const uint64_t lastHour = trends.series(W::Minute).total();
        QVERIFY2(lastHour > 59 * 60 * 10 && lastHour <= 3600 * 10, qPrintable(QString::number(lastHour)));
        const uint64_t lastDay = trends.series(W::Hour).total();
        QVERIFY2(lastDay > 23 * 3600 * 10 && lastDay <= 24 * 3600 * 10, qPrintable(QString::number(lastDay)));
        QCOMPARE(trends.topCountries(top), size_t(10));
        QCOMPARE(trends.cities().top(topCities), size_t(10));
        QVERIFY(trends.cities().size() <= CityTable::kCapacity);
        QVERIFY(estimates > 0);
        // The campaigns and paths of the last hour fill their tables (more names than places, recycled all month
        // long); the visitors of the last minute (5,000 ids cycling at 10 a second: 600 of them) and the places.
        QCOMPARE(trends.campaigns().top(topNames), size_t(10));
        QCOMPARE(trends.paths().top(topNames), size_t(10));
        QVERIFY(trends.campaigns().size() <= LiveTrends::kCampaignCapacity);
        QVERIFY(trends.paths().size() <= LiveTrends::kPathCapacity);
        for (size_t i = 0; i < 10; ++i) {
            QVERIFY(topNames[i].text().find('?') == std::string_view::npos); // no query strings
        }
        const DistinctCounts &visitors = trends.visitors(LiveTrends::DistinctWindow::Minute);
        const double lastFullMinute = visitors.estimate(visitors.bucketCount() - 2);
        QVERIFY2(std::abs(lastFullMinute - 600) < 600 * 3 * DistinctCounts::kStandardError,
                 qPrintable(QString::number(lastFullMinute)));
        // Yesterday's span against the day before's: the month's steady stream makes them equal.
        const WeekComparison week = compareWithLastWeek(trends.spans(), now - 2 * kHour,
                                                        now - 7 * 24 * kHour - 2 * kHour, now - 7 * 24 * kHour);
        QVERIFY(week.todayComplete && week.lastWeekKnown);
        QVERIFY2(std::abs(week.changePercent) < 1, qPrintable(QString::number(week.changePercent)));
    }
};

QTEST_GUILESS_MAIN(TstLiveTrends)
#include "tst_live_trends.moc"
