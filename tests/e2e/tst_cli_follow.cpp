// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_runner.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <csignal>

using namespace pulsemap::test;

namespace {

// One unique, valid combined line per number: the campaign parameter carries the number, so the
// campaign file shows exactly which lines were stored and how often.
QByteArray numberedLine(int n)
{
    return QStringLiteral("198.51.100.%1 - - [17/May/2015:10:%2:%3 +0000] \"GET /o.gif?utm_campaign=n%4 HTTP/1.1\" "
                          "200 43 \"-\" \"Mozilla/5.0\"\n")
        .arg(n % 250 + 1)
        .arg(n / 60 % 60, 2, 10, QChar('0'))
        .arg(n % 60, 2, 10, QChar('0'))
        .arg(n)
        .toUtf8();
}

QByteArray numberedLines(int from, int to)
{
    QByteArray lines;
    for (int n = from; n < to; ++n) {
        lines += numberedLine(n);
    }
    return lines;
}

class Follower
{
public:
    Follower(const QString &campaign, const QString &log)
    {
        m_process.start(cliPath(),
                        {"import", "--follow", "--no-geoip", "--rotate-wait", "1", "-q", "-o", campaign, log});
        m_process.waitForStarted();
    }
    ~Follower()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    void killHard()
    {
        ::kill(static_cast<pid_t>(m_process.processId()), SIGKILL);
        m_process.waitForFinished();
    }
    CliResult stop(int signal)
    {
        ::kill(static_cast<pid_t>(m_process.processId()), signal);
        m_process.waitForFinished(30000);
        return {m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1,
                m_process.readAllStandardOutput(), m_process.readAllStandardError()};
    }

private:
    QProcess m_process;
};

// Waits until the campaign holds `count` events (the follower commits at least every 250 ms).
bool waitForCount(const QString &campaign, qint64 count, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (queryInt(campaign, "SELECT count(*) FROM events") >= count) {
            return true;
        }
        QTest::qWait(50);
    }
    return false;
}

void verifyExactlyOnce(const QString &campaign, int total)
{
    QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events"), total);
    QCOMPARE(queryInt(campaign, "SELECT count(DISTINCT campaign) FROM events"), total);
    QCOMPARE(queryInt(campaign, "SELECT min(CAST(substr(campaign, 2) AS INTEGER)) FROM events"), 0);
    QCOMPARE(queryInt(campaign, "SELECT max(CAST(substr(campaign, 2) AS INTEGER)) FROM events"), total - 1);
}

} // namespace

class TstCliFollow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void sigintStopsCleanly()
    {
        const QString log = path("clean.log");
        const QString campaign = path("clean.pulsemap");
        QVERIFY(writeFile(log, numberedLines(0, 100)));
        Follower follower(campaign, log);
        QVERIFY(waitForCount(campaign, 100));
        QVERIFY(writeFile(log, numberedLines(100, 150), QIODevice::Append));
        QVERIFY(waitForCount(campaign, 150));
        const CliResult result = follower.stop(SIGINT);
        QCOMPARE(result.exitCode, 0);
        const QJsonObject report = summary(result);
        QCOMPARE(report["events"].toInt(), 150);
        QVERIFY(report["interrupted"].toBool());
        QVERIFY(!QFile::exists(campaign + "-wal")); // flushed and folded back into one file
        verifyExactlyOnce(campaign, 150);
    }

    // kill -9 at random moments while lines keep arriving, restart each time: every line stored once.
    void killNineAndRestartLosesNothingDuplicatesNothing()
    {
        const QString log = path("crash.log");
        const QString campaign = path("crash.pulsemap");
        QVERIFY(writeFile(log, {}));
        auto *rng = QRandomGenerator::global();
        int written = 0;
        const int total = 6000;
        // The last lines are written only for the last follower: reaching the total then proves it is running
        // (and has its signal handlers) before it is asked to stop.
        const int killedRoundsWrite = total - 100;
        for (int round = 0; round < 6; ++round) {
            Follower follower(campaign, log);
            QElapsedTimer timer;
            timer.start();
            const int killAfterMs = 150 + static_cast<int>(rng->bounded(600));
            while (timer.elapsed() < killAfterMs && written < killedRoundsWrite) {
                const int chunk = 1 + static_cast<int>(rng->bounded(200));
                const int end = std::min(killedRoundsWrite, written + chunk);
                QVERIFY(writeFile(log, numberedLines(written, end), QIODevice::Append));
                written = end;
                QTest::qWait(static_cast<int>(rng->bounded(30)));
            }
            follower.killHard();
        }
        QVERIFY(writeFile(log, numberedLines(written, total), QIODevice::Append));
        Follower last(campaign, log);
        QVERIFY(waitForCount(campaign, total));
        QCOMPARE(last.stop(SIGTERM).exitCode, 0);
        verifyExactlyOnce(campaign, total);
    }

    void followsRenameRotationAndCopytruncate()
    {
        const QString log = path("rot.log");
        const QString campaign = path("rot.pulsemap");
        QVERIFY(writeFile(log, numberedLines(0, 100)));
        Follower follower(campaign, log);
        QVERIFY(waitForCount(campaign, 100));
        // logrotate's default: rename, then the server keeps writing to the renamed file until it
        // reopens (nginx after USR1); then a new file appears at the path.
        QVERIFY(QFile::rename(log, log + ".1"));
        QVERIFY(writeFile(log + ".1", numberedLines(100, 120), QIODevice::Append));
        QVERIFY(writeFile(log, numberedLines(120, 200)));
        QVERIFY(waitForCount(campaign, 200));
        // copytruncate: copy away, truncate in place, keep writing.
        QVERIFY(QFile::copy(log, log + ".2"));
        QVERIFY(QFile::resize(log, 0));
        QVERIFY(writeFile(log, numberedLines(200, 230), QIODevice::Append));
        QVERIFY(waitForCount(campaign, 230));
        // The file disappears, then comes back later.
        QVERIFY(QFile::remove(log));
        QTest::qWait(500);
        QVERIFY(writeFile(log, numberedLines(230, 260)));
        QVERIFY(waitForCount(campaign, 260));
        QCOMPARE(follower.stop(SIGTERM).exitCode, 0);
        verifyExactlyOnce(campaign, 260);
    }

    void startsBeforeTheFileExists()
    {
        const QString log = path("later.log");
        const QString campaign = path("later.pulsemap");
        Follower follower(campaign, log);
        QTest::qWait(400);
        QVERIFY(writeFile(log, numberedLines(0, 10)));
        QVERIFY(waitForCount(campaign, 10));
        QCOMPARE(follower.stop(SIGTERM).exitCode, 0);
        verifyExactlyOnce(campaign, 10);
    }

    void restartAfterRotationWhileStopped()
    {
        const QString log = path("offline.log");
        const QString campaign = path("offline.pulsemap");
        QVERIFY(writeFile(log, numberedLines(0, 50)));
        {
            Follower follower(campaign, log);
            QVERIFY(waitForCount(campaign, 50));
            QCOMPARE(follower.stop(SIGTERM).exitCode, 0);
        }
        // While Pulsemap is down: more lines, then rotation, then lines in the new file.
        QVERIFY(writeFile(log, numberedLines(50, 80), QIODevice::Append));
        QVERIFY(QFile::rename(log, log + ".1"));
        QVERIFY(writeFile(log, numberedLines(80, 100)));
        Follower follower(campaign, log);
        QVERIFY(waitForCount(campaign, 100));
        QCOMPARE(follower.stop(SIGTERM).exitCode, 0);
        verifyExactlyOnce(campaign, 100);
    }
};

QTEST_GUILESS_MAIN(TstCliFollow)
#include "tst_cli_follow.moc"
