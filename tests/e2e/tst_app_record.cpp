// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The desktop app recording a relay stream (a real window under Xvfb): killed with SIGKILL mid-stream, the
// file is a valid campaign holding a contiguous run of the relay's sequence numbers, short of at most the
// last second sent before the kill. Also --record's refusals and a clean file after a normal exit.
#include "relay_process.h"

#include <QHash>
#include <QTemporaryDir>

using namespace pulsemap::test;

namespace {

QString appPath()
{
    return qEnvironmentVariable("PULSEMAP_APP");
}

CliResult runApp(const QStringList &arguments, int timeoutMs = 60000)
{
    QProcess process;
    process.start(appPath(), arguments);
    process.waitForFinished(timeoutMs);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace

class TstAppRecord : public QObject
{
    Q_OBJECT

private slots:
    void killedMidStreamLosesAtMostTheLastSecond()
    {
        constexpr int kRate = 100; // events per second, one beacon hit each
        constexpr int kKillAfterMs = 3000;
        constexpr int kSendForMs = 4000;

        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0"}));
        // A witness display: when each sequence number went out to the relay's subscribers.
        Subscriber witness(relay.url());
        witness.keep = false;
        QElapsedTimer clock;
        QHash<qint64, qint64> sentAtMs;
        connect(&witness.socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
            for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array()) {
                sentAtMs.insert(value.toObject().value("seq").toInteger(), clock.elapsed());
            }
        });
        QTRY_VERIFY(witness.wasConnected);

        QTemporaryDir dir;
        const QString file = dir.filePath("recorded.pulsemap");
        QProcess app;
        app.setProcessChannelMode(QProcess::ForwardedChannels);
        app.start(appPath(), {"--source", relay.url(), "--record", file, "--size", "640x360"});
        QVERIFY(app.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(body(get(relay.listen, "/metrics")).contains("\npulsemap_relay_clients 2\n"), 30000);

        clock.start();
        int sent = 0;
        qint64 killedAtMs = -1;
        qint64 lastSeqAtKill = -1;
        while (clock.elapsed() < kSendForMs) {
            const qint64 due = qint64(sent) * 1000 / kRate;
            if (clock.elapsed() < due) {
                QTest::qWait(int(due - clock.elapsed()));
                continue;
            }
            QVERIFY(get(relay.collect, "/collect?type=open&lat=48.85&lon=2.35").startsWith("HTTP/1.1 200"));
            ++sent;
            if (killedAtMs < 0 && clock.elapsed() >= kKillAfterMs) {
                QCoreApplication::processEvents(); // the witness takes what the relay sent so far
                killedAtMs = clock.elapsed();
                lastSeqAtKill = witness.lastSeq;
                app.kill(); // SIGKILL: no chance to commit or close
            }
        }
        QVERIFY(killedAtMs > 0);
        QTRY_COMPARE_WITH_TIMEOUT(app.state(), QProcess::NotRunning, 10000); // (qWait may have reaped it already)
        QCOMPARE(app.exitStatus(), QProcess::CrashExit);
        QTRY_COMPARE(witness.count, qint64(sent));
        QVERIFY(witness.ordered);

        // A valid campaign, as left by the killed process (its write-ahead log included).
        const CliResult check = runCli({"check", file});
        QVERIFY2(check.exitCode == 0, check.out + check.err);

        const qint64 first = queryInt(file, "SELECT min(seq) FROM events");
        const qint64 last = queryInt(file, "SELECT max(seq) FROM events");
        const qint64 count = queryInt(file, "SELECT count(*) FROM events");
        QCOMPARE(first, qint64(1)); // connected before the first hit: nothing missing at the start
        QCOMPARE(count, last - first + 1);
        QVERIFY2(last <= lastSeqAtKill, "recorded an event sent after the kill");
        const qint64 lostEvents = lastSeqAtKill - last;
        const qint64 lostMs = lostEvents == 0 ? 0 : killedAtMs - sentAtMs.value(last + 1, killedAtMs);
        qInfo("kill -9 after %lld events: %lld recorded, %lld lost (the last %lld ms before the kill)", lastSeqAtKill,
              count, lostEvents, lostMs);
        QVERIFY2(count > 0, "nothing recorded");
        QVERIFY2(lostMs <= 1000, qPrintable(QStringLiteral("lost the last %1 ms").arg(lostMs)));
    }

    void recordsUntilANormalExitIntoOneFile()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("sim.pulsemap");
        const QString shot = dir.filePath("shot.png");
        CliResult run = runApp(
            {"--source", "simulate:200", "--record", file, "--screenshot", shot, "--after", "2", "--size", "640x360"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(!QFile::exists(file + "-wal"));
        const qint64 first = queryInt(file, "SELECT count(*) FROM events");
        QVERIFY2(first > 100, qPrintable(QString::number(first)));
        QCOMPARE(runCli({"check", file}).exitCode, 0);

        // Again into the same file: appended.
        run = runApp(
            {"--source", "simulate:200", "--record", file, "--screenshot", shot, "--after", "1", "--size", "640x360"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(queryInt(file, "SELECT count(*) FROM events") > first);
    }

    void refusals()
    {
        QTemporaryDir dir;
        CliResult help = runApp({"--help"});
        QVERIFY(help.exitCode == 0 && help.out.contains("--record <FILE>"));

        // A directory that does not exist: a usage error, before any window.
        CliResult run = runApp({"--source", "simulate", "--record", dir.filePath("missing/x.pulsemap")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("does not exist") && run.err.contains("missing"), run.err.constData());
        QVERIFY(!QFileInfo::exists(dir.filePath("missing")));

        run = runApp({"--source", "simulate", "--record", dir.path()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("directory"), run.err.constData());

        // A replay is not recorded.
        run = runApp({"some.pulsemap", "--record", dir.filePath("copy.pulsemap")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("already a file"), run.err.constData());
        run = runApp({"--record", dir.filePath("copy.pulsemap")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!QFile::exists(dir.filePath("copy.pulsemap")));

        // Not a campaign: found when the writer opens it; the file is left alone.
        const QString notes = dir.filePath("notes.txt");
        QVERIFY(writeFile(notes, QByteArray(4096, 'x')));
        run = runApp({"--source", "simulate", "--record", notes, "--size", "640x360"}, 30000);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("recording stopped"), run.err.constData());
        QCOMPARE(readFile(notes), QByteArray(4096, 'x'));
    }
};

QTEST_GUILESS_MAIN(TstAppRecord)
#include "tst_app_record.moc"
