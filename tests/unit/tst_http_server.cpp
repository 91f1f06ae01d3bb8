// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// HttpServer on loopback with real sockets: keep-alive and pipelining, bare-LF requests, refusals that close,
// the header and idle timeouts (one sweep), the connection caps, the WebSocket hand-over, and request bodies
// for the requests a BodyGate admits.

#include "relay/http_server.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QtTest>

using namespace pulsemap;
using namespace std::chrono_literals;

namespace {

// A client driven by the event loop (the server runs on the same thread): collects what it is sent.
class Client : public QObject
{
    Q_OBJECT

public:
    QTcpSocket socket;
    QByteArray received;
    bool closed = false;

    explicit Client(quint16 port)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool connected() const { return socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &bytes) { socket.write(bytes); }
    int responses() const { return static_cast<int>(received.count("HTTP/1.1 ")); }
};

HttpServer::Handler echoPath()
{
    return [](const HttpRequest &request, HttpResponse &response) { response.body = request.path; };
}

HttpServerLimits shortTimeouts()
{
    HttpServerLimits limits;
    limits.headerTimeout = 400ms;
    limits.idleTimeout = 400ms;
    return limits;
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

private slots:
    void keepAliveAndPipelining()
    {
        HttpServer server(echoPath());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        Client client(server.port());
        QTRY_VERIFY(client.connected());
        client.send("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
        QTRY_COMPARE(client.responses(), 2);
        QVERIFY(client.received.contains("\r\n\r\n/a"));
        QVERIFY(client.received.endsWith("\r\n\r\n/b"));
        client.send("GET /c HTTP/1.1\r\nConnection: close\r\n\r\n");
        QTRY_VERIFY(client.closed);
        QVERIFY(client.received.contains("Connection: close\r\n\r\n/c"));
        QCOMPARE(server.requests(), int64_t(3));
    }

    void bareLineFeedRequestIsServed()
    {
        HttpServer server(echoPath());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        Client client(server.port());
        client.send("GET /healthz HTTP/1.1\nHost: relay\n\n");
        QTRY_COMPARE(client.responses(), 1);
        QVERIFY2(client.received.startsWith("HTTP/1.1 200 OK"), client.received.constData());
        QVERIFY(client.received.endsWith("/healthz"));
        QVERIFY(!client.closed); // still keep-alive
    }

    void refusalsAnswerAndClose_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("malformed") << QByteArray("GET /\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
        QTest::newRow("bad length") << QByteArray("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n")
                                    << QByteArray("HTTP/1.1 400 Bad Request");
        QTest::newRow("unknown method") << QByteArray("BREW / HTTP/1.1\r\n\r\n")
                                        << QByteArray("HTTP/1.1 501 Not Implemented");
        QTest::newRow("post") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab")
                              << QByteArray("HTTP/1.1 405 Method Not Allowed");
        QTest::newRow("version") << QByteArray("GET / HTTP/3.0\r\n\r\n")
                                 << QByteArray("HTTP/1.1 505 HTTP Version Not Supported");
        QTest::newRow("huge head") << "GET / HTTP/1.1\r\nX: " + QByteArray(20000, 'a')
                                   << QByteArray("HTTP/1.1 431 Request Header Fields Too Large");
        QByteArray many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 150; ++i) {
            many += "X-" + QByteArray::number(i) + ": 1\r\n";
        }
        QTest::newRow("many headers") << many + "\r\n" << QByteArray("HTTP/1.1 431 Request Header Fields Too Large");
    }

    void refusalsAnswerAndClose()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        HttpServer server(echoPath());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        Client client(server.port());
        client.send(request);
        QTRY_VERIFY(client.closed);
        QVERIFY2(client.received.startsWith(status), client.received.constData());
        QVERIFY(client.received.contains("Connection: close"));
        QTRY_COMPARE(server.openConnections(), 0);
    }

    void halfSentRequestTimesOut()
    {
        HttpServer server(echoPath(), shortTimeouts());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        Client partial(server.port());
        Client silent(server.port());
        Client dripping(server.port());
        QTRY_VERIFY(partial.connected() && silent.connected() && dripping.connected());
        partial.send("GET /collect HTTP/1.1\r\n");
        QElapsedTimer elapsed;
        elapsed.start();
        // A slowloris: one byte at a time keeps arriving, but the deadline runs from the request's start.
        const QByteArray drip = "GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for (int i = 0; !dripping.closed && i < drip.size(); ++i) {
            dripping.send(drip.mid(i, 1));
            QTest::qWait(20);
        }
        QTRY_VERIFY_WITH_TIMEOUT(partial.closed && silent.closed && dripping.closed, 3000);
        QVERIFY(elapsed.elapsed() >= 350);
        QVERIFY2(elapsed.elapsed() < 1500, QByteArray::number(elapsed.elapsed()).constData());
        QVERIFY(partial.received.startsWith("HTTP/1.1 408 Request Timeout"));
        QVERIFY(silent.received.isEmpty()); // a silent connection is just closed
        QCOMPARE(server.counters().headerTimeouts, int64_t(3));
        QCOMPARE(server.counters().idleTimeouts, int64_t(0));
        QTRY_COMPARE(server.openConnections(), 0);
    }

    void idleKeepAliveIsClosed()
    {
        HttpServer server(echoPath(), shortTimeouts());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        Client idle(server.port());
        Client busy(server.port());
        idle.send("GET /once HTTP/1.1\r\n\r\n");
        QTRY_COMPARE(idle.responses(), 1);
        // A client with a request every 150 ms outlives several idle timeouts.
        for (int i = 0; i < 8; ++i) {
            busy.send("GET /again HTTP/1.1\r\n\r\n");
            QTRY_COMPARE(busy.responses(), i + 1);
            QTest::qWait(150);
        }
        QVERIFY(idle.closed);
        QVERIFY(!busy.closed);
        QCOMPARE(idle.received.count("HTTP/1.1 "), 1); // closed without a 408: it had not started a request
        QCOMPARE(server.counters().idleTimeouts, int64_t(1));
        QCOMPARE(server.counters().headerTimeouts, int64_t(0));
    }

    void perAddressCapRefusesTheNextConnection()
    {
        ConnectionBudget budget(100, 2);
        HttpServer server(echoPath(), {}, &budget);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        auto first = std::make_unique<Client>(server.port());
        Client second(server.port());
        QTRY_COMPARE(budget.open(), 2);
        Client third(server.port());
        QTRY_VERIFY(third.closed);
        QCOMPARE(budget.refusedPerAddress(), int64_t(1));
        QCOMPARE(budget.open(), 2);
        second.send("GET /ok HTTP/1.1\r\n\r\n");
        QTRY_COMPARE(second.responses(), 1);
        first.reset(); // the client hangs up: its place is free again once the server's socket is gone
        QTRY_COMPARE(budget.open(), 1);
        Client fourth(server.port());
        fourth.send("GET /ok HTTP/1.1\r\n\r\n");
        QTRY_COMPARE(fourth.responses(), 1);
    }

    void upgradeIsHandedOverUnread()
    {
        HttpServer server(echoPath());
        QByteArray unread;
        QTcpSocket *taken = nullptr;
        server.setUpgradeHandler([&](QTcpSocket *socket, const HttpRequest &request, HttpResponse &refusal) {
            if (request.path != "/") {
                refusal = {404, "text/plain", "no\n", {}};
                return false;
            }
            unread = socket->peek(socket->bytesAvailable());
            taken = socket;
            return true;
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const QByteArray upgrade = "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        Client subscriber(server.port());
        subscriber.send(upgrade);
        QTRY_VERIFY(taken != nullptr);
        QCOMPARE(unread, upgrade);
        QCOMPARE(server.openConnections(), 0); // no longer the HTTP server's to time out
        Client wrongPath(server.port());
        wrongPath.send("GET /x HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
        QTRY_VERIFY(wrongPath.closed);
        QVERIFY(wrongPath.received.startsWith("HTTP/1.1 404"));
    }

    void admittedBodiesReachTheHandler()
    {
        HttpServerLimits limits = shortTimeouts();
        limits.maxBodyBytes = 64;
        HttpServer server(
            [](const HttpRequest &request, HttpResponse &response) {
                response.body = request.method + ' ' + request.path + ' ' + request.body;
            },
            limits);
        server.setBodyGate([](const HttpRequest &request, HttpResponse &refusal) {
            if (request.path == "/secret") {
                refusal = {401, "text/plain", "no\n", {}};
                return false;
            }
            return request.path == "/in";
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        Client client(server.port());
        client.send("POST /in HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        QTRY_VERIFY(client.received.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        client.send("hel");
        QTest::qWait(50);
        QCOMPARE(client.responses(), 1); // only the 100 so far: the body is not complete
        client.send("loPOST /in HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    "GET /after HTTP/1.1\r\n\r\n");
        QTRY_COMPARE(client.responses(), 4);
        QVERIFY2(client.received.contains("\r\n\r\nPOST /in hello"), client.received.constData());
        QVERIFY(client.received.contains("\r\n\r\nPOST /in abcHTTP/1.1 200"));
        QVERIFY(client.received.endsWith("\r\n\r\nGET /after "));
        QVERIFY(!client.closed);

        const auto refusedWith = [&](const QByteArray &request, const QByteArray &status) {
            Client other(server.port());
            other.send(request);
            QTRY_VERIFY(other.closed);
            QVERIFY2(other.received.startsWith(status), other.received.constData());
        };
        refusedWith("POST /secret HTTP/1.1\r\nContent-Length: 2\r\n\r\nab", "HTTP/1.1 401");
        refusedWith("PUT /other HTTP/1.1\r\nContent-Length: 2\r\n\r\nab", "HTTP/1.1 405");
        refusedWith("POST /in HTTP/1.1\r\nContent-Length: 65\r\n\r\n", "HTTP/1.1 413 Content Too Large");
        refusedWith("POST /in HTTP/1.1\r\n\r\n", "HTTP/1.1 411 Length Required");
        refusedWith("POST /in HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "HTTP/1.1 501");
        refusedWith("POST /in HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 400");
        refusedWith("POST /in HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n", "HTTP/1.1 413");
        // A body that stops coming is timed out like a head.
        refusedWith("POST /in HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", "HTTP/1.1 408");
        QCOMPARE(server.counters().bodiesTooLarge, int64_t(2));
        QCOMPARE(server.counters().headerTimeouts, int64_t(1));
    }

    void bodiesInFlightAreBounded()
    {
        HttpServerLimits limits;
        limits.maxBodyBytes = 64;
        limits.maxBodyBytesInFlight = 100;
        HttpServer server([](const HttpRequest &request, HttpResponse &response) { response.body = request.body; },
                          limits);
        server.setBodyGate([](const HttpRequest &, HttpResponse &) { return true; });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        Client slow(server.port());
        slow.send("POST / HTTP/1.1\r\nContent-Length: 60\r\n\r\nabc");
        QTRY_COMPARE(server.requests(), int64_t(1));
        Client busy(server.port());
        busy.send("POST / HTTP/1.1\r\nContent-Length: 60\r\n\r\n");
        QTRY_VERIFY(busy.closed);
        QVERIFY2(busy.received.startsWith("HTTP/1.1 503 Service Unavailable"), busy.received.constData());
        QVERIFY(busy.received.contains("Retry-After: 1"));
        Client chunked(server.port()); // reserves the whole limit, 64: does not fit either
        chunked.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        QTRY_VERIFY(chunked.closed);
        QVERIFY(chunked.received.startsWith("HTTP/1.1 503"));
        Client small(server.port()); // 40 more fit beside the 60
        small.send("POST / HTTP/1.1\r\nContent-Length: 40\r\n\r\n" + QByteArray(40, 's'));
        QTRY_COMPARE(small.responses(), 1);
        QVERIFY(small.received.endsWith(QByteArray(40, 's')));
        // A body that is given up releases its share, as does one that completes.
        QTRY_COMPARE(server.openConnections(), 2); // slow and small; the refused ones are gone
        slow.socket.abort();
        QTRY_COMPARE(server.openConnections(), 1);
        Client next(server.port());
        next.send("POST / HTTP/1.1\r\nContent-Length: 60\r\n\r\n" + QByteArray(60, 'n'));
        QTRY_COMPARE(next.responses(), 1);
        QVERIFY(next.received.startsWith("HTTP/1.1 200"));
        next.send("POST / HTTP/1.1\r\nContent-Length: 60\r\n\r\n" + QByteArray(60, 'm'));
        QTRY_COMPARE(next.responses(), 2);
        QVERIFY(next.received.endsWith(QByteArray(60, 'm')));
        QCOMPARE(server.counters().bodiesBusy, int64_t(2));
    }

    void listenFailureIsAnError()
    {
        HttpServer first(echoPath());
        QVERIFY(first.listen(QHostAddress::LocalHost, 0));
        HttpServer second(echoPath());
        const Status status = second.listen(QHostAddress::LocalHost, first.port());
        QVERIFY(!status);
        QVERIFY2(status.message().find("cannot listen on 127.0.0.1") == 0, status.message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_http_server.moc"
