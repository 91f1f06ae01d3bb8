// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "core/civil_time.h"
#include "core/event.h"
#include "ingest/log_format.h"

#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

#include <memory>
#include <string>
#include <vector>

// Declared before any raw string literal: moc finds no class that comes after some of them.
class TstLogParser : public QObject
{
    Q_OBJECT
private slots:
    void combinedRealLine();
    void combinedMoreRealLines_data();
    void combinedMoreRealLines();
    void combinedWholeFixture();
    void common();
    void vcombined_data();
    void vcombined();
    void builtinNamesIgnoreCaseAndSpaces();
    void offsets_data();
    void offsets();
    void ipv6Addresses_data();
    void ipv6Addresses();
    void escapedQuotes();
    void requestLines_data();
    void requestLines();
    void statusValues_data();
    void statusValues();
    void missingAddress();
    void badTimesInLines_data();
    void badTimesInLines();
    void eventTimeContract_data();
    void eventTimeContract();
    void hostileLines();
    void truncatedLines();
    void hugeLine();
    void lineEndings();
    void nginxFormats();
    void nginxPathAndArgs();
    void nginxTimeAtEnd();
    void goAccessFormats();
    void formatErrors_data();
    void formatErrors();
    void noTime();
    void jsonNginx();
    void jsonEscapes();
    void jsonNested();
    void jsonValues();
    void jsonBad_data();
    void jsonBad();
    void jsonCustomNames();
    void reuseParsedLine();
    void describeAll();
};

using namespace pulsemap;
using namespace pulsemap::civil;

namespace {

constexpr qint64 kMay17 = 1431857103000; // 2015-05-17T10:05:03Z

// The first line of tests/fixtures/apache_combined_10k.log.
constexpr std::string_view kFixtureLine =
    R"(83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36")";

QByteArray b(std::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

std::string_view sv(const QByteArray &bytes)
{
    return std::string_view(bytes.constData(), size_t(bytes.size()));
}

std::unique_ptr<LogParser> make(std::string_view format, const JsonFieldNames &names = {})
{
    auto parser = makeLogParser(format, names);
    if (!parser) {
        qWarning("format %s: %s", std::string(format).c_str(), parser.message().c_str());
        return nullptr;
    }
    return std::move(*parser);
}

QByteArray fixturePath()
{
    const QByteArray dir = qgetenv("PULSEMAP_FIXTURES");
    return dir.isEmpty() ? QFINDTESTDATA("../fixtures/apache_combined_10k.log").toLocal8Bit()
                         : dir + "/apache_combined_10k.log";
}

} // namespace

// Hidden from moc, whose preprocessor trips over raw string literals holding \" in macro arguments.
#ifndef Q_MOC_RUN
#define COMPARE_ERROR(actual, expected) QCOMPARE(QByteArray(describe(actual)), QByteArray(describe(expected)))
#define COMPARE_VIEW(view, expected) QCOMPARE(b(view), QByteArray(expected))
#endif

void TstLogParser::combinedRealLine()
{
    const auto parser = make("combined");
    QVERIFY(parser);
    QVERIFY(!parser->hasForwardedFor());
    ParsedLine out;
    COMPARE_ERROR(parser->parse(kFixtureLine, out), ParseError::None);
    COMPARE_VIEW(out.clientAddress, "83.149.9.216");
    COMPARE_VIEW(out.method, "GET");
    COMPARE_VIEW(out.target, "/presentations/logstash-monitorama-2013/images/kibana-search.png");
    COMPARE_VIEW(out.protocol, "HTTP/1.1");
    COMPARE_VIEW(out.referer, "http://semicomplete.com/presentations/logstash-monitorama-2013/");
    COMPARE_VIEW(out.userAgent, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like "
                                "Gecko) Chrome/32.0.1700.77 Safari/537.36");
    QVERIFY(out.vhost.empty());
    QVERIFY(out.forwardedFor.empty());
    QCOMPARE(out.status, 200);
    QVERIFY(out.hasTime);
    QCOMPARE(qint64(out.tsMs), kMay17);
    QVERIFY(out.scratch.empty()); // nothing needed unescaping
}

void TstLogParser::combinedMoreRealLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("userAgent");
    QTest::addColumn<qint64>("ts");
    // Line 5009 (POST, HTTP/1.0), 2071 ("-" bytes), 9158 (OPTIONS, 500), and the last one (query string).
    QTest::newRow("post")
        << QByteArray(
               R"(37.115.186.244 - - [19/May/2015:04:05:16 +0000] "POST /blog/geekery/xvfb-firefox HTTP/1.0" 200 10975 "http://zoomq.qiniudn.com/ZQScrapBook/ZqFLOSS/data/20110811235550/" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.11 (KHTML, like Gecko) Chrome/23.0.1271.91 Safari/537.11")")
        << QByteArray("POST") << QByteArray("/blog/geekery/xvfb-firefox") << 200
        << QByteArray("Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.11 (KHTML, like "
                      "Gecko) Chrome/23.0.1271.91 Safari/537.11")
        << qint64(1432008316000);
    QTest::newRow("dash-bytes")
        << QByteArray(
               R"x(66.249.73.135 - - [18/May/2015:03:05:34 +0000] "GET /misc/Title.php.txt HTTP/1.1" 500 - "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")x")
        << QByteArray("GET") << QByteArray("/misc/Title.php.txt") << 500
        << QByteArray("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
        << qint64(1431918334000);
    QTest::newRow("options")
        << QByteArray(
               R"(64.131.102.243 - - [20/May/2015:14:05:16 +0000] "OPTIONS /projects/xdotool/ HTTP/1.1" 500 626 "-" "Microsoft Office Protocol Discovery")")
        << QByteArray("OPTIONS") << QByteArray("/projects/xdotool/") << 500
        << QByteArray("Microsoft Office Protocol Discovery") << qint64(1432130716000);
    QTest::newRow("query")
        << QByteArray(
               R"(46.105.14.53 - - [20/May/2015:21:05:15 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/")")
        << QByteArray("GET") << QByteArray("/blog/tags/puppet?flav=rss20") << 200
        << QByteArray("UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/") << qint64(1432155915000);
}

void TstLogParser::combinedMoreRealLines()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QByteArray, userAgent);
    QFETCH(qint64, ts);
    const auto parser = make("combined");
    ParsedLine out;
    COMPARE_ERROR(parser->parse(sv(line), out), ParseError::None);
    QCOMPARE(b(out.method), method);
    QCOMPARE(b(out.target), target);
    QCOMPARE(out.status, status);
    QCOMPARE(b(out.userAgent), userAgent);
    QCOMPARE(qint64(out.tsMs), ts);
}

// All 10 000 lines of the fixture; line 8899 is cut in the middle of its user agent in the original, and
// is kept: servers cut overlong lines, and all that matters comes before the user agent.
void TstLogParser::combinedWholeFixture()
{
    QFile file(QString::fromLocal8Bit(fixturePath()));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QByteArray data = file.readAll();
    const auto parser = make("combined");
    ParsedLine out;
    int lineNumber = 0;
    int ok = 0;
    qsizetype start = 0;
    while (start < data.size()) {
        qsizetype end = data.indexOf('\n', start);
        if (end < 0) {
            end = data.size();
        }
        ++lineNumber;
        const ParseError error = parser->parse(std::string_view(data.constData() + start, size_t(end - start)), out);
        if (lineNumber == 8899) {
            COMPARE_ERROR(error, ParseError::None);
            QVERIFY(out.userAgent.starts_with("Mozilla/5.0 (compatible; Googlebot/2.1;"));
            ++ok;
        } else {
            COMPARE_ERROR(error, ParseError::None);
            QVERIFY(out.tsMs >= 1431820800000 && out.tsMs < 1432166400000); // 17 to 20 May 2015
            QVERIFY(out.status >= 200 && out.status < 600);
            QVERIFY(!out.clientAddress.empty() && !out.target.empty() && out.target.front() == '/');
            QVERIFY(out.method == "GET" || out.method == "HEAD" || out.method == "POST" || out.method == "OPTIONS");
            ++ok;
        }
        start = end + 1;
    }
    QCOMPARE(lineNumber, 10000);
    QCOMPARE(ok, 10000);
}

void TstLogParser::common()
{
    const auto parser = make("common");
    QVERIFY(parser);
    ParsedLine out;
    COMPARE_ERROR(
        parser->parse(R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326)", out),
        ParseError::None);
    COMPARE_VIEW(out.clientAddress, "127.0.0.1");
    COMPARE_VIEW(out.target, "/apache_pb.gif");
    COMPARE_VIEW(out.protocol, "HTTP/1.0");
    QCOMPARE(out.status, 200);
    QCOMPARE(qint64(out.tsMs), qint64(971211336000)); // 2000-10-10T20:55:36Z
    QVERIFY(out.userAgent.empty());
    // A combined line has the common fields first: the extra ones are ignored.
    COMPARE_ERROR(parser->parse(kFixtureLine, out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    QVERIFY(out.referer.empty());
    // A common line for the combined format lacks fields.
    const auto combined = make("combined");
    COMPARE_ERROR(combined->parse(R"(127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326)", out),
                  ParseError::NoMatch);
}

void TstLogParser::vcombined_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("vhost");
    QTest::addColumn<QByteArray>("address");
    const QByteArray rest = R"( - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.1" 200 512 "-" "curl/7.88.1")";
    QTest::newRow("port") << "www.example.com:443 203.0.113.9" + rest << QByteArray("www.example.com")
                          << QByteArray("203.0.113.9");
    QTest::newRow("no-port") << "www.example.com 203.0.113.9" + rest << QByteArray("www.example.com")
                             << QByteArray("203.0.113.9");
    QTest::newRow("ipv6-vhost") << "[2001:db8::1]:8443 2001:db8::beef" + rest << QByteArray("[2001:db8::1]")
                                << QByteArray("2001:db8::beef");
    QTest::newRow("ipv4-vhost") << "192.0.2.1:80 198.51.100.7" + rest << QByteArray("192.0.2.1")
                                << QByteArray("198.51.100.7");
}

void TstLogParser::vcombined()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, vhost);
    QFETCH(QByteArray, address);
    const auto parser = make("vcombined");
    QVERIFY(parser);
    ParsedLine out;
    COMPARE_ERROR(parser->parse(sv(line), out), ParseError::None);
    QCOMPARE(b(out.vhost), vhost);
    QCOMPARE(b(out.clientAddress), address);
    COMPARE_VIEW(out.target, "/index.html");
    COMPARE_VIEW(out.userAgent, "curl/7.88.1");
    QCOMPARE(qint64(out.tsMs), kMay17);
}

void TstLogParser::builtinNamesIgnoreCaseAndSpaces()
{
    for (const char *name : {"COMBINED", " combined ", "Common", "VCOMBINED", "JSON", "json\n"}) {
        QVERIFY2(make(name), name);
    }
}

void TstLogParser::offsets_data()
{
    QTest::addColumn<QByteArray>("offset");
    QTest::addColumn<qint64>("ts");
    QTest::newRow("+0000") << QByteArray("+0000") << kMay17;
    QTest::newRow("+0530") << QByteArray("+0530") << kMay17 - 330 * kMsPerMinute;
    QTest::newRow("-0700") << QByteArray("-0700") << kMay17 + 7 * kMsPerHour;
    QTest::newRow("+1400") << QByteArray("+1400") << kMay17 - 14 * kMsPerHour;
    QTest::newRow("-1200") << QByteArray("-1200") << kMay17 + 12 * kMsPerHour;
}

void TstLogParser::offsets()
{
    QFETCH(QByteArray, offset);
    QFETCH(qint64, ts);
    ParsedLine out;
    const QByteArray line = "10.0.0.1 - - [17/May/2015:10:05:03 " + offset + R"(] "GET / HTTP/1.1" 200 1 "-" "x")";
    COMPARE_ERROR(make("combined")->parse(sv(line), out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), ts);
    // GoAccess's own COMBINED definition keeps the offset in the %^ after %t.
    const auto goaccess = make(R"(%h %^[%d:%t %^] "%r" %s %b "%R" "%u")");
    QVERIFY(goaccess);
    COMPARE_ERROR(goaccess->parse(sv(line), out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), ts);
    // nginx $time_local, and the same instant written in ISO 8601 for $time_iso8601.
    const auto nginx = make(R"($remote_addr - $remote_user [$time_local] "$request" $status)");
    COMPARE_ERROR(nginx->parse(sv(line), out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), ts);
    const QByteArray iso = "2015-05-17T10:05:03" + offset.left(3) + ":" + offset.mid(3);
    const auto isoParser = make(R"($remote_addr [$time_iso8601] "$request" $status)");
    const QByteArray isoLine = "10.0.0.1 [" + iso + R"(] "GET / HTTP/1.1" 200)";
    COMPARE_ERROR(isoParser->parse(sv(isoLine), out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), ts);
}

void TstLogParser::ipv6Addresses_data()
{
    QTest::addColumn<QByteArray>("address");
    QTest::newRow("full") << QByteArray("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    QTest::newRow("compressed") << QByteArray("2001:db8:85a3::8a2e:370:7334");
    QTest::newRow("loopback") << QByteArray("::1");
    QTest::newRow("mapped") << QByteArray("::ffff:192.0.2.128");
    QTest::newRow("zone") << QByteArray("fe80::1%eth0");
}

void TstLogParser::ipv6Addresses()
{
    QFETCH(QByteArray, address);
    ParsedLine out;
    const QByteArray line =
        address + R"( - - [17/May/2015:10:05:03 +0000] "GET /v6 HTTP/2.0" 200 10 "-" "Mozilla/5.0")";
    for (const char *format : {"combined", "common", R"(%h %^[%d:%t %^] "%r" %s %b "%R" "%u")",
                               R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent)"}) {
        COMPARE_ERROR(make(format)->parse(sv(line), out), ParseError::None);
        QCOMPARE(b(out.clientAddress), address);
        COMPARE_VIEW(out.target, "/v6");
        COMPARE_VIEW(out.protocol, "HTTP/2.0");
    }
}

void TstLogParser::escapedQuotes()
{
    const auto parser = make("combined");
    ParsedLine out;
    // Apache writes a quote inside a field as \" and a backslash as \\.
    COMPARE_ERROR(parser->parse(R"(10.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET /a\"b HTTP/1.1" 200 5 )"
                                R"("http://x/\"q\"" "Mozilla \"quoted\" \\")",
                                out),
                  ParseError::None);
    COMPARE_VIEW(out.target, R"(/a\"b)");
    COMPARE_VIEW(out.referer, R"(http://x/\"q\")");
    COMPARE_VIEW(out.userAgent, R"(Mozilla \"quoted\" \\)");
    // A field that ends in an escaped backslash still ends at the quote after it.
    COMPARE_ERROR(
        parser->parse(R"(10.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET /x\\ HTTP/1.1" 200 5 "\\" "ua")", out),
        ParseError::None);
    COMPARE_VIEW(out.referer, R"(\\)");
    COMPARE_VIEW(out.userAgent, "ua");
    // nginx writes \x22.
    const auto nginx = make(R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
                            R"("$http_referer" "$http_user_agent")");
    COMPARE_ERROR(nginx->parse(R"(10.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET /q?a=\x22b\x22 HTTP/1.1" 200 5 )"
                               R"("-" "Bot \x22x\x22")",
                               out),
                  ParseError::None);
    COMPARE_VIEW(out.target, R"(/q?a=\x22b\x22)");
    COMPARE_VIEW(out.userAgent, R"(Bot \x22x\x22)");
    // A raw quote that is not followed by the rest of the format does not end the field.
    COMPARE_ERROR(
        parser->parse(R"(10.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET /"odd"x HTTP/1.1" 200 5 "-" "ua")", out),
        ParseError::None);
    COMPARE_VIEW(out.target, R"(/"odd"x)");
}

void TstLogParser::requestLines_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("protocol");
    QTest::newRow("normal") << QByteArray("GET /p?q=1 HTTP/1.1") << QByteArray("GET") << QByteArray("/p?q=1")
                            << QByteArray("HTTP/1.1");
    QTest::newRow("dash") << QByteArray("-") << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("http09") << QByteArray("GET /") << QByteArray("GET") << QByteArray("/") << QByteArray();
    QTest::newRow("space-in-target") << QByteArray("GET /a b HTTP/1.1") << QByteArray("GET") << QByteArray("/a b")
                                     << QByteArray("HTTP/1.1");
    QTest::newRow("tls-junk") << QByteArray(R"(\x16\x03\x01\x02\x00\x01)") << QByteArray()
                              << QByteArray(R"(\x16\x03\x01\x02\x00\x01)") << QByteArray();
    QTest::newRow("absolute") << QByteArray("CONNECT example.com:443 HTTP/1.1") << QByteArray("CONNECT")
                              << QByteArray("example.com:443") << QByteArray("HTTP/1.1");
}

void TstLogParser::requestLines()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, protocol);
    ParsedLine out;
    const QByteArray line = R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] ")" + request + R"(" 400 0 "-" "-")";
    COMPARE_ERROR(make("combined")->parse(sv(line), out), ParseError::None);
    QCOMPARE(b(out.method), method);
    QCOMPARE(b(out.target), target);
    QCOMPARE(b(out.protocol), protocol);
    QCOMPARE(out.status, 400);
}

void TstLogParser::statusValues_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<int>("expected"); // -1: BadStatus
    QTest::newRow("200") << QByteArray("200") << 200;
    QTest::newRow("100") << QByteArray("100") << 100;
    QTest::newRow("599") << QByteArray("599") << 599;
    QTest::newRow("dash") << QByteArray("-") << 0;
    QTest::newRow("600") << QByteArray("600") << -1;
    QTest::newRow("099") << QByteArray("099") << -1;
    QTest::newRow("000") << QByteArray("000") << -1;
    QTest::newRow("2000") << QByteArray("2000") << -1;
    QTest::newRow("20") << QByteArray("20") << -1;
    QTest::newRow("abc") << QByteArray("abc") << -1;
    QTest::newRow("2x0") << QByteArray("2x0") << -1;
    QTest::newRow("empty") << QByteArray("") << -1;
}

void TstLogParser::statusValues()
{
    QFETCH(QByteArray, status);
    QFETCH(int, expected);
    ParsedLine out;
    const QByteArray line = R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" )" + status + R"( 0 "-" "-")";
    const ParseError error = make("combined")->parse(sv(line), out);
    COMPARE_ERROR(error, expected < 0 ? ParseError::BadStatus : ParseError::None);
    if (expected >= 0) {
        QCOMPARE(out.status, expected);
    }
}

void TstLogParser::missingAddress()
{
    ParsedLine out;
    const auto parser = make("combined");
    const char *rest = R"( - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 0 "-" "-")";
    COMPARE_ERROR(parser->parse(std::string("-") + rest, out), ParseError::MissingAddress);
    COMPARE_ERROR(parser->parse(std::string("") + rest, out), ParseError::MissingAddress);
    // With X-Forwarded-For, a proxy that logs no address of its own still gives one.
    const auto xff = make(R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
                          R"("$http_referer" "$http_user_agent" "$http_x_forwarded_for")");
    QVERIFY(xff);
    QVERIFY(xff->hasForwardedFor());
    const std::string base = R"( - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 0 "-" "-" )";
    const std::string proxied = "-" + base + R"("203.0.113.5, 10.0.0.2")"; // outlives the views into it
    COMPARE_ERROR(xff->parse(proxied, out), ParseError::None);
    QVERIFY(out.clientAddress == "-");
    COMPARE_VIEW(out.forwardedFor, "203.0.113.5, 10.0.0.2");
    COMPARE_ERROR(xff->parse("-" + base + R"("-")", out), ParseError::MissingAddress);
    const std::string direct = "10.0.0.9" + base + R"("-")";
    COMPARE_ERROR(xff->parse(direct, out), ParseError::None);
    COMPARE_VIEW(out.forwardedFor, "-");
}

void TstLogParser::badTimesInLines_data()
{
    QTest::addColumn<QByteArray>("time");
    QTest::newRow("feb-30") << QByteArray("30/Feb/2015:10:05:03 +0000");
    QTest::newRow("month-foo") << QByteArray("17/Foo/2015:10:05:03 +0000");
    QTest::newRow("apr-31") << QByteArray("31/Apr/2015:10:05:03 +0000");
    QTest::newRow("hour-24") << QByteArray("17/May/2015:24:05:03 +0000");
    QTest::newRow("garbage") << QByteArray("yesterday at noon");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("dash") << QByteArray("-");
    QTest::newRow("bad-offset") << QByteArray("17/May/2015:10:05:03 +99");
}

void TstLogParser::badTimesInLines()
{
    QFETCH(QByteArray, time);
    ParsedLine out;
    const QByteArray line = "10.0.0.1 - - [" + time + R"(] "GET / HTTP/1.1" 200 0 "-" "-")";
    COMPARE_ERROR(make("combined")->parse(sv(line), out), ParseError::BadTime);
    QVERIFY(out.hasTime);
}

// The event time contract (core/event.h): a line whose time is outside [1970, 2100) UTC is malformed (BadTime,
// counted like any other bad line), in every way a line can carry its time: CLF in brackets, ISO 8601 as the last
// field, separate date / time / offset fields, and JSON.
void TstLogParser::eventTimeContract_data()
{
    QTest::addColumn<QByteArray>("clf");
    QTest::addColumn<QByteArray>("iso");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<qint64>("ts");
    QTest::newRow("1969-last-second") << QByteArray("31/Dec/1969:23:59:59 +0000") << QByteArray("1969-12-31T23:59:59Z")
                                      << false << qint64(-1000);
    QTest::newRow("1970-first-ms") << QByteArray("01/Jan/1970:00:00:00 +0000") << QByteArray("1970-01-01T00:00:00Z")
                                   << true << qint64(kEarliestEventMs);
    QTest::newRow("2099-last-second") << QByteArray("31/Dec/2099:23:59:59 +0000") << QByteArray("2099-12-31T23:59:59Z")
                                      << true << qint64(kLatestEventMs - 1000);
    QTest::newRow("2100-first-ms") << QByteArray("01/Jan/2100:00:00:00 +0000") << QByteArray("2100-01-01T00:00:00Z")
                                   << false << qint64(kLatestEventMs);
    // The offset decides: local midnight 1970 east of Greenwich is still 1969 in UTC, and the reverse in 2099.
    QTest::newRow("1970-local-east") << QByteArray("01/Jan/1970:00:30:00 +0100")
                                     << QByteArray("1970-01-01T00:30:00+01:00") << false << qint64(-30 * kMsPerMinute);
    QTest::newRow("1969-local-west") << QByteArray("31/Dec/1969:23:30:00 -0100")
                                     << QByteArray("1969-12-31T23:30:00-01:00") << true << qint64(30 * kMsPerMinute);
    QTest::newRow("2099-local-west") << QByteArray("31/Dec/2099:23:30:00 -0100")
                                     << QByteArray("2099-12-31T23:30:00-01:00") << false
                                     << qint64(kLatestEventMs + 30 * kMsPerMinute);
    QTest::newRow("1953") << QByteArray("17/May/1953:10:05:03 +0000") << QByteArray("1953-05-17T10:05:03Z") << false
                          << qint64(0);
    QTest::newRow("9999") << QByteArray("31/Dec/9999:23:59:59 +0000") << QByteArray("9999-12-31T23:59:59Z") << false
                          << qint64(0);
}

void TstLogParser::eventTimeContract()
{
    QFETCH(QByteArray, clf);
    QFETCH(QByteArray, iso);
    QFETCH(bool, accepted);
    QFETCH(qint64, ts);
    const ParseError expected = accepted ? ParseError::None : ParseError::BadTime;
    const auto check = [&](std::string_view format, const QByteArray &line) {
        ParsedLine out;
        const auto parser = make(format);
        QVERIFY(parser);
        COMPARE_ERROR(parser->parse(sv(line), out), expected);
        QVERIFY(out.hasTime);
        if (accepted) {
            QCOMPARE(qint64(out.tsMs), ts);
        }
    };
    check("combined", "10.0.0.1 - - [" + clf + R"(] "GET / HTTP/1.1" 200 1 "-" "x")");
    check("$remote_addr $status $time_iso8601", "10.0.0.1 200 " + iso);
    // GoAccess-style %d %t %z: the date, time of day and offset are separate fields, combined by the parser.
    const QByteArray date = clf.left(11);
    const QByteArray timeOfDay = clf.mid(12, 8);
    const QByteArray offset = clf.mid(21);
    check(R"(%d %t %z %h "%r" %s)", date + " " + timeOfDay + " " + offset + R"( 1.2.3.4 "GET / HTTP/1.1" 200)");
    check("json", R"({"remote_addr":"1.2.3.4","time_iso8601":")" + iso + R"("})");
    if (ts > 100'000'000'000) {
        // The same instant as Unix milliseconds (JSON "ts"); smaller integers read as seconds.
        check("json", R"({"remote_addr":"1.2.3.4","ts":)" + QByteArray::number(ts) + "}");
    }
}

namespace {
// Every parser kind, for the tests that only check that nothing crashes and nothing bogus is accepted.
std::vector<std::unique_ptr<LogParser>> allParsers()
{
    std::vector<std::unique_ptr<LogParser>> parsers;
    for (const char *format :
         {"combined", "common", "vcombined", "json",
          R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent )"
          R"("$http_referer" "$http_user_agent" "$http_x_forwarded_for")",
          R"($remote_addr $host $status $msec $uri $args $time_iso8601)", R"(%h %^[%d:%t %^] "%r" %s %b "%R" "%u")",
          R"(%~%v %h [%x] "%m %U %q %H" %s %T)", R"(%d %t %z %h "%r" %s)"}) {
        parsers.push_back(make(format));
    }
    return parsers;
}
} // namespace

void TstLogParser::hostileLines()
{
    const auto parsers = allParsers();
    ParsedLine out;
    for (const auto &parser : parsers) {
        QVERIFY(parser);
        COMPARE_ERROR(parser->parse("", out), ParseError::Empty);
        COMPARE_ERROR(parser->parse("     ", out), ParseError::Empty);
        COMPARE_ERROR(parser->parse(" \t \t", out), ParseError::Empty);
        COMPARE_ERROR(parser->parse("\r\n", out), ParseError::Empty);
        QVERIFY(parser->parse(std::string_view("\0", 1), out) != ParseError::None);
        QVERIFY(parser->parse(std::string_view("\0\0\0\"\"[]{}", 9), out) != ParseError::None);
        QVERIFY(parser->parse("\"", out) != ParseError::None);
        QVERIFY(parser->parse("\\", out) != ParseError::None);
        QVERIFY(parser->parse("[", out) != ParseError::None);
    }
    // Random bytes, and random mixes of the characters formats care about.
    QRandomGenerator random(42);
    const char alphabet[] = " \"[]{}:,\\-+/0123456789.xu\"\0\r\tZTGET HTTP";
    std::string line;
    for (int i = 0; i < 20000; ++i) {
        line.resize(random.bounded(300));
        const bool binary = i % 2 == 0;
        for (char &c : line) {
            c = binary ? char(random.bounded(256)) : alphabet[random.bounded(int(sizeof alphabet - 1))];
        }
        for (const auto &parser : parsers) {
            parser->parse(line, out); // must not crash or read out of bounds (ASan)
        }
    }
    // NUL bytes inside a real line are just bytes.
    const auto combined = make("combined");
    std::string withNul(kFixtureLine);
    withNul[withNul.size() - 10] = '\0';
    COMPARE_ERROR(combined->parse(kFixtureLine, out), ParseError::None);
    const size_t agentSize = out.userAgent.size();
    COMPARE_ERROR(combined->parse(withNul, out), ParseError::None);
    QCOMPARE(out.userAgent.size(), agentSize);
    QCOMPARE(out.userAgent[out.userAgent.size() - 9], '\0');
    std::string nulInTime(kFixtureLine);
    nulInTime[nulInTime.find("May") + 1] = '\0';
    COMPARE_ERROR(combined->parse(nulInTime, out), ParseError::BadTime);
    std::string nulInStatus(kFixtureLine);
    nulInStatus[nulInStatus.find(" 200 ") + 2] = '\0';
    COMPARE_ERROR(combined->parse(nulInStatus, out), ParseError::BadStatus);
}

void TstLogParser::truncatedLines()
{
    ParsedLine out;
    const auto combined = make("combined");
    // Cut anywhere before the user agent's opening quote: no match. Cut inside the user agent (the last
    // quoted field): kept, with what is left of the user agent.
    const size_t agentQuote = kFixtureLine.rfind('"', kFixtureLine.size() - 2);
    for (size_t length = 1; length < kFixtureLine.size(); ++length) {
        const ParseError error = combined->parse(kFixtureLine.substr(0, length), out);
        const ParseError expected = length > agentQuote ? ParseError::None : ParseError::NoMatch;
        QVERIFY2(error == expected, std::string(kFixtureLine.substr(0, length)).c_str());
        if (error == ParseError::None) {
            QCOMPARE(out.userAgent, kFixtureLine.substr(agentQuote + 1, length - agentQuote - 1));
        }
    }
    COMPARE_ERROR(combined->parse(kFixtureLine.substr(0, 0), out), ParseError::Empty);
    const std::string_view json = R"({"time_local":"17/May/2015:10:05:03 +0000","remote_addr":"203.0.113.7",)"
                                  R"("request":"GET /a\"b HTTP/1.1","status":200,"x":{"y":[1,"]}"]}})";
    const auto parser = make("json");
    for (size_t length = 1; length < json.size(); ++length) {
        COMPARE_ERROR(parser->parse(json.substr(0, length), out), ParseError::BadJson);
    }
    COMPARE_ERROR(parser->parse(json, out), ParseError::None);
    COMPARE_VIEW(out.target, R"(/a"b)");
}

void TstLogParser::hugeLine()
{
    ParsedLine out;
    const auto combined = make("combined");
    std::string agent(1 << 20, 'A');
    for (size_t i = 1000; i < agent.size(); i += 1000) {
        agent[i - 1] = '\\';
        agent[i] = '"';
    }
    const std::string line = R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" ")" + agent + "\"";
    COMPARE_ERROR(combined->parse(line, out), ParseError::None);
    QCOMPARE(out.userAgent.size(), agent.size());
    COMPARE_ERROR(combined->parse(line.substr(0, line.size() - 1), out), ParseError::None); // cut user agent
    QCOMPARE(out.userAgent.size(), agent.size());
    COMPARE_ERROR(combined->parse(std::string(1 << 20, 'x'), out), ParseError::NoMatch);
    COMPARE_ERROR(combined->parse(std::string(1 << 20, '"'), out), ParseError::NoMatch);
    // A megabyte of JSON escapes: unescaped into scratch, which is reserved once.
    std::string escaped;
    for (int i = 0; i < (1 << 20) / 6; ++i) {
        escaped += "\\u00e9";
    }
    const std::string json = R"({"remote_addr":"1.2.3.4","http_user_agent":")" + escaped + R"(","status":200})";
    const auto jsonParser = make("json");
    COMPARE_ERROR(jsonParser->parse(json, out), ParseError::None);
    QCOMPARE(out.userAgent.size(), size_t((1 << 20) / 6 * 2));
    QVERIFY(out.userAgent.substr(0, 4) == "\xC3\xA9\xC3\xA9");
}

void TstLogParser::lineEndings()
{
    ParsedLine out;
    const auto combined = make("combined");
    const std::string cr = std::string(kFixtureLine) + "\r";
    COMPARE_ERROR(combined->parse(cr, out), ParseError::None);
    QVERIFY(out.userAgent.back() == '6');
    const std::string crlf = std::string(kFixtureLine) + "\r\n";
    COMPARE_ERROR(combined->parse(crlf, out), ParseError::None);
    QVERIFY(out.userAgent.back() == '6');
    const auto common = make("common");
    COMPARE_ERROR(common->parse(R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5)"
                                "\r",
                                out),
                  ParseError::None);
    const auto json = make("json");
    COMPARE_ERROR(json->parse("{\"remote_addr\":\"1.2.3.4\",\"status\":200}\r", out), ParseError::None);
    QCOMPARE(out.status, 200);
}

void TstLogParser::nginxFormats()
{
    ParsedLine out;
    const auto braces = make(R"(${remote_addr} - ${remote_user} [${time_local}] "${request}" ${status})");
    QVERIFY(braces);
    COMPARE_ERROR(braces->parse(R"(198.51.100.23 - alice [17/May/2015:12:05:03 +0200] "HEAD /x HTTP/1.1" 304)", out),
                  ParseError::None);
    COMPARE_VIEW(out.clientAddress, "198.51.100.23");
    COMPARE_VIEW(out.method, "HEAD");
    QCOMPARE(out.status, 304);
    QCOMPARE(qint64(out.tsMs), kMay17);

    // Separate request parts, vhost, and variables Pulsemap does not use.
    const auto parts = make(R"($remote_addr $host "$request_method $request_uri $server_protocol" $status )"
                            R"($request_time $upstream_response_time $msec "$http_user_agent" $ssl_protocol)");
    QVERIFY(parts);
    COMPARE_ERROR(parts->parse(R"(2001:db8::7 shop.example.org "POST /cart?add=3 HTTP/2.0" 201 0.012 0.010 )"
                               R"x(1431857103.250 "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X)" TLSv1.3)x",
                               out),
                  ParseError::None);
    COMPARE_VIEW(out.clientAddress, "2001:db8::7");
    COMPARE_VIEW(out.vhost, "shop.example.org");
    COMPARE_VIEW(out.method, "POST");
    COMPARE_VIEW(out.target, "/cart?add=3");
    COMPARE_VIEW(out.protocol, "HTTP/2.0");
    QCOMPARE(out.status, 201);
    QCOMPARE(qint64(out.tsMs), kMay17 + 250);
    COMPARE_VIEW(out.userAgent, "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X)");

    // With real_ip, $remote_addr is the client and $realip_remote_addr the proxy it came through.
    const auto realIp = make(R"($realip_remote_addr $remote_addr [$time_local] $status $http_host)");
    COMPARE_ERROR(realIp->parse("10.0.0.1 203.0.113.50 [17/May/2015:10:05:03 +0000] 200 example.net:8080", out),
                  ParseError::None);
    COMPARE_VIEW(out.clientAddress, "203.0.113.50");
    COMPARE_VIEW(out.vhost, "example.net");
    const auto onlyRealIp = make(R"($realip_remote_addr [$time_local] $server_name)");
    COMPARE_ERROR(onlyRealIp->parse("10.0.0.1 [17/May/2015:10:05:03 +0000] www.example.com", out), ParseError::None);
    COMPARE_VIEW(out.clientAddress, "10.0.0.1");
    COMPARE_VIEW(out.vhost, "www.example.com");
    // A status given as "-" is accepted as none.
    COMPARE_ERROR(onlyRealIp->parse("10.0.0.1 [17/May/2015:10:05:03 +0000] -", out), ParseError::None);
    QCOMPARE(out.status, 0);
}

void TstLogParser::nginxPathAndArgs()
{
    ParsedLine out;
    const auto parser = make(R"($remote_addr [$time_local] "$request_method $uri $args" $status)");
    QVERIFY(parser);
    COMPARE_ERROR(parser->parse(R"(1.2.3.4 [17/May/2015:10:05:03 +0000] "GET /search q=1&x=2" 200)", out),
                  ParseError::None);
    COMPARE_VIEW(out.target, "/search?q=1&x=2");
    QVERIFY(out.target.data() >= out.scratch.data() && out.target.data() < out.scratch.data() + out.scratch.size());
    COMPARE_ERROR(parser->parse(R"(1.2.3.4 [17/May/2015:10:05:03 +0000] "GET /search -" 200)", out), ParseError::None);
    COMPARE_VIEW(out.target, "/search");
    COMPARE_ERROR(parser->parse(R"(1.2.3.4 [17/May/2015:10:05:03 +0000] "GET /search " 200)", out), ParseError::None);
    COMPARE_VIEW(out.target, "/search");
    // $request_uri and $request win over $uri.
    const auto withUri = make(R"($remote_addr "$request" $uri $args $request_uri)");
    COMPARE_ERROR(withUri->parse(R"(1.2.3.4 "GET /a?b=1 HTTP/1.1" /a b=1 /a?b=1&c)", out), ParseError::None);
    COMPARE_VIEW(out.target, "/a?b=1&c");
    COMPARE_VIEW(out.method, "GET");
    const auto withRequest = make(R"($remote_addr "$request" $uri $query_string)");
    COMPARE_ERROR(withRequest->parse(R"(1.2.3.4 "GET /a?b=1 HTTP/1.1" /index.php b=1)", out), ParseError::None);
    COMPARE_VIEW(out.target, "/a?b=1");
    // GoAccess %U and %q.
    const auto goaccess = make(R"(%h "%m %U %q %H" %s)");
    COMPARE_ERROR(goaccess->parse(R"(1.2.3.4 "GET /p ?x=1 HTTP/1.1" 200)", out), ParseError::None);
    COMPARE_VIEW(out.target, "/p?x=1");
    COMPARE_VIEW(out.protocol, "HTTP/1.1");
}

void TstLogParser::nginxTimeAtEnd()
{
    ParsedLine out;
    const auto local = make("$remote_addr $status $time_local");
    COMPARE_ERROR(local->parse("1.2.3.4 200 17/May/2015:10:05:03 +0000", out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    COMPARE_ERROR(local->parse("1.2.3.4 200 17/May/2015:10:05:03 +0100 and later fields", out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17 - kMsPerHour);
    COMPARE_ERROR(local->parse("1.2.3.4 200 17/May/2015:10:05:03", out), ParseError::None);
    COMPARE_ERROR(local->parse("1.2.3.4 200 someday", out), ParseError::BadTime);
    COMPARE_ERROR(local->parse("1.2.3.4 200 ", out), ParseError::BadTime);
    COMPARE_ERROR(local->parse("1.2.3.4 200", out), ParseError::NoMatch);
    // The time ends at a space or the line's end, never inside a word: "10:05:03" is not Unix time 10 (fuzz_timestamp).
    COMPARE_ERROR(local->parse("1.2.3.4 200 10:05:03.5", out), ParseError::BadTime);
    COMPARE_ERROR(local->parse("1.2.3.4 200 17/May/2015:10:05:03+0000", out), ParseError::BadTime);
    COMPARE_ERROR(local->parse("1.2.3.4 200 1431857103\t0.001", out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    const auto msec = make("$remote_addr $msec");
    COMPARE_ERROR(msec->parse("1.2.3.4 1431857103.123 0.001", out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17 + 123);
    const auto iso = make("$remote_addr $time_iso8601");
    COMPARE_ERROR(iso->parse("1.2.3.4 2015-05-17 12:05:03 +0200 x", out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    // A status at the end stops at the next space, so lines may carry more fields than the format.
    const auto status = make("$remote_addr [$time_local] $status");
    COMPARE_ERROR(status->parse("1.2.3.4 [17/May/2015:10:05:03 +0000] 404 17 extra", out), ParseError::None);
    QCOMPARE(out.status, 404);
}

void TstLogParser::goAccessFormats()
{
    ParsedLine out;
    const auto x = make(R"(%h %^[%x] "%r" %s %b "%R" "%u")");
    QVERIFY(x);
    COMPARE_ERROR(x->parse(R"(10.0.0.1 - - [17/May/2015:03:05:03 -0700] "GET / HTTP/1.1" 200 1 "-" "ua")", out),
                  ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    const auto isoDate = make(R"(%d %t %h %v "%r" %s)");
    COMPARE_ERROR(isoDate->parse(R"(2015-05-17 10:05:03 1.2.3.4 example.com "GET / HTTP/1.1" 200)", out),
                  ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    COMPARE_VIEW(out.vhost, "example.com");
    COMPARE_ERROR(isoDate->parse(R"(2015-02-30 10:05:03 1.2.3.4 example.com "GET / HTTP/1.1" 200)", out),
                  ParseError::BadTime);
    COMPARE_ERROR(isoDate->parse(R"(2015-05-17 10:05 1.2.3.4 example.com "GET / HTTP/1.1" 200)", out),
                  ParseError::BadTime);
    const auto zone = make(R"(%d %t %z %h "%r" %s)");
    COMPARE_ERROR(zone->parse(R"(17/May/2015 12:05:03 +0200 1.2.3.4 "GET / HTTP/1.1" 200)", out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    COMPARE_ERROR(zone->parse(R"(17/May/2015 10:05:03.5 Z 1.2.3.4 "GET / HTTP/1.1" 200)", out), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17 + 500);
    COMPARE_ERROR(zone->parse(R"(17/May/2015 12:05:03 CEST 1.2.3.4 "GET / HTTP/1.1" 200)", out), ParseError::BadTime);
    // %~ skips leading blanks; %T and the like are matched and ignored.
    const auto skip = make(R"(%~%h %^[%d:%t %^] "%m %U %H" %s %b "%R" "%u" %T)");
    QVERIFY(skip);
    COMPARE_ERROR(
        skip->parse(R"(   1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /x HTTP/1.1" 200 1 "-" "ua" 0.002)", out),
        ParseError::None);
    COMPARE_VIEW(out.clientAddress, "1.2.3.4");
    COMPARE_VIEW(out.target, "/x");
    COMPARE_VIEW(out.userAgent, "ua");
    // A %^ after "%t " that is not an offset is just ignored: the time is then taken as UTC.
    const auto notOffset = make(R"(%h [%d:%t %^] "%r" %s)");
    COMPARE_ERROR(notOffset->parse(R"(1.2.3.4 [17/May/2015:10:05:03 whatever] "GET / HTTP/1.1" 200)", out),
                  ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    // vhost:port with %^ for the port, and %% for a literal percent sign.
    const auto vhost = make(R"(%v:%^ %h 100%% "%r" %s)");
    QVERIFY(vhost);
    COMPARE_ERROR(vhost->parse(R"(example.com:443 1.2.3.4 100% "GET / HTTP/1.1" 200)", out), ParseError::None);
    COMPARE_VIEW(out.vhost, "example.com");
    QVERIFY(!out.hasTime);
}

void TstLogParser::formatErrors_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("mention");
    QTest::newRow("empty") << QByteArray("") << QByteArray("empty");
    QTest::newRow("blank") << QByteArray("   ") << QByteArray("empty");
    QTest::newRow("no-fields") << QByteArray("hello world") << QByteArray("no fields");
    QTest::newRow("unknown-specifier") << QByteArray("%h %Y %s") << QByteArray("%Y");
    QTest::newRow("apache-directive") << QByteArray(R"(%h %l %u %t "%r" %>s %b)") << QByteArray("Apache");
    QTest::newRow("lone-percent") << QByteArray("%h %") << QByteArray("lone");
    QTest::newRow("dollar-at-end") << QByteArray("$remote_addr $") << QByteArray("$");
    QTest::newRow("unclosed-brace") << QByteArray("$remote_addr ${status") << QByteArray("unclosed");
    QTest::newRow("empty-brace") << QByteArray("$remote_addr ${}") << QByteArray("variable name");
    QTest::newRow("bad-name") << QByteArray("$remote_addr ${remote-user}") << QByteArray("$remote-user");
    QTest::newRow("adjacent-vars") << QByteArray("$remote_addr$status") << QByteArray("$remote_addr and $status");
    QTest::newRow("adjacent-specs") << QByteArray("%h%s") << QByteArray("%h and %s");
    QTest::newRow("no-address") << QByteArray("%d %t %s") << QByteArray("no client address");
    QTest::newRow("nginx-no-address") << QByteArray("$status [$time_local]") << QByteArray("no client address");
    QTest::newRow("date-alone") << QByteArray("%h %d %s") << QByteArray("%t");
    QTest::newRow("time-alone") << QByteArray("%h %t %s") << QByteArray("%d");
    QTest::newRow("offset-alone") << QByteArray("%h %z %s") << QByteArray("%z");
}

void TstLogParser::formatErrors()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, mention);
    const auto parser = makeLogParser(sv(format), JsonFieldNames{});
    QVERIFY(!parser);
    const std::string &error = parser.message();
    QVERIFY2(QByteArray::fromStdString(error).contains(mention), error.c_str());
    QVERIFY(error.find('\n') == std::string::npos);
}

void TstLogParser::noTime()
{
    ParsedLine out;
    for (const char *format : {R"($remote_addr "$request" $status)", R"(%h "%r" %s)"}) {
        const auto parser = make(format);
        QVERIFY(parser);
        COMPARE_ERROR(parser->parse(R"(192.0.2.44 "GET /ping HTTP/1.1" 204)", out), ParseError::None);
        QVERIFY(!out.hasTime);
        QCOMPARE(qint64(out.tsMs), qint64(0));
        QCOMPARE(out.status, 204);
    }
    // No status field at all: status stays 0.
    const auto noStatus = make(R"($remote_addr "$request")");
    COMPARE_ERROR(noStatus->parse(R"(192.0.2.44 "GET / HTTP/1.1")", out), ParseError::None);
    QCOMPARE(out.status, 0);
}

void TstLogParser::jsonNginx()
{
    ParsedLine out;
    const auto parser = make("json");
    QVERIFY(parser);
    QVERIFY(parser->hasForwardedFor());
    // log_format json escape=json '{"time_local":"$time_local","remote_addr":"$remote_addr",...}'
    COMPARE_ERROR(
        parser->parse(R"({"time_local":"17/May/2015:10:05:03 +0000","remote_addr":"203.0.113.7",)"
                      R"("remote_user":"","request":"GET /p?q=1 HTTP/1.1","status": "200",)"
                      R"("body_bytes_sent":"512","request_time":"0.003","http_referer":"https://example.com/",)"
                      R"x("http_user_agent":"Mozilla/5.0 (X11; Linux x86_64)",)x"
                      R"("http_x_forwarded_for":""})",
                      out),
        ParseError::None);
    QVERIFY(out.hasTime);
    QCOMPARE(qint64(out.tsMs), kMay17);
    COMPARE_VIEW(out.clientAddress, "203.0.113.7");
    COMPARE_VIEW(out.method, "GET");
    COMPARE_VIEW(out.target, "/p?q=1");
    COMPARE_VIEW(out.protocol, "HTTP/1.1");
    QCOMPARE(out.status, 200);
    COMPARE_VIEW(out.referer, "https://example.com/");
    COMPARE_VIEW(out.userAgent, "Mozilla/5.0 (X11; Linux x86_64)");
    QVERIFY(out.forwardedFor.empty());
    QVERIFY(out.scratch.empty());

    // Numbers unquoted, separate method and URI, ISO time, IPv6 client.
    COMPARE_ERROR(
        parser->parse(R"({"@timestamp":"2015-05-17T12:05:03+02:00","client":"2001:db8::1","host":"example.com",)"
                      R"("request_method":"POST","request_uri":"/api/v1/items?id=7","status":201,)"
                      R"("request_length":345,"http_user_agent":"curl/8.0"})",
                      out),
        ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
    COMPARE_VIEW(out.clientAddress, "2001:db8::1");
    COMPARE_VIEW(out.vhost, "example.com");
    COMPARE_VIEW(out.method, "POST");
    COMPARE_VIEW(out.target, "/api/v1/items?id=7");
    QVERIFY(out.protocol.empty());
    QCOMPARE(out.status, 201);

    // escape=default writes \x22 for a quote and \xHH for bytes outside ASCII.
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"1.2.3.4","msec":"1431857103.123","request":"GET /a\x22b HTTP/1.1",)"
                                R"("status":"404","http_user_agent":"Bot \x22x\x22 \xC3\xA9"})",
                                out),
                  ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17 + 123);
    COMPARE_VIEW(out.target, R"(/a"b)");
    COMPARE_VIEW(out.userAgent, "Bot \"x\" \xC3\xA9");
    QCOMPARE(out.status, 404);

    // The first candidate in the list wins, wherever it is in the line.
    COMPARE_ERROR(
        parser->parse(R"({"msec":1.5,"remote_addr":"1.2.3.4","time_iso8601":"2015-05-17T10:05:03+00:00"})", out),
        ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17);
}

void TstLogParser::jsonEscapes()
{
    ParsedLine out;
    const auto parser = make("json");
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"1.2.3.4","request_uri":"\/caf\u00e9\/\u20ac?x=\"1\"",)"
                                R"("http_user_agent":"a\\b\tc\nd\re\bf\fg \ud83d\ude00 \ud83d \ude00x",)"
                                R"("http_referer":"\u0041\u00DF","host":"h\u00e9st","method":"G\u0045T"})",
                                out),
                  ParseError::None);
    COMPARE_VIEW(out.target, "/caf\xC3\xA9/\xE2\x82\xAC?x=\"1\"");
    COMPARE_VIEW(out.userAgent, "a\\b\tc\nd\re\bf\fg \xF0\x9F\x98\x80 \xEF\xBF\xBD \xEF\xBF\xBDx");
    COMPARE_VIEW(out.referer, "A\xC3\x9F");
    COMPARE_VIEW(out.vhost, "h\xC3\xA9st");
    COMPARE_VIEW(out.method, "GET");
    COMPARE_VIEW(out.clientAddress, "1.2.3.4");
    // All the unescaped values live in scratch, side by side, none overwritten by the next.
    const char *begin = out.scratch.data();
    const char *end = begin + out.scratch.size();
    for (const std::string_view view : {out.target, out.userAgent, out.referer, out.vhost, out.method}) {
        QVERIFY(view.data() >= begin && view.data() + view.size() <= end);
    }
    // Malformed escapes are kept as written rather than rejected.
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"1.2.3.4","http_user_agent":"\x4\u12G\q\u"})", out),
                  ParseError::None);
    COMPARE_VIEW(out.userAgent, R"(\x4\u12Gq\u)");
}

void TstLogParser::jsonNested()
{
    ParsedLine out;
    const auto parser = make("json");
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"1.2.3.4","geo":{"a":[1,2,{"b":"}]\"x"}],"c":{}},"status":200,)"
                                R"("arr":[[],[[]],"]"],"time":"2015-05-17T10:05:03Z","x":{"status":500}})",
                                out),
                  ParseError::None);
    QCOMPARE(out.status, 200);
    QCOMPARE(qint64(out.tsMs), kMay17);
    // A key inside a nested object is not a field of the line.
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"1.2.3.4","x":{"status":500,"remote_addr":"9.9.9.9"}})", out),
                  ParseError::None);
    QCOMPARE(out.status, 0);
    COMPARE_VIEW(out.clientAddress, "1.2.3.4");
    // An object where a value is expected counts as absent.
    COMPARE_ERROR(parser->parse(R"({"remote_addr":{"ip":"1.2.3.4"}})", out), ParseError::MissingAddress);
    // Nesting: 64 levels are skipped, 65 are refused.
    const auto nested = [](int depth) {
        return R"({"remote_addr":"1.2.3.4","deep":)" + std::string(size_t(depth), '[') +
               std::string(size_t(depth), ']') + "}";
    };
    COMPARE_ERROR(parser->parse(nested(64), out), ParseError::None);
    COMPARE_ERROR(parser->parse(nested(65), out), ParseError::BadJson);
    COMPARE_ERROR(parser->parse(nested(100000), out), ParseError::BadJson);
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"1.2.3.4","a":[1,2}})", out), ParseError::BadJson);
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"1.2.3.4","a":{"b":1]})", out), ParseError::BadJson);
}

void TstLogParser::jsonValues()
{
    ParsedLine out;
    const auto parser = make("json");
    const auto parse = [&](const std::string &fields) {
        return parser->parse(R"({"remote_addr":"1.2.3.4",)" + fields + "}", out);
    };
    COMPARE_ERROR(parse(R"("status":404)"), ParseError::None);
    QCOMPARE(out.status, 404);
    COMPARE_ERROR(parse(R"("status":"-")"), ParseError::None);
    QCOMPARE(out.status, 0);
    COMPARE_ERROR(parse(R"("status":"abc")"), ParseError::BadStatus);
    COMPARE_ERROR(parse(R"("status":200.5)"), ParseError::BadStatus);
    COMPARE_ERROR(parse(R"("status":true)"), ParseError::BadStatus);
    COMPARE_ERROR(parse(R"("status":null,"status_code":302)"), ParseError::None); // null: absent
    QCOMPARE(out.status, 302);
    COMPARE_ERROR(parse(R"("msec":1431857103.123)"), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17 + 123);
    COMPARE_ERROR(parse(R"("ts":1431857103123)"), ParseError::None);
    QCOMPARE(qint64(out.tsMs), kMay17 + 123);
    COMPARE_ERROR(parse(R"("time":"yesterday")"), ParseError::BadTime);
    COMPARE_ERROR(parse(R"("time":"2015-02-30T10:05:03Z")"), ParseError::BadTime);
    COMPARE_ERROR(parse(R"("time":false)"), ParseError::BadTime);
    COMPARE_ERROR(parse(R"("time":null)"), ParseError::None);
    QVERIFY(!out.hasTime);
    COMPARE_ERROR(parse(R"("bytes":-1,"f":1.5e3,"t":true,"n":null,"e":"","u":-)"), ParseError::None);
    QVERIFY(!out.hasTime);
    COMPARE_ERROR(parser->parse(R"(  { "remote_addr" : "1.2.3.4" , "status" : 200 }  )", out), ParseError::None);
    QCOMPARE(out.status, 200);
    COMPARE_ERROR(parser->parse(R"({"remote_addr":null,"http_x_forwarded_for":"203.0.113.1"})", out), ParseError::None);
    QVERIFY(out.clientAddress.empty());
    COMPARE_VIEW(out.forwardedFor, "203.0.113.1");
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"-"})", out), ParseError::MissingAddress);
    COMPARE_ERROR(parser->parse("{}", out), ParseError::MissingAddress);
    COMPARE_ERROR(parser->parse(R"({"request":"-","remote_addr":"1.2.3.4"})", out), ParseError::None);
    COMPARE_VIEW(out.target, "-");
}

void TstLogParser::jsonBad_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("text") << QByteArray("not json");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("string") << QByteArray(R"("str")");
    QTest::newRow("open") << QByteArray("{");
    QTest::newRow("key-only") << QByteArray(R"({"a"})");
    QTest::newRow("no-value") << QByteArray(R"({"a":})");
    QTest::newRow("trailing-comma") << QByteArray(R"({"a":1,})");
    QTest::newRow("trailing-text") << QByteArray(R"({"a":1} x)");
    QTest::newRow("two-objects") << QByteArray(R"({"a":1}{"b":2})");
    QTest::newRow("unterminated") << QByteArray(R"({"a":"unterminated})");
    QTest::newRow("escaped-end") << QByteArray(R"({"a":"x\"})");
    QTest::newRow("bare-key") << QByteArray("{a:1}");
    QTest::newRow("bad-literal") << QByteArray(R"({"a":tru})");
    QTest::newRow("literal-tail") << QByteArray(R"({"a":truex})");
    QTest::newRow("missing-comma") << QByteArray(R"({"a":1 "b":2})");
    QTest::newRow("nul") << QByteArray("{\"a\":1\0}", 8);
    QTest::newRow("nul-value") << QByteArray("{\"a\":\0}", 7);
    QTest::newRow("combined-line") << QByteArray(kFixtureLine.data(), qsizetype(kFixtureLine.size()));
}

void TstLogParser::jsonBad()
{
    QFETCH(QByteArray, line);
    ParsedLine out;
    COMPARE_ERROR(make("json")->parse(sv(line), out), ParseError::BadJson);
}

void TstLogParser::jsonCustomNames()
{
    JsonFieldNames names;
    names.address = " ip_addr , peer ";
    names.time = "when";
    names.status = "code";
    names.target = "uri";
    names.forwardedFor = "";
    const auto parser = make("json", names);
    QVERIFY(parser);
    QVERIFY(!parser->hasForwardedFor());
    ParsedLine out;
    COMPARE_ERROR(
        parser->parse(R"({"peer":"10.0.0.2","when":"17/May/2015:10:05:03 +0000","code":"503","uri":"/x"})", out),
        ParseError::None);
    COMPARE_VIEW(out.clientAddress, "10.0.0.2");
    QCOMPARE(out.status, 503);
    COMPARE_VIEW(out.target, "/x");
    QCOMPARE(qint64(out.tsMs), kMay17);
    // Default names are no longer looked at; an escaped key still matches.
    COMPARE_ERROR(parser->parse(R"({"remote_addr":"10.0.0.2","status":"200"})", out), ParseError::MissingAddress);
    COMPARE_ERROR(parser->parse(R"({"ip\u005faddr":"10.0.0.3","peer":"10.0.0.2"})", out), ParseError::None);
    COMPARE_VIEW(out.clientAddress, "10.0.0.3");
}

void TstLogParser::reuseParsedLine()
{
    ParsedLine out;
    const auto json = make("json");
    const auto combined = make("combined");
    COMPARE_ERROR(json->parse(R"({"remote_addr":"1.2.3.4","time":"2015-05-17T10:05:03Z","http_user_agent":"\u00e9",)"
                              R"("host":"v","status":200,"http_x_forwarded_for":"5.6.7.8"})",
                              out),
                  ParseError::None);
    QVERIFY(!out.scratch.empty());
    const size_t capacity = out.scratch.capacity();
    COMPARE_ERROR(combined->parse(R"(1.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 301 0 "-" "x")", out),
                  ParseError::None);
    QVERIFY(out.scratch.empty());
    QCOMPARE(out.scratch.capacity(), capacity); // reused, not freed
    QVERIFY(out.vhost.empty() && out.forwardedFor.empty());
    QCOMPARE(out.status, 301);
    COMPARE_ERROR(json->parse(R"({"remote_addr":"1.2.3.4"})", out), ParseError::None);
    QVERIFY(!out.hasTime);
    QCOMPARE(qint64(out.tsMs), qint64(0));
    QCOMPARE(out.status, 0);
    QVERIFY(out.userAgent.empty() && out.method.empty() && out.target.empty());
}

void TstLogParser::describeAll()
{
    QSet<QByteArray> seen;
    for (ParseError error :
         {ParseError::None, ParseError::Empty, ParseError::NoMatch, ParseError::BadTime, ParseError::BadStatus,
          ParseError::MissingAddress, ParseError::BadJson, ParseError::BinaryData}) {
        const QByteArray text = describe(error);
        QVERIFY(!text.isEmpty());
        QVERIFY(!seen.contains(text));
        seen.insert(text);
    }
}

QTEST_APPLESS_MAIN(TstLogParser)
#include "tst_log_parser.moc"
