// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// StreamClient against an in-process QWebSocketServer: subscribe, coalesced batches, resume with duplicate
// dropping, a restarted server's new stream, control messages, reconnect state and the outage alert; and
// GeoEnricher on what the client hands out, with a real MMDB written by make_mmdb.pl.

#include "ingest/geoip.h"
#include "stream/backoff.h"
#include "stream/geo_enricher.h"
#include "stream/stream_client.h"

#include <QSignalSpy>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

using namespace pulsemap;

namespace {

// The server side of one test: remembers what clients said, lets the test speak and hang up.
class FakeServer : public QObject
{
    Q_OBJECT

public:
    QWebSocketServer server{QStringLiteral("fake"), QWebSocketServer::NonSecureMode};
    QWebSocket *client = nullptr;
    QStringList received;
    QList<QUrl> urls; // each connection's request URL
    int connections = 0;

    bool listen(quint16 port = 0)
    {
        connect(&server, &QWebSocketServer::newConnection, this, [this] {
            client = server.nextPendingConnection();
            client->setParent(this); // the caller owns accepted sockets
            ++connections;
            urls << client->requestUrl();
            connect(client, &QWebSocket::textMessageReceived, this, [this](const QString &m) { received << m; });
        });
        return server.listen(QHostAddress::LocalHost, port);
    }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort()); }
    void send(const QString &message) { client->sendTextMessage(message); }
    void sendEvents(int from, int to)
    {
        for (int seq = from; seq <= to; ++seq) {
            send(QStringLiteral(R"({"seq":%1,"type":"open","lat":1,"lon":2})").arg(seq));
        }
    }
};

StreamClientOptions fastOptions(const QString &url)
{
    StreamClientOptions options;
    options.url = url;
    options.backoffInitialMs = 20;
    options.backoffMaxMs = 100;
    options.seed = 7;
    return options;
}

} // namespace

class TestStreamClient : public QObject
{
    Q_OBJECT

private slots:
    void subscribesAndCoalescesBatches();
    void resumesAfterCutAndDropsDuplicates();
    void newStreamRestartsSequence();
    void controlMessagesAndMalformed();
    void reconnectStateAndAlert();
    void geolocatesAndUsesInjectedClock();
    void backoffGrowsWithJitterAndCaps();
    void aSubscribedResumeStaysInTheMessage();
};

void TestStreamClient::subscribesAndCoalescesBatches()
{
    FakeServer server;
    QVERIFY(server.listen());
    StreamClientOptions options = fastOptions(server.url());
    options.subscribe = {"open", "click"};
    StreamClient client(options);
    int batches = 0;
    int64_t events = 0;
    connect(&client, &StreamClient::batchReady, this, [&](const EventBatch &batch) {
        ++batches;
        events += static_cast<int64_t>(batch.size());
    });
    QVERIFY(client.start());
    QTRY_COMPARE(client.state(), StreamClient::State::Live);
    QVERIFY(client.statusText().startsWith("connected"));
    QTRY_COMPARE(server.received.value(0), QString(R"({"subscribe":["open","click"]})"));
    server.sendEvents(1, 200);
    QTRY_COMPARE(events, int64_t{200});
    QVERIFY2(batches < 20, qPrintable(QString::number(batches))); // 200 messages, a handful of batches
    QCOMPARE(client.stats().received, int64_t{200});
    client.stop();
    QCOMPARE(client.state(), StreamClient::State::Idle);
}

void TestStreamClient::resumesAfterCutAndDropsDuplicates()
{
    FakeServer server;
    QVERIFY(server.listen());
    StreamClient client(fastOptions(server.url()));
    QList<int64_t> seqs;
    connect(&client, &StreamClient::batchReady, this, [&](const EventBatch &batch) {
        for (const Event &e : batch.events()) {
            seqs << e.seq;
        }
    });
    QVERIFY(client.start());
    QTRY_VERIFY(server.client != nullptr);
    server.sendEvents(1, 10);
    QTRY_COMPARE(seqs.size(), 10);
    server.client->abort(); // the network drops
    QTRY_COMPARE(server.connections, 2);
    QTRY_VERIFY(server.received.contains(R"({"resume_from":11})"));
    // In the URL too, so a relay places the display before sending anything (the first connection had none).
    QCOMPARE(server.urls.value(0).query(), QString());
    QCOMPARE(QUrlQuery(server.urls.value(1)).queryItemValue("resume_from"), QString("11"));
    server.sendEvents(8, 15); // a server that replays a little too much
    QTRY_COMPARE(seqs.size(), 15);
    for (int i = 0; i < seqs.size(); ++i) {
        QCOMPARE(seqs[i], int64_t{i + 1});
    }
    QCOMPARE(client.stats().duplicates, int64_t{3});
    QCOMPARE(client.stats().reconnects, int64_t{1});
}

void TestStreamClient::newStreamRestartsSequence()
{
    FakeServer server;
    QVERIFY(server.listen());
    StreamClient client(fastOptions(server.url()));
    QVERIFY(client.start());
    QTRY_VERIFY(server.client != nullptr);
    server.send(R"({"hello":{"stream":"a","seq":0}})");
    server.sendEvents(1, 5);
    QTRY_COMPARE(client.stats().received, int64_t{5});
    server.client->abort();
    QTRY_COMPARE(server.connections, 2);
    server.send(R"({"hello":{"stream":"b","seq":0}})"); // restarted: numbering from 1 again
    server.sendEvents(1, 3);
    QTRY_COMPARE(client.stats().received, int64_t{8});
    QCOMPARE(client.stats().duplicates, int64_t{0});
}

void TestStreamClient::controlMessagesAndMalformed()
{
    FakeServer server;
    QVERIFY(server.listen());
    StreamClient client(fastOptions(server.url()));
    QSignalSpy viewers(&client, &StreamClient::viewersChanged);
    QSignalSpy errors(&client, &StreamClient::errorOccurred);
    QVERIFY(client.start());
    QTRY_VERIFY(server.client != nullptr);
    server.send(R"({"viewers":4})");
    server.send("garbage");
    server.send(R"({"error":"slow down"})");
    server.send(R"([{"lat":95,"lon":0},{"type":"click"}])");
    QTRY_COMPARE(client.stats().received, int64_t{1});
    QCOMPARE(client.viewers(), 4);
    QCOMPARE(viewers.count(), 1);
    QTRY_COMPARE(errors.count(), 1);
    QCOMPARE(errors.first().first().toString(), QString("slow down"));
    QCOMPARE(client.stats().malformed, int64_t{2});
    QCOMPARE(client.stats().reconnects, int64_t{0});
    QCOMPARE(server.connections, 1);
}

void TestStreamClient::reconnectStateAndAlert()
{
    FakeServer probe;
    QVERIFY(probe.listen());
    const quint16 port = probe.server.serverPort();
    const QString url = probe.url();
    probe.server.close(); // down at start
    StreamClientOptions options = fastOptions(url);
    options.alertAfterMs = 300;
    StreamClient client(options);
    QSignalSpy alerts(&client, &StreamClient::alert);
    QVERIFY(client.start());
    QTRY_COMPARE(client.state(), StreamClient::State::Reconnecting);
    QVERIFY(client.statusText().startsWith("reconnecting in"));
    QVERIFY(!client.lastError().isEmpty());
    QTRY_COMPARE(alerts.count(), 1);
    QVERIFY(client.alerting());
    QVERIFY(alerts.first().first().toString().contains("down"));
    FakeServer server;
    QVERIFY(server.listen(port));
    QTRY_COMPARE(client.state(), StreamClient::State::Live);
    QVERIFY(!client.alerting());
    QCOMPARE(alerts.count(), 1); // once per outage
}

void TestStreamClient::geolocatesAndUsesInjectedClock()
{
    FakeServer server;
    QVERIFY(server.listen());
    const auto geoip = GeoIp::open((qEnvironmentVariable("PULSEMAP_TEST_DATA") + "/city-maxmind.mmdb").toStdString());
    QVERIFY2(geoip, geoip.message().c_str());
    StreamClientOptions options = fastOptions(server.url());
    options.clock = [] { return int64_t{1234}; };
    StreamClient client(options);
    EventBatch last;
    QString rawIp;
    connect(&client, &StreamClient::batchReady, this, [&](const EventBatch &batch) {
        last = batch;
        rawIp = QString::fromStdString(std::string(last.text(last.events().front().ip)));
        GeoEnricher(geoip->get()).enrich(last); // the consumer locates, as StreamSource and listen do
    });
    const Status started = client.start();
    QVERIFY2(started, started.message().c_str());
    QTRY_VERIFY(server.client != nullptr);
    server.send(R"({"ip":"81.2.69.160","type":"open"})");
    QTRY_COMPARE(last.size(), size_t{1});
    QCOMPARE(rawIp, QString("81.2.69.160")); // the client leaves locating (and the address) to its consumer
    const Event &e = last.events().front();
    QVERIFY(e.located());
    QCOMPARE(e.tsMs, int64_t{1234});
    QCOMPARE(QString::fromStdString(std::string(last.text(e.city))), QString("London"));
    QVERIFY(e.ip.empty()); // not kept unless asked
    StreamClientOptions bad = fastOptions("ftp://x/");
    const Status refused = StreamClient(bad).start();
    QVERIFY(!refused);
    QVERIFY(QString::fromStdString(refused.message()).contains("scheme"));
}

void TestStreamClient::backoffGrowsWithJitterAndCaps()
{
    Backoff backoff(250, 10000, 42);
    int ceiling = 250;
    for (int attempt = 0; attempt < 12; ++attempt) {
        const int delay = backoff.next();
        QVERIFY2(delay >= ceiling / 2 && delay <= ceiling, qPrintable(QString::number(delay)));
        ceiling = std::min(ceiling * 2, 10000);
    }
    QVERIFY(backoff.next() >= 5000);
    backoff.reset();
    QVERIFY(backoff.next() <= 250);
}

void TestStreamClient::aSubscribedResumeStaysInTheMessage()
{
    // A relay learns a subscription from its message only: a resume in the URL would come before it and replay
    // every type, so with a subscription the resume is the message that follows it.
    FakeServer server;
    QVERIFY(server.listen());
    StreamClientOptions options = fastOptions(server.url());
    options.subscribe = {"open"};
    StreamClient client(options);
    int64_t events = 0;
    connect(&client, &StreamClient::batchReady, this,
            [&](const EventBatch &batch) { events += static_cast<int64_t>(batch.size()); });
    QVERIFY(client.start());
    QTRY_VERIFY(server.client != nullptr);
    server.sendEvents(1, 3);
    QTRY_COMPARE(events, int64_t{3});
    server.client->abort();
    QTRY_COMPARE(server.connections, 2);
    QTRY_VERIFY(server.received.contains(R"({"resume_from":4})"));
    QCOMPARE(server.urls.value(1).query(), QString());
    const qsizetype subscribed = server.received.lastIndexOf(R"({"subscribe":["open"]})");
    QVERIFY(subscribed >= 0 && subscribed < server.received.lastIndexOf(R"({"resume_from":4})"));
}

QTEST_GUILESS_MAIN(TestStreamClient)
#include "tst_stream_client.moc"
