// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Scale-out on one real nats-server (JetStream, started by the test): nats-setup creates, keeps and updates the
// stream; a collector (relay --publish) and a relay (--upstream nats://...?durable=NAME) carry every pushed event
// exactly once to a display; a relay restarted mid-stream resumes from its durable consumer (nothing read twice,
// nothing lost); bad URLs are refused at start.

#include "../unit/test_certificate.h"
#include "nats_test_util.h"

using namespace pulsemap::test;

namespace {

// Whether the relay read count events from its consumer and numbered them all (its newest number is the newest
// stream sequence it read): then a display that connects gets them by resume_from only, not live.
bool ingested(quint16 port, qint64 count)
{
    return metricValue(port, "pulsemap_relay_nats_consumed_total") == count &&
           metricValue(port, "pulsemap_relay_last_seq") == metricValue(port, "pulsemap_relay_nats_stream_seq");
}

} // namespace

class TestNatsRelay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (natsServerPath().isEmpty()) {
            QSKIP("nats-server is not installed (scripts/setup-deps installs it)");
        }
        QVERIFY2(m_nats.start(), m_nats.logs().constData());
    }

    void setupCreatesKeepsAndUpdatesTheStream()
    {
        const QString url = m_nats.url();
        CliResult created = natsSetup({url, "--max-age", "1d"});
        QCOMPARE(created.exitCode, 0);
        QJsonObject report = QJsonDocument::fromJson(created.out).object();
        QCOMPARE(report.value("action").toString(), QString("created"));
        QCOMPARE(report.value("subjects").toString(), QString("pulsemap.>"));
        QCOMPARE(report.value("max_age_s").toInt(), 86400);
        QCOMPARE(report.value("duplicate_window_s").toInt(), 120);
        CliResult again = runCli({"nats-setup", url, "--max-age", "1d"});
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value("action").toString(), QString("unchanged"));
        CliResult updated = runCli({"nats-setup", url, "--max-age", "7d"});
        report = QJsonDocument::fromJson(updated.out).object();
        QCOMPARE(report.value("action").toString(), QString("updated"));
        QCOMPARE(report.value("max_age_s").toInt(), 7 * 86400);
        // Bad arguments are usage errors; an unreachable server is a failure, each with one line.
        QCOMPARE(runCli({"nats-setup", "ws://127.0.0.1:1"}).exitCode, 2);
        QCOMPARE(runCli({"nats-setup", url, "--replicas", "9"}).exitCode, 2);
        QCOMPARE(runCli({"nats-setup", url, "--max-age", "1d", "--duplicate-window", "2d"}).exitCode, 2);
        const CliResult away = runCli({"nats-setup", QStringLiteral("nats://127.0.0.1:%1").arg(freePorts(1)[0])});
        QCOMPARE(away.exitCode, 1);
        QVERIFY2(away.err.startsWith("pulsemap-cli nats-setup: cannot connect to nats://127.0.0.1:"), away.err);
        QCOMPARE(away.err.count('\n'), 1);
    }

    void collectorToRelayToDisplayExactlyOnce()
    {
        QCOMPARE(natsSetup({m_nats.url()}).exitCode, 0);
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", m_nats.url(), "-q"}));
        Relay wall;
        QVERIFY(wall.start({"--upstream", m_nats.url("durable=wall-a&subjects=pulsemap.exact.>"), "-q"}));
        Subscriber display(wall.url());
        QTRY_COMPARE(display.viewers, 1);
        for (int n = 0; n < 400; n += 100) {
            QCOMPARE(pushNumbered(collector.collect, n, n + 100, "exact"), 200);
        }
        QCOMPARE(pushNumbered(collector.collect, 0, 5, "other"), 200); // outside the wall's filter
        QTRY_COMPARE_WITH_TIMEOUT(display.count, qint64(400), 15000);
        QTest::qWait(300); // nothing more may come
        QCOMPARE(exactlyOnce(numbersSeen(display), 0, 400), QString());
        QVERIFY(display.ordered);
        QCOMPARE(metricValue(collector.collect, "pulsemap_relay_nats_published_total"), qint64(405));
        QCOMPARE(metricValue(collector.collect, "pulsemap_relay_nats_publish_dropped_total"), qint64(0));
        QCOMPARE(metricValue(wall.listen, "pulsemap_relay_nats_consumed_total"), qint64(400));
        QCOMPARE(metricValue(wall.listen, "pulsemap_relay_nats_consume_up"), qint64(1));
    }

    void restartedRelayResumesFromItsDurableConsumer()
    {
        QCOMPARE(natsSetup({m_nats.url()}).exitCode, 0);
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", m_nats.url(), "-q"}));
        const QString upstream = m_nats.url("durable=wall-r&subjects=pulsemap.restart.>");
        auto wall = std::make_unique<Relay>();
        QVERIFY(wall->start({"--upstream", upstream, "-q"}));
        auto display = std::make_unique<Subscriber>(wall->url());
        QTRY_COMPARE(display->viewers, 1);
        QCOMPARE(pushNumbered(collector.collect, 0, 200, "restart"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(display->count, qint64(200), 15000);
        QCOMPARE(exactlyOnce(numbersSeen(*display), 0, 200), QString());
        wall->process->terminate(); // SIGTERM: the relay drains its subscription, the consumer stays
        QVERIFY(wall->process->waitForFinished(10000));
        QCOMPARE(wall->process->exitCode(), 0);
        // Published while no relay reads: kept by the stream for the durable consumer.
        QCOMPARE(pushNumbered(collector.collect, 200, 350, "restart"), 200);
        wall = std::make_unique<Relay>();
        QVERIFY(wall->start({"--upstream", upstream, "-q"}));
        // Read, numbered and flushed before the display comes: it asks for all of it with resume_from.
        QTRY_VERIFY_WITH_TIMEOUT(ingested(wall->listen, 150), 15000);
        QTest::qWait(100);
        display = std::make_unique<Subscriber>(wall->url());
        QTRY_VERIFY(display->wasConnected);
        display->send("{\"resume_from\":0}"); // what the relay read before the display came, from its ring
        QTRY_COMPARE_WITH_TIMEOUT(display->count, qint64(150), 15000);
        QTest::qWait(300);
        QCOMPARE(exactlyOnce(numbersSeen(*display), 200, 350), QString()); // not the first 200 again
        // Another durable name is another reader: it starts from the beginning of the stream.
        Relay other;
        QVERIFY(other.start({"--upstream", m_nats.url("durable=wall-s&subjects=pulsemap.restart.>"), "-q"}));
        QTRY_VERIFY_WITH_TIMEOUT(ingested(other.listen, 350), 15000);
        QTest::qWait(100);
        Subscriber second(other.url());
        QTRY_VERIFY(second.wasConnected);
        second.send("{\"resume_from\":0}");
        QTRY_COMPARE_WITH_TIMEOUT(second.count, qint64(350), 15000);
        QCOMPARE(exactlyOnce(numbersSeen(second), 0, 350), QString());
    }

    // With ?refill=N a restarted relay reads back into its ring what came before its durable place: a display that
    // was on it resumes from its last number with nothing lost, even events the relay had read before stopping.
    // Only N are read back: an older resume_from is told the gap.
    void restartedRelayRefillsItsRing()
    {
        QCOMPARE(natsSetup({m_nats.url()}).exitCode, 0);
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", m_nats.url(), "-q"}));
        const QString upstream = m_nats.url("durable=wall-h&subjects=pulsemap.refill.>&refill=100");
        auto wall = std::make_unique<Relay>();
        QVERIFY(wall->start({"--upstream", upstream, "-q"}));
        Subscriber display(wall->url());
        QTRY_COMPARE(display.viewers, 1);
        QCOMPARE(pushNumbered(collector.collect, 0, 200, "refill"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(display.count, qint64(200), 15000);
        const qint64 seq150 = display.events[150].value("seq").toInteger();
        const qint64 seq80 = display.events[80].value("seq").toInteger();
        wall->process->terminate();
        QVERIFY(wall->process->waitForFinished(10000));
        QCOMPARE(pushNumbered(collector.collect, 200, 260, "refill"), 200);
        wall = std::make_unique<Relay>();
        QVERIFY(wall->start({"--upstream", upstream, "-q"}));
        // At once, as a display that reconnects, so likely before the history is read back (then it gets it when
        // it is): as if it had seen only up to event 150, 151..259 again, each once, no gap.
        Subscriber back(wall->url());
        QTRY_VERIFY(back.wasConnected);
        back.send("{\"resume_from\":" + QByteArray::number(seq150 + 1) + "}");
        QTRY_COMPARE_WITH_TIMEOUT(back.count, qint64(109), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(ingested(wall->listen, 60), 15000);
        QTest::qWait(300);
        QCOMPARE(exactlyOnce(numbersSeen(back), 151, 260), QString());
        QVERIFY(back.ordered);
        for (const QJsonObject &control : back.controls) {
            QVERIFY2(!control.contains("gap"), QJsonDocument(control).toJson());
        }
        // Event 81 is older than the 100 read back (100..199): the display is told what it cannot have.
        Subscriber old(wall->url());
        QTRY_VERIFY(old.wasConnected);
        old.send("{\"resume_from\":" + QByteArray::number(seq80 + 1) + "}");
        QTRY_COMPARE_WITH_TIMEOUT(old.count, qint64(160), 15000);
        QCOMPARE(exactlyOnce(numbersSeen(old), 100, 260), QString());
        qint64 gap = 0;
        for (const QJsonObject &control : old.controls) {
            gap += control.value("gap").toInteger();
        }
        QCOMPARE(gap, display.events[100].value("seq").toInteger() - (seq80 + 1)); // events 81..99
    }

    // Relays reading one stream number events with its sequence and say they serve the same stream: a display
    // that leaves one (it stopped) resumes on another from the last number it got, and loses nothing.
    void displayMovesFromOneRelayToAnother()
    {
        QCOMPARE(natsSetup({m_nats.url()}).exitCode, 0);
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", m_nats.url(), "-q"}));
        auto first = std::make_unique<Relay>();
        QVERIFY(first->start({"--upstream", m_nats.url("durable=move-a&subjects=pulsemap.move.>"), "-q"}));
        Relay second;
        QVERIFY(second.start({"--upstream", m_nats.url("durable=move-b&subjects=pulsemap.move.>"), "-q"}));
        auto display = std::make_unique<Subscriber>(first->url());
        QTRY_COMPARE(display->viewers, 1);
        QCOMPARE(pushNumbered(collector.collect, 0, 120, "move"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(display->count, qint64(120), 15000);
        const qint64 lastSeq = display->lastSeq;
        const QList<QJsonObject> before = display->events;
        const QJsonObject hello = display->controls.value(0).value("hello").toObject();
        display.reset();
        first.reset(); // the relay goes away
        QCOMPARE(pushNumbered(collector.collect, 120, 200, "move"), 200);
        QTRY_VERIFY_WITH_TIMEOUT(ingested(second.listen, 200), 15000);
        QTest::qWait(100);
        Subscriber moved(second.url());
        QTRY_VERIFY(moved.wasConnected);
        moved.send("{\"resume_from\":" + QByteArray::number(lastSeq + 1) + "}");
        QTRY_COMPARE_WITH_TIMEOUT(moved.count, qint64(80), 15000);
        QTest::qWait(300);
        QCOMPARE(moved.controls.value(0).value("hello").toObject().value("stream"), hello.value("stream"));
        moved.events = before + moved.events;
        QCOMPARE(exactlyOnce(numbersSeen(moved), 0, 200), QString());
        QVERIFY(moved.ordered);
        QVERIFY(moved.events[119].value("seq").toInteger() < moved.events[120].value("seq").toInteger());
    }

    void badNatsUrlsAreRefusedAtStart()
    {
        const CliResult noDurable = runCli({"relay", "--no-geoip", "--upstream", m_nats.url()});
        QCOMPARE(noDurable.exitCode, 2);
        QVERIFY2(noDurable.err.contains("?durable=NAME"), noDurable.err);
        const CliResult badPublish =
            runCli({"relay", "--no-geoip", "--collect", ":0", "--publish", "nats://127.0.0.1:99999"});
        QCOMPARE(badPublish.exitCode, 2);
        QVERIFY2(badPublish.err.contains("--publish: nats://127.0.0.1:99999: bad port"), badPublish.err);
        const CliResult loop =
            runCli({"relay", "--no-geoip", "--publish", m_nats.url(), "--upstream", m_nats.url("durable=x")});
        QCOMPARE(loop.exitCode, 2);
        QVERIFY2(loop.err.contains("back into itself"), loop.err);
    }

    void tlsWithACaAndAClientCertificate()
    {
        QTemporaryDir dir;
        const TestCertificate server = makeTestCertificate(dir.path(), "server");
        const TestCertificate client = makeTestCertificate(dir.path(), "client");
        QVERIFY(!server.cert.isEmpty() && !client.cert.isEmpty());
        // The server trusts the client's self-signed certificate as its CA and requires one (verify: true).
        NatsCluster secure(1, QStringLiteral("tls {\n  cert_file: \"%1\"\n  key_file: \"%2\"\n  ca_file: \"%3\"\n"
                                             "  verify: true\n}")
                                  .arg(server.cert, server.key, client.cert));
        QVERIFY2(secure.start(), secure.logs().constData());
        const QString host = QStringLiteral("tls://127.0.0.1:%1").arg(secure.node(0).clientPort);
        const QString query = "?ca=" + server.cert + "&cert=" + client.cert + "&key=" + client.key;
        const CliResult ok = natsSetup({host + query});
        QVERIFY2(ok.exitCode == 0, ok.err + secure.logs());
        QCOMPARE(QJsonDocument::fromJson(ok.out).object().value("action").toString(), QString("created"));
        // Without the CA the server is not trusted; without a client certificate the server refuses the client.
        QCOMPARE(runCli({"nats-setup", host}).exitCode, 1);
        QCOMPARE(runCli({"nats-setup", host + "?ca=" + server.cert}).exitCode, 1);
        // And the whole path over TLS: collector, stream, relay.
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", host + query, "-q"}));
        Relay wall;
        QVERIFY(wall.start({"--upstream", host + query + "&durable=tls", "-q"}));
        Subscriber display(wall.url());
        QTRY_COMPARE(display.viewers, 1);
        QCOMPARE(pushNumbered(collector.collect, 0, 50), 200);
        QTRY_COMPARE_WITH_TIMEOUT(display.count, qint64(50), 15000);
        QCOMPARE(exactlyOnce(numbersSeen(display), 0, 50), QString());
    }

private:
    NatsCluster m_nats{1};
};

QTEST_GUILESS_MAIN(TestNatsRelay)
#include "tst_nats_relay.moc"
