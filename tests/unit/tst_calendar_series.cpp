// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The calendar view's series (calendarSeries) and the new/returning visitor split, on a real campaign file of
// randomized events (denser around DST changes), against an independent computation that converts every event
// with QDateTime, groups it by its local unit and finds each visitor's first event by a scan.
#include "analytics/calendar_series.h"
#include "analytics/visitor_query.h"
#include "core/campaign_store.h"

#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace pulsemap;

namespace {

constexpr int64_t kMsPerHour = civil::kMsPerHour;
constexpr int64_t kMsPerDay = civil::kMsPerDay;

int64_t utcMs(int year, int month, int day, int hour = 0)
{
    return civil::daysFromCivil(year, month, day) * kMsPerDay + hour * kMsPerHour;
}

struct Sample
{
    int64_t tsMs;
    uint64_t visitor;    // 0: none
    bool spring = false; // campaign "spring"; the others "autumn"

    // Three types, by visitor id (0, without one, is a click).
    [[nodiscard]] const char *type() const
    {
        return visitor % 3 == 0 ? "click" : (visitor % 3 == 1 ? "open" : "signup");
    }
};

// A local unit: the date of its first day (weeks from Monday), the hour for hours and the offset for hours (the
// two 02:00 hours of a fall-back night are two units).
struct Key
{
    qint64 day = 0;
    int hour = 0;
    int offset = 0;
    auto operator<=>(const Key &) const = default;
};

Key keyAt(int64_t tsMs, const QTimeZone &zone, civil::Bucket bucket)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(tsMs, zone);
    const QDate date = local.date();
    switch (bucket) {
    case civil::Bucket::Hour:
        return {date.toJulianDay(), local.time().hour(), local.offsetFromUtc()};
    case civil::Bucket::Week:
        return {date.addDays(1 - date.dayOfWeek()).toJulianDay()};
    case civil::Bucket::Month:
        return {QDate(date.year(), date.month(), 1).toJulianDay()};
    case civil::Bucket::Quarter:
        return {QDate(date.year(), (date.month() - 1) / 3 * 3 + 1, 1).toJulianDay()};
    case civil::Bucket::Year:
        return {QDate(date.year(), 1, 1).toJulianDay()};
    default:
        return {date.toJulianDay()};
    }
}

} // namespace

class TstCalendarSeries : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::vector<Sample> m_events;
    std::unique_ptr<CampaignStore> m_store;

    int64_t countWhere(const QTimeZone &zone, civil::Bucket bucket, const Key &key, bool springOnly = false) const
    {
        int64_t count = 0;
        for (const Sample &sample : m_events) {
            count += keyAt(sample.tsMs, zone, bucket) == key && (!springOnly || sample.spring) ? 1 : 0;
        }
        return count;
    }

private slots:
    void initTestCase()
    {
        std::mt19937_64 random(20261128);
        auto addAround = [&](int64_t centerMs, int64_t spreadMs, int count) {
            std::uniform_int_distribution<int64_t> offset(-spreadMs, spreadMs);
            std::uniform_int_distribution<uint64_t> visitor(0, 400); // 0: an event without a visitor id
            for (int i = 0; i < count; ++i) {
                m_events.push_back({centerMs + offset(random), visitor(random), random() % 3 == 0});
            }
        };
        addAround(utcMs(2024, 6, 1), 540 * kMsPerDay, 3000);   // 2023..2025
        addAround(utcMs(2024, 3, 31, 1), 2 * kMsPerDay, 800);  // Paris springs forward
        addAround(utcMs(2024, 10, 27, 1), 2 * kMsPerDay, 800); // and falls back
        addAround(utcMs(2024, 11, 3, 6), 2 * kMsPerDay, 400);  // New York falls back
        addAround(utcMs(2024, 2, 29, 12), 2 * kMsPerDay, 200); // a leap day
        QVERIFY(m_dir.isValid());
        auto store = CampaignStore::openOrCreate(m_dir.filePath("calendar.pulsemap").toStdString());
        QVERIFY2(store, store.message().c_str());
        EventBatch batch;
        for (const Sample &sample : m_events) {
            Event &event = batch.append();
            event.tsMs = sample.tsMs;
            event.type = batch.store(sample.type());
            event.visitor = sample.visitor;
            event.campaign = batch.store(sample.spring ? "spring" : "autumn");
        }
        const Status appended = (*store)->append(batch);
        QVERIFY2(appended, appended.message().c_str());
        m_store = std::move(*store);
    }

    void eventsPerLocalBucket_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("bucket");
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        const auto add = [](const char *name, const char *zone, civil::Bucket bucket, int64_t from, int64_t to) {
            QTest::newRow(name) << zone << static_cast<int>(bucket) << qint64{from} << qint64{to};
        };
        add("paris hours, fall back", "Europe/Paris", civil::Bucket::Hour, utcMs(2024, 10, 25), utcMs(2024, 10, 29));
        add("paris hours, spring", "Europe/Paris", civil::Bucket::Hour, utcMs(2024, 3, 30), utcMs(2024, 4, 2));
        add("new york hours", "America/New_York", civil::Bucket::Hour, utcMs(2024, 11, 2), utcMs(2024, 11, 5));
        add("paris days", "Europe/Paris", civil::Bucket::Day, utcMs(2024, 1, 1), utcMs(2024, 12, 31));
        add("kolkata weeks", "Asia/Kolkata", civil::Bucket::Week, 0, 0);
        add("new york months", "America/New_York", civil::Bucket::Month, 0, 0);
        add("paris quarters", "Europe/Paris", civil::Bucket::Quarter, 0, 0);
        add("utc years", "UTC", civil::Bucket::Year, 0, 0);
    }

    // Every bucket of the range, in order, each holding exactly the events of its local unit; the range is cut to
    // whole buckets (a zoom that starts mid-day still shows whole days).
    void eventsPerLocalBucket()
    {
        QFETCH(QString, zone);
        QFETCH(int, bucket);
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        const auto unit = static_cast<civil::Bucket>(bucket);
        const QTimeZone qzone(zone.toUtf8());
        const auto calendar = LocalCalendar::forZone(zone.toStdString());
        QVERIFY(calendar);
        CalendarRequest request;
        request.bucket = unit;
        if (from != 0) {
            request.fromMs = from + 17 * civil::kMsPerMinute; // mid-bucket
            request.toMs = to;
        }
        const auto series = calendarSeries(*m_store, *calendar, request);
        QVERIFY2(series, series.message().c_str());
        QVERIFY(!series->starts.empty());
        const int64_t first =
            std::min_element(m_events.begin(), m_events.end(), [](auto &a, auto &b) { return a.tsMs < b.tsMs; })->tsMs;
        QCOMPARE(series->fileFirstMs, first);
        const int64_t rangeFrom = request.fromMs.value_or(series->fileFirstMs);
        const int64_t rangeTo = request.toMs.value_or(series->fileLastMs + 1);
        QVERIFY(series->starts.front() <= rangeFrom && rangeFrom < series->ends.front());
        QVERIFY(series->starts.back() < rangeTo && rangeTo <= series->ends.back());
        std::set<Key> seen;
        for (size_t i = 0; i < series->starts.size(); ++i) {
            const Key key = keyAt(series->starts[i], qzone, unit);
            QVERIFY2(seen.insert(key).second, "a local unit listed twice");
            QCOMPARE(keyAt(series->ends[i] - 1, qzone, unit), key); // the bucket is one unit...
            QVERIFY(keyAt(series->ends[i], qzone, unit) != key);    // ...and all of it
            if (i + 1 < series->starts.size()) {
                QCOMPARE(series->ends[i], series->starts[i + 1]);
            }
            QCOMPARE(series->values[i], countWhere(qzone, unit, key));
            QCOMPARE(series->hasCompared[i], uint8_t{0});
        }
    }

    // The replay's campaign filter: only that campaign's events and visitors count, in every bucket.
    void campaignFilterCountsOnlyItsEvents()
    {
        const QTimeZone paris("Europe/Paris");
        const auto calendar = LocalCalendar::forZone("Europe/Paris");
        QVERIFY(calendar);
        CalendarRequest request;
        request.bucket = civil::Bucket::Week;
        request.selection.campaigns = {"spring"};
        auto series = calendarSeries(*m_store, *calendar, request);
        QVERIFY2(series, series.message().c_str());
        int64_t total = 0;
        for (size_t i = 0; i < series->starts.size(); ++i) {
            const Key key = keyAt(series->starts[i], paris, civil::Bucket::Week);
            QCOMPARE(series->values[i], countWhere(paris, civil::Bucket::Week, key, true));
            total += series->values[i];
        }
        const auto spring = std::count_if(m_events.begin(), m_events.end(), [](const Sample &s) { return s.spring; });
        QCOMPARE(total, int64_t(spring));
        QVERIFY(total > 0 && total < int64_t(m_events.size()));

        request.metric = CalendarMetric::Visitors;
        series = calendarSeries(*m_store, *calendar, request);
        QVERIFY2(series, series.message().c_str());
        for (size_t i = 0; i < series->starts.size(); ++i) {
            std::set<uint64_t> visitors;
            const Key key = keyAt(series->starts[i], paris, civil::Bucket::Week);
            for (const Sample &sample : m_events) {
                if (sample.spring && sample.visitor != 0 && keyAt(sample.tsMs, paris, civil::Bucket::Week) == key) {
                    visitors.insert(sample.visitor);
                }
            }
            QCOMPARE(series->values[i], int64_t(visitors.size()));
        }
    }

    // Types hidden in the legend: their events and visitors are left out of every bucket and of the overlay, alone
    // or with the campaign filter and the replay's type selection; hiding every type shown counts nothing.
    void hiddenTypesAreLeftOut_data()
    {
        QTest::addColumn<QStringList>("hidden");
        QTest::addColumn<QStringList>("selected"); // the selection's types (empty: all)
        QTest::addColumn<bool>("springOnly");
        QTest::newRow("clicks hidden") << QStringList{"click"} << QStringList{} << false;
        QTest::newRow("two hidden, one campaign") << QStringList{"click", "open"} << QStringList{} << true;
        QTest::newRow("hidden and selected") << QStringList{"open"} << QStringList{"open", "signup"} << false;
        QTest::newRow("unknown type hidden") << QStringList{"nope"} << QStringList{} << false;
        QTest::newRow("the selection hidden") << QStringList{"signup"} << QStringList{"signup"} << false;
        QTest::newRow("all hidden") << QStringList{"click", "open", "signup"} << QStringList{} << false;
    }
    void hiddenTypesAreLeftOut()
    {
        QFETCH(QStringList, hidden);
        QFETCH(QStringList, selected);
        QFETCH(bool, springOnly);
        const auto counts = [&](const Sample &sample) {
            const QString type = QString::fromLatin1(sample.type());
            return !hidden.contains(type) && (selected.isEmpty() || selected.contains(type)) &&
                   (!springOnly || sample.spring);
        };
        const QTimeZone paris("Europe/Paris");
        const civil::Bucket unit = civil::Bucket::Month;
        const auto calendar = LocalCalendar::forZone("Europe/Paris");
        QVERIFY(calendar);
        CalendarRequest request;
        request.bucket = unit;
        request.comparison = Comparison::Previous;
        for (const QString &type : hidden) {
            request.hiddenTypes.push_back(type.toStdString());
        }
        for (const QString &type : selected) {
            request.selection.types.push_back(type.toStdString());
        }
        if (springOnly) {
            request.selection.campaigns = {"spring"};
        }
        std::map<Key, int64_t> events;
        std::map<Key, std::set<uint64_t>> visitors;
        int64_t expectedTotal = 0;
        for (const Sample &sample : m_events) {
            if (counts(sample)) {
                const Key key = keyAt(sample.tsMs, paris, unit);
                ++events[key];
                ++expectedTotal;
                if (sample.visitor != 0) {
                    visitors[key].insert(sample.visitor);
                }
            }
        }
        auto series = calendarSeries(*m_store, *calendar, request);
        QVERIFY2(series, series.message().c_str());
        QVERIFY(series->starts.size() > 24); // the file's whole span, whatever is left out
        int64_t total = 0;
        for (size_t i = 0; i < series->starts.size(); ++i) {
            QCOMPARE(series->values[i], events[keyAt(series->starts[i], paris, unit)]);
            if (i > 0) {
                QCOMPARE(series->compared[i], series->values[i - 1]);
            }
            total += series->values[i];
        }
        QCOMPARE(total, expectedTotal);
        const bool nothing = hidden.size() == 3 || selected == QStringList{"signup"};
        QCOMPARE(total == 0, nothing);

        request.metric = CalendarMetric::Visitors;
        series = calendarSeries(*m_store, *calendar, request);
        QVERIFY2(series, series.message().c_str());
        for (size_t i = 0; i < series->starts.size(); ++i) {
            QCOMPARE(series->values[i], int64_t(visitors[keyAt(series->starts[i], paris, unit)].size()));
        }
    }

    // The fall-back day of Paris has 25 hour buckets, the spring-forward day 23.
    void dstDaysHaveTheirHours()
    {
        const auto paris = LocalCalendar::forZone("Europe/Paris");
        QVERIFY(paris);
        CalendarRequest request;
        request.bucket = civil::Bucket::Hour;
        request.fromMs = utcMs(2024, 10, 26, 22); // Oct 27 00:00 +02:00
        request.toMs = utcMs(2024, 10, 27, 23);   // Oct 28 00:00 +01:00
        auto series = calendarSeries(*m_store, *paris, request);
        QVERIFY(series);
        QCOMPARE(series->starts.size(), size_t{25});
        QCOMPARE(paris->formatIso(series->starts[2]), std::string("2024-10-27T02:00:00+02:00"));
        QCOMPARE(paris->formatIso(series->starts[3]), std::string("2024-10-27T02:00:00+01:00"));
        request.fromMs = utcMs(2024, 3, 30, 23); // Mar 31 00:00 +01:00
        request.toMs = utcMs(2024, 3, 31, 22);   // Apr 1 00:00 +02:00
        series = calendarSeries(*m_store, *paris, request);
        QVERIFY(series);
        QCOMPARE(series->starts.size(), size_t{23});
    }

    void overlayAligns_data()
    {
        QTest::addColumn<int>("bucket");
        QTest::addColumn<int>("comparison");
        QTest::newRow("days vs previous") << int(civil::Bucket::Day) << int(Comparison::Previous);
        QTest::newRow("days vs week") << int(civil::Bucket::Day) << int(Comparison::Week);
        QTest::newRow("days vs month") << int(civil::Bucket::Day) << int(Comparison::Month);
        QTest::newRow("days vs year") << int(civil::Bucket::Day) << int(Comparison::Year);
        QTest::newRow("hours vs week") << int(civil::Bucket::Hour) << int(Comparison::Week);
        QTest::newRow("months vs year") << int(civil::Bucket::Month) << int(Comparison::Year);
    }

    // The dimmer series: each bucket beside the count of the local unit a period earlier (months clamp the
    // day: Mar 31 -> Feb 29), computed here from dates, not from LocalCalendar.
    void overlayAligns()
    {
        QFETCH(int, bucket);
        QFETCH(int, comparison);
        const auto unit = static_cast<civil::Bucket>(bucket);
        const auto compare = static_cast<Comparison>(comparison);
        const QTimeZone qzone("Europe/Paris");
        const auto calendar = LocalCalendar::forZone("Europe/Paris");
        QVERIFY(calendar);
        CalendarRequest request;
        request.bucket = unit;
        request.comparison = compare;
        request.fromMs = unit == civil::Bucket::Hour ? utcMs(2024, 11, 2) : utcMs(2024, 2, 20);
        request.toMs = unit == civil::Bucket::Hour ? utcMs(2024, 11, 4) : utcMs(2025, 4, 10);
        const auto series = calendarSeries(*m_store, *calendar, request);
        QVERIFY2(series, series.message().c_str());
        for (size_t i = 0; i < series->starts.size(); ++i) {
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(series->starts[i], qzone);
            QDateTime earlier;
            if (compare == Comparison::Previous) {
                earlier = QDateTime::fromMSecsSinceEpoch(series->starts[i] - 1, qzone);
            } else if (compare == Comparison::Week) {
                earlier = QDateTime(local.date().addDays(-7), local.time(), qzone);
            } else if (compare == Comparison::Month) {
                earlier = QDateTime(local.date().addMonths(-1), local.time(), qzone);
            } else {
                earlier = QDateTime(local.date().addYears(-1), local.time(), qzone);
            }
            QVERIFY(series->hasCompared[i]); // no skipped local time in these ranges (Nov 2 has no DST change)
            int64_t earlierMs = earlier.toMSecsSinceEpoch();
            // A local hour that happened twice (Oct 27's 02:00, a week before Nov 3's) is compared with the first.
            const Key twice = keyAt(earlierMs - kMsPerHour, qzone, unit);
            const Key once = keyAt(earlierMs, qzone, unit);
            if (unit == civil::Bucket::Hour && twice.day == once.day && twice.hour == once.hour) {
                earlierMs -= kMsPerHour;
            }
            QCOMPARE(series->compared[i], countWhere(qzone, unit, keyAt(earlierMs, qzone, unit)));
        }
    }

    // Distinct, new and returning visitors per bucket: new when the visitor's first event in the file is in the
    // bucket; distinct = new + returning.
    void visitorsSplit()
    {
        const QTimeZone qzone("Europe/Paris");
        const auto calendar = LocalCalendar::forZone("Europe/Paris");
        QVERIFY(calendar);
        std::map<uint64_t, int64_t> firstSeen;
        for (const Sample &sample : m_events) {
            if (sample.visitor == 0) {
                continue;
            }
            auto [at, added] = firstSeen.emplace(sample.visitor, sample.tsMs);
            at->second = std::min(at->second, sample.tsMs);
        }
        const civil::Bucket unit = civil::Bucket::Week;
        std::map<Key, std::set<uint64_t>> visitors;
        for (const Sample &sample : m_events) {
            if (sample.visitor != 0) {
                visitors[keyAt(sample.tsMs, qzone, unit)].insert(sample.visitor);
            }
        }
        CalendarRequest request;
        request.bucket = unit;
        std::vector<int64_t> got[3];
        const CalendarMetric metrics[3] = {CalendarMetric::Visitors, CalendarMetric::NewVisitors,
                                           CalendarMetric::ReturningVisitors};
        for (int m = 0; m < 3; ++m) {
            request.metric = metrics[m];
            const auto series = calendarSeries(*m_store, *calendar, request);
            QVERIFY2(series, series.message().c_str());
            got[m] = series->values;
            if (m == 0) {
                QCOMPARE(series->starts.size(), visitors.size() + 0); // every week of the range has visitors
                size_t i = 0;
                for (const auto &[key, ids] : visitors) {
                    QCOMPARE(keyAt(series->starts[i], qzone, unit), key);
                    int64_t fresh = 0;
                    for (const uint64_t id : ids) {
                        fresh += keyAt(firstSeen[id], qzone, unit) == key ? 1 : 0;
                    }
                    QCOMPARE(series->values[i], int64_t(ids.size()));
                    QVERIFY(fresh > 0 || i > 0);
                    ++i;
                }
            }
        }
        size_t i = 0;
        int64_t totalNew = 0;
        for (const auto &[key, ids] : visitors) {
            int64_t fresh = 0;
            for (const uint64_t id : ids) {
                fresh += keyAt(firstSeen[id], qzone, unit) == key ? 1 : 0;
            }
            QCOMPARE(got[1][i], fresh);
            QCOMPARE(got[2][i], int64_t(ids.size()) - fresh);
            totalNew += fresh;
            ++i;
        }
        QCOMPARE(totalNew, int64_t(firstSeen.size())); // every visitor is new exactly once

        // The same split as `stats --visitors --new-returning` computes it, with a type filter: the first event
        // still counts whatever its type.
        EventFilter clicks;
        clicks.types = {"click"};
        const std::vector<BucketCount> rows = {{calendar->bucketStart(utcMs(2024, 10, 27), unit), 0}};
        const auto fresh = newVisitors(*m_store, *calendar, unit, clicks, rows);
        QVERIFY(fresh);
        std::set<uint64_t> clickers;
        for (const Sample &sample : m_events) {
            if (sample.visitor != 0 && sample.visitor % 3 == 0 &&
                keyAt(sample.tsMs, qzone, unit) == keyAt(rows[0].startMs, qzone, unit)) {
                clickers.insert(sample.visitor);
            }
        }
        int64_t expected = 0;
        for (const uint64_t id : clickers) {
            expected += keyAt(firstSeen[id], qzone, unit) == keyAt(rows[0].startMs, qzone, unit) ? 1 : 0;
        }
        QCOMPARE((*fresh)[0], expected);
    }

    void badPaths()
    {
        const auto paris = LocalCalendar::forZone("Europe/Paris");
        QVERIFY(paris);
        CalendarRequest request;
        request.bucket = civil::Bucket::Hour; // three years of hours: more than a chart shows
        auto series = calendarSeries(*m_store, *paris, request);
        QVERIFY(!series);
        QVERIFY2(series.message().find("coarser") != std::string::npos, series.message().c_str());
        request.bucket = civil::Bucket::Day;
        request.fromMs = utcMs(2024, 5, 1);
        request.toMs = utcMs(2024, 5, 1);
        QVERIFY(!calendarSeries(*m_store, *paris, request));
        QCOMPARE(calendarMetricFromName("returning"), std::optional(CalendarMetric::ReturningVisitors));
        QVERIFY(!calendarMetricFromName("sessions"));

        auto empty = CampaignStore::openOrCreate(m_dir.filePath("empty.pulsemap").toStdString());
        QVERIFY(empty);
        request.fromMs.reset();
        request.toMs.reset();
        series = calendarSeries(**empty, *paris, request);
        QVERIFY(series);
        QVERIFY(series->starts.empty());
    }
};

QTEST_GUILESS_MAIN(TstCalendarSeries)
#include "tst_calendar_series.moc"
