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

    void export_()
    {
        CliResult result = runCli({"export", m_campaign, "--format", "csv"});
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> rows = result.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 7);
        QCOMPARE(rows[0], QByteArray("id,ts,time,type,lat,lon,country,city,campaign,weight,seq,ip"));
        QVERIFY2(rows[1].startsWith("1,1420070399000,2014-12-31T23:59:59Z,open,"), rows[1].constData());
        QVERIFY(rows[1].endsWith(",US,City-83,a,1,,"));

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
