// SPDX-License-Identifier: GPL-3.0-or-later
// LocalCalendar on named days of real zones: DST nights, 30- and 45-minute offsets, ISO weeks, clamped months.
#include "analytics/local_calendar.h"

#include <QtTest>

using namespace pulsemap;

namespace {

constexpr int64_t kMsPerHour = civil::kMsPerHour;
constexpr int64_t kMsPerMinute = civil::kMsPerMinute;

int64_t utcMs(int year, int month, int day, int hour = 0, int minute = 0)
{
    return civil::daysFromCivil(year, month, day) * civil::kMsPerDay + hour * kMsPerHour + minute * kMsPerMinute;
}

LocalCalendar zone(const char *name)
{
    auto calendar = LocalCalendar::forZone(name);
    if (!calendar) {
        qFatal("%s", calendar.message().c_str());
    }
    return std::move(*calendar);
}

// The bucket starts from the one holding fromMs up to toMs, formatted.
QStringList starts(const LocalCalendar &calendar, civil::Bucket bucket, int64_t fromMs, int64_t toMs)
{
    QStringList out;
    for (int64_t start = calendar.bucketStart(fromMs, bucket); start < toMs;
         start = calendar.nextBucketStart(start, bucket)) {
        out << QString::fromStdString(calendar.formatIso(start));
    }
    return out;
}

} // namespace

class TstLocalCalendar : public QObject
{
    Q_OBJECT
private slots:
    void dstDaysHave23And25Hours()
    {
        const LocalCalendar paris = zone("Europe/Paris");
        const int64_t spring = paris.bucketStart(utcMs(2024, 3, 31, 12), civil::Bucket::Day);
        QCOMPARE(paris.formatIso(spring), std::string("2024-03-31T00:00:00+01:00"));
        QCOMPARE(paris.nextBucketStart(spring, civil::Bucket::Day) - spring, 23 * kMsPerHour);
        const int64_t fall = paris.bucketStart(utcMs(2024, 10, 27, 12), civil::Bucket::Day);
        QCOMPARE(paris.formatIso(fall), std::string("2024-10-27T00:00:00+02:00"));
        QCOMPARE(paris.nextBucketStart(fall, civil::Bucket::Day) - fall, 25 * kMsPerHour);
        // The ISO week holding New York's spring-forward Sunday is an hour short.
        const LocalCalendar newYork = zone("America/New_York");
        const int64_t week = newYork.bucketStart(utcMs(2024, 3, 10, 12), civil::Bucket::Week);
        QCOMPARE(newYork.formatIso(week), std::string("2024-03-04T00:00:00-05:00"));
        QCOMPARE(newYork.formatIso(newYork.nextBucketStart(week, civil::Bucket::Week)),
                 std::string("2024-03-11T00:00:00-04:00"));
    }

    void fallBackHourIsTwoBuckets()
    {
        const LocalCalendar paris = zone("Europe/Paris");
        QCOMPARE(starts(paris, civil::Bucket::Hour, utcMs(2024, 10, 26, 22), utcMs(2024, 10, 27, 3)),
                 QStringList({"2024-10-27T00:00:00+02:00", "2024-10-27T01:00:00+02:00", "2024-10-27T02:00:00+02:00",
                              "2024-10-27T02:00:00+01:00", "2024-10-27T03:00:00+01:00"}));
        QCOMPARE(starts(paris, civil::Bucket::Hour, utcMs(2024, 3, 31, 0), utcMs(2024, 3, 31, 2)),
                 QStringList({"2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00"}));
    }

    void halfHourDaylightSaving()
    {
        // Lord Howe moves by 30 minutes: 02:00+11:00 -> 01:30+10:30 in April, 02:00+10:30 -> 02:30+11:00 in October.
        const LocalCalendar lordHowe = zone("Australia/Lord_Howe");
        QCOMPARE(starts(lordHowe, civil::Bucket::Hour, utcMs(2024, 4, 6, 14), utcMs(2024, 4, 6, 16)),
                 QStringList({"2024-04-07T01:00:00+11:00", "2024-04-07T01:30:00+10:30", "2024-04-07T02:00:00+10:30"}));
        QCOMPARE(starts(lordHowe, civil::Bucket::Hour, utcMs(2024, 10, 5, 14, 30), utcMs(2024, 10, 5, 16, 30)),
                 QStringList({"2024-10-06T01:00:00+10:30", "2024-10-06T02:30:00+11:00", "2024-10-06T03:00:00+11:00"}));
        const int64_t day = lordHowe.bucketStart(utcMs(2024, 10, 6, 0), civil::Bucket::Day);
        QCOMPARE(lordHowe.nextBucketStart(day, civil::Bucket::Day) - day, 23 * kMsPerHour + 30 * kMsPerMinute);
    }

    void oddOffsets()
    {
        const LocalCalendar kolkata = zone("Asia/Kolkata");
        QCOMPARE(kolkata.bucketStart(utcMs(2024, 1, 1, 12), civil::Bucket::Day), utcMs(2023, 12, 31, 18, 30));
        QCOMPARE(kolkata.formatIso(utcMs(2023, 12, 31, 18, 30)), std::string("2024-01-01T00:00:00+05:30"));
        const LocalCalendar chatham = zone("Pacific/Chatham");
        QCOMPARE(chatham.formatIso(chatham.bucketStart(utcMs(2024, 7, 1), civil::Bucket::Month)),
                 std::string("2024-07-01T00:00:00+12:45"));
        QCOMPARE(chatham.formatIso(chatham.bucketStart(utcMs(2024, 1, 10), civil::Bucket::Quarter)),
                 std::string("2024-01-01T00:00:00+13:45"));
        QCOMPARE(chatham.formatIso(utcMs(2024, 1, 10) + 1), std::string("2024-01-10T13:45:00.001+13:45"));
        const LocalCalendar utc = LocalCalendar::utc();
        QCOMPARE(utc.formatIso(utcMs(2020, 12, 31)), std::string("2020-12-31T00:00:00+00:00"));
        QCOMPARE(utc.bucketStart(utcMs(2021, 1, 3), civil::Bucket::Week), utcMs(2020, 12, 28)); // ISO week 53
    }

    void comparedBuckets()
    {
        const LocalCalendar paris = zone("Europe/Paris");
        auto compared = [&](int64_t start, civil::Bucket bucket, Comparison comparison) {
            const auto target = paris.comparedBucketStart(start, bucket, comparison);
            return target ? QString::fromStdString(paris.formatIso(*target)) : QString("none");
        };
        const int64_t march31 = paris.bucketStart(utcMs(2024, 3, 31, 12), civil::Bucket::Day);
        QCOMPARE(compared(march31, civil::Bucket::Day, Comparison::Month), QString("2024-02-29T00:00:00+01:00"));
        QCOMPARE(compared(march31, civil::Bucket::Day, Comparison::Previous), QString("2024-03-30T00:00:00+01:00"));
        QCOMPARE(compared(march31, civil::Bucket::Day, Comparison::Week), QString("2024-03-24T00:00:00+01:00"));
        const int64_t march31Of2023 = paris.bucketStart(utcMs(2023, 3, 31, 12), civil::Bucket::Day);
        QCOMPARE(compared(march31Of2023, civil::Bucket::Day, Comparison::Month), QString("2023-02-28T00:00:00+01:00"));
        const int64_t leapDay = paris.bucketStart(utcMs(2024, 2, 29, 12), civil::Bucket::Day);
        QCOMPARE(compared(leapDay, civil::Bucket::Day, Comparison::Year), QString("2023-02-28T00:00:00+01:00"));
        // The second 02:00 of the fall-back night is compared with the 02:00 a week earlier, in summer time.
        const int64_t secondTwo = utcMs(2024, 10, 27, 1);
        QCOMPARE(compared(secondTwo, civil::Bucket::Hour, Comparison::Week), QString("2024-10-20T02:00:00+02:00"));
        QCOMPARE(compared(secondTwo, civil::Bucket::Hour, Comparison::Previous), QString("2024-10-27T02:00:00+02:00"));
        // The 02:00 a week after spring-forward did not exist a week earlier.
        QCOMPARE(compared(utcMs(2024, 4, 7, 0), civil::Bucket::Hour, Comparison::Week), QString("none"));
        const int64_t week53 = paris.bucketStart(utcMs(2021, 1, 1), civil::Bucket::Week);
        QCOMPARE(paris.formatIso(week53), std::string("2020-12-28T00:00:00+01:00"));
        QCOMPARE(compared(week53, civil::Bucket::Week, Comparison::Year), QString("2019-12-23T00:00:00+01:00"));
    }

    // A made-up zone moving by 15 minutes at 10:15 UTC: local 10:15 -> 10:30 stays in the hour 10, yet the
    // hour splits there, since its two parts have different offsets; the day does not split.
    void offsetChangeInsideAnHour()
    {
        const int64_t transition = utcMs(2024, 5, 1, 10, 15);
        const LocalCalendar shifted("Test/Shift", {{0, 0}, {transition, 15 * 60}});
        QCOMPARE(shifted.offsetSecondsAt(transition - 1), 0);
        QCOMPARE(shifted.offsetSecondsAt(transition), 15 * 60);
        QCOMPARE(starts(shifted, civil::Bucket::Hour, utcMs(2024, 5, 1, 9), utcMs(2024, 5, 1, 11)),
                 QStringList({"2024-05-01T09:00:00+00:00", "2024-05-01T10:00:00+00:00", "2024-05-01T10:30:00+00:15",
                              "2024-05-01T11:00:00+00:15"}));
        QCOMPARE(shifted.bucketStart(transition + kMsPerMinute, civil::Bucket::Hour), transition);
        QCOMPARE(shifted.bucketStart(transition + kMsPerMinute, civil::Bucket::Day), utcMs(2024, 5, 1));
        QCOMPARE(shifted.nextBucketStart(utcMs(2024, 5, 1), civil::Bucket::Day), utcMs(2024, 5, 2) - 15 * kMsPerMinute);
        QCOMPARE(shifted.pieces(utcMs(2024, 5, 1), utcMs(2024, 5, 2)).size(), size_t(2));
    }

    void names()
    {
        QCOMPARE(comparisonFromName("week"), std::optional(Comparison::Week));
        QCOMPARE(comparisonFromName("previous"), std::optional(Comparison::Previous));
        QVERIFY(!comparisonFromName("fortnight"));
        QVERIFY(comparisonFits(Comparison::Week, civil::Bucket::Week));
        QVERIFY(!comparisonFits(Comparison::Week, civil::Bucket::Month));
        QVERIFY(!comparisonFits(Comparison::Month, civil::Bucket::Quarter));
        QVERIFY(comparisonFits(Comparison::Year, civil::Bucket::Year));
        QVERIFY(comparisonFits(Comparison::Previous, civil::Bucket::Year));
    }

    void unknownZonesFail()
    {
        for (const char *name : {"Mars/Olympus_Mons", "", "Europe/Pariss"}) {
            const auto calendar = LocalCalendar::forZone(name);
            QVERIFY(!calendar);
            QVERIFY2(calendar.message().find("unknown time zone") != std::string::npos, calendar.message().c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TstLocalCalendar)
#include "tst_local_calendar.moc"
