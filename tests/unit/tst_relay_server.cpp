// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RelayServer in-process: the beacon's, the tracked links' and the push API's event time comes from the injected
// Clock, start() reports what it could not start as a Status, and /metrics has HELP and TYPE lines for the limits'
// and the doors' counters.

#include "relay/relay_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>

using namespace pulsemap;

namespace {

// One request that closes its connection, driven by the event loop (the relay runs on this thread).
QByteArray request(quint16 port, const QByteArray &head, const QByteArray &body = {})
{
    QTcpSocket socket;
    QByteArray response;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { response += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write(head + "\r\nConnection: close\r\n\r\n" + body);
    QElapsedTimer elapsed;
    elapsed.start();
    while (socket.state() != QAbstractSocket::UnconnectedState && elapsed.elapsed() < 5000) {
        QTest::qWait(10);
    }
    return response;
}

QByteArray get(quint16 port, const QByteArray &target)
{
    return request(port, "GET " + target + " HTTP/1.1");
}

RelayOptions beaconOptions()
{
    RelayOptions options;
    options.collect = true;
    options.clock = [] { return int64_t(1431857103123); };
    return options;
}

} // namespace

class TestRelayServer : public QObject
{
    Q_OBJECT

private slots:
    void beaconTimeComesFromTheClock()
    {
        RelayServer relay(beaconOptions());
        const Status started = relay.start();
        QVERIFY2(started.ok(), started.message().c_str());
        QWebSocket display;
        QList<QJsonObject> events;
        connect(&display, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
            for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array()) {
                events << value.toObject();
            }
        });
        display.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(relay.listenPort())));
        QTRY_COMPARE(relay.hub().viewers(), 1);
        QVERIFY(get(relay.collectPort(), "/collect?campaign=x").startsWith("HTTP/1.1 200"));
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(events[0].value("ts").toInteger(), qint64(1431857103123));
        QCOMPARE(events[0].value("type").toString(), QString("hit")); // kDefaultEventType
        relay.stop();
    }

    void clicksAndPushesTakeTheClocksTime()
    {
        RelayOptions options = beaconOptions();
        options.links.allowHosts = {"example.org"};
        RelayServer relay(options);
        QVERIFY(relay.start().ok());
        QWebSocket display;
        QList<QJsonObject> events;
        connect(&display, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
            for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array()) {
                events << value.toObject();
            }
        });
        display.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(relay.listenPort())));
        QTRY_COMPARE(relay.hub().viewers(), 1);
        // HEAD (a mail scanner checking the link) is answered but records nothing.
        const QByteArray checked =
            request(relay.collectPort(), "HEAD /click?to=https%3A%2F%2Fexample.org%2F&campaign=c HTTP/1.1");
        QVERIFY2(checked.startsWith("HTTP/1.1 302") && checked.contains("Location: https://example.org/\r\n"),
                 checked.constData());
        QVERIFY(checked.endsWith("\r\n\r\n"));
        const QByteArray click = get(relay.collectPort(), "/click?to=https%3A%2F%2Fexample.org%2F&campaign=c");
        QVERIFY2(click.startsWith("HTTP/1.1 302"), click.constData());
        const QByteArray body = "{\"type\":\"signup\"}\n{\"type\":\"open\",\"ts\":1431857000000}";
        const QByteArray push = request(
            relay.collectPort(), "POST /events HTTP/1.1\r\nContent-Length: " + QByteArray::number(body.size()), body);
        QVERIFY2(push.endsWith("{\"accepted\":2,\"refused\":0,\"problems\":[]}\n"), push.constData());
        QTRY_COMPARE(events.size(), 3);
        QCOMPARE(events[0].value("type").toString(), QString("click"));
        QCOMPARE(events[0].value("ts").toInteger(), qint64(1431857103123));
        QCOMPARE(events[1].value("ts").toInteger(), qint64(1431857103123)); // no ts: the arrival time
        QCOMPARE(events[2].value("ts").toInteger(), qint64(1431857000000)); // its own
        QVERIFY(relay.summaryJson().contains("\"push\":2,\"link\":1"));
        const QByteArray metrics = relay.metrics();
        for (const char *name : {"push_refused_events_total", "push_rejected_total", "link_rejected_total",
                                 "http_bodies_too_large_total", "http_bodies_busy_total"}) {
            QVERIFY2(metrics.contains(QByteArray("# TYPE pulsemap_relay_") + name + " counter"), name);
        }
        QVERIFY(metrics.contains("pulsemap_relay_events_in_total{source=\"push\"} 2"));
        QVERIFY(metrics.contains("pulsemap_relay_events_in_total{source=\"link\"} 1"));
        relay.stop();
    }

    void startReportsWhatFailed()
    {
        RelayServer first(beaconOptions());
        QVERIFY(first.start().ok());
        RelayOptions clash = beaconOptions();
        clash.collectPort = first.collectPort();
        RelayServer second(clash);
        const Status started = second.start();
        QVERIFY(!started.ok());
        QVERIFY2(started.message().find("beacon: cannot listen on 127.0.0.1:") == 0, started.message().c_str());
        RelayOptions noDatabase = beaconOptions();
        noDatabase.geoipPath = QStringLiteral("/nonexistent/city.mmdb");
        RelayServer third(noDatabase);
        QVERIFY(!third.start().ok());
        QVERIFY(!third.start().message().empty());
    }

    void metricsDescribeTheLimits()
    {
        RelayServer relay(beaconOptions());
        QVERIFY(relay.start().ok());
        const QByteArray metrics = relay.metrics();
        for (const char *name :
             {"connections", "connections_refused_total", "timeouts_total", "http_bad_requests_total"}) {
            QVERIFY2(metrics.contains(QByteArray("# HELP pulsemap_relay_") + name + ' '), name);
            QVERIFY2(metrics.contains(QByteArray("# TYPE pulsemap_relay_") + name + ' '), name);
        }
        QVERIFY(metrics.contains("# TYPE pulsemap_relay_timeouts_total counter"));
        QVERIFY(metrics.contains("# TYPE pulsemap_relay_connections gauge"));
        QVERIFY(metrics.contains("pulsemap_relay_connections_refused_total{limit=\"per_address\"} 0"));
    }
};

QTEST_GUILESS_MAIN(TestRelayServer)
#include "tst_relay_server.moc"
