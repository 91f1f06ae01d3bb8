// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>

using namespace pulsemap::test;

namespace {

QByteArray line(const char *address, const char *time, const char *target)
{
    return QStringLiteral("%1 - - [%2] \"GET %3 HTTP/1.1\" 200 1 \"-\" \"x\"\n").arg(address, time, target).toUtf8();
}

} // namespace

class TstCliQuery : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_campaign;

private slots:
    void initTestCase()
    {
        // In city-fixture.mmdb 83.149.9.216 is a US address (odd first octet), 24.x.x.x German ones
        // when their octets do not sum to a multiple of 7.
        QByteArray log;
        log += line("83.149.9.216", "31/Dec/2014:23:59:59 +0000", "/o.gif?utm_campaign=a");
        log += line("83.149.9.216", "01/Jan/2015:00:00:00 +0000", "/c/1?utm_campaign=a");  // Thursday
        log += line("24.0.194.37", "04/Jan/2015:23:00:00 +0000", "/o.gif?utm_campaign=b"); // Sunday
        log += line("24.0.194.37", "05/Jan/2015:00:30:00 +0000", "/o.gif?utm_campaign=b"); // Monday
        log += line("24.0.194.37", "05/Jan/2015:02:10:00 +0100", "/c/2");                  // 01:10 UTC
        log += line("83.149.9.216", "01/Apr/2015:00:00:00 +0000", "/o.gif?utm_campaign=a");
        QVERIFY(writeFile(m_dir.filePath("q.log"), log));
        m_campaign = m_dir.filePath("q.pulsemap");
        const CliResult result = runCli({"import", "--geoip", testData("city-fixture.mmdb"), "-q", "-o", m_campaign,
                                         "--type", "open=/o.gif", "--type", "click=/c/", m_dir.filePath("q.log")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(summary(result)["events"].toInt(), 6);
    }

    void hourlyWithGapsFilled()
    {
        const CliResult result = runCli({"stats", m_campaign, "--bucket", "hour", "--from", "2015-01-04T22:00:00Z",
                                         "--to", "2015-01-05T03:00:00Z"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("bucket_start,count\n"
                                        "2015-01-04T23:00:00Z,1\n"
                                        "2015-01-05T00:00:00Z,1\n"
                                        "2015-01-05T01:00:00Z,1\n"));
    }

    void calendarBuckets()
    {
        CliResult result = runCli({"stats", m_campaign, "--bucket", "week", "--no-fill"});
        QCOMPARE(result.exitCode, 0);
        // ISO weeks start on Monday: 2014-12-29 holds Dec 31, Jan 1 and Sunday Jan 4.
        QCOMPARE(result.out, QByteArray("bucket_start,count\n"
                                        "2014-12-29T00:00:00Z,3\n"
                                        "2015-01-05T00:00:00Z,2\n"
                                        "2015-03-30T00:00:00Z,1\n"));
        result = runCli({"stats", m_campaign, "--bucket", "quarter"});
        QCOMPARE(result.out, QByteArray("bucket_start,count\n"
                                        "2014-10-01T00:00:00Z,1\n"
                                        "2015-01-01T00:00:00Z,4\n"
                                        "2015-04-01T00:00:00Z,1\n"));
        result = runCli({"stats", m_campaign, "--bucket", "year", "--type", "open"});
        QCOMPARE(result.out, QByteArray("bucket_start,count\n"
                                        "2014-01-01T00:00:00Z,1\n"
                                        "2015-01-01T00:00:00Z,3\n"));
        result = runCli({"stats", m_campaign, "--bucket", "month", "--campaign", "b"});
        QCOMPARE(result.out, QByteArray("bucket_start,count\n2015-01-01T00:00:00Z,2\n"));
        result = runCli({"stats", m_campaign, "--bucket", "day", "--from", "2015-01-01"});
        QVERIFY(result.out.startsWith("bucket_start,count\n2015-01-01T00:00:00Z,1\n2015-01-02T00:00:00Z,0\n"));
        QCOMPARE(result.out.count('\n'), 1 + 91); // Jan 1 to Apr 1, every day listed
    }

    // Europe/Paris falls back at 03:00 CEST to 02:00 CET: the night of 2024-10-27 has two 02:00 hours.
    void localBucketsAndComparisons()
    {
        QByteArray log;
        log += line("24.0.194.37", "20/Oct/2024:02:10:00 +0200", "/o.gif");
        log += line("24.0.194.37", "20/Oct/2024:00:20:00 +0000", "/o.gif");
        log += line("24.0.194.37", "20/Oct/2024:03:30:00 +0200", "/o.gif");
        log += line("24.0.194.37", "27/Oct/2024:02:15:00 +0200", "/o.gif"); // the first 02:00 hour
        log += line("24.0.194.37", "27/Oct/2024:00:45:00 +0000", "/o.gif");
        log += line("24.0.194.37", "27/Oct/2024:02:05:00 +0100", "/o.gif"); // the second one
        log += line("24.0.194.37", "27/Oct/2024:03:30:00 +0100", "/o.gif");
        QVERIFY(writeFile(m_dir.filePath("night.log"), log));
        const QString campaign = m_dir.filePath("night.pulsemap");
        CliResult result = runCli({"import", "-q", "-o", campaign, m_dir.filePath("night.log")});
        QVERIFY2(result.exitCode == 0, result.err.constData());

        result = runCli({"stats", campaign, "--bucket", "hour", "--tz", "Europe/Paris", "--from",
                         "2024-10-27T00:00:00Z", "--compare", "week"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        // Both 02:00 hours are compared with the 02:00 of a week earlier (summer time), which lies before --from.
        QCOMPARE(result.out, QByteArray("bucket_start,count,previous\n"
                                        "2024-10-27T02:00:00+02:00,2,2\n"
                                        "2024-10-27T02:00:00+01:00,1,2\n"
                                        "2024-10-27T03:00:00+01:00,1,1\n"));
        result =
            runCli({"stats", campaign, "--bucket", "day", "--tz", "Europe/Paris", "--no-fill", "--compare", "week"});
        QCOMPARE(result.out, QByteArray("bucket_start,count,previous\n"
                                        "2024-10-20T00:00:00+02:00,3,0\n"
                                        "2024-10-27T00:00:00+02:00,4,3\n"));
        // The same night in New York (UTC-4) is the evening before: every event moves to the previous day.
        result = runCli({"stats", campaign, "--bucket", "day", "--tz", "America/New_York", "--no-fill"});
        QCOMPARE(result.out, QByteArray("bucket_start,count\n"
                                        "2024-10-19T00:00:00-04:00,3\n"
                                        "2024-10-26T00:00:00-04:00,4\n"));
        // Without --tz the buckets stay UTC; --compare previous works there too.
        result = runCli({"stats", campaign, "--bucket", "day", "--compare", "previous"});
        QVERIFY(result.out.startsWith("bucket_start,count,previous\n"
                                      "2024-10-20T00:00:00Z,3,0\n"
                                      "2024-10-21T00:00:00Z,0,3\n"));
        QVERIFY(result.out.endsWith("2024-10-27T00:00:00Z,4,0\n"));

        result = runCli({"stats", campaign, "--bucket", "day", "--tz", "Mars/Olympus_Mons"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("unknown time zone \"Mars/Olympus_Mons\""), result.err.constData());
        QVERIFY(result.out.isEmpty());
        QCOMPARE(runCli({"stats", campaign, "--bucket", "day", "--compare", "fortnight"}).exitCode, 2);
        QCOMPARE(runCli({"stats", campaign, "--bucket", "month", "--compare", "week"}).exitCode, 2);
        QCOMPARE(runCli({"stats", campaign, "--by", "country", "--tz", "Europe/Paris"}).exitCode, 2);
    }

    void breakdowns()
    {
        CliResult result = runCli({"stats", m_campaign, "--by", "country"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("country,count\nDE,3\nUS,3\n"));
        result = runCli({"stats", m_campaign, "--by", "type", "--top", "1"});
        QCOMPARE(result.out, QByteArray("type,count\nopen,4\n"));
        result = runCli({"stats", m_campaign, "--by", "city"});
        QCOMPARE(result.out, QByteArray("city,country,count\nCity-24,DE,3\nCity-83,US,3\n"));
        result = runCli({"stats", m_campaign, "--by", "campaign"});
        QCOMPARE(result.out, QByteArray("campaign,count\na,3\nb,2\n,1\n"));
    }

    void pagesAndVisitors()
    {
        // Paths are stored without their query strings: the four /o.gif?utm_campaign=... are one page.
        CliResult result = runCli({"stats", m_campaign, "--by", "path"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("path,count\n/o.gif,4\n/c/1,1\n/c/2,1\n"));
        result = runCli({"stats", m_campaign, "--by", "path", "--type", "click", "--top", "1"});
        QCOMPARE(result.out, QByteArray("path,count\n/c/1,1\n"));

        // Visitor ids are per address and user agent within a UTC day: 24.0.194.37's two events of Jan 5 are
        // one visitor, its event late on Jan 4 another.
        result = runCli(
            {"stats", m_campaign, "--bucket", "day", "--from", "2015-01-04", "--to", "2015-01-06", "--visitors"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("bucket_start,count,visitors\n"
                                        "2015-01-04T00:00:00Z,1,1\n"
                                        "2015-01-05T00:00:00Z,2,1\n"));
        // Paris's Jan 5 starts at 23:00 UTC on Jan 4: all three events, two visitor ids; beside --compare.
        result = runCli({"stats", m_campaign, "--bucket", "day", "--tz", "Europe/Paris", "--compare", "previous",
                         "--from", "2015-01-04T23:00:00Z", "--to", "2015-01-05T23:00:00Z", "--visitors"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("bucket_start,count,previous,visitors\n"
                                        "2015-01-05T00:00:00+01:00,3,0,2\n"));
        QCOMPARE(queryInt(m_campaign, "SELECT count(DISTINCT visitor) FROM events WHERE ts >= 1420412400000 AND ts < "
                                      "1420498800000"),
                 2);
        // A week counts a visitor once however often they came, unlike the sum of its days.
        result = runCli({"stats", m_campaign, "--bucket", "week", "--no-fill", "--visitors"});
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> rows = result.out.trimmed().split('\n');
        QCOMPARE(rows[0], QByteArray("bucket_start,count,visitors"));
        QCOMPARE(rows[1], QByteArray("2014-12-29T00:00:00Z,3,3"));
        QCOMPARE(rows[2], QByteArray("2015-01-05T00:00:00Z,2,1"));
        QCOMPARE(runCli({"stats", m_campaign, "--by", "country", "--visitors"}).exitCode, 2);
    }

    // New visitors are those whose first event in the file is in the bucket, the others return: 24.0.194.37's id
    // of Jan 5 is new at 00:30 and back at 01:10, also when only its click (its first event was an open) is
    // counted.
    void newAndReturningVisitors()
    {
        CliResult result = runCli({"stats", m_campaign, "--bucket", "hour", "--from", "2015-01-04T23:00:00Z", "--to",
                                   "2015-01-05T02:00:00Z", "--visitors", "--new-returning"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("bucket_start,count,visitors,new,returning\n"
                                        "2015-01-04T23:00:00Z,1,1,1,0\n"
                                        "2015-01-05T00:00:00Z,1,1,1,0\n"
                                        "2015-01-05T01:00:00Z,1,1,0,1\n"));
        // Independently: the 01:10 event's visitor has an event before 01:00, the 00:30 one none before 00:00.
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events e WHERE ts = 1420420200000 AND EXISTS (SELECT 1 "
                                      "FROM events p WHERE p.visitor = e.visitor AND p.ts < 1420419600000)"),
                 1);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events e WHERE ts = 1420417800000 AND EXISTS (SELECT 1 "
                                      "FROM events p WHERE p.visitor = e.visitor AND p.ts < 1420416000000)"),
                 0);
        result = runCli({"stats", m_campaign, "--bucket", "hour", "--type", "click", "--from", "2015-01-05T01:00:00Z",
                         "--to", "2015-01-05T02:00:00Z", "--visitors", "--new-returning"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("bucket_start,count,visitors,new,returning\n"
                                        "2015-01-05T01:00:00Z,1,1,0,1\n"));
        // A week: every id is new in its first week (ids change daily for logs).
        result = runCli({"stats", m_campaign, "--bucket", "week", "--no-fill", "--visitors", "--new-returning"});
        QVERIFY(result.out.startsWith("bucket_start,count,visitors,new,returning\n"
                                      "2014-12-29T00:00:00Z,3,3,3,0\n"
                                      "2015-01-05T00:00:00Z,2,1,1,0\n"));
        QCOMPARE(runCli({"stats", m_campaign, "--bucket", "day", "--new-returning"}).exitCode, 2);
    }

    void export_()
    {
        CliResult result = runCli({"export", m_campaign, "--format", "csv"});
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> rows = result.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 7);
        QCOMPARE(rows[0], QByteArray("id,ts,time,type,lat,lon,country,city,campaign,weight,seq,ip,path,visitor"));
        QVERIFY2(rows[1].startsWith("1,1420070399000,2014-12-31T23:59:59Z,open,"), rows[1].constData());
        // Then the page and the visitor as stored (the visitor as hex text).
        const QByteArray tail =
            ",US,City-83,a,1,,," +
            queryStrings(m_campaign, "SELECT coalesce(path, '') FROM events WHERE id = 1").value(0).toUtf8() + "," +
            QByteArray::number(queryInt(m_campaign, "SELECT visitor FROM events WHERE id = 1"), 16);
        QVERIFY2(rows[1].endsWith(tail), rows[1].constData());

        const QString file = m_dir.filePath("events.ndjson");
        result = runCli({"export", m_campaign, "--format", "ndjson", "-o", file, "--type", "click"});
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = readFile(file).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray &json : lines) {
            QJsonParseError error;
            const QJsonObject event = QJsonDocument::fromJson(json, &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(event["type"].toString(), QString("click"));
            QVERIFY(event["lat"].isDouble() && event["lon"].isDouble());
            QVERIFY(event["time"].toString().endsWith('Z'));
            QVERIFY(!event.contains("ip"));
        }
    }

    void badArguments()
    {
        QCOMPARE(runCli({"stats", m_campaign}).exitCode, 2);
        QCOMPARE(runCli({"stats", m_campaign, "--bucket", "fortnight"}).exitCode, 2);
        QCOMPARE(runCli({"stats", m_campaign, "--by", "planet"}).exitCode, 2);
        QCOMPARE(runCli({"stats", m_campaign, "--bucket", "day", "--from", "yesterday"}).exitCode, 2);
        QCOMPARE(runCli({"export", m_campaign, "--format", "xml"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TstCliQuery)
#include "tst_cli_query.moc"
