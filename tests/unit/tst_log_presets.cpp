// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The preset log formats' parsers line by line: the values taken, the header handling of the W3C formats, and the
// lines each refuses. Whole fixtures are imported by tst_cli_import_formats.
#include "ingest/log_format.h"

#include <QtTest>

#include <memory>
#include <string>

class TstLogPresets : public QObject
{
    Q_OBJECT
private slots:
    void namesAreKnown();
    void w3cHeaderSwitchesLayout();
    void w3cWithoutHeaderUsesDefault();
    void w3cDirectivesAndEmptyFields();
    void cloudFrontForwardedFor();
    void albClientPortAndUrl();
    void albTcpListener();
    void caddyNestedFields();
    void caddyBadValues();
    void squidStatusAndConnect();
    void haproxyForms();
    void haproxyRefuses();
    void s3Offsets();
};

using namespace pulsemap;

namespace {

std::unique_ptr<LogParser> make(std::string_view format)
{
    auto parser = makeLogParser(format, JsonFieldNames{});
    return parser ? std::move(*parser) : nullptr;
}

QByteArray b(std::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

} // namespace

#ifndef Q_MOC_RUN
#define COMPARE_ERROR(actual, expected) QCOMPARE(QByteArray(describe(actual)), QByteArray(describe(expected)))
#endif

void TstLogPresets::namesAreKnown()
{
    for (const std::string_view name : kLogFormatNames) {
        QVERIFY2(make(name) != nullptr, std::string(name).c_str());
    }
    QVERIFY(make("CloudFront") != nullptr); // as the built-in names: any letter case
    QVERIFY(make("HAPROXY") != nullptr);
}

void TstLogPresets::w3cHeaderSwitchesLayout()
{
    auto parser = make("w3c");
    ParsedLine out;
    COMPARE_ERROR(parser->parse("#Fields: c-ip date time cs-uri-stem sc-status", out), ParseError::Directive);
    COMPARE_ERROR(parser->parse("192.0.2.1 2024-03-12 10:00:00 /a 200", out), ParseError::None);
    QCOMPARE(b(out.clientAddress), QByteArray("192.0.2.1"));
    QCOMPARE(out.tsMs, 1710237600000);
    QCOMPARE(b(out.target), QByteArray("/a"));
    // A new header mid-file: the same line no longer reads, the new order does.
    COMPARE_ERROR(parser->parse("#Fields: date time sc-status cs-uri-stem cs-uri-query c-ip", out),
                  ParseError::Directive);
    COMPARE_ERROR(parser->parse("192.0.2.1 2024-03-12 10:00:00 /a 200", out), ParseError::NoMatch); // 5 of 6
    COMPARE_ERROR(parser->parse("192.0.2.1 2024-03-12 10:00:00 /a 200 x", out), ParseError::BadTime);
    COMPARE_ERROR(parser->parse("2024-03-12 10:00:01 404 /b q=1 2001:db8::1", out), ParseError::None);
    QCOMPARE(b(out.clientAddress), QByteArray("2001:db8::1"));
    QCOMPARE(b(out.target), QByteArray("/b?q=1"));
    QCOMPARE(out.status, 404);
    // Too few fields for the columns read: does not match.
    COMPARE_ERROR(parser->parse("2024-03-12 10:00:01 404 /b", out), ParseError::NoMatch);
}

void TstLogPresets::w3cWithoutHeaderUsesDefault()
{
    // A follower that starts mid-file has seen no #Fields: IIS's default field order.
    auto parser = make("w3c");
    ParsedLine out;
    COMPARE_ERROR(parser->parse("2024-03-12 00:00:05 10.0.0.4 GET /default.htm a=b 80 - 192.0.2.45 "
                                "Mozilla/5.0+(X11) http://x/ 200 0 0 15",
                                out),
                  ParseError::None);
    QCOMPARE(b(out.clientAddress), QByteArray("192.0.2.45"));
    QCOMPARE(b(out.target), QByteArray("/default.htm?a=b"));
    QCOMPARE(b(out.userAgent), QByteArray("Mozilla/5.0+(X11)"));
    QCOMPARE(b(out.referer), QByteArray("http://x/"));
    QCOMPARE(out.status, 200);
}

void TstLogPresets::w3cDirectivesAndEmptyFields()
{
    auto parser = make("w3c");
    ParsedLine out;
    for (const char *line : {"#Version: 1.0", "#Software: IIS", "#Date: 2024-03-12 00:00:00", "#", "#Fields:"}) {
        COMPARE_ERROR(parser->parse(line, out), ParseError::Directive);
    }
    // "#Fields:" with no names kept the default layout.
    COMPARE_ERROR(parser->parse("2024-03-12 00:00:05 10.0.0.4 GET / - 80 - 192.0.2.45 x - 200 0 0 15", out),
                  ParseError::None);
    COMPARE_ERROR(parser->parse("2024-03-12 00:00:05 10.0.0.4 GET / - 80 - - x - 200 0 0 15", out),
                  ParseError::MissingAddress);
    COMPARE_ERROR(parser->parse("2024-03-12 00:00:05 10.0.0.4 GET / - 80 - 192.0.2.45 x - 20 0 0 15", out),
                  ParseError::BadStatus);
    COMPARE_ERROR(parser->parse("   ", out), ParseError::Empty);
}

void TstLogPresets::cloudFrontForwardedFor()
{
    auto parser = make("cloudfront");
    QVERIFY(parser->hasForwardedFor());
    ParsedLine out;
    COMPARE_ERROR(parser->parse("#Fields: date time c-ip cs-uri-stem x-forwarded-for cs(Host) x-host-header", out),
                  ParseError::Directive);
    COMPARE_ERROR(parser->parse("2024-03-12\t16:45:02\t10.0.0.1\t/a b\t203.0.113.9\td.cloudfront.net\t-\r\n", out),
                  ParseError::None);
    QCOMPARE(b(out.clientAddress), QByteArray("10.0.0.1"));
    QCOMPARE(b(out.forwardedFor), QByteArray("203.0.113.9"));
    QCOMPARE(b(out.target), QByteArray("/a b"));            // tabs separate CloudFront fields, not spaces
    QCOMPARE(b(out.vhost), QByteArray("d.cloudfront.net")); // x-host-header "-": the distribution's domain
}

void TstLogPresets::albClientPortAndUrl()
{
    auto parser = make("alb");
    ParsedLine out;
    COMPARE_ERROR(parser->parse(R"(https 2024-03-12T16:45:02.123456Z app/lb/1 [2001:db8::1]:443 - -1 -1 -1 )"
                                R"(460 - 10 0 "GET https://shop.example.com:443?x=1 HTTP/1.1" "ua x" - -)",
                                out),
                  ParseError::None);
    QCOMPARE(b(out.clientAddress), QByteArray("2001:db8::1"));
    QCOMPARE(out.tsMs, 1710261902123);
    QCOMPARE(b(out.target), QByteArray("/?x=1"));
    QCOMPARE(b(out.vhost), QByteArray("shop.example.com"));
    QCOMPARE(b(out.userAgent), QByteArray("ua x"));
    QCOMPARE(out.status, 460);
    COMPARE_ERROR(
        parser->parse(R"(https 2024-03-12T16:45:02Z app/lb/1 - - -1 -1 -1 460 - 10 0 "GET / HTTP/1.1" "x")", out),
        ParseError::MissingAddress);
}

void TstLogPresets::albTcpListener()
{
    auto parser = make("alb");
    ParsedLine out;
    COMPARE_ERROR(parser->parse(R"(2015-05-13T23:39:43.945958Z my-lb 192.168.131.39:2817 10.0.0.1:80 0.001 0.002 )"
                                R"(0.003 - - 57 502 "- - - " "-" - -)",
                                out),
                  ParseError::None);
    QCOMPARE(out.status, 0);
    QVERIFY(out.target.empty());
    QVERIFY(out.method.empty());
}

void TstLogPresets::caddyNestedFields()
{
    auto parser = make("caddy");
    ParsedLine out;
    // Only the request's own fields count: a nested "client_ip" elsewhere is not the client.
    COMPARE_ERROR(parser->parse(R"({"ts":"2024-03-12T16:45:02Z","other":{"client_ip":"198.51.100.1"},)"
                                R"("request":{"remote_ip":"192.0.2.7","uri":"/\u0041?b","headers":)"
                                R"({"User-Agent":["a\"b","second"],"Referer":"r"}},"status":"200"})",
                                out),
                  ParseError::None);
    QCOMPARE(b(out.clientAddress), QByteArray("192.0.2.7"));
    QCOMPARE(b(out.target), QByteArray("/A?b"));
    QCOMPARE(b(out.userAgent), QByteArray("a\"b"));
    QCOMPARE(b(out.referer), QByteArray("r"));
    QCOMPARE(out.tsMs, 1710261902000);
}

void TstLogPresets::caddyBadValues()
{
    auto parser = make("caddy");
    ParsedLine out;
    COMPARE_ERROR(parser->parse(R"({"ts":"soon","request":{"remote_ip":"192.0.2.7"}})", out), ParseError::BadTime);
    COMPARE_ERROR(parser->parse(R"({"ts":{},"request":{"remote_ip":"192.0.2.7"}})", out), ParseError::BadTime);
    COMPARE_ERROR(parser->parse(R"({"status":700,"request":{"remote_ip":"192.0.2.7"}})", out), ParseError::BadStatus);
    COMPARE_ERROR(parser->parse(R"({"status":0,"request":{"remote_ip":"192.0.2.7"}})", out), ParseError::None);
    COMPARE_ERROR(parser->parse(R"({"ts":1,"request":{}})", out), ParseError::MissingAddress);
    COMPARE_ERROR(parser->parse(R"({"request":{"remote_ip":"192.0.2.7"})", out), ParseError::BadJson);
}

void TstLogPresets::squidStatusAndConnect()
{
    auto parser = make("squid");
    ParsedLine out;
    COMPARE_ERROR(parser->parse("1286536310.201    350 192.168.0.10 TCP_TUNNEL/200 5012 CONNECT www.example.com:443 "
                                "- HIER_DIRECT/93.184.216.34 -",
                                out),
                  ParseError::None);
    QCOMPARE(b(out.vhost), QByteArray("www.example.com"));
    QVERIFY(out.target.empty());
    QCOMPARE(out.tsMs, 1286536310201);
    COMPARE_ERROR(parser->parse("1286536310.201 3 192.168.0.10 NONE/000 0 GET http://h - H/- -", out),
                  ParseError::None);
    QCOMPARE(out.status, 0);
    QCOMPARE(b(out.target), QByteArray("/"));
    QCOMPARE(b(out.vhost), QByteArray("h"));
    COMPARE_ERROR(parser->parse("1286536310.201 3 192.168.0.10 TCP_MISS 0 GET http://h - H/- -", out),
                  ParseError::NoMatch);
    COMPARE_ERROR(parser->parse("99999999999999999 3 192.168.0.10 TCP_MISS/200 0 GET / - H/- -", out),
                  ParseError::BadTime);
}

void TstLogPresets::haproxyForms()
{
    auto parser = make("haproxy");
    ParsedLine out;
    // Through a syslog relay: the MSG part only.
    COMPARE_ERROR(parser->parse("10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 "
                                "2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} \"GET /index.html HTTP/1.1\"",
                                out),
                  ParseError::None);
    QCOMPARE(b(out.clientAddress), QByteArray("10.0.1.2"));
    QCOMPARE(out.tsMs, 1233922454655);
    QCOMPARE(b(out.method), QByteArray("GET"));
    QCOMPARE(b(out.protocol), QByteArray("HTTP/1.1"));
    // A line cut by syslog's length limit: the request without its closing quote.
    COMPARE_ERROR(parser->parse("<134>Feb  6 12:14:14 lb haproxy[1]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] "
                                "http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 \"GET /very/long",
                                out),
                  ParseError::None);
    QCOMPARE(b(out.target), QByteArray("/very/long"));
}

void TstLogPresets::haproxyRefuses()
{
    auto parser = make("haproxy");
    ParsedLine out;
    COMPARE_ERROR(parser->parse("10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 1/2/3 200", out),
                  ParseError::NoMatch);
    COMPARE_ERROR(parser->parse("10.0.1.2:33317 [30/Feb/2009:12:14:14.655] a b/c 1/2/3 200 1 \"GET / HTTP/1.1\"", out),
                  ParseError::NoMatch); // no date in any brackets
    COMPARE_ERROR(parser->parse("10.0.1.2:33317 [06/Feb/1960:12:14:14.655] a b/c 1/2/3 200 1 \"GET / HTTP/1.1\"", out),
                  ParseError::BadTime);
    COMPARE_ERROR(parser->parse("- [06/Feb/2009:12:14:14.655] a b/c 1/2/3 200 1 \"GET / HTTP/1.1\"", out),
                  ParseError::MissingAddress);
    COMPARE_ERROR(parser->parse("[06/Feb/2009:12:14:14.655] a b/c 1/2/3 200 1 \"GET / HTTP/1.1\"", out),
                  ParseError::NoMatch);
}

void TstLogPresets::s3Offsets()
{
    auto parser = make("s3");
    ParsedLine out;
    COMPARE_ERROR(parser->parse(R"(o b [06/Feb/2019:02:00:38 +0200] 192.0.2.3 r id REST.GET.OBJECT k "GET /b/k?x )"
                                R"(HTTP/1.1" 200 - 1 1 1 1 "-" "S3Console/0.4" - more fields)",
                                out),
                  ParseError::None);
    QCOMPARE(out.tsMs, 1549411238000);
    QCOMPARE(b(out.target), QByteArray("/b/k?x"));
}

QTEST_GUILESS_MAIN(TstLogPresets)
#include "tst_log_presets.moc"
