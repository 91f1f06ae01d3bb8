// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// relay --syslog in-process under load: real UDP and TCP senders on loopback, thousands of messages in both TCP
// framings, every event checked on a real WebSocket subscriber. Each message's campaign names its sender and its
// number, so the subscriber sees whether anything a TCP sender sent went missing or came out of order.

#include "relay/relay_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUdpSocket>
#include <QWebSocket>
#include <QtTest>

using namespace pulsemap;

namespace {

constexpr int kPerSender = 3000;

QByteArray logLine(const QByteArray &sender, int i)
{
    return "203.0.113.9 - - [17/May/2015:10:05:03 +0000] \"GET /p?utm_campaign=" + sender + "-" +
           QByteArray::number(i) + " HTTP/1.1\" 200 12 \"-\" \"x\"";
}

QByteArray rfc5424(const QByteArray &msg)
{
    return "<190>1 2015-05-17T10:05:03.000Z web1 nginx - - [meta@1 note=\"a \\] b\"] " + msg;
}

QByteArray rfc3164(const QByteArray &msg)
{
    return "<190>May 17 10:05:03 web1 nginx: " + msg;
}

struct Subscriber
{
    QWebSocket socket;
    QHash<QByteArray, QList<int>> bySender; // the numbers each sender's events arrived with, in order
    int events = 0;
};

void subscribe(Subscriber &subscriber, quint16 port)
{
    QObject::connect(&subscriber.socket, &QWebSocket::textMessageReceived, [&subscriber](const QString &text) {
        for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array()) {
            const QByteArray campaign = value.toObject().value("campaign").toString().toUtf8();
            const qsizetype dash = campaign.lastIndexOf('-');
            subscriber.bySender[campaign.left(dash)] << campaign.mid(dash + 1).toInt();
            ++subscriber.events;
        }
    });
    subscriber.socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
}

QList<int> sequence(int count)
{
    QList<int> all;
    for (int i = 0; i < count; ++i) {
        all << i;
    }
    return all;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs = 20000)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (!done() && elapsed.elapsed() < timeoutMs) {
        QTest::qWait(10);
    }
    return done();
}

RelayOptions syslogOptions()
{
    RelayOptions options;
    options.syslog = true;
    options.syslogAddress = QHostAddress::LocalHost;
    options.hub.maxQueueBytes = 64 << 20; // the test's subscriber reads as fast as the loop lets it
    return options;
}

} // namespace

class TstSyslogListener : public QObject
{
    Q_OBJECT

private slots:
    void tcpLosesNothingInEitherFraming()
    {
        RelayServer relay(syslogOptions());
        const Status started = relay.start();
        QVERIFY2(started.ok(), started.message().c_str());
        QVERIFY(relay.syslogPort() != 0);
        Subscriber display;
        subscribe(display, relay.listenPort());
        QTRY_COMPARE(relay.hub().viewers(), 1);

        // Two TCP senders at once, one per framing, plus malformed frames in between that must not cost a message.
        QTcpSocket counted;
        QTcpSocket lines;
        counted.connectToHost(QHostAddress::LocalHost, relay.syslogPort());
        lines.connectToHost(QHostAddress::LocalHost, relay.syslogPort());
        QVERIFY(counted.waitForConnected(5000) && lines.waitForConnected(5000));
        QByteArray countedBytes;
        QByteArray lineBytes;
        for (int i = 0; i < kPerSender; ++i) {
            const QByteArray message = rfc5424(logLine("octet", i));
            countedBytes += QByteArray::number(message.size()) + ' ' + message;
            lineBytes += rfc3164(logLine("lines", i)) + (i % 2 == 0 ? "\n" : "\r\n");
            if (i % 500 == 0) {
                countedBytes += "8 not<13>x"; // no PRI at its start: malformed
                lineBytes += "<13>1 broken header\n";
            }
        }
        counted.write(countedBytes);
        lines.write(lineBytes);
        const bool all = waitFor([&] { return display.events >= 2 * kPerSender; });
        QVERIFY2(all, qPrintable(QStringLiteral("%1 events; %2").arg(display.events).arg(QString(relay.metrics()))));
        QCOMPARE(display.bySender.value("octet"), sequence(kPerSender));
        QCOMPARE(display.bySender.value("lines"), sequence(kPerSender));
        QCOMPARE(display.events, 2 * kPerSender);
        QCOMPARE(relay.hub().lastSeq(), qint64(2 * kPerSender));

        // Over the size cap (64 KiB): skipped and counted, in both framings, and the next message still arrives.
        counted.write("70000 " + QByteArray(70000, 'x') + "19 <13>1 - - - - - - x");
        lines.write(QByteArray(70000, 'y') + "\n");
        QVERIFY(waitFor(
            [&] { return relay.metrics().contains("pulsemap_relay_syslog_skipped_total{reason=\"oversized\"} 2"); }));

        // A peer that leaves mid-frame: counted, no crash, and the listener goes on.
        counted.write("200 <190>1 - - - - - - cut short");
        counted.flush();
        counted.disconnectFromHost();
        lines.write(rfc3164(logLine("lines", kPerSender))); // its last line without LF: still delivered
        lines.disconnectFromHost();
        QVERIFY(waitFor([&] { return display.events == 2 * kPerSender + 1; }));
        const QByteArray metrics = relay.metrics();
        QVERIFY2(metrics.contains("pulsemap_relay_syslog_skipped_total{reason=\"truncated\"} 1"), metrics.constData());
        QVERIFY(metrics.contains("pulsemap_relay_syslog_skipped_total{reason=\"malformed\"} 12"));
        QVERIFY(metrics.contains("pulsemap_relay_syslog_skipped_total{reason=\"format\"} 1")); // the "x" above
        QVERIFY(metrics.contains(QByteArray("pulsemap_relay_events_in_total{source=\"syslog\"} ") +
                                 QByteArray::number(2 * kPerSender + 1)));
        QVERIFY(metrics.contains("pulsemap_relay_syslog_connections_total 2"));
        relay.stop();
    }

    void udpBurstAndBadMessages()
    {
        RelayServer relay(syslogOptions());
        QVERIFY(relay.start().ok());
        Subscriber display;
        subscribe(display, relay.listenPort());
        QTRY_COMPARE(relay.hub().viewers(), 1);
        QUdpSocket sender;
        int sent = 0;
        for (int i = 0; i < kPerSender; ++i) {
            const QByteArray datagram = i % 2 == 0 ? rfc3164(logLine("udp", i)) : rfc5424(logLine("udp", i)) + "\n";
            QCOMPARE(sender.writeDatagram(datagram, QHostAddress::LocalHost, relay.syslogPort()), datagram.size());
            ++sent;
            if (i % 100 == 99) {
                QTest::qWait(1); // UDP may drop what the receiver has no room for: pace the burst a little
            }
        }
        sender.writeDatagram("no priority at all", QHostAddress::LocalHost, relay.syslogPort());
        sender.writeDatagram(rfc3164("not an access log line"), QHostAddress::LocalHost, relay.syslogPort());
        QVERIFY(waitFor(
            [&] { return relay.metrics().contains("pulsemap_relay_syslog_skipped_total{reason=\"format\"} 1"); }));
        // Loopback UDP with a paced sender and a large receive buffer keeps everything; numbers stay in order.
        QVERIFY(waitFor([&] { return display.events >= sent; }));
        QCOMPARE(display.events, sent);
        QCOMPARE(display.bySender.value("udp"), sequence(sent));
        const QByteArray metrics = relay.metrics();
        QVERIFY(metrics.contains("pulsemap_relay_syslog_skipped_total{reason=\"malformed\"} 1"));
        QVERIFY(metrics.contains("pulsemap_relay_syslog_skipped_total{reason=\"format\"} 1"));
        QVERIFY(metrics.contains(QByteArray("pulsemap_relay_syslog_messages_total{transport=\"udp\"} ") +
                                 QByteArray::number(sent + 2)));
        relay.stop();
    }

    void formatAndTypeRulesApply()
    {
        RelayOptions options = syslogOptions();
        options.format = "haproxy";
        options.typeRules = {"click=/c/", "-=/health"};
        RelayServer relay(options);
        QVERIFY(relay.start().ok());
        Subscriber display;
        QList<QJsonObject> events;
        connect(&display.socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
            for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array()) {
                events << value.toObject();
            }
        });
        display.socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(relay.listenPort())));
        QTRY_COMPARE(relay.hub().viewers(), 1);
        QTcpSocket sender;
        sender.connectToHost(QHostAddress::LocalHost, relay.syslogPort());
        QVERIFY(sender.waitForConnected(5000));
        for (const char *target : {"/c/1", "/health", "/index.html"}) {
            sender.write(QByteArray("<134>Feb  6 12:14:14 haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] "
                                    "http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 \"GET ") +
                         target + " HTTP/1.1\"\n");
        }
        QTRY_COMPARE(events.size(), 2);
        QCOMPARE(events[0].value("type").toString(), QString("click"));
        QCOMPARE(events[0].value("ts").toInteger(), qint64(1233922454655));
        QCOMPARE(events[1].value("type").toString(), QString("hit"));
        QVERIFY(relay.metrics().contains("pulsemap_relay_syslog_filtered_total 1"));
        relay.stop();
    }

    void startReportsAPortInUse()
    {
        QUdpSocket taken;
        QVERIFY(taken.bind(QHostAddress::LocalHost, 0));
        RelayOptions options = syslogOptions();
        options.syslogPort = taken.localPort();
        RelayServer relay(options);
        const Status started = relay.start();
        // TCP may well be free on that port; UDP is not.
        QVERIFY(!started.ok());
        QVERIFY2(started.message().find("syslog") != std::string::npos, started.message().c_str());
    }
};

QTEST_GUILESS_MAIN(TstSyslogListener)
#include "tst_syslog_listener.moc"
