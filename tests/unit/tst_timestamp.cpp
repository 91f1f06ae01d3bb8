// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "core/civil_time.h"
#include "core/event.h"
#include "ingest/timestamp.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimeZone>
#include <QtTest>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace pulsemap;
using namespace pulsemap::civil;

namespace {
qint64 utc(int64_t y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0, int ms = 0)
{
    return daysFromCivil(y, m, d) * kMsPerDay + hh * kMsPerHour + mm * kMsPerMinute + ss * kMsPerSecond + ms;
}

constexpr qint64 kMay17 = 1431857103000; // 2015-05-17T10:05:03Z
} // namespace

class TstTimestamp : public QObject
{
    Q_OBJECT
private slots:
    void valid_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("expected");
        // CLF: Apache %t and nginx $time_local.
        QTest::newRow("clf") << QByteArray("17/May/2015:10:05:03 +0000") << kMay17;
        QTest::newRow("clf-brackets") << QByteArray("[17/May/2015:10:05:03 +0000]") << kMay17;
        QTest::newRow("clf-no-offset") << QByteArray("17/May/2015:10:05:03") << kMay17;
        QTest::newRow("clf+0530") << QByteArray("17/May/2015:10:05:03 +0530") << kMay17 - (5 * 60 + 30) * kMsPerMinute;
        QTest::newRow("clf-0700") << QByteArray("17/May/2015:10:05:03 -0700") << kMay17 + 7 * kMsPerHour;
        QTest::newRow("clf-colon-offset") << QByteArray("17/May/2015:10:05:03 +02:00") << kMay17 - 2 * kMsPerHour;
        QTest::newRow("clf-fraction") << QByteArray("17/May/2015:10:05:03.25 +0000") << kMay17 + 250;
        QTest::newRow("clf-lowercase-month") << QByteArray("17/may/2015:10:05:03 +0000") << kMay17;
        QTest::newRow("clf-upper-month") << QByteArray("17/MAY/2015:10:05:03 +0000") << kMay17;
        QTest::newRow("clf-crosses-day") << QByteArray("01/Jan/2016:01:00:00 +0200") << utc(2015, 12, 31, 23);
        QTest::newRow("clf-leap-day") << QByteArray("29/Feb/2016:00:00:00 +0000") << utc(2016, 2, 29);
        QTest::newRow("clf-leap-2000") << QByteArray("29/Feb/2000:12:00:00 +0000") << utc(2000, 2, 29, 12);
        QTest::newRow("clf-end-of-day") << QByteArray("31/Dec/2015:23:59:59 +0000") << utc(2015, 12, 31, 23, 59, 59);
        QTest::newRow("clf-1900") << QByteArray("01/Jan/1900:00:00:00 +0000") << utc(1900, 1, 1);
        QTest::newRow("clf-9999") << QByteArray("31/Dec/9999:23:59:59 +0000") << utc(9999, 12, 31, 23, 59, 59);
        // ISO 8601: nginx $time_iso8601 and most JSON loggers.
        QTest::newRow("iso-offset") << QByteArray("2015-05-17T10:05:03+00:00") << kMay17;
        QTest::newRow("iso-z") << QByteArray("2015-05-17T10:05:03Z") << kMay17;
        QTest::newRow("iso-lower-z") << QByteArray("2015-05-17t10:05:03z") << kMay17;
        QTest::newRow("iso-none") << QByteArray("2015-05-17T10:05:03") << kMay17;
        QTest::newRow("iso-space") << QByteArray("2015-05-17 10:05:03") << kMay17;
        QTest::newRow("iso+0530") << QByteArray("2015-05-17T10:05:03+05:30") << kMay17 - 330 * kMsPerMinute;
        QTest::newRow("iso-0700") << QByteArray("2015-05-17T10:05:03-0700") << kMay17 + 7 * kMsPerHour;
        QTest::newRow("iso-hours-offset") << QByteArray("2015-05-17T10:05:03+02") << kMay17 - 2 * kMsPerHour;
        QTest::newRow("iso-ms") << QByteArray("2015-05-17T10:05:03.123Z") << kMay17 + 123;
        QTest::newRow("iso-us") << QByteArray("2015-05-17T10:05:03.123999+00:00") << kMay17 + 123;
        QTest::newRow("iso-one-digit") << QByteArray("2015-05-17T10:05:03.5Z") << kMay17 + 500;
        QTest::newRow("iso-comma") << QByteArray("2015-05-17 10:05:03,042") << kMay17 + 42;
        QTest::newRow("iso-spaced-offset") << QByteArray("2015-05-17 10:05:03 -0700") << kMay17 + 7 * kMsPerHour;
        QTest::newRow("iso-1969") << QByteArray("1969-12-31T23:59:59Z") << qint64(-1000);
        // Unix time: nginx $msec, JavaScript milliseconds.
        QTest::newRow("unix") << QByteArray("1431857103") << kMay17;
        QTest::newRow("unix-msec") << QByteArray("1431857103.123") << kMay17 + 123;
        QTest::newRow("unix-fraction-short") << QByteArray("1431857103.1") << kMay17 + 100;
        QTest::newRow("unix-ms") << QByteArray("1431857103123") << kMay17 + 123;
        QTest::newRow("unix-zero") << QByteArray("0") << qint64(0);
        QTest::newRow("unix-max") << QByteArray("253402300799999") << qint64(253402300799999);
        QTest::newRow("unix-seconds-max") << QByteArray("253402300799.999") << qint64(253402300799999);
        QTest::newRow("unix-big-seconds") << QByteArray("100000000001.5") << qint64(100000000001500);
    }

    void valid()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, expected);
        int64_t ts = -42;
        QVERIFY2(parseTimestamp(std::string_view(text.constData(), size_t(text.size())), ts), text.constData());
        QCOMPARE(qint64(ts), expected);
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("garbage") << QByteArray("yesterday");
        QTest::newRow("dash") << QByteArray("-");
        QTest::newRow("feb-30") << QByteArray("30/Feb/2015:10:05:03 +0000");
        QTest::newRow("feb-29-2015") << QByteArray("29/Feb/2015:10:05:03 +0000");
        QTest::newRow("feb-29-1900") << QByteArray("29/Feb/1900:10:05:03 +0000");
        QTest::newRow("apr-31") << QByteArray("31/Apr/2015:10:05:03 +0000");
        QTest::newRow("day-0") << QByteArray("00/May/2015:10:05:03 +0000");
        QTest::newRow("month-foo") << QByteArray("17/Foo/2015:10:05:03 +0000");
        QTest::newRow("month-digits") << QByteArray("17/005/2015:10:05:03 +0000");
        QTest::newRow("hour-24") << QByteArray("17/May/2015:24:00:00 +0000");
        QTest::newRow("minute-60") << QByteArray("17/May/2015:10:60:03 +0000");
        QTest::newRow("second-60") << QByteArray("17/May/2015:10:05:60 +0000");
        QTest::newRow("year-1899") << QByteArray("31/Dec/1899:10:05:03 +0000");
        QTest::newRow("short-year") << QByteArray("17/May/15:10:05:03 +0000");
        QTest::newRow("one-digit-day") << QByteArray("7/May/2015:10:05:03 +0000");
        QTest::newRow("bad-offset") << QByteArray("17/May/2015:10:05:03 +2400");
        QTest::newRow("offset-minutes-60") << QByteArray("17/May/2015:10:05:03 +0060");
        QTest::newRow("trailing") << QByteArray("17/May/2015:10:05:03 +0000 x");
        QTest::newRow("trailing-space") << QByteArray("17/May/2015:10:05:03 ");
        QTest::newRow("open-bracket") << QByteArray("[17/May/2015:10:05:03 +0000");
        QTest::newRow("close-bracket") << QByteArray("17/May/2015:10:05:03 +0000]");
        QTest::newRow("truncated") << QByteArray("17/May/2015:10:05");
        QTest::newRow("nul") << QByteArray("17/May/2015:10:05:03 +0000\0", 27);
        QTest::newRow("nul-in-month") << QByteArray("17/M\0y/2015:10:05:03 +0000", 26);
        QTest::newRow("iso-month-13") << QByteArray("2015-13-17T10:05:03Z");
        QTest::newRow("iso-jun-31") << QByteArray("2015-06-31T10:05:03Z");
        QTest::newRow("iso-hour-24") << QByteArray("2015-05-17T24:00:00Z");
        QTest::newRow("iso-date-only") << QByteArray("2015-05-17");
        QTest::newRow("iso-no-seconds") << QByteArray("2015-05-17T10:05");
        QTest::newRow("iso-bad-separator") << QByteArray("2015-05-17X10:05:03");
        QTest::newRow("iso-dot-no-digits") << QByteArray("2015-05-17T10:05:03.Z");
        QTest::newRow("iso-bad-zone") << QByteArray("2015-05-17T10:05:03 CEST");
        QTest::newRow("iso-year-0000") << QByteArray("0000-01-01T00:00:00Z");
        QTest::newRow("unix-negative") << QByteArray("-1431857103");
        QTest::newRow("unix-too-big") << QByteArray("253402300800000");
        QTest::newRow("unix-16-digits") << QByteArray("1431857103123000");
        QTest::newRow("unix-20-digits") << QByteArray("99999999999999999999");
        QTest::newRow("unix-trailing-dot") << QByteArray("1431857103.");
        QTest::newRow("unix-exponent") << QByteArray("1.4e9");
    }

    void invalid()
    {
        QFETCH(QByteArray, text);
        int64_t ts = -42;
        QVERIFY2(!parseTimestamp(std::string_view(text.constData(), size_t(text.size())), ts), text.constData());
        QCOMPARE(qint64(ts), qint64(-42)); // untouched on failure
    }

    void offsets()
    {
        const auto parse = [](const char *text, bool &ok) {
            int minutes = 12345;
            ok = parseUtcOffset(text, minutes);
            return minutes;
        };
        bool ok = false;
        QCOMPARE(parse("+0000", ok), 0);
        QVERIFY(ok);
        QCOMPARE(parse("-0000", ok), 0);
        QVERIFY(ok);
        QCOMPARE(parse("Z", ok), 0);
        QVERIFY(ok);
        QCOMPARE(parse("+0530", ok), 330);
        QVERIFY(ok);
        QCOMPARE(parse("-07:00", ok), -420);
        QVERIFY(ok);
        QCOMPARE(parse("+14", ok), 14 * 60);
        QVERIFY(ok);
        QCOMPARE(parse("-0945", ok), -(9 * 60 + 45));
        QVERIFY(ok);
        for (const char *bad :
             {"", "0000", "+5", "+053", "+05:3", "+2400", "+0060", "+05:30x", "UTC", "z0", "- 0700"}) {
            parse(bad, ok);
            QVERIFY2(!ok, bad);
        }
    }

    // Random instants and offsets, written by Qt's independent formatter, must come back exactly.
    void againstQDateTime()
    {
        QRandomGenerator random(20150517);
        const qint64 low = utc(1900, 1, 2);
        const qint64 high = utc(9999, 12, 30);
        for (int i = 0; i < 20000; ++i) {
            const qint64 ms = low + qint64(random.bounded(double(high - low)));
            const qint64 seconds = floorDiv(ms, 1000) * 1000;
            const int offsetMinutes = (int(random.bounded(26 * 4 + 1)) - 12 * 4) * 15; // -12:00 .. +14:00
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(offsetMinutes * 60));
            const QString sign = offsetMinutes < 0 ? "-" : "+";
            const QString hhmm = QString("%1%2")
                                     .arg(std::abs(offsetMinutes) / 60, 2, 10, QChar('0'))
                                     .arg(std::abs(offsetMinutes) % 60, 2, 10, QChar('0'));
            const QString clf = QLocale::c().toString(local, "dd/MMM/yyyy:HH:mm:ss ") + sign + hhmm;
            const QString iso = local.toString("yyyy-MM-dd'T'HH:mm:ss.zzz") + sign + hhmm.left(2) + ":" + hhmm.mid(2);
            int64_t ts = 0;
            QVERIFY2(parseTimestamp(clf.toStdString(), ts), qPrintable(clf));
            QCOMPARE(qint64(ts), seconds);
            QVERIFY2(parseTimestamp(iso.toStdString(), ts), qPrintable(iso));
            QCOMPARE(qint64(ts), ms);
            if (ms >= 0) {
                const std::string unix = std::to_string(ms / 1000) + "." + std::to_string(1000 + ms % 1000).substr(1);
                QVERIFY2(parseTimestamp(unix, ts), unix.c_str());
                QCOMPARE(qint64(ts), ms);
            }
        }
    }

    // The event time contract's edges (core/event.h): the parser itself reads 1900..9999 (the CLI's --since takes
    // any date), and the log parsers refuse what plausibleEventTime refuses. Both must agree on the calendar.
    void eventTimeBoundaries_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("expected");
        QTest::addColumn<bool>("plausible");
        QTest::newRow("1969-12-31T23:59:59Z") << QByteArray("1969-12-31T23:59:59Z") << qint64(-1000) << false;
        QTest::newRow("1969-12-31T23:59:59.999Z") << QByteArray("1969-12-31T23:59:59.999Z") << qint64(-1) << false;
        QTest::newRow("1970-01-01T00:00:00Z") << QByteArray("1970-01-01T00:00:00Z") << qint64(0) << true;
        QTest::newRow("clf-1970") << QByteArray("01/Jan/1970:00:00:00 +0000") << qint64(0) << true;
        QTest::newRow("unix-0") << QByteArray("0") << qint64(0) << true;
        QTest::newRow("2099-12-31T23:59:59Z")
            << QByteArray("2099-12-31T23:59:59Z") << utc(2099, 12, 31, 23, 59, 59) << true;
        QTest::newRow("2099-12-31T23:59:59.999Z")
            << QByteArray("2099-12-31T23:59:59.999Z") << utc(2099, 12, 31, 23, 59, 59, 999) << true;
        QTest::newRow("2100-01-01T00:00:00Z") << QByteArray("2100-01-01T00:00:00Z") << utc(2100, 1, 1) << false;
        QTest::newRow("clf-2100") << QByteArray("01/Jan/2100:00:00:00 +0000") << utc(2100, 1, 1) << false;
        QTest::newRow("unix-ms-2100") << QByteArray("4102444800000") << utc(2100, 1, 1) << false;
        QTest::newRow("offset-back-into-1969") << QByteArray("1970-01-01T00:59:59+01:00") << qint64(-1000) << false;
        QTest::newRow("offset-forward-into-2100")
            << QByteArray("2099-12-31T23:00:00-01:00") << utc(2100, 1, 1) << false;
    }

    void eventTimeBoundaries()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, expected);
        QFETCH(bool, plausible);
        int64_t ts = 0;
        QVERIFY(parseTimestamp(text.toStdString(), ts));
        QCOMPARE(qint64(ts), expected);
        QCOMPARE(plausibleEventTime(ts), plausible);
        QCOMPARE(kLatestEventMs, utc(2100, 1, 1));
        QCOMPARE(kEarliestEventMs, utc(1970, 1, 1));
    }

    // Every calendar day of a few years, including the invalid ones around month ends.
    void everyDay()
    {
        static const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        for (int year : {1900, 1970, 2000, 2015, 2016, 2100, 2400}) {
            for (unsigned month = 1; month <= 12; ++month) {
                for (unsigned day = 1; day <= 31; ++day) {
                    char text[64];
                    std::snprintf(text, sizeof text, "%02u/%s/%04d:12:34:56 +0000", day, kMonths[month - 1], year);
                    int64_t ts = 0;
                    const bool valid = day <= daysInMonth(year, month);
                    QCOMPARE(parseTimestamp(text, ts), valid);
                    if (valid) {
                        QCOMPARE(qint64(ts), utc(year, month, day, 12, 34, 56));
                    }
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TstTimestamp)
#include "tst_timestamp.moc"
