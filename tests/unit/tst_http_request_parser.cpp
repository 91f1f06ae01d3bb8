// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// parseHttpRequest: the relay's HTTP request heads, bytes in, a request or a precise status out. Line ends,
// pipelining, the limits (414, 431), malformed lines (400), methods (501) and versions (505).

#include "relay/http_request.h"
#include "relay/http_request_parser.h"

#include <QtTest>

#include <string>

using namespace pulsemap;
using State = HttpParseResult::State;

Q_DECLARE_METATYPE(std::string)

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void beaconRequest()
    {
        const std::string input = "GET /collect?type=open&campaign=spring HTTP/1.1\r\nHost: relay\r\n"
                                  "X-Forwarded-For:  81.2.69.160 \r\n\r\n";
        const HttpParseResult result = parseHttpRequest(input);
        QCOMPARE(result.state, State::Complete);
        QCOMPARE(result.head.method, std::string_view("GET"));
        QCOMPARE(result.head.path, std::string_view("/collect"));
        QCOMPARE(result.head.query, std::string_view("type=open&campaign=spring"));
        QCOMPARE(result.head.version, std::string_view("HTTP/1.1"));
        QCOMPARE(result.head.headers.size(), size_t(2));
        QCOMPARE(result.head.headers[1].first, std::string_view("X-Forwarded-For"));
        QCOMPARE(result.head.headers[1].second, std::string_view("81.2.69.160")); // without the spaces
        QCOMPARE(result.head.headBytes, input.size());
        QVERIFY(result.head.keepAlive);
        QCOMPARE(result.head.contentLength, int64_t(-1));
    }

    void bareLineFeedsAreLineEnds()
    {
        // As nginx: a request whose lines end in LF alone is served, not left waiting for CRLF.
        const std::string input = "GET /healthz HTTP/1.1\nHost: relay\n\n";
        const HttpParseResult result = parseHttpRequest(input);
        QCOMPARE(result.state, State::Complete);
        QCOMPARE(result.head.path, std::string_view("/healthz"));
        QCOMPARE(result.head.headBytes, input.size());
        QCOMPARE(parseHttpRequest("GET / HTTP/1.1\n\n").state, State::Complete);
        QCOMPARE(parseHttpRequest("GET / HTTP/1.1\r\nHost: a\n\r\n").state, State::Complete);
    }

    void incompleteHeadsWait()
    {
        for (const char *partial : {"", "G", "GET / HTTP/1.1", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: a\r\n",
                                    "GET / HTTP/1.1\r\nHost: a\r\n\r", "\r\n"}) {
            QVERIFY2(parseHttpRequest(partial).state == State::Incomplete, partial);
        }
    }

    void pipelinedRequestsFollowTheHead()
    {
        const std::string input = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c";
        const HttpParseResult first = parseHttpRequest(input);
        QCOMPARE(first.state, State::Complete);
        QCOMPARE(first.head.path, std::string_view("/a"));
        const HttpParseResult second = parseHttpRequest(std::string_view(input).substr(first.head.headBytes));
        QCOMPARE(second.state, State::Complete);
        QCOMPARE(second.head.path, std::string_view("/b"));
        const size_t third = first.head.headBytes + second.head.headBytes;
        QCOMPARE(parseHttpRequest(std::string_view(input).substr(third)).state, State::Incomplete);
        // Empty lines before a request (some clients add CRLF after a body) are skipped.
        const HttpParseResult padded = parseHttpRequest("\r\n\nGET /d HTTP/1.1\r\n\r\n");
        QCOMPARE(padded.state, State::Complete);
        QCOMPARE(padded.head.path, std::string_view("/d"));
    }

    void keepAlive()
    {
        QVERIFY(!parseHttpRequest("GET / HTTP/1.0\r\n\r\n").head.keepAlive);
        QVERIFY(parseHttpRequest("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head.keepAlive);
        QVERIFY(!parseHttpRequest("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").head.keepAlive);
        QVERIFY(!parseHttpRequest("GET / HTTP/1.1\r\nconnection: keep-alive, Close\r\n\r\n").head.keepAlive);
        QVERIFY(parseHttpRequest("GET / HTTP/1.1\r\nConnection: Upgrade\r\n\r\n").head.keepAlive);
    }

    void absoluteAndAsteriskTargets()
    {
        const HttpParseResult absolute = parseHttpRequest("GET http://relay:8766/collect?type=x HTTP/1.1\r\n\r\n");
        QCOMPARE(absolute.state, State::Complete);
        QCOMPARE(absolute.head.path, std::string_view("/collect"));
        QCOMPARE(absolute.head.query, std::string_view("type=x"));
        const HttpParseResult bare = parseHttpRequest("GET http://relay HTTP/1.1\r\n\r\n");
        QVERIFY(bare.head.path.empty()); // means "/" (see toHttpRequest): every field stays a view into the input
        QCOMPARE(toHttpRequest(bare.head, QHostAddress::LocalHost).path, QByteArray("/"));
        QCOMPARE(parseHttpRequest("OPTIONS * HTTP/1.1\r\n\r\n").state, State::Complete);
        QCOMPARE(parseHttpRequest("GET * HTTP/1.1\r\n\r\n").status, 400);
    }

    void contentLength()
    {
        QCOMPARE(parseHttpRequest("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n").head.contentLength, int64_t(12));
        QCOMPARE(parseHttpRequest("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n").state,
                 State::Complete);
        QVERIFY(parseHttpRequest("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").head.transferEncoded);
    }

    void refusals_data()
    {
        QTest::addColumn<std::string>("input");
        QTest::addColumn<int>("status");
        QTest::newRow("one word") << std::string("GET\r\n\r\n") << 400;
        QTest::newRow("two spaces") << std::string("GET  / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("no version") << std::string("GET /\r\n\r\n") << 400;
        QTest::newRow("not http") << std::string("GET / FTP/1.1\r\n\r\n") << 400;
        QTest::newRow("relative target") << std::string("GET collect HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("control in target") << std::string("GET /\x01 HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("bare CR") << std::string("GET / HTTP/1.1\rX\r\n\r\n") << 400;
        QTest::newRow("NUL in header") << std::string("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 26) << 400;
        QTest::newRow("no colon") << std::string("GET / HTTP/1.1\r\nHost relay\r\n\r\n") << 400;
        QTest::newRow("space before colon") << std::string("GET / HTTP/1.1\r\nHost : relay\r\n\r\n") << 400;
        QTest::newRow("folding") << std::string("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400;
        QTest::newRow("control in value") << std::string("GET / HTTP/1.1\r\nA: b\x7f\r\n\r\n") << 400;
        QTest::newRow("length not a number") << std::string("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n") << 400;
        QTest::newRow("negative length") << std::string("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("huge length") << std::string("GET / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n")
                                     << 400;
        QTest::newRow("two lengths") << std::string("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                     << 400;
        QTest::newRow("length and chunked")
            << std::string("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
        QTest::newRow("unknown method") << std::string("BREW /pot HTTP/1.1\r\n\r\n") << 501;
        QTest::newRow("http 2") << std::string("GET / HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("http 0.9") << std::string("GET / HTTP/0.9\r\n\r\n") << 505;
        // Refused before the line ends: a TLS hello or binary noise does not wait for the header timeout.
        QTest::newRow("tls hello") << std::string("\x16\x03\x01\x02\x00\x01", 6) << 400;
        QTest::newRow("long line") << "GET /" + std::string(9000, 'a') << 414;
        QTest::newRow("long line ended") << "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n" << 414;
        QTest::newRow("huge head") << "GET / HTTP/1.1\r\nA: " + std::string(17000, 'a') << 431;
        std::string many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 101; ++i) {
            many += "X-" + std::to_string(i) + ": y\r\n";
        }
        QTest::newRow("101 headers") << many + "\r\n" << 431;
    }

    void refusals()
    {
        QFETCH(std::string, input);
        QFETCH(int, status);
        const HttpParseResult result = parseHttpRequest(input);
        QCOMPARE(result.state, State::Error);
        QCOMPARE(result.status, status);
        QVERIFY(isHttpParseErrorStatus(result.status));
        QVERIFY(std::string_view(result.reason).size() > 0);
    }

    void limitsAreExact()
    {
        HttpParserLimits limits;
        limits.maxHeadBytes = 64;
        limits.maxHeaders = 2;
        std::string head = "GET / HTTP/1.1\r\nA: ";
        head += std::string(64 - head.size() - 4, 'x') + "\r\n\r\n";
        QCOMPARE(head.size(), size_t(64));
        QCOMPARE(parseHttpRequest(head, limits).state, State::Complete); // exactly the limit
        QCOMPARE(parseHttpRequest("GET / HTTP/1.1\r\nA: " + std::string(50, 'x'), limits).status, 431);
        QCOMPARE(parseHttpRequest("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", limits).state, State::Complete);
        QCOMPARE(parseHttpRequest("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits).status, 431);
    }

    void caseInsensitiveNames()
    {
        QVERIFY(equalsIgnoringCase("Content-Length", "content-LENGTH"));
        QVERIFY(!equalsIgnoringCase("Content-Length", "Content-Lengt"));
        QCOMPARE(parseHttpRequest("GET / HTTP/1.1\r\ncOnTeNt-LeNgTh: 7\r\n\r\n").head.contentLength, int64_t(7));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_http_request_parser.moc"
