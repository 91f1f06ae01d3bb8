// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "core/civil_time.h"

#include <QtTest>

using namespace pulsemap;
using namespace pulsemap::civil;

namespace {
qint64 utc(int64_t y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0)
{
    return daysFromCivil(y, m, d) * kMsPerDay + hh * kMsPerHour + mm * kMsPerMinute + ss * kMsPerSecond;
}
} // namespace

class TstCivilTime : public QObject
{
    Q_OBJECT
private slots:
    void daysRoundTripAgainstQDate()
    {
        // Every day from 1900 to 2100 against Qt's independent implementation.
        for (QDate date(1900, 1, 1); date.year() < 2100; date = date.addDays(1)) {
            const int64_t days = daysFromCivil(date.year(), date.month(), date.day());
            QCOMPARE(days, QDate(1970, 1, 1).daysTo(date));
            const Date back = civilFromDays(days);
            QCOMPARE(back.year, date.year());
            QCOMPARE(back.month, unsigned(date.month()));
            QCOMPARE(back.day, unsigned(date.day()));
        }
    }

    void formatIso()
    {
        QCOMPARE(formatIsoUtc(0), std::string("1970-01-01T00:00:00Z"));
        QCOMPARE(formatIsoUtc(utc(2015, 5, 17, 10, 5, 3) + 7), std::string("2015-05-17T10:05:03.007Z"));
        QCOMPARE(formatIsoUtc(-1), std::string("1969-12-31T23:59:59.999Z"));
    }

    void buckets_data()
    {
        QTest::addColumn<QString>("bucket");
        QTest::addColumn<qint64>("ts");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("next");
        const qint64 t = utc(2015, 5, 17, 10, 5, 3) + 250; // a Sunday
        QTest::newRow("second") << "second" << t << utc(2015, 5, 17, 10, 5, 3) << utc(2015, 5, 17, 10, 5, 4);
        QTest::newRow("minute") << "minute" << t << utc(2015, 5, 17, 10, 5) << utc(2015, 5, 17, 10, 6);
        QTest::newRow("hour") << "hour" << t << utc(2015, 5, 17, 10) << utc(2015, 5, 17, 11);
        QTest::newRow("day") << "day" << t << utc(2015, 5, 17) << utc(2015, 5, 18);
        // ISO weeks start on Monday: Sunday 17 May belongs to the week of Monday 11 May.
        QTest::newRow("week-sunday") << "week" << t << utc(2015, 5, 11) << utc(2015, 5, 18);
        QTest::newRow("week-monday") << "week" << utc(2015, 5, 18, 0, 0, 1) << utc(2015, 5, 18) << utc(2015, 5, 25);
        QTest::newRow("week-epoch") << "week" << qint64(0) << utc(1969, 12, 29) << utc(1970, 1, 5);
        QTest::newRow("month") << "month" << t << utc(2015, 5, 1) << utc(2015, 6, 1);
        QTest::newRow("month-dec") << "month" << utc(2015, 12, 31, 23, 59, 59) << utc(2015, 12, 1) << utc(2016, 1, 1);
        QTest::newRow("quarter") << "quarter" << t << utc(2015, 4, 1) << utc(2015, 7, 1);
        QTest::newRow("quarter-q4") << "quarter" << utc(2015, 11, 2) << utc(2015, 10, 1) << utc(2016, 1, 1);
        QTest::newRow("year") << "year" << t << utc(2015, 1, 1) << utc(2016, 1, 1);
        QTest::newRow("before-epoch") << "day" << qint64(-1) << utc(1969, 12, 31) << qint64(0);
    }

    void buckets()
    {
        QFETCH(QString, bucket);
        QFETCH(qint64, ts);
        QFETCH(qint64, start);
        QFETCH(qint64, next);
        const auto b = bucketFromName(bucket.toStdString());
        QVERIFY(b.has_value());
        QCOMPARE(bucketName(*b), std::string_view(bucket.toStdString()));
        QCOMPARE(bucketStart(ts, *b), start);
        QCOMPARE(nextBucketStart(start, *b), next);
    }

    void unknownBucket() { QVERIFY(!bucketFromName("fortnight").has_value()); }
};

QTEST_APPLESS_MAIN(TstCivilTime)
#include "tst_civil_time.moc"
