// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli listen --alert against a real WebSocket server (tests/peers/ws_server.js) on loopback, with a
// real HTTP webhook receiver (QTcpServer) and a real shell command: a burst fires and resolves after the
// hysteresis window, a low mark waits one window after start, a source that is down at start fires and
// resolves when it comes up, a refused POST is retried, a dead receiver never holds up the events, and bad
// rules are refused with a clear error.

#include "cli_runner.h"
#include "peer_process.h"
#include "webhook_receiver.h"

#include <QDateTime>
#include <QTemporaryDir>

using namespace pulsemap::test;

namespace {

qint64 atMs(const QJsonObject &notice)
{
    return QDateTime::fromString(notice.value("at").toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// Starts listen without blocking the test's event loop (the webhook receiver lives in it).
struct Listen
{
    QProcess process;
    explicit Listen(const QStringList &arguments) { process.start(cliPath(), QStringList{"listen"} + arguments); }
    bool finished(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (process.state() != QProcess::NotRunning && timer.elapsed() < timeoutMs) {
            QTest::qWait(50);
        }
        return process.state() == QProcess::NotRunning;
    }
    CliResult result() { return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()}; }
};

} // namespace

class TestCliListenAlerts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (const QString missing = peersMissing(); !missing.isEmpty()) {
            QSKIP(qPrintable("stream peers unavailable: " + missing));
        }
    }

    void burstFiresThenResolvesAtTheWebhook()
    {
        WebhookReceiver receiver;
        receiver.refuseFirst = 1; // the first POST gets a 503: the same notice must come again
        QVERIFY(receiver.listen());
        Peer peer; // 3000 events (1000 clicks) in a few tens of ms, then silence on an open connection
        QVERIFY(peer.start("ws_server.js", {"--events", "3000", "--batch", "50", "--interval-ms", "1"}));
        const QString log = m_dir.filePath("exec.log");
        const qint64 startedMs = QDateTime::currentMSecsSinceEpoch(); // listen's engine starts after this
        Listen listen(
            {QStringLiteral("ws://127.0.0.1:%1/").arg(peer.port), "--timeout", "9", "--no-geoip", "-q", "--alert",
             "burst: click per 2s > 50", "--alert", "quiet: * per 2s < 1", "--alert-webhook", receiver.url(),
             "--alert-exec",
             "{ cat; echo \"$PULSEMAP_ALERT_RULE $PULSEMAP_ALERT_STATE $PULSEMAP_ALERT_THRESHOLD\"; } >> " + log});
        QVERIFY(listen.finished(20000));
        const CliResult result = listen.result();
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject s = summary(result);
        QCOMPARE(s.value("received").toInt(), 3000);
        QCOMPARE(s.value("alerts_fired").toInt(), 2);
        QCOMPARE(s.value("alerts_resolved").toInt(), 1);
        QCOMPARE(s.value("webhook_delivered").toInt(), 3);
        QCOMPARE(s.value("webhook_failed").toInt(), 0);
        QVERIFY2(result.err.contains("ALERT burst is firing"), result.err.constData());

        QCOMPARE(receiver.requests.size(), 4);
        QVERIFY(receiver.requests[0].refused);
        QCOMPARE(receiver.requests[0].body, receiver.requests[1].body); // retried, unchanged
        for (const WebhookReceiver::Request &request : receiver.requests) {
            QCOMPARE(request.method, QByteArray("POST"));
            QCOMPARE(request.path, QByteArray("/hooks/alerts"));
            QCOMPARE(request.contentType, QByteArray("application/json"));
        }
        const QList<QJsonObject> notices = receiver.accepted();
        const QJsonObject fired = notices[0];
        QCOMPARE(fired.value("rule").toString(), QString("burst"));
        QCOMPARE(fired.value("condition").toString(), QString("click per 2s > 50"));
        QCOMPARE(fired.value("state").toString(), QString("firing"));
        QVERIFY(fired.value("value").toInt() > 50);
        QVERIFY(fired.value("value").toInt() <= 1000);
        QCOMPARE(fired.value("threshold").toInt(), 50);
        QVERIFY2(fired.value("text").toString().startsWith("burst is firing: "),
                 qPrintable(fired.value("text").toString()));
        QVERIFY(atMs(fired) > 0);
        // The low mark could fire only one window after start, when the burst was long over.
        const QJsonObject quiet = notices[1];
        QCOMPARE(quiet.value("rule").toString(), QString("quiet"));
        QCOMPARE(quiet.value("state").toString(), QString("firing"));
        QCOMPARE(quiet.value("value").toInt(), 0);
        QVERIFY2(atMs(quiet) - startedMs >= 2000, qPrintable(QString::number(atMs(quiet) - startedMs)));
        // Resolved only after the burst left its window and then a whole window passed without it.
        const QJsonObject resolved = notices[2];
        QCOMPARE(resolved.value("rule").toString(), QString("burst"));
        QCOMPARE(resolved.value("state").toString(), QString("resolved"));
        QCOMPARE(resolved.value("threshold").toInt(), 50);
        QVERIFY(resolved.value("value").toInt() <= 50);
        QVERIFY2(atMs(resolved) - atMs(fired) >= 3900, qPrintable(QString::number(atMs(resolved) - atMs(fired))));
        QVERIFY(resolved.value("text").toString().startsWith("burst resolved: "));

        // The command got the same JSON on stdin, and the fields in its environment, in order.
        const QList<QByteArray> lines = readFile(log).trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QCOMPARE(QJsonDocument::fromJson(lines[0]).object(), fired);
        QCOMPARE(lines[1], QByteArray("burst firing 50"));
        QCOMPARE(lines[3], QByteArray("quiet firing 1"));
        QCOMPARE(QJsonDocument::fromJson(lines[4]).object(), resolved);
        QCOMPARE(lines[5], QByteArray("burst resolved 50"));
    }

    void sourceDownAtStartFiresAndResolvesWhenItComesUp()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const quint16 port = freePort();
        Listen listen({QStringLiteral("ws://127.0.0.1:%1/").arg(port), "--timeout", "10", "--no-geoip", "-q", "--alert",
                       "down: source down 1s", "--alert-webhook", receiver.url()});
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 1, 5000);
        const QJsonObject fired = receiver.requests[0].json();
        QCOMPARE(fired.value("rule").toString(), QString("down"));
        QCOMPARE(fired.value("state").toString(), QString("firing"));
        QCOMPARE(fired.value("condition").toString(), QString("source down 1s"));
        QCOMPARE(fired.value("threshold").toInt(), 1);
        QVERIFY(fired.value("value").toInt() >= 1);
        Peer peer;
        QVERIFY(peer.start("ws_server.js", {"--port", QString::number(port), "--events", "100"}));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, 9000); // after the reconnect backoff + 1 s up
        const QJsonObject resolved = receiver.requests[1].json();
        QCOMPARE(resolved.value("state").toString(), QString("resolved"));
        QCOMPARE(resolved.value("value").toInt(), 0);
        QVERIFY(listen.finished(15000));
        const CliResult result = listen.result();
        QCOMPARE(summary(result).value("received").toInt(), 100);
        QCOMPARE(summary(result).value("alerts_fired").toInt(), 1);
        QCOMPARE(summary(result).value("alerts_resolved").toInt(), 1);
    }

    void deadWebhookNeverHoldsUpTheEvents()
    {
        Peer peer;
        QVERIFY(peer.start("ws_server.js", {"--events", "5000"}));
        const QString deadHook = QStringLiteral("http://127.0.0.1:%1/").arg(freePort());
        QElapsedTimer timer;
        timer.start();
        const CliResult result =
            runCli({"listen", QStringLiteral("ws://127.0.0.1:%1/").arg(peer.port), "--count", "5000", "--timeout", "60",
                    "--no-geoip", "-q", "--alert", "any: * per 1s >= 1", "--alert-webhook", deadHook});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(summary(result).value("received").toInt(), 5000);
        QCOMPARE(summary(result).value("alerts_fired").toInt(), 1);
        QCOMPARE(summary(result).value("webhook_delivered").toInt(), 0);
        QVERIFY2(result.err.contains("alert webhook: ") && result.err.contains("(will retry)"), result.err.constData());
        QVERIFY2(result.err.contains("1 notices not delivered"), result.err.constData());
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed()))); // 5 s grace at most
    }

    void badRulesAreRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        QTest::newRow("bad window") << QStringList{"--alert", "burst: click per 10 > 5"} << "'10' is not a window";
        QTest::newRow("no name") << QStringList{"--alert", "click per 10s > 5"} << "expected NAME: CONDITION";
        QTest::newRow("same name twice") << QStringList{"--alert", "a: click per 10s > 5", "--alert",
                                                        "a: open per 1m < 1"}
                                         << "already named a";
        QTest::newRow("webhook without rule")
            << QStringList{"--alert-webhook", "http://127.0.0.1:9/"} << "need at least one --alert";
        QTest::newRow("webhook not http")
            << QStringList{"--alert", "a: * per 1s > 1", "--alert-webhook", "ftp://example.invalid/"}
            << "not an http:// or https:// URL";
    }
    void badRulesAreRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        const CliResult result = runCli(QStringList{"listen", "ws://127.0.0.1:1/", "--no-geoip"} + arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(says.toUtf8()), result.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliListenAlerts)
#include "tst_cli_listen_alerts.moc"
