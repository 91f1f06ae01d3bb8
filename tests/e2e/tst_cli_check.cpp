// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_runner.h"
#include "core/campaign_store.h"

#include <QTemporaryDir>

#include <atomic>
#include <thread>

using namespace pulsemap::test;

namespace {

bool runSql(const QString &file, const char *sql)
{
    sqlite3 *db = nullptr;
    bool ok = sqlite3_open_v2(file.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
                  SQLITE_OK &&
              sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

QJsonObject lastJson(const CliResult &result)
{
    return summary(result);
}

QString problems(const CliResult &result)
{
    QStringList listed;
    for (const auto &problem : lastJson(result)["problems"].toArray()) {
        listed << problem.toString();
    }
    return listed.join("\n");
}

} // namespace

class TstCliCheck : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_healthy = m_dir.filePath("healthy.pulsemap");
        const CliResult result = runCli({"simulate", "-o", m_healthy, "--events", "5000", "--seed", "3"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
    }

    void healthyFile()
    {
        for (const QStringList &options : {QStringList{}, QStringList{"--quick"}}) {
            const CliResult result = runCli(QStringList{"check", m_healthy} + options);
            QVERIFY2(result.exitCode == 0, result.out.constData());
            const QJsonObject report = lastJson(result);
            QCOMPARE(report["healthy"].toBool(), true);
            QCOMPARE(report["events"].toInt(), 5000);
            QCOMPARE(report["problems"].toArray().size(), 0);
            QCOMPARE(report["check"].toString(),
                     options.isEmpty() ? QString("integrity_check") : QString("quick_check"));
        }
    }

    void corruptPage()
    {
        const QString file = copyOfHealthy("corrupt.pulsemap");
        QByteArray bytes = readFile(file);
        const qsizetype pageSize = 4096;
        QVERIFY(bytes.size() > 8 * pageSize);
        // Flip every bit of the header of a page in the middle of the file (the b-tree page type and cell count).
        const qsizetype page = (bytes.size() / pageSize / 2) * pageSize;
        for (qsizetype i = page; i < page + 12; ++i) {
            bytes[i] = static_cast<char>(~bytes[i]);
        }
        QVERIFY(writeFile(file, bytes));
        const CliResult result = runCli({"check", file});
        QCOMPARE(result.exitCode, 1);
        QCOMPARE(lastJson(result)["healthy"].toBool(), false);
        QVERIFY2(!problems(result).isEmpty(), result.out.constData());
    }

    void truncatedFile()
    {
        const QString file = copyOfHealthy("truncated.pulsemap");
        QVERIFY(QFile::resize(file, QFileInfo(file).size() / 2));
        const CliResult result = runCli({"check", file});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(problems(result).contains("truncated"), result.out.constData());
    }

    void notACampaign()
    {
        const QString other = m_dir.filePath("other.sqlite");
        QVERIFY(runSql(other, "CREATE TABLE t(x); INSERT INTO t VALUES(1);"));
        CliResult result = runCli({"check", other});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("not a Pulsemap campaign file"));
        QVERIFY(writeFile(m_dir.filePath("text.pulsemap"), "hello\n"));
        QCOMPARE(runCli({"check", m_dir.filePath("text.pulsemap")}).exitCode, 2);
        QCOMPARE(runCli({"check", m_dir.filePath("missing.pulsemap")}).exitCode, 2);
        QCOMPARE(runCli({"check"}).exitCode, 2);
    }

    void impossibleRows()
    {
        const QString file = copyOfHealthy("rows.pulsemap");
        QVERIFY(runSql(file, "UPDATE events SET ts = 5000000000000 WHERE id = 42;"
                             "UPDATE events SET ts = -1 WHERE id = 43;"
                             "UPDATE events SET lat = 95 WHERE id = 44 AND lat IS NOT NULL;"
                             "UPDATE events SET lat = 10, lon = NULL WHERE id = 45;"));
        const CliResult result = runCli({"check", file});
        QCOMPARE(result.exitCode, 1);
        const QString listed = problems(result);
        QVERIFY2(listed.contains("id 42: time outside") && listed.contains("id 43: time outside"), qPrintable(listed));
        QVERIFY2(listed.contains("id 45: coordinates"), qPrintable(listed));
        QCOMPARE(lastJson(result)["events"].toInt(), 5000);
    }

    void rollupsThatDisagree()
    {
        const QString file = copyOfHealthy("rollups.pulsemap");
        // One count off, one bucket missing, one invented: each is named; the events themselves are fine.
        QVERIFY(runSql(file,
                       "UPDATE rollup_minutes SET events = events + 1 WHERE start_ms = (SELECT min(start_ms) "
                       "FROM rollup_minutes);"
                       "DELETE FROM rollup_countries WHERE start_ms = (SELECT max(start_ms) FROM rollup_countries);"
                       "INSERT INTO rollup_cells VALUES(60000, 0, 'open', '', 1, 1, 1);"));
        const CliResult result = runCli({"check", file});
        QCOMPARE(result.exitCode, 1);
        const QString listed = problems(result);
        QVERIFY2(listed.contains("rollup_minutes: bucket") && listed.contains("rollup_countries: bucket") &&
                     listed.contains("rollup_cells (minutes): bucket 1970-01-01T00:00:00"),
                 qPrintable(listed));
        QVERIFY2(!listed.contains("rollup_cells (hours)"), qPrintable(listed));
        QCOMPARE(lastJson(result)["schema"].toInt(), 2);
        // --quick compares totals per hour: the changed count and the missing hour show, the invented cell
        // at 1970 too (an hour with rollups and no events).
        const CliResult quick = runCli({"check", "--quick", file});
        QCOMPARE(quick.exitCode, 1);
        const QString quickListed = problems(quick);
        QVERIFY2(quickListed.contains("rollups: hour 1970-01-01T00:00:00") && quickListed.count("rollups: hour") >= 3,
                 qPrintable(quickListed));
    }

    void version1FileIsHealthy()
    {
        // A version-1 file has no rollups to compare: healthy, reported as schema 1.
        const QString file = m_dir.filePath("v1.pulsemap");
        QVERIFY(runSql(file, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
                             "CREATE TABLE events(id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, type TEXT NOT NULL, "
                             "lat REAL, lon REAL, country TEXT, city TEXT, campaign TEXT, weight REAL NOT NULL "
                             "DEFAULT 1, seq INTEGER, ip TEXT); CREATE INDEX events_ts ON events(ts);"
                             "CREATE TABLE sources(path TEXT NOT NULL, device INTEGER NOT NULL, inode INTEGER NOT "
                             "NULL, fingerprint BLOB NOT NULL, offset INTEGER NOT NULL, line INTEGER NOT NULL, "
                             "updated_ms INTEGER NOT NULL, UNIQUE(path, device, inode));"
                             "INSERT INTO events(ts, type, lat, lon) VALUES(1700000000000, 'open', 48.1, 11.6);"
                             "PRAGMA application_id = 1347767379; PRAGMA user_version = 1;"));
        const CliResult result = runCli({"check", file});
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QCOMPARE(lastJson(result)["schema"].toInt(), 1);
        QCOMPARE(lastJson(result)["events"].toInt(), 1);
    }

    void schemaDrift()
    {
        const QString file = copyOfHealthy("schema.pulsemap");
        QVERIFY(runSql(file, "DROP INDEX events_ts; ALTER TABLE sources DROP COLUMN updated_ms;"));
        const CliResult result = runCli({"check", file});
        QCOMPARE(result.exitCode, 1);
        const QString listed = problems(result);
        QVERIFY2(listed.contains("events_ts") && listed.contains("sources.updated_ms"), qPrintable(listed));
    }

    void backupRefusals()
    {
        const QString copy = m_dir.filePath("refused-copy.pulsemap");
        QVERIFY(writeFile(copy, "keep me"));
        CliResult result = runCli({"backup", m_healthy, copy});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(readFile(copy), QByteArray("keep me"));
        QCOMPARE(runCli({"backup", m_healthy, m_healthy, "--force"}).exitCode, 2); // itself
        QCOMPARE(runCli({"backup", m_dir.filePath("missing.pulsemap"), m_dir.filePath("x.pulsemap")}).exitCode, 2);
        QVERIFY(writeFile(m_dir.filePath("notes.txt"), "not a campaign\n"));
        QCOMPARE(runCli({"backup", m_dir.filePath("notes.txt"), m_dir.filePath("y.pulsemap")}).exitCode, 2);
        QCOMPARE(runCli({"backup", m_healthy}).exitCode, 2);
        result = runCli({"backup", m_healthy, copy, "--force"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(lastJson(result)["events"].toInt(), 5000);
        QCOMPARE(runCli({"check", copy}).exitCode, 0);
    }

    // Backups taken while another process's store appends: each copy is a healthy campaign holding a
    // prefix of what was written (whole transactions), with no -wal of its own.
    void backupWhileRecording()
    {
        const QString live = m_dir.filePath("live.pulsemap");
        std::atomic<bool> stop{false};
        std::atomic<int64_t> written{0};
        std::atomic<bool> writerOk{true};
        std::thread writer([&] {
            auto store = pulsemap::CampaignStore::openOrCreate(live.toStdString());
            if (!store) {
                writerOk = false;
                return;
            }
            pulsemap::EventBatch batch;
            int64_t seq = 0;
            while (!stop.load()) {
                batch.clear();
                for (int i = 0; i < 500; ++i, ++seq) {
                    pulsemap::Event &event = batch.append();
                    event.tsMs = 1'700'000'000'000 + seq;
                    event.seq = seq;
                    event.lat = 10;
                    event.lon = 20;
                }
                if (!(*store)->append(batch)) {
                    writerOk = false;
                    return;
                }
                written.store(seq);
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(written.load() >= 5000, 20000);
        qint64 previous = 0;
        for (int round = 0; round < 3; ++round) {
            const QString copy = m_dir.filePath(QString("copy%1.pulsemap").arg(round));
            const CliResult result = runCli({"backup", live, copy});
            QVERIFY2(result.exitCode == 0, result.err.constData());
            const qint64 events = queryInt(copy, "SELECT count(*) FROM events");
            QCOMPARE(lastJson(result)["events"].toInt(), events);
            QVERIFY(events >= previous && events >= 5000);
            QCOMPARE(events % 500, 0); // whole transactions only
            QCOMPARE(queryInt(copy, "SELECT count(*) FROM events WHERE seq = id - 1"), events);
            QCOMPARE(queryInt(copy, "SELECT max(id) FROM events"), events);
            QVERIFY(!QFile::exists(copy + "-wal"));
            QCOMPARE(readFile(copy).at(18), char(1)); // rollback journal: one self-contained file
            const CliResult checked = runCli({"check", copy});
            QVERIFY2(checked.exitCode == 0, checked.out.constData());
            previous = events;
            QTRY_VERIFY_WITH_TIMEOUT(written.load() > previous, 20000); // the recorder was never blocked
        }
        stop = true;
        writer.join();
        QVERIFY(writerOk.load());
    }

private: // NOLINT(readability-redundant-access-specifiers): "private slots" is a different section to moc
    QTemporaryDir m_dir;
    QString m_healthy; // 5,000 simulated events

    QString copyOfHealthy(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        return QFile::copy(m_healthy, path) ? path : QString();
    }
};

QTEST_GUILESS_MAIN(TstCliCheck)
#include "tst_cli_check.moc"
