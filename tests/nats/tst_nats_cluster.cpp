// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Scale-out on a real three-node JetStream cluster on loopback (started by the test, unique server names, own
// stores, explicit routes): the stream with three replicas; a collector publishing a steady stream of pushed
// events while the stream's leader node is killed mid-stream, and a relay reading through its durable consumer.
// Every event reaches the display exactly once (numbers checked), in the relay's sequence order, and the
// collector never refused a request while the cluster elected a new leader. The killed node then rejoins.
// Then every failure in one run: the stream's leader node killed, a relay restarted and a display moved from one
// relay to another, all mid-stream; each display, across its sessions, gets every event exactly once in stream
// order, and the collector never refused a request.

#include "nats/nats_connection.h"
#include "nats_test_util.h"

using namespace pulsemap;
using namespace pulsemap::test;

namespace {

// The server name of the node that leads the stream now ("" when unknown).
QString streamLeader(const NatsCluster &cluster)
{
    const Result<NatsEndpoint> endpoint = parseNatsUrl(cluster.url().toStdString());
    NatsConnectOptions options;
    options.reconnectForever = false;
    auto connection = NatsConnection::connect(*endpoint, options);
    if (!connection) {
        return {};
    }
    jsStreamInfo *info = nullptr;
    QString leader;
    if (js_GetStreamInfo(&info, (*connection)->jetStream(), "PULSEMAP", nullptr, nullptr) == NATS_OK) {
        leader = info->Cluster != nullptr && info->Cluster->Leader != nullptr ? info->Cluster->Leader : "";
        jsStreamInfo_Destroy(info);
    }
    return leader;
}

QString metricsOf(quint16 port)
{
    QString out;
    for (const char *name : {"nats_consumed_total", "nats_consume_redelivered_total", "nats_consume_gap_filled_total",
                             "nats_stream_seq", "last_seq"}) {
        out += QStringLiteral(" %1=%2").arg(name).arg(metricValue(port, QByteArray("pulsemap_relay_") + name));
    }
    return out + '\n';
}

// A wall display across relay restarts and moves: its sessions one after the other, each resuming from the last
// number the previous one got (resume_from mapped onto the stream sequence).
struct Display
{
    std::unique_ptr<Subscriber> session;
    QList<QJsonObject> earlier; // what the sessions before this one got
    QString m_sessions;         // sessions() of those before this one

    explicit Display(const QString &url) : session(std::make_unique<Subscriber>(url)) {}
    // Leaves its relay (stopped or not) and resumes on url. Where it is goes in the URL (?resume_from=), so the relay
    // places it before it sends anything: sent as a message after connecting, the resume would come after what the
    // relay flushed meanwhile (docs/protocol.md).
    bool moveTo(const QString &url)
    {
        const qint64 last = session->lastSeq;
        m_sessions += sessions() + QStringLiteral(", then resume_from %1; ").arg(last + 1);
        earlier += session->events;
        session = std::make_unique<Subscriber>(url + "?resume_from=" + QString::number(last + 1));
        return QTest::qWaitFor([&] { return session->wasConnected; }, 10000);
    }
    // Its sessions, what each got (seq first..last) and where the next resumed: what a failure message needs.
    [[nodiscard]] QString sessions() const
    {
        return m_sessions + QStringLiteral("%1 events, seq %2..%3")
                                .arg(session->events.size())
                                .arg(session->events.isEmpty() ? 0 : session->events.first().value("seq").toInteger())
                                .arg(session->events.isEmpty() ? 0 : session->events.last().value("seq").toInteger());
    }
    [[nodiscard]] qint64 count() const { return earlier.size() + session->count; }
    // Every number of [from, to) once and stream sequences rising across sessions: "" or what is wrong.
    [[nodiscard]] QString check(int from, int to) const
    {
        const QList<QJsonObject> events = earlier + session->events;
        std::map<qint64, int> seen;
        for (const QJsonObject &event : events) {
            ++seen[event.value("ts").toInteger() - kFirstTs];
        }
        QString problems = exactlyOnce(seen, from, to);
        for (qsizetype i = 1; i < events.size() && problems.isEmpty(); ++i) {
            if (events[i].value("seq").toInteger() <= events[i - 1].value("seq").toInteger()) {
                problems = QStringLiteral("seq %1 after %2")
                               .arg(events[i].value("seq").toInteger())
                               .arg(events[i - 1].value("seq").toInteger());
            }
        }
        return problems;
    }
};

} // namespace

class TestNatsCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (natsServerPath().isEmpty()) {
            QSKIP("nats-server is not installed (scripts/setup-deps installs it)");
        }
        QVERIFY2(m_cluster.start(), m_cluster.logs().constData());
        const CliResult setup = natsSetup({m_cluster.url(), "--replicas", "3"});
        QVERIFY2(setup.exitCode == 0,
                 "exit " + QByteArray::number(setup.exitCode) + ": " + setup.err + m_cluster.logs());
        QCOMPARE(QJsonDocument::fromJson(setup.out).object().value("replicas").toInt(), 3);
    }

    void killingTheLeaderLosesAndDuplicatesNothing()
    {
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", m_cluster.url(), "-q"}));
        Relay wall;
        QVERIFY(wall.start({"--upstream", m_cluster.url("durable=wall-ha"), "-q"}));
        Subscriber display(wall.url());
        QTRY_COMPARE(display.viewers, 1);
        QString leader;
        QTRY_VERIFY_WITH_TIMEOUT(!(leader = streamLeader(m_cluster)).isEmpty(), 10000);
        const int victim = leader.mid(1).toInt() - 1; // servers are n1, n2, n3
        QVERIFY2(victim >= 0 && victim < 3, qPrintable(leader));

        constexpr int kPosts = 60;
        constexpr int kPerPost = 50;
        QElapsedTimer elapsed;
        elapsed.start();
        for (int post = 0; post < kPosts; ++post) {
            if (post == kPosts / 3) {
                m_cluster.node(victim).kill(); // mid-stream: the stream's leader goes away
            }
            const int status = pushNumbered(collector.collect, post * kPerPost, (post + 1) * kPerPost);
            QVERIFY2(status == 200, qPrintable(QStringLiteral("post %1 answered %2").arg(post).arg(status)));
            QTest::qWait(20);
        }
        const qint64 pushMs = elapsed.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(display.count, qint64(kPosts * kPerPost), 60000);
        QTest::qWait(500); // and nothing more
        QCOMPARE(exactlyOnce(numbersSeen(display), 0, kPosts * kPerPost), QString());
        QVERIFY(display.ordered);
        QCOMPARE(metricValue(collector.collect, "pulsemap_relay_nats_publish_dropped_total"), qint64(0));
        QCOMPARE(metricValue(collector.collect, "pulsemap_relay_nats_publish_buffered"), qint64(0));
        QCOMPARE(metricValue(wall.listen, "pulsemap_relay_nats_consumed_total"), qint64(kPosts * kPerPost));
        qInfo().noquote() << QStringLiteral("killed %1 (leader) mid-stream: %2 events pushed in %3 ms, delivered in "
                                            "%4 ms; publish retries %5, duplicates %6, redelivered %7")
                                 .arg(leader)
                                 .arg(kPosts * kPerPost)
                                 .arg(pushMs)
                                 .arg(elapsed.elapsed())
                                 .arg(metricValue(collector.collect, "pulsemap_relay_nats_publish_retries_total"))
                                 .arg(metricValue(collector.collect, "pulsemap_relay_nats_publish_duplicates_total"))
                                 .arg(metricValue(wall.listen, "pulsemap_relay_nats_consume_redelivered_total"));

        // The node comes back with its store and catches up; the stream goes on.
        QVERIFY(m_cluster.node(victim).start());
        QCOMPARE(pushNumbered(collector.collect, kPosts * kPerPost, kPosts * kPerPost + 100), 200);
        QTRY_COMPARE_WITH_TIMEOUT(display.count, qint64(kPosts * kPerPost + 100), 30000);
        QCOMPARE(exactlyOnce(numbersSeen(display), 0, kPosts * kPerPost + 100), QString());
    }

    // It failed about once in four runs until four causes were fixed (docs/scale-out.md, "Guarantees"): history
    // refilled after a display resumed was not sent to it, a resume sent as a message came after the relay's first
    // flush to the display, a restarted relay trusted consumer information that lagged after the fail-over, and a
    // relay restarted during the election went on without its refill.
    void nodeRelayAndDisplayFailuresInOneRun()
    {
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", m_cluster.url(), "-q"}));
        const QString filter = "&subjects=pulsemap.combo.>&refill=10000";
        auto first = std::make_unique<Relay>();
        QVERIFY(first->start({"--upstream", m_cluster.url("durable=combo-a" + filter), "-q"}));
        Relay second;
        QVERIFY(second.start({"--upstream", m_cluster.url("durable=combo-b" + filter), "-q"}));
        Display one(first->url());
        Display two(second.url());
        QTRY_COMPARE(one.session->viewers, 1);
        QTRY_COMPARE(two.session->viewers, 1);
        QString leader;
        QTRY_VERIFY_WITH_TIMEOUT(!(leader = streamLeader(m_cluster)).isEmpty(), 10000);
        const int victim = leader.mid(1).toInt() - 1;
        QVERIFY2(victim >= 0 && victim < 3, qPrintable(leader));

        constexpr int kPosts = 60;
        constexpr int kPerPost = 25;
        constexpr int kTotal = kPosts * kPerPost;
        QElapsedTimer elapsed;
        elapsed.start();
        for (int post = 0; post < kPosts; ++post) {
            if (post % 12 == 0) {
                qInfo() << "post" << post << elapsed.elapsed() << "ms";
            }
            if (post == 12) {
                m_cluster.node(victim).kill(); // the stream's leader
            }
            if (post == 24) { // the first relay restarts; its display comes back to it at once
                first->process->terminate();
                QVERIFY(first->process->waitForFinished(10000));
                first = std::make_unique<Relay>();
                QVERIFY(first->start({"--upstream", m_cluster.url("durable=combo-a" + filter), "-q"}));
                QVERIFY(one.moveTo(first->url()));
            }
            if (post == 36) {
                QVERIFY(two.moveTo(first->url())); // from the second relay to the first
            }
            if (post == 48) {
                QVERIFY2(m_cluster.node(victim).start(), m_cluster.logs().constData());
            }
            const int status = pushNumbered(collector.collect, post * kPerPost, (post + 1) * kPerPost, "combo");
            QVERIFY2(status == 200, qPrintable(QStringLiteral("post %1 answered %2").arg(post).arg(status)));
            QTest::qWait(20);
        }
        // The diagnostics only when it fails: each of their /metrics requests can take seconds.
        if (!QTest::qWaitFor([&] { return one.count() >= kTotal && two.count() >= kTotal; }, 60000)) {
            QFAIL(qPrintable(QStringLiteral("%1 and %2 events; %3; %4; one: %5; two: %6; relay up %7, seq %8, last %9")
                                 .arg(one.count())
                                 .arg(two.count())
                                 .arg(one.check(0, kTotal), two.check(0, kTotal), one.sessions(), two.sessions())
                                 .arg(metricValue(first->listen, "pulsemap_relay_nats_consume_up"))
                                 .arg(metricValue(first->listen, "pulsemap_relay_nats_stream_seq"))
                                 .arg(metricValue(first->listen, "pulsemap_relay_last_seq")) +
                             metricsOf(second.listen) + "restarted relay: " + first->process->readAllStandardError() +
                             "\nsecond relay: " + second.process->readAllStandardError()));
        }
        QTest::qWait(500); // and nothing more
        qInfo().noquote() << "display one:" << one.sessions() << "| display two:" << two.sessions();
        QCOMPARE(one.check(0, kTotal), QString());
        QCOMPARE(two.check(0, kTotal), QString());
        QCOMPARE(metricValue(collector.collect, "pulsemap_relay_nats_publish_dropped_total"), qint64(0));
        QCOMPARE(metricValue(collector.collect, "pulsemap_relay_nats_publish_buffered"), qint64(0));
    }

private:
    NatsCluster m_cluster{3};
};

QTEST_GUILESS_MAIN(TestNatsCluster)
#include "tst_nats_cluster.moc"
