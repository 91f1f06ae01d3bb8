// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli relay end to end: beacon hits in, WebSocket subscribers out (rooms, viewers, resume, token),
// a subscriber that stops reading is dropped without holding up the others, logs and an upstream relay as
// sources, /healthz and /metrics, a clean stop on SIGTERM.

#include "relay_process.h"

#include <QTemporaryDir>

using namespace pulsemap::test;

class TestCliRelay : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(cliPath()));
    }

    void beaconInSubscribersOutWithRoomsAndViewers()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--geoip", testData("city-maxmind.mmdb"), "--xff"}));
        QVERIFY(relay.collect > 0);
        Subscriber all(relay.url());
        Subscriber opens(relay.url());
        Subscriber clicks(relay.url());
        QTRY_VERIFY(all.wasConnected && opens.wasConnected && clicks.wasConnected);
        opens.send(R"({"subscribe":["open"]})");
        clicks.send(R"({"subscribe":["click","signup"]})");
        // Beacons only after the relay confirmed both filters: before that, a subscriber gets every type.
        const auto confirmed = [](const Subscriber &subscriber) {
            return std::any_of(subscriber.controls.begin(), subscriber.controls.end(),
                               [](const QJsonObject &control) { return control.contains("subscribed"); });
        };
        QTRY_VERIFY(confirmed(opens) && confirmed(clicks));
        for (const QJsonObject &control : opens.controls) {
            if (control.contains("subscribed")) {
                QCOMPARE(control.value("subscribed").toArray(), QJsonArray{"open"});
            }
        }
        QTRY_COMPARE(all.viewers, 3);
        QTRY_COMPARE(clicks.viewers, 3);
        QCOMPARE(all.controls.first().value("hello").toObject().value("server").toString(), QString("pulsemap-relay"));

        for (int i = 0; i < 30; ++i) {
            const QByteArray type = i % 2 == 0 ? "open" : "click";
            QByteArray query = "/collect?type=" + type + "&campaign=spring%20sale";
            QByteArray headers;
            if (i % 3 == 0) {
                query += "&lat=48.1374&lon=11.5755"; // explicit coordinates win
            } else if (i % 3 == 1) {
                headers = "X-Forwarded-For: 81.2.69.160, 10.0.0.1\r\n";
            } // else: loopback, not in any database: flows unlocated
            const QByteArray response = get(relay.collect, query, headers);
            QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
            QVERIFY(response.contains("Content-Type: image/gif"));
            QVERIFY(response.contains("Set-Cookie: pm_session="));
            QCOMPARE(body(response).size(), 43);
        }
        QTRY_COMPARE(all.events.size(), 30);
        QTRY_COMPARE(opens.events.size(), 15);
        QTRY_COMPARE(clicks.events.size(), 15);
        QVERIFY(all.ordered && opens.ordered && clicks.ordered);
        for (const QJsonObject &event : opens.events) {
            QCOMPARE(event.value("type").toString(), QString("open"));
        }
        QCOMPARE(all.events[0].value("lat").toDouble(), 48.1374);
        QCOMPARE(all.events[0].value("campaign").toString(), QString("spring sale"));
        QCOMPARE(all.events[1].value("city").toString(), QString("London"));
        QCOMPARE(all.events[1].value("country").toString(), QString("GB"));
        QVERIFY(!all.events[2].contains("lat"));
        QCOMPARE(all.events[29].value("seq").toInt(), 30);

        clicks.socket.close();
        QTRY_COMPARE(all.viewers, 2);
        QTRY_COMPARE(opens.viewers, 2);

        const QByteArray health = get(relay.collect, "/healthz");
        QVERIFY2(health.startsWith("HTTP/1.1 200"), health.constData());
        QCOMPARE(QJsonDocument::fromJson(body(health)).object().value("seq").toInt(), 30);
        const QByteArray metrics = body(get(relay.listen, "/metrics"));
        QVERIFY2(metrics.contains("pulsemap_relay_events_in_total{source=\"beacon\"} 30"), metrics.constData());
        QVERIFY(metrics.contains("pulsemap_relay_clients 2"));
        QVERIFY(metrics.contains("pulsemap_relay_events_out_total 60"));
        QVERIFY(get(relay.collect, "/collect?type=").startsWith("HTTP/1.1 400"));
        QVERIFY(get(relay.collect, "/nothing").startsWith("HTTP/1.1 404"));
    }

    void beaconSessionsAreVisitorsAndPagesArePaths()
    {
        // The session cookie is the visitor: one reader's hits share an id (sent as hex text, exact in any JSON
        // reader), another reader's differ; the page is the `path` parameter, else the Referer's path, never its
        // query string.
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0"}));
        Subscriber all(relay.url());
        QTRY_VERIFY(all.wasConnected);
        QTRY_COMPARE(all.viewers, 1);
        const QByteArray first =
            get(relay.collect, "/collect?type=open", "Referer: https://shop.example/blog/post?utm_source=mail#top\r\n");
        const qsizetype at = first.indexOf("pm_session=");
        QVERIFY2(at > 0, first.constData());
        const QByteArray session = first.mid(at + 11, first.indexOf(';', at) - at - 11);
        QVERIFY(!session.isEmpty());
        QVERIFY(get(relay.collect, "/collect?type=open&path=/pricing%3Fplan%3Dpro",
                    "Cookie: pm_session=" + session + "\r\n")
                    .contains("Set-Cookie: pm_session=" + session + ";"));            // the reader's session is kept
        QVERIFY(get(relay.collect, "/collect?type=open").startsWith("HTTP/1.1 200")); // another reader
        QTRY_COMPARE(all.events.size(), 3);
        QCOMPARE(all.events[0].value("path").toString(), QString("/blog/post"));
        QCOMPARE(all.events[1].value("path").toString(), QString("/pricing"));
        QVERIFY(!all.events[2].contains("path"));
        const QString visitor = all.events[0].value("visitor").toString();
        QVERIFY2(!visitor.isEmpty() && visitor != "0", qPrintable(visitor));
        QCOMPARE(all.events[1].value("visitor").toString(), visitor);
        QVERIFY(!all.events[2].value("visitor").toString().isEmpty());
        QVERIFY(all.events[2].value("visitor").toString() != visitor);
    }

    void resumeFromTheRing()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--ring", "16"}));
        for (int i = 0; i < 30; ++i) {
            QVERIFY(get(relay.collect, "/collect?type=open").startsWith("HTTP/1.1 200"));
        }
        // Let the last batch go out (to nobody): subscribers get what is sent after they join, plus resumes.
        QTest::qWait(150);
        Subscriber recent(relay.url());
        Subscriber late(relay.url());
        QTRY_VERIFY(recent.wasConnected && late.wasConnected);
        recent.send(R"({"resume_from":20})");
        late.send(R"({"resume_from":5})");
        QTRY_COMPARE(recent.events.size(), 11);
        QCOMPARE(recent.events.first().value("seq").toInt(), 20);
        QTRY_COMPARE(late.events.size(), 16); // the ring holds 15..30
        QCOMPARE(late.events.first().value("seq").toInt(), 15);
        bool gapReported = false;
        for (const QJsonObject &control : late.controls) {
            gapReported = gapReported || control.value("gap").toInt() == 10;
        }
        QVERIFY(gapReported);
        late.send("not json");
        QTRY_VERIFY(late.controls.last().contains("error"));
    }

    void tokenIsRequired()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--token", "s3cret"}));
        Subscriber anonymous(relay.url());
        QNetworkRequest request{QUrl(relay.url())};
        request.setRawHeader("Authorization", "Bearer s3cret");
        Subscriber bearer(request);
        Subscriber query(relay.url("?token=s3cret"));
        Subscriber wrong(relay.url("?token=guess"));
        QTRY_VERIFY(bearer.wasConnected && query.wasConnected);
        QTRY_COMPARE(bearer.viewers, 2);
        QVERIFY(!anonymous.wasConnected);
        QVERIFY(!wrong.wasConnected);
        QVERIFY(body(get(relay.listen, "/metrics")).contains("pulsemap_relay_auth_failures_total 2"));
        QVERIFY(get(relay.listen, "/healthz").startsWith("HTTP/1.1 200"));
    }

    void slowSubscriberIsDroppedOthersGetEverything()
    {
        const QString log = m_dir.filePath("access.log");
        QVERIFY(writeFile(log, ""));
        Relay relay;
        QVERIFY(relay.start({"--follow", log, "--type", "open=/o.gif", "--max-queue-bytes", "262144", "--geoip",
                             testData("city-maxmind.mmdb")}));
        Subscriber fast(relay.url());
        fast.keep = false;
        // A display that hangs: it completes the handshake, then never reads again.
        QTcpSocket slow;
        slow.setReadBufferSize(4096);
        slow.connectToHost(QHostAddress::LocalHost, relay.listen);
        QVERIFY(slow.waitForConnected(5000));
        slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_COMPARE(fast.viewers, 2);

        constexpr int kLines = 100000;
        QByteArray lines;
        for (int i = 0; i < kLines; ++i) {
            lines += "81.2.69.160 - - [17/May/2015:10:05:03 +0000] \"GET /o.gif?utm_campaign=wall" +
                     QByteArray::number(i % 10) + " HTTP/1.1\" 200 43 \"-\" \"Mozilla/5.0\"\n";
        }
        QVERIFY(writeFile(log, lines, QIODevice::Append));
        QTRY_COMPARE_WITH_TIMEOUT(fast.count, qint64(kLines), 120000);
        QVERIFY(fast.ordered);
        QTRY_COMPARE(fast.viewers, 1); // the slow one is gone, and the others were told
        const QByteArray metrics = body(get(relay.listen, "/metrics"));
        QVERIFY2(metrics.contains("pulsemap_relay_drops_total 1"), metrics.constData());
        QVERIFY(metrics.contains("pulsemap_relay_events_in_total{source=\"log\"} 100000"));
        relay.process->terminate();
        QVERIFY(relay.process->waitForFinished(10000));
        const QByteArray err = relay.process->readAllStandardError();
        QVERIFY2(err.contains("dropping slow subscriber"), err.constData());
    }

    void upstreamRelayChains()
    {
        Relay origin;
        QVERIFY(origin.start({"--collect", "127.0.0.1:0"}));
        Relay edge;
        QVERIFY(edge.start({"--upstream", origin.url()}));
        Subscriber display(edge.url());
        QTRY_VERIFY(display.wasConnected);
        QTRY_VERIFY(body(get(origin.listen, "/healthz")).contains("\"clients\":1")); // the edge is subscribed
        for (int i = 0; i < 5; ++i) {
            QVERIFY(get(origin.collect, "/collect?type=signup&lat=1&lon=2").startsWith("HTTP/1.1 200"));
        }
        QTRY_COMPARE(display.events.size(), 5);
        QCOMPARE(display.events.last().value("type").toString(), QString("signup"));
        QVERIFY(body(get(edge.listen, "/metrics")).contains("pulsemap_relay_upstream_up 1"));
    }

    void sigtermStopsCleanly()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0"}));
        Subscriber display(relay.url());
        QTRY_VERIFY(display.wasConnected);
        QVERIFY(get(relay.collect, "/collect?type=open").startsWith("HTTP/1.1 200"));
        QTRY_COMPARE(display.events.size(), 1);
        relay.process->terminate(); // SIGTERM
        QVERIFY(relay.process->waitForFinished(5000));
        QCOMPARE(relay.process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(relay.process->exitCode(), 0);
        QTRY_COMPARE(display.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        const QList<QByteArray> out = relay.process->readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(QJsonDocument::fromJson(out.last()).object().value("events_in").toInt(), 1);
    }

    void badArguments()
    {
        QCOMPARE(runCli({"relay"}).exitCode, 2); // nothing to relay
        QCOMPARE(runCli({"relay", "--collect", "nowhere"}).exitCode, 2);
        QCOMPARE(runCli({"relay", "--collect", ":0", "--batch-ms", "500"}).exitCode, 2);
        QVERIFY(runCli({"relay", "--help"}).out.contains("--max-queue-bytes"));
    }
};

QTEST_GUILESS_MAIN(TestCliRelay)
#include "tst_cli_relay.moc"
