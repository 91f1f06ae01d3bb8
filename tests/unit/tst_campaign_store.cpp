// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "core/campaign_store.h"

#include <QtTest>
#include <sqlite3.h>

#include <fstream>
#include <random>

using namespace pulsemap;

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

EventBatch sampleBatch(int count)
{
    EventBatch batch;
    for (int i = 0; i < count; ++i) {
        Event &event = batch.append();
        event.tsMs = 1431857103000 + i;
        event.type = batch.store(i % 2 ? "open" : "click");
        if (i % 3 != 0) {
            event.lat = 55.75;
            event.lon = 37.62;
            event.country = {'R', 'U'};
            event.city = batch.store("Moscow");
        }
        event.campaign = batch.store("spring");
    }
    return batch;
}
} // namespace

class TstCampaignStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(name); }

private slots:
    void createAppendReopen()
    {
        const std::string file = path("a.pulsemap").toStdString();
        {
            auto store = CampaignStore::openOrCreate(file);
            QVERIFY2(store, store.message().c_str());
            EventBatch batch = sampleBatch(10);
            SourceCheckpoint checkpoint{"/var/log/x.log", 1, 2, std::string("ab\0cd", 5), 1234, 10};
            batch.setCheckpoint(checkpoint);
            const Status appended = (*store)->append(batch);
            QVERIFY2(appended, appended.message().c_str());
            const Status closed = (*store)->close();
            QVERIFY2(closed, closed.message().c_str());
        }
        // No WAL left behind after a clean close: one self-contained file.
        QVERIFY(!QFile::exists(path("a.pulsemap-wal")));
        {
            auto opened = CampaignStore::openOrCreate(file);
            QVERIFY2(opened, opened.message().c_str());
            CampaignStore &store = **opened;
            QVERIFY(store.append(sampleBatch(5)));
            QCOMPARE(store.eventCount(), 15);
            const auto checkpoints = store.checkpoints("/var/log/x.log");
            QCOMPARE(checkpoints.size(), size_t(1));
            QCOMPARE(checkpoints[0].offset, 1234);
            QCOMPARE(checkpoints[0].fingerprint, std::string("ab\0cd", 5));
            QCOMPARE(checkpoints[0].inode, uint64_t(2));
        }
        // What the docs promise from the sqlite3 shell.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        SqliteStatement query(db, "SELECT ts, type, lat, lon, country, city, campaign FROM events ORDER BY id LIMIT 2");
        QVERIFY(query.valid());
        QCOMPARE(query.step(), SQLITE_ROW);
        QCOMPARE(query.columnInt(0), 1431857103000);
        QCOMPARE(query.columnText(1), std::string_view("click"));
        QVERIFY(query.columnIsNull(2)); // unlocated
        QVERIFY(query.columnIsNull(4));
        QCOMPARE(query.step(), SQLITE_ROW);
        QCOMPARE(query.columnText(4), std::string_view("RU"));
        QCOMPARE(query.columnText(5), std::string_view("Moscow"));
        QCOMPARE(query.columnText(6), std::string_view("spring"));
        SqliteStatement appId(db, "PRAGMA application_id");
        QCOMPARE(appId.step(), SQLITE_ROW);
        QCOMPARE(appId.columnInt(0), CampaignStore::kApplicationId);
        query = {};
        appId = {};
        sqlite3_close(db);
    }

    void checkpointAndEventsCommitTogether()
    {
        const std::string file = path("b.pulsemap").toStdString();
        auto opened = CampaignStore::openOrCreate(file);
        QVERIFY(opened);
        CampaignStore *store = opened->get();
        // A second writer holding the lock makes the append fail: neither events nor checkpoint land.
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &other), SQLITE_OK);
        sqlite3_busy_timeout(other, 0);
        QVERIFY(sqliteExec(other, "BEGIN IMMEDIATE"));
        sqlite3_busy_timeout(store->db(), 50);
        EventBatch batch = sampleBatch(3);
        batch.setCheckpoint({"/x", 1, 1, "fp", 99, 3});
        const Status appended = store->append(batch);
        QVERIFY(!appended);
        QVERIFY(!appended.message().empty());
        QVERIFY(sqliteExec(other, "ROLLBACK"));
        sqlite3_close(other);
        QCOMPARE(store->eventCount(), 0);
        QVERIFY(store->checkpoints("/x").empty());
    }

    void rejectsWhatIsNotACampaign_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing.pulsemap" << QByteArray() << "No such file";
        QTest::newRow("empty") << "empty.pulsemap" << QByteArray("") << "empty file";
        QTest::newRow("text") << "text.pulsemap" << QByteArray("hello, I am a text file\n").repeated(10)
                              << "not an SQLite database";
        std::mt19937 rng(42);
        QByteArray random(8192, 0);
        for (char &c : random) {
            c = static_cast<char>(rng());
        }
        QTest::newRow("random") << "random.pulsemap" << random << "not an SQLite database";
    }

    void rejectsWhatIsNotACampaign()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString file = path(name.toUtf8().constData());
        if (name != "missing.pulsemap") {
            writeFile(file, content);
        }
        const auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadOnly);
        QVERIFY(!store);
        const std::string &error = store.message();
        QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
        QVERIFY(error.find('\n') == std::string::npos);
        QVERIFY(!CampaignStore::openOrCreate(file.toStdString()) || name == "missing.pulsemap");
        if (name != "missing.pulsemap") {
            QCOMPARE(readAll(file), content); // never modified
        }
        QFile::remove(file);
    }

    void rejectsOtherDatabasesNewerSchemasAndTruncation()
    {
        std::string error;
        // The open's error message, empty when it opened.
        auto openError = [](const Result<std::unique_ptr<CampaignStore>> &store) { return store.message(); };
        // Another application's SQLite database.
        const std::string foreign = path("foreign.db").toStdString();
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
        QVERIFY(sqliteExec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);"));
        sqlite3_close(db);
        const QByteArray foreignBytes = readAll(QString::fromStdString(foreign));
        error = openError(CampaignStore::openOrCreate(foreign));
        QVERIFY(!error.empty());
        QVERIFY2(error.find("not a Pulsemap campaign file") != std::string::npos, error.c_str());
        QCOMPARE(readAll(QString::fromStdString(foreign)), foreignBytes);

        // A campaign from a future version.
        const std::string newer = path("newer.pulsemap").toStdString();
        {
            auto store = CampaignStore::openOrCreate(newer);
            QVERIFY(store);
            QVERIFY(sqliteExec((*store)->db(), "PRAGMA user_version = 99"));
        }
        error = openError(CampaignStore::open(newer, CampaignStore::Access::ReadOnly));
        QVERIFY(!error.empty());
        QVERIFY2(error.find("newer Pulsemap") != std::string::npos, error.c_str());

        // A real campaign cut short.
        const std::string whole = path("whole.pulsemap").toStdString();
        {
            auto store = CampaignStore::openOrCreate(whole);
            QVERIFY(store);
            QVERIFY((*store)->append(sampleBatch(20000)));
        }
        QByteArray bytes = readAll(QString::fromStdString(whole));
        const QString cut = path("cut.pulsemap");
        writeFile(cut, bytes.left(bytes.size() / 2));
        error = openError(CampaignStore::open(cut.toStdString(), CampaignStore::Access::ReadOnly));
        QVERIFY(!error.empty());
        QVERIFY2(error.find("truncated") != std::string::npos, error.c_str());
        QCOMPARE(readAll(cut), bytes.left(bytes.size() / 2));

        // Header intact, pages scribbled over: SQLite notices when the schema is read.
        QByteArray scribbled = bytes;
        for (qsizetype i = 100; i < scribbled.size(); i += 7) {
            scribbled[i] = char(0xA5);
        }
        const QString bad = path("scribbled.pulsemap");
        writeFile(bad, scribbled);
        error = openError(CampaignStore::open(bad.toStdString(), CampaignStore::Access::ReadOnly));
        QVERIFY2(!error.empty(), "corrupt pages must be reported");
        QCOMPARE(readAll(bad), scribbled);
    }
};

QTEST_GUILESS_MAIN(TstCampaignStore)
#include "tst_campaign_store.moc"
