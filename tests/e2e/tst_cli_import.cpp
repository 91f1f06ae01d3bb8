// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_runner.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <zlib.h>

using namespace pulsemap::test;

namespace {

// The rule tests/fixtures/make_mmdb.pl uses for city-fixture.mmdb: an IPv4 address is in the database
// unless the sum of its octets is divisible by 7.
bool fixtureKnows(const QString &address)
{
    const QStringList octets = address.split('.');
    if (octets.size() != 4) {
        return false;
    }
    int sum = 0;
    for (const QString &octet : octets) {
        sum += octet.toInt();
    }
    return sum % 7 != 0;
}

QByteArray gzip(const QByteArray &data)
{
    QByteArray out(static_cast<qsizetype>(compressBound(static_cast<uLong>(data.size()))) + 64, 0);
    z_stream stream{};
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(static_cast<qsizetype>(stream.total_out));
    deflateEnd(&stream);
    return out;
}

const QByteArray kGoodLine = "203.0.113.9 - - [17/May/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 12 \"-\" \"x\"\n";

} // namespace

class TstCliImport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(cliPath()), "PULSEMAP_CLI must point at the built pulsemap-cli");
        QVERIFY2(QFile::exists(testData("city-fixture.mmdb")), "make_fixtures must have run");
    }

    void helpAndVersion()
    {
        const CliResult version = runCli({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("pulsemap-cli "));
        const CliResult help = runCli({"--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("import") && help.out.contains("stats") && help.out.contains("export"));
        const CliResult importHelp = runCli({"import", "--help"});
        QCOMPARE(importHelp.exitCode, 0);
        QVERIFY(importHelp.out.contains("--follow"));
        QCOMPARE(runCli({"bogus"}).exitCode, 2);
        QCOMPARE(runCli({"import", "--no-such-option"}).exitCode, 2);
    }

    // The real 10,000-line Apache log: every line an event, coordinates for every known address.
    void importsRealApacheLog()
    {
        const QString log = fixture("apache_combined_10k.log");
        const QString campaign = path("real.pulsemap");
        const CliResult result = runCli({"import", "--geoip", testData("city-fixture.mmdb"), "-o", campaign, log});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = summary(result);
        QCOMPARE(report["lines"].toInt(), 10000);
        QCOMPARE(report["events"].toInt(), 10000);
        QCOMPARE(report["skipped"].toInt(), 0);
        QVERIFY(report.contains("seconds"));

        int known = 0;
        for (const QByteArray &line : readFile(log).split('\n')) {
            if (!line.isEmpty() && fixtureKnows(QString::fromLatin1(line.left(line.indexOf(' '))))) {
                ++known;
            }
        }
        QVERIFY(known > 5000 && known < 10000); // the fixture really leaves some addresses out
        QCOMPARE(report["unlocated"].toInt(), 10000 - known);
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL"), known);
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events"), 10000);
        // Timestamps stored exactly, in UTC ms: first line is 17/May/2015:10:05:03 +0000.
        QCOMPARE(queryInt(campaign, "SELECT ts FROM events ORDER BY id LIMIT 1"), Q_INT64_C(1431857103000));
        QCOMPARE(queryInt(campaign, "SELECT min(ts) FROM events"), Q_INT64_C(1431857100000));
        QCOMPARE(queryInt(campaign, "SELECT max(ts) FROM events"), Q_INT64_C(1432155959000));
        // 83.149.9.216: octets sum to 457 (not divisible by 7): lat = (83+149)%140-70+9/256.
        QCOMPARE(queryInt(campaign, "SELECT round(lat * 1000) FROM events ORDER BY id LIMIT 1"),
                 qRound64((22 + 9.0 / 256) * 1000));
        QCOMPARE(queryStrings(campaign, "SELECT country FROM events ORDER BY id LIMIT 1"), QStringList{"US"});
        QCOMPARE(queryStrings(campaign, "SELECT city FROM events ORDER BY id LIMIT 1"), QStringList{"City-83"});
        // No raw addresses unless asked.
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE ip IS NOT NULL"), 0);
        QCOMPARE(queryInt(campaign, "PRAGMA application_id"), Q_INT64_C(0x50554C53));
        QCOMPARE(queryInt(campaign, "PRAGMA user_version"), 2);
        QVERIFY(!QFile::exists(campaign + "-wal"));
        // Version 2: every line has its path (no query string) and a pseudonymous visitor; rollups count all.
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE path IS NULL OR visitor IS NULL"), 0);
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE instr(path, '?') > 0"), 0);
        QVERIFY(queryInt(campaign, "SELECT count(DISTINCT visitor) FROM events") > 100);
        QCOMPARE(queryInt(campaign, "SELECT sum(events) FROM rollup_minutes"), 10000);
        QCOMPARE(queryInt(campaign, "SELECT sum(events) FROM rollup_countries"), 10000);
    }

    void gzipStdinAppendAndKeepIp()
    {
        const QByteArray log = readFile(fixture("apache_combined_10k.log"));
        const QByteArray first = log.left(log.indexOf('\n', 200000) + 1);
        const int lines = first.count('\n');
        QVERIFY(writeFile(path("part.log.gz"), gzip(first)));
        const QString campaign = path("append.pulsemap");
        const QStringList geo{"--geoip", testData("city-fixture.mmdb"), "-o", campaign};
        CliResult result = runCli(QStringList{"import"} + geo + QStringList{path("part.log.gz")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(summary(result)["events"].toInt(), lines);
        // Appends to the existing campaign, from standard input this time.
        result = runCli(QStringList{"import", "--keep-ip"} + geo + QStringList{"-"}, first);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(summary(result)["events"].toInt(), lines);
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events"), 2 * lines);
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE ip IS NOT NULL"), lines);
        QCOMPARE(queryStrings(campaign, "SELECT ip FROM events WHERE ip IS NOT NULL ORDER BY id LIMIT 1"),
                 QStringList{"83.149.9.216"});
    }

    void malformedLinesAreCountedNeverFatal()
    {
        QByteArray log;
        log += kGoodLine;
        log += QByteArray("\x01\x02\xff\xfe binary junk\n");
        log += kGoodLine;
        log += QByteArray(kGoodLine).replace("/a", QByteArray("/\0nul", 5)); // NUL byte inside the request
        log += QByteArray(2 * 1024 * 1024, 'A') + "\n";                      // megabyte-long line
        log += "203.0.113.9 - - [30/Feb/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n"; // bad date
        log += "203.0.113.9 - - [17/Foo/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n";
        log += "203.0.113.9 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200\n"; // cut short
        log += kGoodLine;
        log += "\n";
        log += kGoodLine.left(kGoodLine.size() - 1); // no final newline: still a line
        QVERIFY(writeFile(path("bad.log"), log));
        const QString campaign = path("bad.pulsemap");
        const CliResult result = runCli({"import", "--no-geoip", "-o", campaign, path("bad.log")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = summary(result);
        QCOMPARE(report["events"].toInt(), 4);
        QCOMPARE(report["lines"].toInt(), 11);
        QCOMPARE(report["skipped"].toInt(), 7);
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events"), 4);
        // The first few bad line numbers are reported.
        QVERIFY2(result.err.contains("bad.log:2:"), result.err.constData());
        QVERIFY2(result.err.contains("bad.log:5:"), result.err.constData());

        // --strict: the first bad line is fatal, what came before it is kept.
        const QString strictCampaign = path("strict.pulsemap");
        const CliResult strict = runCli({"import", "--no-geoip", "--strict", "-o", strictCampaign, path("bad.log")});
        QCOMPARE(strict.exitCode, 1);
        QVERIFY(strict.err.contains("bad.log:2:"));
        QCOMPARE(queryInt(strictCampaign, "SELECT count(*) FROM events"), 1);
    }

    void timeZonesAreConvertedToUtc()
    {
        const QByteArray log = "198.51.100.1 - - [17/May/2015:12:05:03 +0200] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n"
                               "198.51.100.1 - - [17/May/2015:03:05:03 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n";
        QVERIFY(writeFile(path("tz.log"), log));
        const QString campaign = path("tz.pulsemap");
        QCOMPARE(runCli({"import", "--no-geoip", "-q", "-o", campaign, path("tz.log")}).exitCode, 0);
        QCOMPARE(queryStrings(campaign, "SELECT DISTINCT ts FROM events"), QStringList{"1431857103000"});
    }

    void typeRulesAndCampaigns()
    {
        QByteArray log;
        const char *targets[] = {"/o.gif?utm_campaign=spring%20sale", "/c/42?utm_campaign=spring+sale", "/robots.txt",
                                 "/missing", "/index.html"};
        const int statuses[] = {200, 302, 200, 404, 200};
        for (int i = 0; i < 5; ++i) {
            log +=
                QStringLiteral("198.51.100.1 - - [17/May/2015:10:05:03 +0000] \"GET %1 HTTP/1.1\" %2 1 \"-\" \"x\"\n")
                    .arg(targets[i])
                    .arg(statuses[i])
                    .toUtf8();
        }
        QVERIFY(writeFile(path("rules.log"), log));
        const QString campaign = path("rules.pulsemap");
        const CliResult result =
            runCli({"import", "--no-geoip", "-o", campaign, "--type", "open=/o.gif", "--type", "click=~^/c/[0-9]+",
                    "--type", "-=/robots.txt", "--type", "missing=status:4xx", path("rules.log")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(summary(result)["filtered"].toInt(), 1);
        QCOMPARE(queryStrings(campaign, "SELECT type FROM events ORDER BY id"),
                 (QStringList{"open", "click", "missing", "hit"}));
        QCOMPARE(queryStrings(campaign, "SELECT campaign FROM events WHERE campaign IS NOT NULL"),
                 (QStringList{"spring sale", "spring sale"}));
        QCOMPARE(
            runCli({"import", "--no-geoip", "-o", path("x.pulsemap"), "--type", "open", path("rules.log")}).exitCode,
            2);
        QCOMPARE(
            runCli({"import", "--no-geoip", "-o", path("y.pulsemap"), "--type", "x=~(", path("rules.log")}).exitCode,
            2);
    }

    void jsonLinesAndForwardedFor()
    {
        // nginx escape=json with a proxy in front: the client is the first X-Forwarded-For hop.
        const QByteArray log =
            R"({"time_iso8601":"2015-05-17T12:05:03+02:00","remote_addr":"10.0.0.2","request":"GET /o.gif?utm_campaign=x HTTP/1.1","status":200,"http_x_forwarded_for":"83.149.9.216, 10.0.0.1"})"
            "\n"
            R"({"ts":"1431857104.5","client":"83.149.9.216","uri":"/c/\u00e9t\u00e9","status":"302"})"
            "\n"
            "{broken json\n";
        QVERIFY(writeFile(path("json.log"), log));
        const QString campaign = path("json.pulsemap");
        const CliResult result =
            runCli({"import", "--format", "json", "--xff", "--keep-ip", "--geoip", testData("city-fixture.mmdb"),
                    "--json-field", "time=time_iso8601,ts", "--json-field", "address=remote_addr,client", "-o",
                    campaign, path("json.log")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = summary(result);
        QCOMPARE(report["events"].toInt(), 2);
        QCOMPARE(report["skipped"].toInt(), 1);
        QCOMPARE(queryStrings(campaign, "SELECT ip FROM events ORDER BY id"),
                 (QStringList{"83.149.9.216", "83.149.9.216"}));
        QCOMPARE(queryStrings(campaign, "SELECT ts FROM events ORDER BY id"),
                 (QStringList{"1431857103000", "1431857104500"}));
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE lat IS NOT NULL"), 2);
        QCOMPARE(queryStrings(campaign, "SELECT campaign FROM events WHERE campaign IS NOT NULL"), QStringList{"x"});
        // Without --xff the proxy's private address is the client: unlocated, not an error.
        const QString plain = path("json-plain.pulsemap");
        QCOMPARE(runCli({"import", "--format", "json", "-q", "--geoip", testData("city-fixture.mmdb"), "-o", plain,
                         path("json.log")})
                     .exitCode,
                 0);
        QCOMPARE(queryInt(plain, "SELECT count(*) FROM events WHERE lat IS NULL"), 1);
    }

    void customFormats()
    {
        // The same line in nginx log_format syntax and in GoAccess syntax.
        QVERIFY(writeFile(path("custom.log"), "83.149.9.216 [17/May/2015:10:05:03 +0000] \"GET /x HTTP/1.1\" 404\n"));
        for (const QString &format : {QStringLiteral(R"($remote_addr [$time_local] "$request" $status)"),
                                      QStringLiteral(R"(%h [%d:%t %^] "%r" %s)")}) {
            const QString campaign = path("custom-" + QString::number(qHash(format)) + ".pulsemap");
            const CliResult result = runCli({"import", "--no-geoip", "-q", "--format", format, "--type",
                                             "missing=status:404", "-o", campaign, path("custom.log")});
            QVERIFY2(result.exitCode == 0, result.err.constData());
            QCOMPARE(queryStrings(campaign, "SELECT type || ' ' || ts FROM events"),
                     QStringList{"missing 1431857103000"});
        }
        QCOMPARE(
            runCli({"import", "--no-geoip", "--format", "%h %Q", "-o", path("bad-format.pulsemap"), path("custom.log")})
                .exitCode,
            2);
    }

    void withoutDatabaseEventsStillImport()
    {
        QVERIFY(writeFile(path("one.log"), kGoodLine));
        const QString campaign = path("nodb.pulsemap");
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", path("emptyhome"));
        env.insert("XDG_DATA_HOME", path("emptyhome"));
        env.insert("PULSEMAP_GEOIP_DIRS", path("emptyhome")); // only search an empty place
        process.setProcessEnvironment(env);
        process.start(cliPath(), {"import", "-o", campaign, path("one.log")});
        QVERIFY(process.waitForFinished());
        const QByteArray err = process.readAllStandardError();
        if (!err.contains("no GeoIP database")) {
            QSKIP("a system-wide GeoIP database is installed on this machine");
        }
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(err.contains("GeoLite2"));
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE lat IS NULL"), 1);
    }

    void badGeoipDatabaseIsAClearError()
    {
        QVERIFY(writeFile(path("one.log"), kGoodLine));
        QVERIFY(writeFile(path("fake.mmdb"), "this is not a database"));
        const CliResult result =
            runCli({"import", "--geoip", path("fake.mmdb"), "-o", path("g.pulsemap"), path("one.log")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("fake.mmdb"), result.err.constData());
        const CliResult missing = runCli({"import", "--no-geoip", "-o", path("m.pulsemap"), path("nope.log")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("nope.log"));
    }

    // Anything that is not a campaign: one-line error, exit code 2, file untouched, for every command.
    void notACampaignFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QByteArray("just some text\n");
        QTest::newRow("empty") << QByteArray("");
        QByteArray random(4096, 0);
        for (int i = 0; i < random.size(); ++i) {
            random[i] = static_cast<char>((i * 7919) ^ (i >> 3));
        }
        QTest::newRow("random") << random;
        QTest::newRow("sqlite-header-only") << QByteArray("SQLite format 3\0", 16) + QByteArray(200, '\0');
    }

    void notACampaignFile()
    {
        QFETCH(QByteArray, content);
        const QString file = path("not-a-campaign.pulsemap");
        QVERIFY(writeFile(file, content));
        QVERIFY(writeFile(path("one.log"), kGoodLine));
        const QList<QStringList> commands = {{"stats", file, "--bucket", "day"},
                                             {"export", file},
                                             {"import", "--no-geoip", "-o", file, path("one.log")}};
        for (const QStringList &arguments : commands) {
            const CliResult result = runCli(arguments);
            QCOMPARE(result.exitCode, 2);
            QCOMPARE(result.err.trimmed().count('\n'), 0);
            QVERIFY(!result.err.isEmpty());
            QCOMPARE(readFile(file), content);
        }
        const CliResult missing = runCli({"stats", path("missing.pulsemap"), "--by", "country"});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(!QFile::exists(path("missing.pulsemap")));
    }
};

QTEST_GUILESS_MAIN(TstCliImport)
#include "tst_cli_import.moc"
