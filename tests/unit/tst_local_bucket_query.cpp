// SPDX-License-Identifier: GPL-3.0-or-later
// Property tests of local-calendar buckets and comparisons: on a real campaign file of randomized events over
// 2015..2026 (denser around every DST transition, month end and a winter of hours), every bucketing and every
// compared count equals an independent computation that converts each event with QDateTime and groups it.
#include "analytics/local_bucket_query.h"
#include "core/campaign_store.h"

#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <cstdlib>
#include <limits>
#include <map>
#include <random>

using namespace pulsemap;

namespace {

constexpr int64_t kMsPerHour = civil::kMsPerHour;
constexpr int64_t kMsPerDay = civil::kMsPerDay;
const QStringList kZones = {"Europe/Paris", "America/New_York", "Australia/Lord_Howe",
                            "Asia/Kolkata", "Pacific/Chatham",  "UTC"};

int64_t utcMs(int year, int month, int day, int hour = 0)
{
    return civil::daysFromCivil(year, month, day) * kMsPerDay + hour * kMsPerHour;
}

// What a bucket means, computed without LocalCalendar: the local date, the start of the unit within the day
// and, for units shorter than a day, the offset (the two 02:00 hours of a fall-back night differ in it).
struct Key
{
    qint64 day = 0;
    int seconds = 0;
    int offset = 0;
    auto operator<=>(const Key &) const = default;
};

Key keyOf(const QDateTime &local, civil::Bucket bucket)
{
    const QDate date = local.date();
    const QTime time = local.time();
    switch (bucket) {
    case civil::Bucket::Second:
        return {date.toJulianDay(), time.msecsSinceStartOfDay() / 1000, local.offsetFromUtc()};
    case civil::Bucket::Minute:
        return {date.toJulianDay(), time.hour() * 3600 + time.minute() * 60, local.offsetFromUtc()};
    case civil::Bucket::Hour:
        return {date.toJulianDay(), time.hour() * 3600, local.offsetFromUtc()};
    case civil::Bucket::Day:
        return {date.toJulianDay()};
    case civil::Bucket::Week:
        return {date.addDays(1 - date.dayOfWeek()).toJulianDay()};
    case civil::Bucket::Month:
        return {QDate(date.year(), date.month(), 1).toJulianDay()};
    case civil::Bucket::Quarter:
        return {QDate(date.year(), (date.month() - 1) / 3 * 3 + 1, 1).toJulianDay()};
    case civil::Bucket::Year:
        return {QDate(date.year(), 1, 1).toJulianDay()};
    }
    return {};
}

Key keyAt(int64_t tsMs, const QTimeZone &zone, civil::Bucket bucket)
{
    return keyOf(QDateTime::fromMSecsSinceEpoch(tsMs, zone), bucket);
}

Key withoutOffset(Key key)
{
    key.offset = 0;
    return key;
}

// The unit a week, month or year before `key`'s (QDate clamps the day to the month), without an offset.
Key shiftedKey(const Key &key, civil::Bucket bucket, Comparison comparison)
{
    const QDate date = QDate::fromJulianDay(key.day);
    const QDate shifted = comparison == Comparison::Week    ? date.addDays(-7)
                          : comparison == Comparison::Month ? date.addMonths(-1)
                                                            : date.addYears(-1);
    const QTime time = QTime::fromMSecsSinceStartOfDay(key.seconds * 1000);
    return withoutOffset(keyOf(QDateTime(shifted, time, Qt::UTC), bucket));
}

// The key (with its offset) of the first instant whose local unit is `target`, by scanning a few hours of
// instants every 15 minutes (every offset and transition of the zones here lies on that grid); none when
// the zone skipped that local time.
std::optional<Key> firstKeyOf(const Key &target, const QTimeZone &zone, civil::Bucket bucket)
{
    const int64_t localMs = (target.day - QDate(1970, 1, 1).toJulianDay()) * kMsPerDay + target.seconds * 1000LL;
    const int64_t offsetMs = zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(localMs - kMsPerDay, Qt::UTC)) * 1000LL;
    const int64_t step = 15 * civil::kMsPerMinute;
    const int64_t from = civil::floorDiv(localMs - offsetMs - 3 * kMsPerHour, step) * step;
    if (!(withoutOffset(keyAt(from, zone, bucket)) < target)) {
        return Key{-1, -1, -1}; // the scan would start too late: fails the comparison visibly
    }
    for (int64_t t = from; t < from + 8 * kMsPerHour; t += step) {
        const Key key = keyAt(t, zone, bucket);
        if (withoutOffset(key) == target) {
            return key;
        }
        if (target < withoutOffset(key)) {
            return std::nullopt;
        }
    }
    return Key{-1, -1, -1};
}

QString isoWithOffset(int64_t tsMs, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(tsMs, zone);
    const int offset = local.offsetFromUtc();
    return local.toString("yyyy-MM-ddTHH:mm:ss") + (offset < 0 ? '-' : '+') +
           QStringLiteral("%1:%2")
               .arg(std::abs(offset) / 3600, 2, 10, QChar('0'))
               .arg(std::abs(offset) / 60 % 60, 2, 10, QChar('0'));
}

struct Sample
{
    int64_t tsMs;
    bool click;
};

struct Window
{
    int64_t fromMs;
    int64_t toMs;
};

constexpr Window kEverything{std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
// Windows cut their first and last buckets (an odd number of milliseconds past some hour).
constexpr int64_t kCut = 5 * kMsPerHour + 437'123;
const Window kWinterOfHours{utcMs(2020, 9, 15) + kCut, utcMs(2021, 5, 15) + kCut};
const Window kTwoYears{utcMs(2019, 6, 1) + kCut, utcMs(2021, 6, 1) + kCut}; // a leap day, ISO week 53 of 2020

EventFilter filterFor(const Window &window, bool clicksOnly)
{
    EventFilter filter;
    if (clicksOnly) {
        filter.types = {"click"};
    }
    if (window.fromMs != kEverything.fromMs) {
        filter.fromMs = window.fromMs;
        filter.toMs = window.toMs;
    }
    return filter;
}

} // namespace

class TstLocalBucketQuery : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<CampaignStore> m_store;
    std::vector<Sample> m_events;
    std::map<QString, std::vector<QDateTime>> m_local; // per zone, each event's local time (by QDateTime)

    const std::vector<QDateTime> &localTimes(const QString &zoneName)
    {
        auto &times = m_local[zoneName];
        if (times.empty()) {
            const QTimeZone zone(zoneName.toUtf8());
            times.reserve(m_events.size());
            for (const Sample &event : m_events) {
                times.push_back(QDateTime::fromMSecsSinceEpoch(event.tsMs, zone));
            }
        }
        return times;
    }

    // Events per key, of the click events (or all) inside the window.
    std::map<Key, int64_t> groups(const QString &zoneName, civil::Bucket bucket, bool clicksOnly, const Window &window)
    {
        std::map<Key, int64_t> out;
        const auto &times = localTimes(zoneName);
        for (size_t i = 0; i < m_events.size(); ++i) {
            const Sample &event = m_events[i];
            if ((!clicksOnly || event.click) && event.tsMs >= window.fromMs && event.tsMs < window.toMs) {
                ++out[keyOf(times[i], bucket)];
            }
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        std::mt19937_64 random(20240331);
        auto addAround = [&](int64_t centreMs, int64_t spreadMs, int count) {
            std::uniform_int_distribution<int64_t> within(-spreadMs, spreadMs);
            for (int i = 0; i < count; ++i) {
                m_events.push_back({centreMs + within(random), (random() & 1U) != 0});
            }
        };
        const int64_t first = utcMs(2015, 1, 1);
        const int64_t last = utcMs(2026, 12, 31);
        addAround((first + last) / 2, (last - first) / 2, 20'000);
        addAround((kWinterOfHours.fromMs + kWinterOfHours.toMs) / 2, (kWinterOfHours.toMs - kWinterOfHours.fromMs) / 2,
                  12'000);
        for (const QString &name : kZones) {
            const QTimeZone zone(name.toUtf8());
            const auto from = QDateTime::fromMSecsSinceEpoch(first, Qt::UTC);
            const auto to = QDateTime::fromMSecsSinceEpoch(last, Qt::UTC);
            for (const QTimeZone::OffsetData &transition : zone.transitions(from, to)) {
                addAround(transition.atUtc.toMSecsSinceEpoch(), 3 * kMsPerHour, 30);
            }
        }
        for (const Window &window : {kWinterOfHours, kTwoYears}) { // events on both sides of every cut
            addAround(window.fromMs, kMsPerHour, 40);
            addAround(window.toMs, kMsPerHour, 40);
        }
        for (int year = 2015; year <= 2026; ++year) {
            for (int month = 1; month <= 12; ++month) {
                addAround(utcMs(year, month, 1), 16 * kMsPerHour, 12); // month, quarter and year ends everywhere
            }
        }
        for (const int year : {2016, 2020, 2024}) {
            addAround(utcMs(year, 2, 29, 12), 14 * kMsPerHour, 20); // leap days
        }
        addAround(utcMs(2020, 12, 31, 12), 3 * kMsPerDay, 40); // ISO week 53 of 2020
        addAround(utcMs(2026, 12, 31, 12), 3 * kMsPerDay, 40); // and of 2026

        QVERIFY(m_dir.isValid());
        auto store = CampaignStore::openOrCreate(m_dir.filePath("random.pulsemap").toStdString());
        QVERIFY2(store, store.message().c_str());
        EventBatch batch;
        for (const Sample &sample : m_events) {
            Event &event = batch.append();
            event.tsMs = sample.tsMs;
            event.type = batch.store(sample.click ? "click" : "open");
        }
        const Status appended = (*store)->append(batch);
        QVERIFY2(appended, appended.message().c_str());
        m_store = std::move(*store);
    }

    void bucketsMatchPerEventConversion_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("bucket");
        for (const QString &zone : kZones) {
            for (int bucket = 0; bucket <= static_cast<int>(civil::Bucket::Year); ++bucket) {
                const std::string name =
                    zone.toStdString() + ' ' + std::string(civil::bucketName(civil::Bucket(bucket)));
                QTest::newRow(name.c_str()) << zone << bucket;
            }
        }
    }

    // Every row starts where the key changes, holds one key, ends where it changes again (with gaps filled,
    // at the next row), and the counts per key are the per-event groups.
    void bucketsMatchPerEventConversion()
    {
        QFETCH(QString, zone);
        QFETCH(int, bucket);
        const auto unit = static_cast<civil::Bucket>(bucket);
        const bool fill = unit >= civil::Bucket::Hour; // seconds and minutes over twelve years: only the used ones
        // Over more than 100'000 buckets (seconds, and minutes of the winter) counting groups in SQL per offset
        // segment, below it one range query per bucket: both ways are covered, with and without --from/--to.
        const Window window =
            unit == civil::Bucket::Hour || unit == civil::Bucket::Minute ? kWinterOfHours : kEverything;
        const bool clicksOnly = (bucket + kZones.indexOf(zone)) % 2 == 1;
        const auto calendar = LocalCalendar::forZone(zone.toStdString());
        QVERIFY2(calendar, calendar.message().c_str());
        const QTimeZone qzone(zone.toUtf8());

        const auto rows = countByLocalBucket(*m_store, *calendar, unit, filterFor(window, clicksOnly), fill);
        QVERIFY2(rows, rows.message().c_str());
        QVERIFY(!rows->empty());
        std::map<Key, int64_t> counted;
        for (size_t i = 0; i < rows->size(); ++i) {
            const int64_t start = (*rows)[i].startMs;
            const int64_t end = i + 1 < rows->size() ? (*rows)[i + 1].startMs : calendar->nextBucketStart(start, unit);
            const Key key = keyAt(start, qzone, unit);
            const QByteArray where = calendar->formatIso(start).c_str();
            QVERIFY2(start < end, where);
            QVERIFY2(!(keyAt(start - 1, qzone, unit) == key), "not a bucket start: " + where);
            QVERIFY2(calendar->nextBucketStart(start, unit) <= end, "bucket overlaps the next: " + where);
            if (fill) {
                QVERIFY2(keyAt(end - 1, qzone, unit) == key && !(keyAt(end, qzone, unit) == key),
                         "not where the bucket ends: " + where);
                QCOMPARE(calendar->nextBucketStart(start, unit), end);
            } else {
                QVERIFY2((*rows)[i].count > 0, where);
            }
            QVERIFY2(counted.emplace(key, (*rows)[i].count).second, "key listed twice: " + where);
            QCOMPARE(QString::fromStdString(calendar->formatIso(start)), isoWithOffset(start, qzone));
        }
        std::erase_if(counted, [](const auto &entry) { return entry.second == 0; });
        QVERIFY(counted == groups(zone, unit, clicksOnly, window));
    }

    void comparedCountsMatch_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("bucket");
        QTest::addColumn<int>("comparison");
        const char *names[] = {"previous", "week", "month", "year"};
        for (const QString &zone : kZones) {
            for (int bucket = static_cast<int>(civil::Bucket::Hour); bucket <= static_cast<int>(civil::Bucket::Year);
                 ++bucket) {
                for (int comparison = 0; comparison < 4; ++comparison) {
                    if (comparisonFits(Comparison(comparison), civil::Bucket(bucket))) {
                        const std::string name = zone.toStdString() + ' ' +
                                                 std::string(civil::bucketName(civil::Bucket(bucket))) + ' ' +
                                                 names[comparison];
                        QTest::newRow(name.c_str()) << zone << bucket << comparison;
                    }
                }
            }
        }
    }

    // The compared bucket is the one holding the instant before (previous), or the first bucket of the local
    // unit a week, month or year earlier; its whole count, also when it lies before the window.
    void comparedCountsMatch()
    {
        QFETCH(QString, zone);
        QFETCH(int, bucket);
        QFETCH(int, comparison);
        const auto unit = static_cast<civil::Bucket>(bucket);
        const auto compare = static_cast<Comparison>(comparison);
        const Window window = unit == civil::Bucket::Hour                                 ? kWinterOfHours
                              : unit == civil::Bucket::Day || unit == civil::Bucket::Week ? kTwoYears
                                                                                          : kEverything;
        const bool clicksOnly = (bucket + comparison) % 2 == 0;
        const auto calendar = LocalCalendar::forZone(zone.toStdString());
        QVERIFY2(calendar, calendar.message().c_str());
        const QTimeZone qzone(zone.toUtf8());
        const EventFilter filter = filterFor(window, clicksOnly);

        const auto rows = countByLocalBucket(*m_store, *calendar, unit, filter, true);
        QVERIFY2(rows, rows.message().c_str());
        const auto previous = comparedCounts(*m_store, *calendar, unit, compare, filter, *rows);
        QVERIFY2(previous, previous.message().c_str());
        QCOMPARE(previous->size(), rows->size());
        const std::map<Key, int64_t> all = groups(zone, unit, clicksOnly, kEverything);
        int64_t nonZero = 0;
        for (size_t i = 0; i < rows->size(); ++i) {
            const int64_t start = (*rows)[i].startMs;
            std::optional<Key> target;
            if (compare == Comparison::Previous) {
                target = keyAt(start - 1, qzone, unit);
            } else {
                target = firstKeyOf(shiftedKey(keyAt(start, qzone, unit), unit, compare), qzone, unit);
            }
            const auto found = target ? all.find(*target) : all.end();
            const int64_t expected = found == all.end() ? 0 : found->second;
            QVERIFY2((*previous)[i] == expected, qPrintable(QStringLiteral("%1: %2, expected %3")
                                                                .arg(QString::fromStdString(calendar->formatIso(start)))
                                                                .arg((*previous)[i])
                                                                .arg(expected)));
            nonZero += expected != 0 ? 1 : 0;
        }
        QVERIFY(nonZero > 0); // the data reaches the compared buckets
    }
};

QTEST_GUILESS_MAIN(TstLocalBucketQuery)
#include "tst_local_bucket_query.moc"
