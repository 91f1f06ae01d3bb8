// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The breakdowns' counters on an injected clock: NameTable (top campaigns and paths: ranking, truncation, late
// events, eviction when a name leaves the hour, a full table), DistinctCounts (HyperLogLog per bucket: the error
// bound from 1 to 200,000 items, duplicates, buckets moving with the clock and clearing) and SpanTotals with
// compareWithLastWeek (today against the same span a week ago, honest while history is missing, proration
// of a partial bucket, the window moving over 8 days).
#include "charts/distinct_counts.h"
#include "charts/live_trends.h"
#include "charts/name_table.h"
#include "charts/span_totals.h"

#include <QtTest>

#include <cmath>
#include <string>

using namespace pulsemap;

namespace {
constexpr int64_t kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z: not on a minute boundary
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kMidnight = 1'699'920'000'000; // 2023-11-14T00:00:00Z
} // namespace

class TstBreakdownCounts : public QObject
{
    Q_OBJECT
private slots:
    void namesRankedOverTheLastHour()
    {
        NameTable table(8, 16, kT0);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(table.add(kT0, "spring-sale"));
        }
        QVERIFY(table.add(kT0 - 30 * kMinute, "newsletter"));
        QVERIFY(table.add(kT0, "newsletter"));
        QVERIFY(table.add(kT0, "welcome"));
        QVERIFY(!table.add(kT0, ""));                    // no name: not counted
        QVERIFY(!table.add(kT0 - 2 * kHour, "ancient")); // before the hour: no place taken
        QCOMPARE(table.size(), 3);
        std::array<NameTable::NameCount, 2> top{};
        QCOMPARE(table.top(top), size_t(2));
        QCOMPARE(top[0].text(), std::string_view("spring-sale"));
        QCOMPARE(top[0].count, 3U);
        QCOMPARE(top[1].text(), std::string_view("newsletter"));
        QCOMPARE(top[1].count, 2U);
        QCOMPARE(table.top({}), size_t(0));

        // Long names are cut to 16 bytes at a character boundary ("é" is two bytes, not split): names sharing
        // the cut prefix count as one.
        const std::string prefix(15, 'p');
        QVERIFY(table.add(kT0, prefix + "\xc3\xa9-one"));
        QVERIFY(table.add(kT0, prefix + "\xc3\xa9-two"));
        std::array<NameTable::NameCount, 8> all{};
        const size_t n = table.top(all);
        QCOMPARE(n, size_t(4));
        QCOMPARE(all[2].text(), std::string_view(prefix)); // 2 events, after newsletter's (older place first)
        QCOMPARE(all[2].count, 2U);
        QCOMPARE(NameTable::clip("abc", 10), std::string_view("abc"));
        QCOMPARE(NameTable::clip("\xc3\xa9\xc3\xa9", 3), std::string_view("\xc3\xa9"));
    }

    void namesLeaveWhenTheirHourIsEmpty()
    {
        int64_t now = kT0;
        NameTable table(4, 16, now);
        QVERIFY(table.add(now - 50 * kMinute, "old"));
        QVERIFY(table.add(now, "fresh"));
        QCOMPARE(table.size(), 2);
        // 10 minutes later "old" is out of the hour: its place is given back when the minute turns.
        now += 10 * kMinute;
        QVERIFY(table.advanceTo(now));
        QCOMPARE(table.size(), 1);
        std::array<NameTable::NameCount, 4> top{};
        QCOMPARE(table.top(top), size_t(1));
        QCOMPARE(top[0].text(), std::string_view("fresh"));
        // Fill the table: the fifth name is unplaced (counted as such), the others still count.
        QVERIFY(table.add(now, "a"));
        QVERIFY(table.add(now, "b"));
        QVERIFY(table.add(now, "c"));
        QCOMPARE(table.size(), 4);
        QVERIFY(!table.add(now, "d"));
        QCOMPARE(table.unplaced(), 1U);
        QVERIFY(table.add(now, "a")); // a name already in has its place
        // An hour later every name has left; new ones find places again, and the unplaced count left too.
        now += kHour;
        QVERIFY(table.advanceTo(now));
        QCOMPARE(table.size(), 0);
        QCOMPARE(table.unplaced(), 0U);
        QVERIFY(table.add(now, "d"));
        QCOMPARE(table.top(top), size_t(1));
        QCOMPARE(top[0].text(), std::string_view("d"));
        // Nonsense sizes are clamped.
        NameTable tiny(0, 0, now);
        QCOMPARE(tiny.capacity(), 1);
        QCOMPARE(tiny.maxName(), size_t(1));
        QVERIFY(tiny.add(now, "xyz"));
        QCOMPARE(tiny.top(top), size_t(1));
        QCOMPARE(top[0].text(), std::string_view("x"));
    }

    void liveTrendsCountCampaignsAndPathsWithoutQueries()
    {
        int64_t now = kT0;
        LiveTrends trends([&] { return now; });
        trends.add(now, 0, {'F', 'R'}, LiveTrends::Details{"Paris", "spring", "/pricing?utm=mail", 7});
        trends.add(now, 0, {'F', 'R'}, LiveTrends::Details{"Paris", "spring", "/pricing", 7});
        trends.add(now, 1, {'F', 'R'}, LiveTrends::Details{"Lyon", "", "/", 8});
        trends.add(now, 1, {}, LiveTrends::Details{"", "autumn", "", 0});
        std::array<NameTable::NameCount, 4> top{};
        QCOMPARE(trends.campaigns().top(top), size_t(2));
        QCOMPARE(top[0].text(), std::string_view("spring"));
        QCOMPARE(top[0].count, 2U);
        QCOMPARE(top[1].text(), std::string_view("autumn"));
        QCOMPARE(trends.paths().top(top), size_t(2));
        QCOMPARE(top[0].text(), std::string_view("/pricing"));
        QCOMPARE(top[0].count, 2U);
        QCOMPARE(top[1].text(), std::string_view("/"));
        using D = LiveTrends::DistinctWindow;
        const int newest = trends.visitors(D::Minute).bucketCount() - 1;
        QCOMPARE(std::lround(trends.visitors(D::Minute).estimate(newest)), 2L); // visitor 0 is unknown
        QCOMPARE(std::lround(trends.places(D::Minute).estimate(newest)), 2L);   // no city is no place
        QCOMPARE(std::lround(trends.visitors(D::Hour).estimate(23)), 2L);
        QCOMPARE(trends.visitors(D::Minute).bucketStartMs(newest),
                 trends.series(LiveTrends::Window::Minute).newestStartMs());
        QCOMPARE(trends.visitors(D::Hour).bucketStartMs(23), trends.series(LiveTrends::Window::Hour).newestStartMs());
        // The old overload still counts an event everywhere it can.
        trends.add(now, 0, {'J', 'P'}, "Tokyo");
        QCOMPARE(std::lround(trends.places(D::Minute).estimate(newest)), 3L);
        QCOMPARE(trends.spans().total(kT0, kT0 + 1), 5.0);
    }

    void distinctCountsWithinTheirErrorBound()
    {
        // Every estimate from 1 to 200,000 distinct items within 3 standard errors (13.8 %); small counts
        // (linear counting) within 1, or 10 %, of the truth up to 40. Each item is also added twice: duplicates change
        // nothing. The average error over the larger sizes is near the standard error.
        const std::array<int, 12> sizes{1, 2, 5, 10, 40, 100, 500, 1000, 3000, 10'000, 50'000, 200'000};
        double errorSum = 0;
        int errorCount = 0;
        for (int round = 0; round < 4; ++round) {
            for (const int n : sizes) {
                DistinctCounts counts(kMinute, 2, kT0);
                for (int i = 0; i < n; ++i) {
                    const uint64_t id = (uint64_t(round) << 40U) + uint64_t(i) * 2654435761ULL + 1;
                    QVERIFY(counts.add(kT0, DistinctCounts::mix(id)));
                    counts.add(kT0, DistinctCounts::mix(id));
                }
                const double estimate = counts.estimate(1);
                const double error = std::abs(estimate - n) / n;
                if (n <= 40) {
                    QVERIFY2(std::abs(estimate - n) <= std::max(1.0, 0.1 * n),
                             qPrintable(QString("%1 for %2").arg(estimate).arg(n)));
                } else {
                    QVERIFY2(error < 3 * DistinctCounts::kStandardError,
                             qPrintable(QString("%1 for %2").arg(estimate).arg(n)));
                }
                if (n >= 3000) {
                    errorSum += error;
                    ++errorCount;
                }
                QCOMPARE(counts.estimate(0), 0.0); // the other bucket saw nothing
            }
        }
        QVERIFY2(errorSum / errorCount < 1.5 * DistinctCounts::kStandardError,
                 qPrintable(QString::number(errorSum / errorCount)));
    }

    void distinctBucketsMoveWithTheClock()
    {
        DistinctCounts counts(kMinute, 60, kT0);
        QCOMPARE(counts.bucketStartMs(59), kT0 - kT0 % kMinute);
        for (uint64_t i = 1; i <= 30; ++i) {
            counts.add(kT0, DistinctCounts::mix(i));
        }
        QVERIFY(counts.add(kT0 - 59 * kMinute, DistinctCounts::mix(99)));  // the oldest bucket
        QVERIFY(!counts.add(kT0 - 60 * kMinute, DistinctCounts::mix(98))); // before the window
        QVERIFY(counts.add(kT0 + 5 * kMinute, DistinctCounts::mix(31)));   // ahead: the newest bucket
        QVERIFY(std::abs(counts.estimate(59) - 31) < 2);                   // approximate: 31 items in 512 registers
        QCOMPARE(std::lround(counts.estimate(0)), 1L);
        QCOMPARE(counts.estimate(60), 0.0);
        QCOMPARE(counts.estimate(-1), 0.0);
        const double estimate31 = counts.estimate(59);
        const uint64_t serial = counts.serial();
        QVERIFY(!counts.advanceTo(kT0 + 1));     // the same minute
        QVERIFY(!counts.advanceTo(kT0 - kHour)); // back: stays
        QCOMPARE(counts.serial(), serial);
        // A minute on: the 31 move one bucket older, the newest is empty, the oldest has left.
        QVERIFY(counts.advanceTo(kT0 + kMinute));
        QCOMPARE(counts.estimate(58), estimate31); // the same sketch, one bucket older
        QCOMPARE(counts.estimate(59), 0.0);
        QCOMPARE(counts.estimate(0), 0.0);
        // A day later everything has left, and counting goes on in the right bucket.
        QVERIFY(counts.advanceTo(kT0 + kDay));
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(counts.estimate(i), 0.0);
        }
        QVERIFY(counts.add(kT0 + kDay, DistinctCounts::mix(5)));
        QCOMPARE(std::lround(counts.estimate(59)), 1L);
        QCOMPARE(counts.memoryBytes(), size_t(60) * (512 + 64 * 2));
    }

    void spanTotalsProrateAndKnowWhereTheyStarted()
    {
        int64_t now = kMidnight + 14 * kHour + 2 * kMinute; // started at 14:02
        SpanTotals totals(now);
        QCOMPARE(totals.knownFromMs(), now);
        QVERIFY(!totals.add(now - 1)); // before counting started
        QVERIFY(totals.add(now, 10));
        now += 3 * kMinute; // 14:05
        totals.advanceTo(now);
        QVERIFY(totals.add(now, 4));
        QCOMPARE(totals.total(kMidnight, now + 1), 14.0);
        // 14:00-14:05 was counted over 14:02-14:05 only: half of [14:02, 14:05) is 14:02-14:03:30.
        QCOMPARE(totals.total(kMidnight + 14 * kHour + 2 * kMinute, kMidnight + 14 * kHour + 3 * kMinute + 30'000),
                 5.0);
        QCOMPARE(totals.total(now, now), 0.0);
        // Today started before counting did: "since 14:02", no comparison.
        WeekComparison week = compareWithLastWeek(totals, kMidnight, kMidnight - 7 * kDay, now - 7 * kDay);
        QVERIFY(!week.todayComplete);
        QVERIFY(!week.lastWeekKnown);
        QCOMPARE(week.sinceMs, kMidnight + 14 * kHour + 2 * kMinute);
        QCOMPARE(week.today, 14U);
        QCOMPARE(week.changePercent, 0.0);
    }

    void todayAgainstTheSameTimeLastWeek()
    {
        // Counting from Monday 00:00 on, 100 events every 5 minutes (a steady week), then the next Monday
        // twice as busy: at 12:00 today is 200 x 144, last week's span 100 x 144, +100 %.
        int64_t now = kMidnight;
        SpanTotals totals(now);
        const auto feed = [&](int64_t until, uint32_t perBucket) {
            while (now < until) {
                totals.advanceTo(now);
                totals.add(now, perBucket);
                now += SpanTotals::kBucketMs;
            }
            now = until;
            totals.advanceTo(now);
        };
        feed(kMidnight + 7 * kDay, 100);
        feed(kMidnight + 7 * kDay + 12 * kHour, 200);
        WeekComparison week = compareWithLastWeek(totals, kMidnight + 7 * kDay, kMidnight, kMidnight + 12 * kHour);
        QVERIFY(week.todayComplete);
        QVERIFY(week.lastWeekKnown);
        QCOMPARE(week.today, 200U * 144);
        QCOMPARE(week.lastWeek, 100U * 144);
        QCOMPARE(week.changePercent, 100.0);
        // Half-way through a bucket, last week's bucket counts half: 12:02:30 against 12:02:30.
        totals.add(now, 200);
        now += 150'000;
        totals.advanceTo(now);
        week = compareWithLastWeek(totals, kMidnight + 7 * kDay, kMidnight, kMidnight + 12 * kHour + 150'000);
        QCOMPARE(week.today, 200U * 145);
        QCOMPARE(week.lastWeek, 100U * 144 + 50);
        // A last week with no events: the change is not a division by zero.
        SpanTotals quiet(kMidnight);
        quiet.advanceTo(kMidnight + 7 * kDay + kHour);
        quiet.add(kMidnight + 7 * kDay + kHour, 3);
        week = compareWithLastWeek(quiet, kMidnight + 7 * kDay, kMidnight, kMidnight + kHour);
        QVERIFY(week.lastWeekKnown);
        QCOMPARE(week.lastWeek, 0U);
        QCOMPARE(week.today, 3U);
        QCOMPARE(week.changePercent, 0.0);
        // Nine days on, the window has moved past the first week: its totals are gone, not kept forever.
        feed(kMidnight + 16 * kDay, 0);
        QCOMPARE(totals.knownFromMs(),
                 kMidnight + 16 * kDay - int64_t(SpanTotals::kBucketCount - 1) * SpanTotals::kBucketMs);
        QCOMPARE(totals.total(kMidnight, kMidnight + 8 * kDay), 0.0);
        week = compareWithLastWeek(totals, kMidnight + 16 * kDay, kMidnight + 9 * kDay, kMidnight + 9 * kDay);
        QVERIFY(week.lastWeekKnown);
        QCOMPARE(week.today, 0U);
        // A week before the window is unknown, never zero.
        week = compareWithLastWeek(totals, kMidnight + 16 * kDay, kMidnight + 7 * kDay, kMidnight + 7 * kDay + kHour);
        QVERIFY(!week.lastWeekKnown);
        QCOMPARE(totals.memoryBytes(), size_t(SpanTotals::kBucketCount) * 8);
    }
};

QTEST_GUILESS_MAIN(TstBreakdownCounts)
#include "tst_breakdown_counts.moc"
