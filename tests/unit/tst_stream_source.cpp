// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// StreamSource against an in-process QWebSocketServer: its StreamClient and GeoIP lookups run on a worker
// thread, while batches (located, addresses dropped), state, viewers and errors reach the GUI thread.

#include "app/stream_source.h"

#include <QSignalSpy>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

using namespace pulsemap;

namespace {

StreamSourceOptions optionsFor(const QString &url)
{
    StreamSourceOptions options;
    options.client.url = url;
    options.client.backoffInitialMs = 20;
    options.client.backoffMaxMs = 100;
    options.client.seed = 7;
    options.geoipPath = qEnvironmentVariable("PULSEMAP_TEST_DATA") + "/city-maxmind.mmdb";
    return options;
}

} // namespace

class TestStreamSource : public QObject
{
    Q_OBJECT

private slots:
    void locatedBatchesReachTheGuiThread();
    void unusableDatabaseFailsAtStart();
    void badUrlFailsAtStart();
};

void TestStreamSource::locatedBatchesReachTheGuiThread()
{
    QWebSocketServer server(QStringLiteral("fake"), QWebSocketServer::NonSecureMode);
    QWebSocket *peer = nullptr;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        peer = server.nextPendingConnection();
        peer->setParent(&server); // the caller owns accepted sockets
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    StreamSource source(optionsFor(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort())));
    int batches = 0;
    int located = 0;
    int withAddress = 0;
    QStringList cities;
    bool onGuiThread = true;
    connect(&source, &EventSource::batchReady, this, [&](const EventBatch &batch) {
        onGuiThread = onGuiThread && QThread::currentThread() == thread();
        ++batches;
        for (const Event &event : batch.events()) {
            located += event.located() ? 1 : 0;
            withAddress += event.ip.empty() ? 0 : 1;
            cities << QString::fromStdString(std::string(batch.text(event.city)));
        }
    });
    QSignalSpy errors(&source, &EventSource::errorOccurred);
    QList<EventSource::State> states;
    connect(&source, &EventSource::stateChanged, this, [&] { states << source.state(); });
    source.start();
    QTRY_COMPARE(source.state(), EventSource::State::Live);
    QVERIFY(source.statusText().startsWith("connected to"));
    QTRY_VERIFY(peer != nullptr);
    peer->sendTextMessage(R"({"viewers":4})");
    for (int i = 0; i < 300; ++i) {
        peer->sendTextMessage(i % 2 == 0 ? R"({"ip":"81.2.69.160","type":"open"})"
                                         : R"({"ip":"83.149.9.1","type":"click"})");
    }
    QTRY_COMPARE(cities.size(), 300);
    QVERIFY(onGuiThread);
    QCOMPARE(located, 300);
    QCOMPARE(withAddress, 0); // not kept unless asked
    QCOMPARE(cities.count("London"), 150);
    QCOMPARE(cities.count("Moscow"), 150);
    QVERIFY2(batches < 30, qPrintable(QString::number(batches))); // coalesced, never one per message
    QTRY_COMPARE(source.viewers(), 4);

    peer->sendTextMessage(R"({"error":"slow down"})");
    QTRY_COMPARE(errors.count(), 1);
    QCOMPARE(errors.first().first().toString(), QString("slow down"));

    states.clear();
    peer->abort(); // the stream drops: the source says so, then comes back
    QTRY_VERIFY(states.contains(EventSource::State::Reconnecting));
    QTRY_COMPARE(source.state(), EventSource::State::Live);
    QCOMPARE(states.first(), EventSource::State::Reconnecting);

    source.stop();
    QCOMPARE(source.state(), EventSource::State::Idle);
    QTest::qWait(50); // reports the worker queued before stopping must not bring the state back
    QCOMPARE(source.state(), EventSource::State::Idle);
}

void TestStreamSource::unusableDatabaseFailsAtStart()
{
    StreamSourceOptions options = optionsFor(QStringLiteral("ws://127.0.0.1:1/"));
    options.geoipPath = QDir::temp().filePath("no-such-database.mmdb");
    StreamSource source(options);
    QSignalSpy errors(&source, &EventSource::errorOccurred);
    QList<EventSource::State> states;
    connect(&source, &EventSource::stateChanged, this, [&] { states << source.state(); });
    source.start();
    QCOMPARE(source.state(), EventSource::State::Failed);
    QVERIFY2(source.statusText().contains("no-such-database.mmdb"), qPrintable(source.statusText()));
    QCOMPARE(errors.count(), 1);
}

void TestStreamSource::badUrlFailsAtStart()
{
    StreamSource source(optionsFor(QStringLiteral("ftp://example.invalid/")));
    source.start();
    QCOMPARE(source.state(), EventSource::State::Failed);
    QVERIFY2(source.statusText().contains("scheme"), qPrintable(source.statusText()));
}

QTEST_GUILESS_MAIN(TestStreamSource)
#include "tst_stream_source.moc"
