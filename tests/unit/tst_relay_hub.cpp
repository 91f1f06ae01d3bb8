// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RelayHub with real QWebSocket subscribers on loopback: sequence numbers, rooms by type, the viewer count,
// a slow subscriber dropped without holding up a fast one, and resume from the ring with the gap reported.

#include "relay/relay_hub.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

using namespace pulsemap;

namespace {

// The hub behind a real WebSocket server, as RelayServer wires it.
class HubServer : public QObject
{
    Q_OBJECT

public:
    RelayHub hub;
    QWebSocketServer server{QStringLiteral("test-relay"), QWebSocketServer::NonSecureMode};

    explicit HubServer(RelayHub::Options options = {}) : hub(options)
    {
        connect(&server, &QWebSocketServer::newConnection, this, [this] {
            while (server.hasPendingConnections()) {
                hub.addSubscriber(server.nextPendingConnection());
            }
        });
        server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort())); }
};

class Display : public QObject
{
    Q_OBJECT

public:
    QWebSocket socket;
    QList<QJsonObject> events;
    QList<QJsonObject> controls;
    int viewers = -1;
    qint64 count = 0;
    bool keep = true;

    explicit Display(const QUrl &url)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
            if (document.isObject()) {
                controls << document.object();
                viewers = document.object().value("viewers").toInt(viewers);
                return;
            }
            for (const QJsonValue &value : document.array()) {
                ++count;
                if (keep) {
                    events << value.toObject();
                }
            }
        });
        socket.open(url);
    }
    bool connected() const { return socket.state() == QAbstractSocket::ConnectedState; }
    void send(const char *json) { socket.sendTextMessage(QString::fromUtf8(json)); }
    bool has(const char *key) const
    {
        return std::any_of(controls.begin(), controls.end(), [key](const QJsonObject &c) { return c.contains(key); });
    }
};

EventBatch batchOf(const std::vector<const char *> &types)
{
    EventBatch batch;
    for (const char *type : types) {
        Event &event = batch.append();
        event.tsMs = 1431857103000;
        if (type != nullptr) {
            event.type = batch.store(type);
        }
    }
    return batch;
}

// Events of type "open" numbered from..to by their source (a NATS stream sequence).
EventBatch numbered(int64_t from, int64_t to)
{
    EventBatch batch = batchOf(std::vector<const char *>(size_t(to - from + 1), "open"));
    for (int64_t seq = from; seq <= to; ++seq) {
        batch.events()[size_t(seq - from)].seq = seq;
    }
    return batch;
}

// "" when the display got exactly the numbers from..to, each once and in order; otherwise what it got.
QString gotRange(const Display &display, int64_t from, int64_t to)
{
    QStringList got;
    bool exact = display.events.size() == to - from + 1;
    for (qsizetype i = 0; i < display.events.size(); ++i) {
        const int64_t seq = display.events[i].value("seq").toInteger();
        exact = exact && seq == from + i;
        got << QString::number(seq);
    }
    return exact ? QString() : got.join(' ');
}

} // namespace

class TestRelayHub : public QObject
{
    Q_OBJECT

private slots:
    void numbersEventsAndGreets()
    {
        HubServer relay;
        Display display(relay.url());
        QTRY_VERIFY(display.connected());
        QTRY_VERIFY(display.has("hello"));
        const QJsonObject hello = display.controls.first().value("hello").toObject();
        QCOMPARE(hello.value("stream").toString(), relay.hub.streamId());
        QCOMPARE(hello.value("seq").toInt(), 0);
        relay.hub.ingest(batchOf({"open", "click", nullptr}));
        QTRY_COMPARE(display.events.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(display.events[i].value("seq").toInt(), i + 1);
        }
        QCOMPARE(display.events[2].value("type").toString(), QString("hit")); // the default type
        QCOMPARE(relay.hub.lastSeq(), int64_t(3));
        QCOMPARE(relay.hub.counters().eventsIn, int64_t(3));
        QCOMPARE(relay.hub.typeCount(), size_t(3));
    }

    void roomsByType()
    {
        HubServer relay;
        Display all(relay.url());
        Display opens(relay.url());
        Display hits(relay.url());
        QTRY_VERIFY(all.connected() && opens.connected() && hits.connected());
        opens.send(R"({"subscribe":["open"]})");
        hits.send(R"({"subscribe":["hit"]})");
        QTRY_VERIFY(opens.has("subscribed") && hits.has("subscribed"));
        relay.hub.ingest(batchOf({"open", "click", nullptr, "open"}));
        QTRY_COMPARE(all.events.size(), 4);
        QTRY_COMPARE(opens.events.size(), 2);
        QTRY_COMPARE(hits.events.size(), 1);
        QCOMPARE(opens.events[1].value("seq").toInt(), 4);
        QCOMPARE(hits.events[0].value("seq").toInt(), 3); // an event without a type is in the default room
        QCOMPARE(relay.hub.counters().eventsOut, int64_t(7));
        opens.send(R"({"subscribe":"open"})");
        QTRY_VERIFY(opens.controls.last().contains("error"));
    }

    void viewersCount()
    {
        HubServer relay;
        QSignalSpy changed(&relay.hub, &RelayHub::viewersChanged);
        Display first(relay.url());
        auto second = std::make_unique<Display>(relay.url());
        QTRY_COMPARE(relay.hub.viewers(), 2);
        QTRY_COMPARE(first.viewers, 2);
        QTRY_COMPARE(second->viewers, 2);
        second->socket.close();
        QTRY_COMPARE(relay.hub.viewers(), 1);
        QTRY_COMPARE(first.viewers, 1); // the others are told
        QCOMPARE(changed.last().first().toInt(), 1);
        QCOMPARE(relay.hub.counters().subscribersTotal, int64_t(2));
    }

    void slowSubscriberIsDroppedFastOneGetsEverything()
    {
        RelayHub::Options options;
        options.maxQueueBytes = 256 << 10;
        HubServer relay(options);
        Display fast(relay.url());
        fast.keep = false;
        // Completes the handshake, then reads no more than 4 KiB: its queue can only grow.
        QTcpSocket slow;
        slow.setReadBufferSize(4096);
        slow.connectToHost(QHostAddress::LocalHost, relay.server.serverPort());
        QTRY_VERIFY(slow.state() == QAbstractSocket::ConnectedState);
        slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_COMPARE(relay.hub.viewers(), 2);
        std::vector<const char *> types(2000, "open");
        const EventBatch batch = batchOf(types);
        for (int round = 0; round < 200 && relay.hub.counters().drops == 0; ++round) {
            relay.hub.ingest(batch);
            QTRY_COMPARE_WITH_TIMEOUT(fast.count, relay.hub.lastSeq(), 10000); // the fast one keeps up
        }
        QCOMPARE(relay.hub.counters().drops, int64_t(1));
        QTRY_COMPARE(relay.hub.viewers(), 1);
        QTRY_COMPARE(fast.viewers, 1);
        relay.hub.ingest(batch);
        QTRY_COMPARE(fast.count, relay.hub.lastSeq());
        QVERIFY(fast.connected());
    }

    void resumeFromTheRingReportsTheGap()
    {
        RelayHub::Options options;
        options.ringSize = 16;
        HubServer relay(options);
        std::vector<const char *> types(30, "open");
        types[20] = "click";
        relay.hub.ingest(batchOf(types));
        relay.hub.flushNow(); // sent to nobody: only a resume brings these back
        Display recent(relay.url());
        Display late(relay.url());
        Display ahead(relay.url());
        QTRY_VERIFY(recent.connected() && late.connected() && ahead.connected());
        recent.send(R"({"resume_from":20})");
        late.send(R"({"subscribe":["open"],"resume_from":5})");
        ahead.send(R"({"resume_from":31})");
        QTRY_COMPARE(recent.events.size(), 11); // 20..30, inclusive of the one asked for
        QCOMPARE(recent.events.first().value("seq").toInt(), 20);
        QCOMPARE(recent.events.last().value("seq").toInt(), 30);
        QVERIFY(!recent.has("gap"));
        QTRY_COMPARE(late.events.size(), 15); // the ring holds 15..30, minus the click (21)
        QCOMPARE(late.events.first().value("seq").toInt(), 15);
        QVERIFY(late.has("gap"));
        for (const QJsonObject &control : late.controls) {
            if (control.contains("gap")) {
                QCOMPARE(control.value("gap").toInt(), 10); // 5..14 were lost
            }
        }
        QTest::qWait(100);
        QVERIFY(ahead.events.isEmpty()); // nothing it missed
        QCOMPARE(relay.hub.counters().resumes, int64_t(3));
        QCOMPARE(relay.hub.counters().gaps, int64_t(10));
        relay.hub.ingest(batchOf({"open"}));
        QTRY_COMPARE(ahead.events.size(), 1); // and live events follow
        QCOMPARE(ahead.events[0].value("seq").toInt(), 31);
    }

    // A hub behind a NATS consumer keeps the stream's numbers: skipped numbers (a subject filter) are holes, a
    // redelivered one is not sent twice, resume_from works across holes, and the stream id is the one given.
    void sourceNumbersKeepTheStreamSequence()
    {
        RelayHub::Options options;
        options.sourceNumbers = true;
        options.streamId = QStringLiteral("nats:PULSEMAP:pulsemap.>");
        options.ringSize = 16;
        HubServer relay(options);
        Display display(relay.url());
        QTRY_VERIFY(display.connected());
        QTRY_COMPARE(relay.hub.viewers(), 1);
        QCOMPARE(display.controls.value(0).value("hello").toObject().value("stream").toString(),
                 QString("nats:PULSEMAP:pulsemap.>"));
        EventBatch batch = batchOf({"open", "open", "open", "open", "click"});
        const int64_t numbers[] = {5, 7, 7, 6, 10}; // 7 again and 6 late: redeliveries
        for (size_t i = 0; i < 5; ++i) {
            batch.events()[i].seq = numbers[i];
        }
        relay.hub.ingest(batch);
        QTRY_COMPARE(display.count, qint64(3));
        QCOMPARE(display.events[0].value("seq").toInteger(), qint64(5));
        QCOMPARE(display.events[1].value("seq").toInteger(), qint64(7));
        QCOMPARE(display.events[2].value("seq").toInteger(), qint64(10));
        QCOMPARE(relay.hub.lastSeq(), int64_t(10));
        Display moved(relay.url());
        QTRY_VERIFY(moved.connected());
        moved.send(R"({"resume_from":6})");
        QTRY_COMPARE(moved.count, qint64(2)); // 7 and 10, the holes skipped
        QCOMPARE(moved.events[0].value("seq").toInteger(), qint64(7));
        QCOMPARE(moved.events[1].value("seq").toInteger(), qint64(10));
        // Before the first number this relay had: a gap, not silence.
        Display early(relay.url());
        QTRY_VERIFY(early.connected());
        early.send(R"({"resume_from":2})");
        QTRY_COMPARE(early.count, qint64(3));
        QVERIFY(early.has("gap"));
        // Far ahead (a relay that started at the durable's position): the ring's older slots are not sent.
        EventBatch later = batchOf({"open"});
        later.events()[0].seq = 1000;
        relay.hub.ingest(later);
        QTRY_COMPARE(display.count, qint64(4));
        QCOMPARE(display.events[3].value("seq").toInteger(), qint64(1000));
        QTRY_COMPARE(moved.count, qint64(3));
        QCOMPARE(moved.events[2].value("seq").toInteger(), qint64(1000)); // only it, no stale slot of the ring
    }

    // A relay with ?refill reads its history back in batches (RelayHub::preload). A display resumes when it likes,
    // not after the last batch: one that resumed before any history and one that resumed between two batches both
    // get every later batch too, then the live events; a display that never resumed gets the live events only.
    void resumeWhileTheHistoryIsReadBackGetsAllOfIt()
    {
        RelayHub::Options options;
        options.sourceNumbers = true;
        options.streamId = QStringLiteral("nats:PULSEMAP:pulsemap.>");
        HubServer relay(options);
        Display early(relay.url());
        Display between(relay.url());
        Display live(relay.url());
        QTRY_VERIFY(early.connected() && between.connected() && live.connected());
        QTRY_COMPARE(relay.hub.viewers(), 3);
        early.send(R"({"resume_from":5})");
        QTRY_COMPARE(relay.hub.counters().resumes, int64_t(1));
        relay.hub.preload(numbered(1, 10));
        QTRY_COMPARE(early.count, qint64(6)); // 5..10
        between.send(R"({"resume_from":3})");
        QTRY_COMPARE(between.count, qint64(8)); // 3..10
        relay.hub.preload(numbered(11, 20));
        relay.hub.ingest(numbered(21, 22));
        QTRY_COMPARE(live.count, qint64(2));
        QTest::qWait(100); // and nothing more
        QCOMPARE(gotRange(early, 5, 22), QString());
        QCOMPARE(gotRange(between, 3, 22), QString());
        QCOMPARE(gotRange(live, 21, 22), QString());
    }

    // A display that moves says where it is in the URL: it is placed before anything is sent to it, so events the
    // relay flushes the moment it joins are neither older than its place (a relay behind the one it left) nor sent
    // twice by a resume that follows them. A bad number is answered with an error, and the display stays live.
    void resumeFromInTheUrlPlacesTheDisplayBeforeAnythingIsSent()
    {
        RelayHub::Options options;
        options.sourceNumbers = true;
        options.streamId = QStringLiteral("nats:PULSEMAP:pulsemap.>");
        HubServer relay(options);
        relay.hub.ingest(numbered(1, 10));
        relay.hub.flushNow();      // sent to nobody
        QUrl behind = relay.url(); // it has 1..12 from a relay further on: this one is behind it
        behind.setQuery(QStringLiteral("resume_from=13"));
        QUrl ahead = relay.url(); // it has 1..5: the resume brings 6..10, then live events follow
        ahead.setQuery(QStringLiteral("resume_from=6"));
        QUrl bad = relay.url();
        bad.setQuery(QStringLiteral("resume_from=soon"));
        Display behindDisplay(behind);
        Display aheadDisplay(ahead);
        Display badDisplay(bad);
        QTRY_COMPARE(relay.hub.viewers(), 3);
        relay.hub.ingest(numbered(11, 14)); // at once: no message from a display could come before this flush
        relay.hub.flushNow();
        QTRY_COMPARE(badDisplay.count, qint64(4));
        QTest::qWait(100); // and nothing more
        QCOMPARE(gotRange(behindDisplay, 13, 14), QString());
        QCOMPARE(gotRange(aheadDisplay, 6, 14), QString());
        QCOMPARE(gotRange(badDisplay, 11, 14), QString());
        QVERIFY(badDisplay.has("error"));
        QCOMPARE(relay.hub.counters().resumes, int64_t(2));
        // Pulsemap's client repeats the point as a message, for other servers: answered once already, so nothing
        // is sent twice; a message asking for another point is still answered.
        aheadDisplay.socket.sendTextMessage(QStringLiteral(R"({"resume_from":6})"));
        QTest::qWait(100);
        QCOMPARE(aheadDisplay.count, qint64(9));
        QCOMPARE(relay.hub.counters().resumes, int64_t(2));
        aheadDisplay.socket.sendTextMessage(QStringLiteral(R"({"resume_from":12})"));
        QTRY_COMPARE(aheadDisplay.count, qint64(12));
    }

    // A display that resumes before this relay has anything, from before the first number it then gets (it started
    // at its durable's place without refilling, or its refill failed), is told the gap, not left to miss it.
    void earlyResumeFromBeforeTheFirstNumberIsToldTheGap()
    {
        RelayHub::Options options;
        options.sourceNumbers = true;
        HubServer relay(options);
        QUrl url = relay.url();
        url.setQuery(QStringLiteral("resume_from=2"));
        Display display(url);
        QTRY_COMPARE(relay.hub.viewers(), 1);
        relay.hub.ingest(numbered(5, 6));
        QTRY_COMPARE(display.count, qint64(2));
        QCOMPARE(gotRange(display, 5, 6), QString());
        QVERIFY(display.has("gap"));
        for (const QJsonObject &control : display.controls) {
            if (control.contains("gap")) {
                QCOMPARE(control.value("gap").toInt(), 3); // 2..4
            }
        }
        QCOMPARE(relay.hub.counters().gaps, int64_t(3));
    }

    void closeAllSaysGoingAway()
    {
        HubServer relay;
        Display display(relay.url());
        QTRY_VERIFY(display.connected());
        relay.hub.closeAll();
        QTRY_COMPARE(display.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    }
};

QTEST_GUILESS_MAIN(TestRelayHub)
#include "tst_relay_hub.moc"
