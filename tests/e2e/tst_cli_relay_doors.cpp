// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli relay's collect-port doors end to end. Tracked links: a real HTTP client follows a link printed by
// pulsemap-cli sign-link to a local target server and the click arrives on a subscriber; unsigned, tampered and
// unlisted links get 400 and record nothing. The push API: a mixed batch forwards exactly its good events and
// says which were refused; 401, 405, 411, 413 and 501 where HTTP says; bodies in many small writes.

#include "relay_process.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

using namespace pulsemap::test;

// (No raw string literals: Qt 6.4's moc stops parsing at raw strings that contain quotes.)
namespace {

const QByteArray kSecret = "correct horse battery staple";

// The length of the first complete response in bytes (head and Content-Length body), 0 while incomplete.
qsizetype completeResponse(const QByteArray &bytes)
{
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        return 0;
    }
    const QByteArray head = bytes.left(headEnd).toLower();
    const qsizetype at = head.indexOf("content-length: ");
    const qsizetype length = at < 0 ? 0 : head.mid(at + 16, head.indexOf('\r', at) - at - 16).toInt();
    return bytes.size() >= headEnd + 4 + length ? headEnd + 4 + length : 0;
}

// Reads `count` responses (Content-Length framed) from a socket that may stay open; fewer on a timeout.
QList<QByteArray> readResponses(QTcpSocket &socket, int count = 1)
{
    QList<QByteArray> responses;
    QByteArray buffer = socket.readAll();
    while (responses.size() < count) {
        if (const qsizetype size = completeResponse(buffer); size > 0) {
            responses << buffer.left(size);
            buffer.remove(0, size);
            continue;
        }
        if (!socket.waitForReadyRead(5000)) {
            responses << buffer;
            break;
        }
        buffer += socket.readAll();
    }
    return responses;
}

// Sends the bytes in pieces of `piece` bytes (0: at once), each flushed on its own, and reads `count` answers.
QList<QByteArray> sendAll(QTcpSocket &socket, const QByteArray &bytes, int piece = 0, int count = 1)
{
    for (qsizetype at = 0; at<bytes.size(); at += piece> 0 ? piece : bytes.size()) {
        socket.write(bytes.mid(at, piece > 0 ? piece : bytes.size()));
        socket.waitForBytesWritten(5000);
        if (piece > 0) {
            QThread::usleep(200); // separate segments, not one coalesced write
        }
    }
    return readResponses(socket, count);
}

QByteArray send(QTcpSocket &socket, const QByteArray &bytes, int piece = 0)
{
    return sendAll(socket, bytes, piece).value(0);
}

QByteArray post(quint16 port, const QByteArray &target, const QByteArray &body, const QByteArray &headers = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000)) {
        return {};
    }
    return send(socket, "POST " + target + " HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\n" + headers +
                            "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
}

QJsonObject json(const QByteArray &response)
{
    return QJsonDocument::fromJson(body(response)).object();
}

// The landing page the links lead to: answers every request "landed" and remembers its target.
class Landing : public QObject
{
    Q_OBJECT

public:
    QTcpServer server;
    QList<QByteArray> targets;

    Landing()
    {
        connect(&server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray request = socket->readAll();
                    targets << request.split(' ').value(1);
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nlanded");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        server.listen(QHostAddress::LocalHost, 0);
    }
};

// Waits until a beacon "marker" reached the subscriber: every event sent before it has arrived by then.
bool drain(const Relay &relay, Subscriber &subscriber)
{
    if (!get(relay.collect, "/collect?type=marker").startsWith("HTTP/1.1 200")) {
        return false;
    }
    QElapsedTimer elapsed;
    elapsed.start();
    while (subscriber.events.isEmpty() ||
           subscriber.events.last().value("type").toString() != QLatin1String("marker")) {
        if (elapsed.elapsed() > 5000) {
            return false;
        }
        QTest::qWait(10);
    }
    subscriber.events.removeLast();
    return true;
}

} // namespace

class TestCliRelayDoors : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString secretFile()
    {
        const QString path = m_dir.filePath("link.secret");
        writeFile(path, kSecret + "\n");
        return path;
    }

    QByteArray signLink(quint16 port, const QStringList &options, const QString &target)
    {
        const CliResult result =
            runCli(QStringList{"sign-link", "--relay", QStringLiteral("http://127.0.0.1:%1").arg(port), "--secret-file",
                               secretFile()} +
                   options + QStringList{target});
        return result.exitCode == 0 ? result.out.trimmed() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(cliPath()));
    }

    void signedLinkRedirectsAndRecordsAClick()
    {
        Landing landing;
        QVERIFY(landing.server.isListening());
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--link-secret-file", secretFile(), "--geoip",
                             testData("city-maxmind.mmdb"), "--xff"}));
        Subscriber display(relay.url());
        QTRY_COMPARE(display.viewers, 1);

        const QString target =
            QStringLiteral("http://127.0.0.1:%1/landing?ref=mail&q=a b+c").arg(landing.server.serverPort());
        const QByteArray link = signLink(relay.collect, {"--campaign", "spring sale & more"}, target);
        QVERIFY(link.startsWith(QStringLiteral("http://127.0.0.1:%1/click?to=").arg(relay.collect).toUtf8()));
        QVERIFY2(!link.contains(' ') && !link.contains("&q="), link.constData()); // everything percent-encoded

        QNetworkAccessManager network;
        QNetworkRequest request{QUrl::fromEncoded(link)};
        request.setRawHeader("X-Forwarded-For", "81.2.69.160");
        QNetworkReply *reply = network.get(request);
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), QByteArray("landed"));
        QCOMPARE(landing.targets, QList<QByteArray>{"/landing?ref=mail&q=a%20b+c"});
        reply->deleteLater();

        QTRY_COMPARE(display.events.size(), 1);
        const QJsonObject click = display.events.first();
        QCOMPARE(click.value("type").toString(), QString("click"));
        QCOMPARE(click.value("campaign").toString(), QString("spring sale & more"));
        QCOMPARE(click.value("city").toString(), QString("London"));
        QVERIFY(!click.contains("ip"));
        QCOMPARE(click.value("path").toString(), QString("127.0.0.1/landing")); // the link followed, no query
        QVERIFY(!click.value("visitor").toString().isEmpty());

        // The redirect itself, and a type of one's own.
        const QByteArray open = signLink(relay.collect, {"--type", "open"}, "https://example.com/");
        const QByteArray response = get(relay.collect, open.mid(open.indexOf("/click")), "Cookie: pm_session=abc\r\n");
        QVERIFY2(response.startsWith("HTTP/1.1 302 Found"), response.constData());
        QVERIFY(response.contains("\r\nLocation: https://example.com/\r\n"));
        QVERIFY(response.contains("Set-Cookie: pm_session=abc;"));
        QVERIFY(response.contains("Cache-Control: no-store"));
        QTRY_COMPARE(display.events.size(), 2);
        QCOMPARE(display.events[1].value("type").toString(), QString("open"));
        QCOMPARE(display.events[1].value("path").toString(), QString("example.com/"));
        QVERIFY(display.events[1].value("visitor").toString() != click.value("visitor").toString()); // another reader
        QVERIFY(body(get(relay.collect, "/metrics")).contains("pulsemap_relay_events_in_total{source=\"link\"} 2"));
    }

    void refusedLinksRecordNothing()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--link-secret", kSecret, "--link-allow", "*.example.org",
                             "--link-allow", "shop.test"}));
        Subscriber display(relay.url());
        QTRY_COMPARE(display.viewers, 1);
        const QByteArray link = signLink(relay.collect, {"--campaign", "spring"}, "https://shop.example.net/a?b=1");
        QVERIFY(!link.isEmpty());
        const QByteArray path = link.mid(link.indexOf("/click"));
        QVERIFY(get(relay.collect, path).startsWith("HTTP/1.1 302")); // the untouched link works

        QList<QByteArray> refused = {
            "/click?to=https%3A%2F%2Fevil.test%2F",                                    // unsigned, not listed
            QByteArray(path).replace("campaign=spring", "campaign=autumn"),            // tampered campaign
            QByteArray(path).replace("shop.example.net", "shop.example.com"),          // tampered target
            QByteArray(path).replace("&sig=", "&type=open&sig="),                      // tampered type
            QByteArray(path).left(path.size() - 1) + (path.endsWith('A') ? "B" : "A"), // tampered signature
            path.left(path.indexOf("&sig=")) + "&sig=",                                // empty signature
            "/click?to=https%3A%2F%2Fexample.org%2F",                                  // *.example.org: not itself
            "/click?to=https%3A%2F%2Fbadexample.org%2F",
            "/click?to=https%3A%2F%2Fwww.example.org.evil.test%2F",
            "/click?to=https%3A%2F%2Fshop.test%40evil.test%2F",    // user info
            "/click?to=https%3A%2F%2Fevil.test%5C%40shop.test%2F", // backslash
            "/click?to=javascript%3Aalert(1)%2F%2Fshop.test",
            "/click?to=%2F%2Fshop.test%2F",                                    // scheme-relative
            "/click?to=https%3A%2F%2Fshop.test%2F%0D%0ASet-Cookie%3A%20x%3D1", // header injection
            "/click?campaign=x",                                               // no target
        };
        for (const QByteArray &target : refused) {
            const QByteArray response = get(relay.collect, target);
            QVERIFY2(response.startsWith("HTTP/1.1 400"), target.constData());
            QVERIFY2(!response.contains("Location:"), target.constData());
        }
        // Unsigned but listed hosts are followed.
        for (const QByteArray &target :
             {QByteArray("https%3A%2F%2Fwww.example.org%2Fx"), QByteArray("http%3A%2F%2FSHOP.test%2F")}) {
            const QByteArray response = get(relay.collect, "/click?to=" + target + "&campaign=c");
            QVERIFY2(response.startsWith("HTTP/1.1 302"), response.constData());
            QVERIFY(response.contains("Location: " + QByteArray::fromPercentEncoding(target) + "\r\n"));
        }
        QVERIFY(drain(relay, display));
        QCOMPARE(display.events.size(), 3); // the signed link and the two listed ones, nothing refused
        const QByteArray metrics = body(get(relay.collect, "/metrics"));
        QVERIFY2(metrics.contains("pulsemap_relay_link_rejected_total " + QByteArray::number(refused.size())),
                 metrics.constData());

        // Without a secret, no signature is accepted.
        Relay listOnly;
        QVERIFY(listOnly.start({"--collect", "127.0.0.1:0", "--link-allow", "shop.test"}));
        QVERIFY(get(listOnly.collect, path).startsWith("HTTP/1.1 400"));
    }

    void signLinkRefusesWhatTheRelayWould()
    {
        const QStringList base{"sign-link", "--relay", "http://127.0.0.1:8080", "--secret", QString::fromUtf8(kSecret)};
        QCOMPARE(runCli(base + QStringList{"ftp://example.com/"}).exitCode, 2);
        QCOMPARE(runCli(base + QStringList{"https://user@example.com/"}).exitCode, 2);
        QCOMPARE(runCli(base + QStringList{"--type", "", "https://example.com/"}).exitCode, 0); // empty: default
        QCOMPARE(
            runCli({"sign-link", "--relay", "http://127.0.0.1:8080", "--secret", "short", "https://a.b/"}).exitCode, 2);
        QCOMPARE(runCli({"sign-link", "--secret", QString::fromUtf8(kSecret), "https://a.b/"}).exitCode, 2);
        QCOMPARE(runCli({"relay", "--collect", ":0", "--link-secret", "short"}).exitCode, 2);
        QCOMPARE(runCli({"relay", "--collect", ":0", "--link-allow", "https://x.org/"}).exitCode, 2);
        QCOMPARE(runCli({"relay", "--collect", ":0", "--max-body", "10"}).exitCode, 2);
        const CliResult help = runCli({"sign-link", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--secret-file"));
    }

    void pushForwardsTheGoodEventsOfAMixedBatch()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--token", "tok", "--geoip", testData("city-maxmind.mmdb")}));
        Subscriber display(relay.url("?token=tok"));
        QTRY_COMPARE(display.viewers, 1);
        const QByteArray batch =
            "{\"ts\":1431857103123,\"type\":\"open\",\"lat\":48.137,\"lon\":11.575,\"campaign\":\"spring\",\"weight\":"
            "2}\n"
            "{\"type\":\"click\",\"ip\":\"81.2.69.160\",\"ts\":\"2015-05-17T10:05:03.250+02:00\"}\n"
            "not json\n"
            "{\"ts\":\"1953-01-01T00:00:00Z\",\"type\":\"open\"}\n"
            "{\"ts\":5000000000000}\n"
            "{\"type\":\"open\",\"city\":\"" +
            QByteArray(2000, 'x') +
            "\"}\n"
            "{\"viewers\":3}\n"
            "{\"type\":\"signup\",\"country\":\"de\"}\n"
            "[{\"lat\":91,\"lon\":0},{\"type\":\"download\",\"lat\":-33.87,\"lon\":151.21}]\n";
        const QByteArray response = post(relay.collect, "/events", batch, "Authorization: Bearer tok\r\n");
        QVERIFY2(response.startsWith("HTTP/1.1 200 OK"), response.constData());
        QVERIFY(response.contains("Content-Type: application/json"));
        const QJsonObject answer = json(response);
        QCOMPARE(answer.value("accepted").toInt(), 4);
        QCOMPARE(answer.value("refused").toInt(), 6);
        const QJsonArray problems = answer.value("problems").toArray();
        QCOMPARE(problems.size(), 6);
        const QList<int> indexes{2, 3, 4, 5, 6, 8};
        const QStringList reasons{"not JSON",        "ts out of range", "ts out of range",
                                  "string too long", "control",         "lat is not a latitude"};
        for (int i = 0; i < problems.size(); ++i) {
            QCOMPARE(problems[i].toObject().value("index").toInt(), indexes[i]);
            QVERIFY2(problems[i].toObject().value("reason").toString().contains(reasons[i]),
                     qPrintable(problems[i].toObject().value("reason").toString()));
        }
        QVERIFY(drain(relay, display));
        QCOMPARE(display.events.size(), 4);
        QCOMPARE(display.events[0].value("ts").toInteger(), qint64(1431857103123));
        QCOMPARE(display.events[0].value("campaign").toString(), QString("spring"));
        QCOMPARE(display.events[0].value("weight").toDouble(), 2.0);
        QCOMPARE(display.events[1].value("city").toString(), QString("London")); // located through GeoIP
        QCOMPARE(display.events[1].value("ts").toInteger(), qint64(1431849903250));
        QVERIFY(!display.events[1].contains("ip")); // the address is never forwarded
        QCOMPARE(display.events[2].value("type").toString(), QString("signup"));
        QCOMPARE(display.events[2].value("country").toString(), QString("DE"));
        QCOMPARE(display.events[3].value("type").toString(), QString("download"));

        // One object, and an array: the counts say what happened; ?token= works as the header does.
        QCOMPARE(json(post(relay.collect, "/events?token=tok", "{\"type\":\"open\"}")).value("accepted").toInt(), 1);
        const QJsonObject array = json(post(relay.collect, "/events?token=tok", "[{\"type\":\"a\"},{\"type\":\"\"}]"));
        QCOMPARE(array.value("accepted").toInt(), 1);
        QCOMPARE(array.value("problems").toArray().first().toObject().value("index").toInt(), 1);
        // Nothing readable: 400, still with the reasons.
        const QByteArray none = post(relay.collect, "/events?token=tok", "{\"ts\":\"yesterday\"}");
        QVERIFY2(none.startsWith("HTTP/1.1 400"), none.constData());
        QCOMPARE(json(none).value("refused").toInt(), 1);
        QVERIFY(post(relay.collect, "/events?token=tok", " \n").startsWith("HTTP/1.1 400"));
        QVERIFY(drain(relay, display));
        QCOMPARE(display.events.size(), 6);

        const QByteArray metrics = body(get(relay.collect, "/metrics"));
        QVERIFY2(metrics.contains("pulsemap_relay_events_in_total{source=\"push\"} 6"), metrics.constData());
        QVERIFY(metrics.contains("pulsemap_relay_push_refused_events_total 8"));
        QVERIFY(metrics.contains("pulsemap_relay_push_rejected_total 2"));
    }

    void pushRefusalsFollowHttp()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--token", "tok", "--max-body", "2048"}));
        const QByteArray event = "{\"type\":\"open\"}";
        QVERIFY(post(relay.collect, "/events", event).startsWith("HTTP/1.1 401"));
        QVERIFY(post(relay.collect, "/events", event, "Authorization: Bearer nope\r\n").startsWith("HTTP/1.1 401"));
        QVERIFY(post(relay.collect, "/events?token=nope", event).startsWith("HTTP/1.1 401"));
        QVERIFY(post(relay.collect, "/events", event, "Authorization: Bearer tok\r\n").startsWith("HTTP/1.1 200"));
        const QByteArray wrongMethod = get(relay.collect, "/events");
        QVERIFY2(wrongMethod.startsWith("HTTP/1.1 405"), wrongMethod.constData());
        QVERIFY(wrongMethod.contains("Allow: POST"));
        QVERIFY(post(relay.collect, "/collect", event).startsWith("HTTP/1.1 405"));

        const auto raw = [&](const QByteArray &request, int piece = 0) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, relay.collect);
            return socket.waitForConnected(5000) ? send(socket, request, piece) : QByteArray();
        };
        // 413 from Content-Length alone, before any of the body is sent.
        const QByteArray tooLarge =
            raw("POST /events?token=tok HTTP/1.1\r\nHost: r\r\nContent-Length: 2049\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY2(tooLarge.startsWith("HTTP/1.1 413"), tooLarge.constData());
        QVERIFY(tooLarge.contains("Connection: close"));
        // A chunked body that grows past the limit.
        QByteArray chunked = "POST /events?token=tok HTTP/1.1\r\nHost: r\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 3; ++i) {
            chunked += "3e8\r\n" + QByteArray(1000, ' ') + "\r\n";
        }
        QVERIFY(raw(chunked).startsWith("HTTP/1.1 413"));
        QVERIFY(raw("POST /events?token=tok HTTP/1.1\r\nHost: r\r\n\r\n").startsWith("HTTP/1.1 411"));
        QVERIFY(raw("POST /events?token=tok HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").startsWith("HTTP/1.1 501"));
        QVERIFY(raw("POST /events?token=tok HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                    .startsWith("HTTP/1.1 400"));
        const QByteArray metrics = body(get(relay.collect, "/metrics"));
        QVERIFY2(metrics.contains("pulsemap_relay_http_bodies_too_large_total 2"), metrics.constData());
        QVERIFY(metrics.contains("pulsemap_relay_push_rejected_total 3"));
    }

    void bodiesInManySmallWrites()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0"}));
        Subscriber display(relay.url());
        QTRY_COMPARE(display.viewers, 1);
        QByteArray lines;
        for (int i = 0; i < 40; ++i) {
            lines +=
                "{\"type\":\"open\",\"campaign\":\"c" + QByteArray::number(i) + "\",\"lat\":1.5,\"lon\":2.5}" + "\n";
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay.collect);
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray sized =
            "POST /events HTTP/1.1\r\nHost: r\r\nContent-Length: " + QByteArray::number(lines.size()) + "\r\n\r\n" +
            lines;
        const QByteArray first = send(socket, sized, 7);
        QVERIFY2(first.startsWith("HTTP/1.1 200"), first.constData());
        QCOMPARE(json(first).value("accepted").toInt(), 40);
        QVERIFY(!first.contains("Connection: close")); // kept alive: the next request on the same connection
        QByteArray chunked = "POST /events HTTP/1.1\r\nHost: r\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (qsizetype at = 0; at < lines.size(); at += 100) {
            const QByteArray piece = lines.mid(at, 100);
            chunked += QByteArray::number(piece.size(), 16) + ";ext=1\r\n" + piece + "\r\n";
        }
        chunked += "0\r\nX-Trailer: yes\r\n\r\n";
        // Pipelined behind it: a request that must not be taken for part of the body.
        const QList<QByteArray> answers = sendAll(socket, chunked + "GET /healthz HTTP/1.1\r\nHost: r\r\n\r\n", 3, 2);
        QCOMPARE(answers.size(), 2);
        const QByteArray &second = answers[0];
        QVERIFY2(second.startsWith("HTTP/1.1 200"), second.constData());
        QCOMPARE(json(second).value("accepted").toInt(), 40);
        const QByteArray &health = answers[1];
        QVERIFY2(health.startsWith("HTTP/1.1 200") && health.contains("\"status\":\"ok\""), health.constData());
        QVERIFY(drain(relay, display));
        QCOMPARE(display.events.size(), 80);
        for (int i = 0; i < 80; ++i) {
            QCOMPARE(display.events[i].value("campaign").toString(), QStringLiteral("c%1").arg(i % 40));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliRelayDoors)
#include "tst_cli_relay_doors.moc"
