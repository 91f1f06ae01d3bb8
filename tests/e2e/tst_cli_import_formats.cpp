// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The preset log formats (--format s3, cloudfront, alb, w3c, caddy, traefik, squid, haproxy) importing their
// fixtures under tests/fixtures/formats/: lines taken from each format's documentation plus lines of our own.
#include "cli_runner.h"

#include <QTemporaryDir>

using namespace pulsemap::test;

class TstCliImportFormats : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // "ip|ts|path|campaign" per event, in file order.
    static QStringList rows(const QString &campaign)
    {
        return queryStrings(campaign, "SELECT ip || '|' || ts || '|' || coalesce(path, '') || '|' || "
                                      "coalesce(campaign, '') FROM events ORDER BY id");
    }

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(cliPath()), "PULSEMAP_CLI must point at the built pulsemap-cli"); }

    void presetImportsItsFixture_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("directives");
        QTest::addColumn<QStringList>("expected");
        // Times are UTC milliseconds: each line's own offset applied (S3 +0100, Caddy and Traefik +01:00/-05:00),
        // W3C and CloudFront date+time UTC, Squid epoch seconds, HAProxy's accept date taken as UTC.
        QTest::newRow("s3") << "s3" << 0
                            << QStringList{
                                   "192.0.2.3|1549411238000|/amzn-s3-demo-bucket1|",
                                   "192.0.2.3|1549411238000|/amzn-s3-demo-bucket1|",
                                   "192.0.2.3|1549411238000|/amzn-s3-demo-bucket1|",
                                   "192.0.2.3|1391644917000|/mybucket/s3-dg.pdf|",
                                   "2001:db8:85a3::8a2e:370:7334|1710261902000|"
                                   "/amzn-s3-demo-bucket1/photos/2024/cat%20picture.jpg|",
                               };
        QTest::newRow("cloudfront") << "cloudfront" << 4
                                    << QStringList{
                                           "192.0.2.100|1575493351000|/index.html|",
                                           "192.0.2.100|1575493351000|/index.html|",
                                           "192.0.2.200|1576276587000|/favicon.ico|",
                                           "192.0.2.200|1576276622000|/|",
                                           "198.51.100.7|1710261902000|/shop/item|spring",
                                           "2001:db8::17|1710317700250|/blog/post|", // after a new #Fields order
                                       };
        QTest::newRow("w3c") << "w3c" << 8
                             << QStringList{
                                    "192.0.2.45|1710201605000|/default.htm|",
                                    "192.0.2.45|1710201607000|/images/logo.png|",
                                    "2001:db8:4006:812::200e|1710201672000|/api/order|spring",
                                    "198.51.100.23|1710201760000|/missing.aspx|",
                                    "10.0.0.9|1710205201000|/index.html|",
                                };
        QTest::newRow("alb") << "alb" << 0
                             << QStringList{
                                    "192.168.131.39|1530570180186|/|", "192.168.131.39|1530570180186|/|",
                                    "10.0.1.252|1530570180186|/|",
                                    "192.168.131.39|1431560383945|/|", // classic ELB
                                    "192.168.131.39|1431560383945|/|", "203.0.113.9|1710261902123|/c/42|spring",
                                };
        QTest::newRow("caddy") << "caddy" << 0
                               << QStringList{
                                      "127.0.0.1|1646861401524|/|",
                                      "203.0.113.9|1710261902123|/blog/café|spring", // client_ip, not remote_ip
                                      "2001:db8::9|1710261902500|/v1/events|",
                                      "198.51.100.4|1646861402000|/old|",
                                  };
        QTest::newRow("traefik") << "traefik" << 0
                                 << QStringList{
                                        "192.0.2.10|1710261902366|/|spring",
                                        "2001:db8::42|1710261903500|/v2/missing|",
                                        "198.51.100.77|1710261904000|/old|",
                                    };
        QTest::newRow("squid") << "squid" << 0
                               << QStringList{
                                      "192.168.0.224|1286536308779|/|",
                                      "192.168.0.224|1286536309144|/path/page.html|",
                                      "192.168.0.10|1286536310201||", // CONNECT: a host, no path
                                      "2001:db8::5|1710261902005|/ads.js|",
                                      "198.51.100.50|1710261903999|/|",
                                  };
        QTest::newRow("haproxy") << "haproxy" << 0
                                 << QStringList{
                                        "10.0.1.2|1233922454655|/index.html|",
                                        "10.0.1.2|1233922455001|/login|",
                                        "10.0.1.3|1233922456370|/|",
                                        "203.0.113.9|1710261902250|/c/missing|spring",
                                        "2001:db8::7|1710261903999|/api/v1/events|",
                                    };
    }

    void presetImportsItsFixture()
    {
        QFETCH(QString, format);
        QFETCH(int, directives);
        QFETCH(QStringList, expected);
        const QString campaign = path(format + ".pulsemap");
        const CliResult result = runCli({"import", "--no-geoip", "-q", "--keep-ip", "--format", format, "-o", campaign,
                                         fixture("formats/" + format + ".log")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = summary(result);
        QCOMPARE(report["skipped"].toInt(), 0);
        QCOMPARE(report["directives"].toInt(), directives);
        QCOMPARE(report["events"].toInt(), expected.size());
        QCOMPARE(report["lines"].toInt(), expected.size() + directives);
        QCOMPARE(rows(campaign), expected);
    }

    void malformedLinesAreCountedAndSkipped_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArrayList>("badLines");
        QTest::newRow("s3") << "s3"
                            << QByteArrayList{"owner bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3",
                                              "owner bucket [31/Feb/2019:00:00:38 +0000] 192.0.2.3 r i op - \"GET / "
                                              "HTTP/1.1\" 200 - 1 - 1 - \"-\" \"x\""};
        QTest::newRow("cloudfront") << "cloudfront"
                                    << QByteArrayList{"2019-12-04\t21:02:31\tLAX1", "not a log line at all",
                                                      "2019-13-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td.net\t/"
                                                      "\t200\t-\tx\t-\t-\tHit\tid\td.net\thttps\t23\t0.001\t-\tTLSv1.2"
                                                      "\tc\tHit\tHTTP/2.0"};
        QTest::newRow("w3c") << "w3c"
                             << QByteArrayList{"2024-03-12 00:00:05 10.0.0.4 GET", "2024-03-12 25:00:05 10.0.0.4 GET "
                                                                                   "/ - 80 - 192.0.2.1 x - 200 0 0 1"};
        QTest::newRow("alb") << "alb"
                             << QByteArrayList{"https 2018-07-02T22:23:00Z app/x 192.0.2.1:1 10.0.0.1:80",
                                               "https yesterday app/x 192.0.2.1:1 10.0.0.1:80 0 0 0 200 200 0 0 "
                                               "\"GET / HTTP/1.1\" \"x\""};
        QTest::newRow("caddy") << "caddy" << QByteArrayList{"{\"ts\":1646861401.5,\"request\":{", "{\"ts\":true}"};
        QTest::newRow("traefik") << "traefik" << QByteArrayList{"{\"ClientHost\":\"192.0.2.1\",\"StartUTC\":\"x\"}"};
        QTest::newRow("squid") << "squid"
                               << QByteArrayList{"1286536308.779 180 192.168.0.224",
                                                 "1286536308.779 180 192.168.0.224 TCP_MISS/2000 411 GET / - D/- -"};
        QTest::newRow("haproxy") << "haproxy"
                                 << QByteArrayList{"10.0.1.2:33317 06/Feb/2009:12:14:14.655 http-in",
                                                   "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 "
                                                   "1/2/3/4/5 999 2750 - - ---- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\""};
    }

    // Bad lines between the good ones: each counted as skipped, every good line still stored.
    void malformedLinesAreCountedAndSkipped()
    {
        QFETCH(QString, format);
        QFETCH(QByteArrayList, badLines);
        const QList<QByteArray> good = readFile(fixture("formats/" + format + ".log")).split('\n');
        QByteArray log;
        int bad = 0;
        for (const QByteArray &line : good) {
            if (line.isEmpty()) {
                continue;
            }
            log += line + '\n';
            if (!line.startsWith('#')) {
                log += badLines[bad++ % badLines.size()] + '\n';
            }
        }
        QVERIFY(writeFile(path(format + "-bad.log"), log));
        const QString clean = path(format + "-clean.pulsemap");
        const QString mixed = path(format + "-mixed.pulsemap");
        QCOMPARE(runCli({"import", "--no-geoip", "-q", "--keep-ip", "-f", format, "-o", clean,
                         fixture("formats/" + format + ".log")})
                     .exitCode,
                 0);
        const CliResult result =
            runCli({"import", "--no-geoip", "-q", "--keep-ip", "-f", format, "-o", mixed, path(format + "-bad.log")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(summary(result)["skipped"].toInt(), bad);
        QCOMPARE(rows(mixed), rows(clean));
        QVERIFY(!rows(clean).isEmpty());
    }

    // The CloudFront and W3C defaults: a file read from its middle (no #Fields seen) uses the documented order.
    void headerlessW3cUsesTheDefaultLayout()
    {
        for (const QString &format : {QStringLiteral("cloudfront"), QStringLiteral("w3c")}) {
            // The data lines of the first #Fields block, without any header.
            const QList<QByteArray> all = readFile(fixture("formats/" + format + ".log")).split('\n');
            QByteArray body;
            bool inFirstBlock = false;
            for (const QByteArray &line : all) {
                if (line.startsWith("#Fields")) {
                    if (inFirstBlock) {
                        break;
                    }
                    inFirstBlock = true;
                } else if (inFirstBlock && !line.startsWith('#') && !line.isEmpty()) {
                    body += line + '\n';
                } else if (inFirstBlock && line.startsWith('#')) {
                    break;
                }
            }
            QVERIFY(!body.isEmpty());
            QVERIFY(writeFile(path(format + "-tail.log"), body));
            const QString campaign = path(format + "-tail.pulsemap");
            const CliResult result = runCli(
                {"import", "--no-geoip", "-q", "--keep-ip", "-f", format, "-o", campaign, path(format + "-tail.log")});
            QVERIFY2(result.exitCode == 0, result.err.constData());
            QCOMPARE(summary(result)["skipped"].toInt(), 0);
            QCOMPARE(summary(result)["directives"].toInt(), 0);
            QCOMPARE(summary(result)["events"].toInt(), body.count('\n'));
        }
    }

    void unknownPresetNameIsACustomFormatError()
    {
        const CliResult result = runCli(
            {"import", "--no-geoip", "-q", "-f", "cloudfrnt", "-o", path("typo.pulsemap"), fixture("formats/s3.log")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("no fields"));
    }
};

QTEST_GUILESS_MAIN(TstCliImportFormats)
#include "tst_cli_import_formats.moc"
