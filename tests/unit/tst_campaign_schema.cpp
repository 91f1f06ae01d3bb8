// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Schema version 2: files of version 1 (Pulsemap's own and other tools' minimal ones) open read-only
// without being modified and are upgraded in place when opened for writing; rollups always agree with
// the events; a newer version is refused.
#include "core/campaign_reader.h"
#include "core/campaign_store.h"
#include "core/rollup_grid.h"
#include "core/rollup_query.h"
#include "rollup_test_util.h"

#include <QCryptographicHash>
#include <QtTest>
#include <sqlite3.h>

using namespace pulsemap;
using namespace pulsemap::test;

namespace {

// The version-1 schema exactly as Pulsemap 0.x wrote it (docs/campaign-format.md, version 1).
constexpr const char *kVersion1Sql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE events(id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, type TEXT NOT NULL, lat REAL, lon REAL,
    country TEXT, city TEXT, campaign TEXT, weight REAL NOT NULL DEFAULT 1, seq INTEGER, ip TEXT);
CREATE INDEX events_ts ON events(ts);
CREATE TABLE sources(path TEXT NOT NULL, device INTEGER NOT NULL, inode INTEGER NOT NULL,
    fingerprint BLOB NOT NULL, offset INTEGER NOT NULL, line INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
    UNIQUE(path, device, inode));
PRAGMA application_id = 1347767379;
PRAGMA user_version = 1;
)sql";

// What another tool might write from the format's description: only the columns it has, no index, no
// sources or meta tables.
constexpr const char *kMinimalSql = R"sql(
CREATE TABLE events(ts INTEGER NOT NULL, type TEXT NOT NULL, lat REAL, lon REAL, campaign TEXT);
PRAGMA application_id = 1347767379;
PRAGMA user_version = 1;
)sql";

// Writes a version-1 file with `count` random events over six hours: types, campaigns, places, weights.
void writeVersion1(const QString &path, const char *schema, int count, bool fullColumns)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    execOrFail(db, schema);
    execOrFail(db, "BEGIN");
    std::mt19937 random(7);
    const char *types[] = {"open", "click", "hit"};
    const char *campaigns[] = {"spring", "summer", nullptr};
    const double places[][2] = {{48.14, 11.58}, {40.71, -74.0}, {-33.87, 151.21}, {35.68, 139.69}};
    for (int i = 0; i < count; ++i) {
        const int64_t ts = 1'700'000'000'000 + int64_t(random() % (6 * 3'600'000));
        const char *campaign = campaigns[random() % 3];
        const bool located = random() % 5 != 0;
        const auto *place = places[random() % 4];
        std::string sql = fullColumns ? "INSERT INTO events(ts, type, lat, lon, country, campaign, weight) VALUES("
                                      : "INSERT INTO events(ts, type, lat, lon, campaign) VALUES(";
        sql += std::to_string(ts) + ", '" + types[random() % 3] + "', ";
        sql += located ? std::to_string(place[0]) + ", " + std::to_string(place[1]) : std::string("NULL, NULL");
        if (fullColumns) {
            sql += located ? ", 'DE'" : ", NULL";
        }
        sql += campaign != nullptr ? std::string(", '") + campaign + "'" : std::string(", NULL");
        if (fullColumns) {
            sql += ", " + std::to_string(1 + random() % 3);
        }
        execOrFail(db, sql + ")");
    }
    execOrFail(db, "COMMIT");
    sqlite3_close(db);
}

QByteArray digest(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                          : QByteArray();
}

} // namespace

class TstCampaignSchema : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(name); }

private slots:
    void newFilesAreVersion2WithRollupsInStep()
    {
        const std::string file = path("new.pulsemap").toStdString();
        auto store = CampaignStore::openOrCreate(file);
        QVERIFY2(store, store.message().c_str());
        std::mt19937 random(1);
        for (int i = 0; i < 6; ++i) {
            // Deferred and immediate commits mixed: the rollups follow either way.
            const auto commit = i % 2 ? CampaignStore::Commit::Deferred : CampaignStore::Commit::Now;
            QVERIFY((*store)->append(randomBatch(random, 3000, 1'700'000'000'000, 5 * 3'600'000), commit));
        }
        QVERIFY((*store)->commit());
        QCOMPARE(scalar((*store)->db(), "PRAGMA user_version"), int64_t{2});
        QCOMPARE(scalar((*store)->db(), "SELECT count(*) FROM events WHERE path = '/p' AND visitor > 0"),
                 int64_t{18000});
        verifyRollupsAgree((*store)->db());
    }

    void failedTransactionLeavesRollupsUntouched()
    {
        const std::string file = path("rollback.pulsemap").toStdString();
        auto store = CampaignStore::openOrCreate(file);
        QVERIFY(store);
        std::mt19937 random(2);
        // An event the table refuses (nothing in C++ makes an insert fail, so a trigger does).
        QVERIFY(sqliteExec((*store)->db(), "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.weight = 99 "
                                           "BEGIN SELECT RAISE(ABORT, 'refused'); END"));
        QVERIFY((*store)->append(randomBatch(random, 500, 1'700'000'000'000, 600'000)));
        QVERIFY(
            (*store)->append(randomBatch(random, 500, 1'700'000'000'000, 600'000), CampaignStore::Commit::Deferred));
        QVERIFY((*store)->uncommitted());
        EventBatch bad = randomBatch(random, 50, 1'700'000'000'000, 600'000);
        bad.events()[10].weight = 99;
        QVERIFY(!(*store)->append(bad, CampaignStore::Commit::Deferred));
        QVERIFY(!(*store)->uncommitted());
        QCOMPARE((*store)->eventCount(), int64_t{500}); // the deferred batch went with the failed one
        verifyRollupsAgree((*store)->db());
    }

    void version1OpensReadOnlyUnchangedAndUpgradesForWriting()
    {
        const QString file = path("v1.pulsemap");
        writeVersion1(file, kVersion1Sql, 4000, true);
        const QByteArray before = digest(file);
        {
            auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadOnly);
            QVERIFY2(store, store.message().c_str());
            QCOMPARE((*store)->openedVersion(), 1);
            QCOMPARE((*store)->eventCount(), int64_t{4000});
            auto query = RollupQuery::open(**store);
            QVERIFY2(query, query.message().c_str());
            auto buckets = query->histogram(3'600'000, {});
            QVERIFY(buckets);
            int64_t total = 0;
            for (const TypeBucket &bucket : *buckets) {
                total += bucket.events;
            }
            QCOMPARE(total, int64_t{4000});
            verifyRollupsAgree((*store)->db()); // the TEMP rollups
        }
        QCOMPARE(digest(file), before); // read-only means not one byte changed

        {
            auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadWrite);
            QVERIFY2(store, store.message().c_str());
            QCOMPARE((*store)->openedVersion(), 1);
            std::mt19937 random(3);
            QVERIFY((*store)->append(randomBatch(random, 1000, 1'700'000'000'000, 3'600'000)));
            QVERIFY((*store)->close());
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(file.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        QVERIFY(schema::registerFunctions(db));
        QCOMPARE(scalar(db, "PRAGMA user_version"), int64_t{2});
        QCOMPARE(scalar(db, "SELECT count(*) FROM events"), int64_t{5000});
        QCOMPARE(scalar(db, "SELECT value FROM meta WHERE key = 'upgraded_from'"), int64_t{1});
        verifyRollupsAgree(db);
        sqlite3_close(db);
    }

    void minimalVersion1FromAnotherTool()
    {
        const QString file = path("minimal.pulsemap");
        writeVersion1(file, kMinimalSql, 2000, false);
        {
            auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadOnly);
            QVERIFY2(store, store.message().c_str());
            CampaignReader reader(**store, {});
            EventBatch batch;
            std::vector<int64_t> ids;
            auto read = reader.next(batch, 5000, &ids);
            QVERIFY2(read, read.message().c_str());
            QCOMPARE(*read, size_t{2000});
            QCOMPARE(batch.events()[0].weight, 1.0F); // the missing weight column reads as 1
            QVERIFY(ids[0] > 0);                      // rowid stands in for the missing id
            auto query = RollupQuery::open(**store);
            QVERIFY(query);
            auto heat = query->heatAt(1'700'000'000'000 + 6 * 3'600'000, HeatWindow{HeatWindow::Mode::Cumulative}, {});
            QVERIFY(heat);
            QVERIFY(!heat->cells.empty());
        }
        {
            auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadWrite);
            QVERIFY2(store, store.message().c_str());
            std::mt19937 random(4);
            QVERIFY((*store)->append(randomBatch(random, 100, 1'700'000'000'000, 3'600'000)));
            CampaignReader reader(**store, {});
            EventBatch batch;
            auto read = reader.next(batch, 5000);
            QVERIFY(read);
            QCOMPARE(*read, size_t{2100});
            verifyRollupsAgree((*store)->db());
        }
    }

    void newerVersionIsRefusedUntouched()
    {
        const QString file = path("v3.pulsemap");
        writeVersion1(file, kVersion1Sql, 10, true);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.toUtf8().constData(), &db), SQLITE_OK);
        execOrFail(db, "PRAGMA user_version = 3");
        sqlite3_close(db);
        const QByteArray before = digest(file);
        for (auto access : {CampaignStore::Access::ReadOnly, CampaignStore::Access::ReadWrite}) {
            auto store = CampaignStore::open(file.toStdString(), access);
            QVERIFY(!store);
            QVERIFY2(store.message().find("newer Pulsemap") != std::string::npos, store.message().c_str());
        }
        QCOMPARE(digest(file), before);
    }

    void version1WithoutTimeColumnIsRefused()
    {
        const QString file = path("nots.pulsemap");
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.toUtf8().constData(), &db), SQLITE_OK);
        execOrFail(db, "CREATE TABLE events(type TEXT); PRAGMA application_id = 1347767379; PRAGMA user_version = 1;");
        sqlite3_close(db);
        for (auto access : {CampaignStore::Access::ReadOnly, CampaignStore::Access::ReadWrite}) {
            auto store = CampaignStore::open(file.toStdString(), access);
            QVERIFY(!store);
            QVERIFY2(store.message().find("ts column") != std::string::npos, store.message().c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TstCampaignSchema)
#include "tst_campaign_schema.moc"
