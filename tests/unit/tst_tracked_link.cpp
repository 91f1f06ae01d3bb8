// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Tracked links without sockets: the signature matches an independent HMAC-SHA256 (Python's hmac module gave the
// expected value), every field is covered, the allow-list matches hosts and subdomains but nothing that merely
// looks alike, targets a browser could read differently are refused, and what makeTrackedLink prints is accepted
// by checkTrackedLink after going through the relay's own request parser.

#include "relay/http_request_parser.h"
#include "relay/tracked_link.h"

#include <QtTest>

using namespace pulsemap;

namespace {

const QByteArray kSecret = "0123456789abcdef0123";

// The request the relay would see for a link's path and query.
HttpRequest requestFor(const QByteArray &pathAndQuery)
{
    const QByteArray raw = "GET " + pathAndQuery + " HTTP/1.1\r\n\r\n";
    const HttpParseResult parsed = parseHttpRequest(std::string_view(raw.constData(), size_t(raw.size())));
    return parsed.state == HttpParseResult::State::Complete ? toHttpRequest(parsed.head, QHostAddress::LocalHost)
                                                            : HttpRequest{};
}

} // namespace

class TestTrackedLink : public QObject
{
    Q_OBJECT

private slots:
    void signatureIsHmacSha256()
    {
        TrackedLink link;
        link.target = "https://example.com/a?b=1";
        link.campaign = "spring";
        QCOMPARE(linkSigningString(link), QByteArray("pulsemap-link-v1\nhttps://example.com/a?b=1\nspring\nclick"));
        QCOMPARE(signLink(kSecret, link), QByteArray("4KVMLGaFKErkjp2LNQu3BQ"));
        // Every field and the secret change it.
        const QByteArray base = signLink(kSecret, link);
        TrackedLink other = link;
        other.type = "open";
        QVERIFY(signLink(kSecret, other) != base);
        other = link;
        other.campaign = "spring ";
        QVERIFY(signLink(kSecret, other) != base);
        other = link;
        other.target = "https://example.com/a?b=2";
        QVERIFY(signLink(kSecret, other) != base);
        QVERIFY(signLink(kSecret + "x", link) != base);
    }

    void constantTimeEqualsCompares()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(constantTimeEquals("", ""));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "ab"));
        QVERIFY(!constantTimeEquals("", "a"));
    }

    void allowList_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("exact") << "shop.test" << true;
        QTest::newRow("case") << "SHOP.Test" << true;
        QTest::newRow("subdomain") << "www.example.org" << true;
        QTest::newRow("deep subdomain") << "a.b.example.org" << true;
        QTest::newRow("wildcard is not the apex") << "example.org" << false;
        QTest::newRow("look-alike") << "badexample.org" << false;
        QTest::newRow("suffix") << "www.example.org.evil.test" << false;
        QTest::newRow("exact only") << "www.shop.test" << false;
        QTest::newRow("empty") << "" << false;
    }

    void allowList()
    {
        QFETCH(QString, host);
        QFETCH(bool, allowed);
        QCOMPARE(hostAllowed(host, {"shop.test", "*.Example.org"}), allowed);
    }

    void targets_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<bool>("fine");
        QTest::newRow("https") << QByteArray("https://example.com/a?b=1#c") << true;
        QTest::newRow("http with port") << QByteArray("http://127.0.0.1:8080/") << true;
        QTest::newRow("ipv6") << QByteArray("http://[::1]:8080/x") << true;
        QTest::newRow("upper-case scheme") << QByteArray("HTTPS://example.com/") << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("javascript") << QByteArray("javascript:alert(1)") << false;
        QTest::newRow("data") << QByteArray("data:text/html,x") << false;
        QTest::newRow("ftp") << QByteArray("ftp://example.com/") << false;
        QTest::newRow("relative") << QByteArray("/path") << false;
        QTest::newRow("scheme-relative") << QByteArray("//evil.test/") << false;
        QTest::newRow("one slash") << QByteArray("https:/evil.test/") << false;
        QTest::newRow("no slashes") << QByteArray("https:evil.test") << false;
        QTest::newRow("user info") << QByteArray("https://shop.test@evil.test/") << false;
        QTest::newRow("backslash") << QByteArray("https://evil.test\\@shop.test/") << false;
        QTest::newRow("space") << QByteArray("https://example.com/a b") << false;
        QTest::newRow("CRLF") << QByteArray("https://example.com/\r\nSet-Cookie: x=1") << false;
        QTest::newRow("non-ASCII") << QByteArray("https://exämple.com/") << false;
        QTest::newRow("no host") << QByteArray("https:///path") << false;
        QTest::newRow("too long") << "https://example.com/" + QByteArray(5000, 'a') << false;
    }

    void targets()
    {
        QFETCH(QByteArray, target);
        QFETCH(bool, fine);
        const char *problem = targetProblem(target);
        QVERIFY2((problem == nullptr) == fine, problem != nullptr ? problem : "accepted");
    }

    void printedLinksAreAccepted_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("campaign");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("followed");
        QTest::newRow("plain") << "https://example.com/" << QByteArray() << QByteArray()
                               << QByteArray("https://example.com/");
        QTest::newRow("query and fragment")
            << "https://example.com/p?a=1&b=x+y&c=%2F#top" << QByteArray("spring & summer = 100%") << QByteArray("open")
            << QByteArray("https://example.com/p?a=1&b=x+y&c=%2F#top");
        QTest::newRow("spaces and accents")
            << QString::fromUtf8("https://bücher.example/ä ö?q=é") << QByteArray("été") << QByteArray()
            << QByteArray("https://xn--bcher-kva.example/%C3%A4%20%C3%B6?q=%C3%A9");
    }

    void printedLinksAreAccepted()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, campaign);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, followed);
        const Result<QByteArray> link = makeTrackedLink("http://relay.test:8080/", kSecret, target, campaign, type);
        QVERIFY2(link.ok(), link.message().c_str());
        QVERIFY2(link->startsWith("http://relay.test:8080/click?to="), link->constData());
        const HttpRequest request = requestFor(link->mid(link->indexOf("/click")));
        QCOMPARE(request.path, QByteArray("/click"));
        const Result<TrackedLink> checked = checkTrackedLink(request, LinkPolicy{kSecret, {}});
        QVERIFY2(checked.ok(), checked.message().c_str());
        QCOMPARE(checked->target, followed);
        QCOMPARE(checked->campaign, campaign);
        QCOMPARE(checked->type, type.isEmpty() ? QByteArray("click") : type);
        // Another secret does not accept it, and an allow-list does not rescue a bad signature.
        QVERIFY(!checkTrackedLink(request, LinkPolicy{kSecret + "!", {"*.example", "example.com"}}).ok());
        QVERIFY(!checkTrackedLink(request, LinkPolicy{{}, {}}).ok());
    }

    void makeTrackedLinkRefuses()
    {
        QVERIFY(!makeTrackedLink("ftp://relay.test/", kSecret, "https://a.test/", {}, {}).ok());
        QVERIFY(!makeTrackedLink("http://relay.test/?x=1", kSecret, "https://a.test/", {}, {}).ok());
        QVERIFY(!makeTrackedLink("http://relay.test/", {}, "https://a.test/", {}, {}).ok());
        QVERIFY(!makeTrackedLink("http://relay.test/", kSecret, "mailto:a@b.test", {}, {}).ok());
        QVERIFY(!makeTrackedLink("http://relay.test/", kSecret, "https://a.test/", "line\nbreak", {}).ok());
        QVERIFY(!makeTrackedLink("http://relay.test/", kSecret, "https://a.test/", {}, QByteArray(65, 't')).ok());
        // A path prefix (a relay behind a proxy) is kept.
        const Result<QByteArray> prefixed =
            makeTrackedLink("https://track.test/pm/", kSecret, "https://a.test/", {}, {});
        QVERIFY(prefixed.ok());
        QVERIFY2(prefixed->startsWith("https://track.test/pm/click?to=https%3A%2F%2Fa.test%2F&sig="),
                 prefixed->constData());
    }

    void unsignedLinksNeedAListedHost()
    {
        const LinkPolicy policy{kSecret, {"*.example.org"}};
        QVERIFY(checkTrackedLink(requestFor("/click?to=https%3A%2F%2Fwww.example.org%2F"), policy).ok());
        QVERIFY(!checkTrackedLink(requestFor("/click?to=https%3A%2F%2Fevil.test%2F"), policy).ok());
        QVERIFY(!checkTrackedLink(requestFor("/click?to=https%3A%2F%2Fwww.example.org%2F&type="), policy).ok());
        QVERIFY(!checkTrackedLink(requestFor("/click?to=https%3A%2F%2Fwww.example.org%2F&sig=x"), policy).ok());
        QVERIFY(!checkTrackedLink(requestFor("/click?campaign=x"), policy).ok());
    }
};

QTEST_GUILESS_MAIN(TestTrackedLink)
#include "tst_tracked_link.moc"
