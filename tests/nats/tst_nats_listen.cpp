// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli listen nats://... against a real nats-server (JetStream, started by the test) fed by a collector
// (relay --publish): listen prints every published event exactly once in stream-sequence order; a subscription by
// type (one type: the server's subject filter; several: the client's) delivers only those types; the server
// restarted mid-stream and the display's consumer deleted under it are both survived with nothing lost and nothing
// duplicated; a listen that stops deletes its consumer; bad options are usage errors.

#include "nats/nats_connection.h"
#include "nats_test_util.h"

using namespace pulsemap;
using namespace pulsemap::test;

namespace {

const QStringList kTypes = {"open", "click", "view"};

// Event n of the tests has type kTypes[n % 3].
QByteArray typeOf(int n)
{
    return kTypes[n % 3].toUtf8();
}

// A running pulsemap-cli listen --print: its event lines as they come, its status lines on stderr.
struct Listener
{
    QProcess process;
    QByteArray err;

    explicit Listener(const QStringList &arguments)
    {
        process.start(cliPath(), QStringList{"listen", "--no-geoip", "--print"} + arguments);
        process.waitForStarted(10000);
    }
    ~Listener()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    // Waits for "live: reading PULSEMAP as NAME" on stderr; the consumer's name ("" when it never came).
    QString waitLive(int timeoutMs = 15000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            err += process.readAllStandardError();
            const qsizetype at = err.indexOf("live: reading PULSEMAP as ");
            const qsizetype end = err.indexOf('\n', at);
            if (at >= 0 && end > at) {
                return QString::fromUtf8(err.mid(at + 26, end - at - 26));
            }
        }
        err += process.readAllStandardError();
        return {};
    }
    // Whether stderr says text within timeoutMs.
    bool says(const QByteArray &text, int timeoutMs = 15000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!err.contains(text) && timer.elapsed() < timeoutMs && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            err += process.readAllStandardError();
        }
        return err.contains(text);
    }
    // Waits for the process to end; its event lines and summary.
    bool finish(QList<QJsonObject> &events, QJsonObject &summary, int timeoutMs = 60000)
    {
        if (!process.waitForFinished(timeoutMs)) {
            return false;
        }
        err += process.readAllStandardError();
        const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.contains("received")) {
                summary = object;
            } else if (!object.isEmpty()) {
                events << object;
            }
        }
        return process.exitStatus() == QProcess::NormalExit;
    }
};

// Every number once and the stream sequences strictly rising: "" or what is wrong.
QString exactlyOnceInOrder(const QList<QJsonObject> &events, const std::vector<int> &expected)
{
    std::map<qint64, int> seen;
    for (const QJsonObject &event : events) {
        ++seen[event.value("ts").toInteger() - kFirstTs];
    }
    QStringList problems;
    for (const int n : expected) {
        if (seen[n] != 1 && problems.size() < 10) {
            problems << QStringLiteral("%1 x%2").arg(n).arg(seen[n]);
        }
        seen.erase(n);
    }
    for (const auto &[n, count] : seen) {
        if (count > 0 && problems.size() < 20) {
            problems << QStringLiteral("unexpected %1").arg(n);
        }
    }
    for (qsizetype i = 1; i < events.size(); ++i) {
        if (events[i].value("seq").toInteger() <= events[i - 1].value("seq").toInteger()) {
            problems << QStringLiteral("seq %1 after %2")
                            .arg(events[i].value("seq").toInteger())
                            .arg(events[i - 1].value("seq").toInteger());
            break;
        }
    }
    return problems.join(", ");
}

std::vector<int> range(int from, int to, const QStringList &types = kTypes)
{
    std::vector<int> numbers;
    for (int n = from; n < to; ++n) {
        if (types.contains(kTypes[n % 3])) {
            numbers.push_back(n);
        }
    }
    return numbers;
}

// How many consumers the stream has now (-1 when it cannot tell).
int consumerCount(const QString &url)
{
    NatsConnectOptions options;
    options.reconnectForever = false;
    auto connection = NatsConnection::connect(*parseNatsUrl(url.toStdString()), options);
    jsStreamInfo *info = nullptr;
    if (!connection || js_GetStreamInfo(&info, (*connection)->jetStream(), "PULSEMAP", nullptr, nullptr) != NATS_OK) {
        return -1;
    }
    const int count = int(info->State.Consumers);
    jsStreamInfo_Destroy(info);
    return count;
}

} // namespace

class TestNatsListen : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (natsServerPath().isEmpty()) {
            QSKIP("nats-server is not installed (scripts/setup-deps installs it)");
        }
        QVERIFY2(m_nats.start(), m_nats.logs().constData());
        QCOMPARE(natsSetup({m_nats.url()}).exitCode, 0);
        QVERIFY(m_collector.start({"--collect", "127.0.0.1:0", "--publish", m_nats.url(), "-q"}));
    }

    void printsWhatTheCollectorPublishedOnceInOrder()
    {
        Listener listener({m_nats.url(), "--count", "300"});
        const QString name = listener.waitLive();
        QVERIFY2(name.startsWith("pulsemap-view-"), listener.err);
        QCOMPARE(consumerCount(m_nats.url()), 1);
        for (int n = 0; n < 300; n += 100) {
            QCOMPARE(pushNumbered(m_collector.collect, n, n + 100, "listen", typeOf), 200);
        }
        QList<QJsonObject> events;
        QJsonObject summary;
        QVERIFY2(listener.finish(events, summary), listener.err);
        QCOMPARE(listener.process.exitCode(), 0);
        QCOMPARE(events.size(), 300);
        QCOMPARE(exactlyOnceInOrder(events, range(0, 300)), QString());
        QCOMPARE(summary.value("received").toInt(), 300);
        QCOMPARE(summary.value("last_seq").toInteger(), events.last().value("seq").toInteger());
        QCOMPARE(consumerCount(m_nats.url()), 0); // a display that stops leaves no consumer behind
    }

    void subscribesByType()
    {
        const int base = 1000;
        Listener one({m_nats.url() + "/?types=click", "--count", "40"});           // the server filters by subject
        Listener two({m_nats.url(), "--subscribe", "open,view", "--count", "80"}); // the client filters
        QVERIFY2(!one.waitLive().isEmpty(), one.err);
        QVERIFY2(!two.waitLive().isEmpty(), two.err);
        QCOMPARE(pushNumbered(m_collector.collect, base, base + 120, "listen", typeOf), 200);
        QList<QJsonObject> events;
        QJsonObject summary;
        QVERIFY2(one.finish(events, summary), one.err);
        QCOMPARE(one.process.exitCode(), 0);
        QCOMPARE(exactlyOnceInOrder(events, range(base, base + 120, {"click"})), QString());
        events.clear();
        QVERIFY2(two.finish(events, summary), two.err);
        QCOMPARE(two.process.exitCode(), 0);
        QCOMPARE(exactlyOnceInOrder(events, range(base, base + 120, {"open", "view"})), QString());
        for (const QJsonObject &event : events) {
            QVERIFY(event.value("type").toString() != "click");
        }
    }

    // The only server stops mid-stream and comes back with its store; then the display's consumer is deleted
    // under it (as the server does after the inactive threshold): listen goes on from the next sequence each time.
    void serverRestartAndLostConsumerLoseNothing()
    {
        const int base = 2000;
        constexpr int kPosts = 30;
        constexpr int kPerPost = 20;
        Listener listener({m_nats.url(), "--count", QString::number(kPosts * kPerPost + 100)});
        const QString name = listener.waitLive();
        QVERIFY2(!name.isEmpty(), listener.err);
        for (int post = 0; post < kPosts; ++post) {
            if (post == kPosts / 3) {
                m_nats.node(0).kill(); // SIGKILL mid-stream: fetched, unacknowledged messages come again
            }
            if (post == kPosts / 2) {
                QVERIFY2(listener.says("reconnecting"), listener.err); // it noticed
                QVERIFY2(m_nats.node(0).start(), m_nats.logs().constData());
            }
            const int from = base + post * kPerPost;
            QCOMPARE(pushNumbered(m_collector.collect, from, from + kPerPost, "listen", typeOf),
                     200); // the collector buffers
            QTest::qWait(30);
        }
        // Gone under it: the next check finds out and makes it again from the sequence after the last printed.
        QTRY_VERIFY_WITH_TIMEOUT(metricValue(m_collector.collect, "pulsemap_relay_nats_publish_buffered") == 0, 30000);
        QTest::qWait(500);
        NatsConnectOptions options;
        options.reconnectForever = false;
        auto connection = NatsConnection::connect(*parseNatsUrl(m_nats.url().toStdString()), options);
        QVERIFY(connection.ok());
        QCOMPARE(js_DeleteConsumer((*connection)->jetStream(), "PULSEMAP", name.toUtf8().constData(), nullptr, nullptr),
                 NATS_OK);
        const int last = base + kPosts * kPerPost;
        QCOMPARE(pushNumbered(m_collector.collect, last, last + 100, "listen", typeOf), 200);
        QList<QJsonObject> events;
        QJsonObject summary;
        QVERIFY2(listener.finish(events, summary), listener.err + m_nats.logs());
        QVERIFY2(listener.process.exitCode() == 0, listener.err);
        QCOMPARE(exactlyOnceInOrder(events, range(base, last + 100)), QString());
        QVERIFY2(summary.value("reconnects").toInt() >= 2, QJsonDocument(summary).toJson() + listener.err);
    }

    void badOptionsAreUsageErrors()
    {
        const CliResult token = runCli({"listen", "--no-geoip", m_nats.url(), "--token", "t"});
        QCOMPARE(token.exitCode, 2);
        QVERIFY2(token.err.contains("not nats://"), token.err);
        const CliResult cert = runCli({"listen", "--no-geoip", "tls://127.0.0.1:1", "--cert", "c.pem"});
        QCOMPARE(cert.exitCode, 2);
        QVERIFY2(cert.err.contains("--cert and --key go together"), cert.err);
        const CliResult from = runCli({"listen", "--no-geoip", "nats://127.0.0.1:1?from=x"});
        QCOMPARE(from.exitCode, 2);
        QVERIFY2(from.err.contains("from takes a stream sequence"), from.err);
    }

private:
    NatsCluster m_nats{1};
    Relay m_collector;
};

QTEST_GUILESS_MAIN(TestNatsListen)
#include "tst_nats_listen.moc"
