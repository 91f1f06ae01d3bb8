// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Bulk loading (CampaignStore::beginBulk): the rollups and the time index come out exactly as row by row,
// readers see correct counts while it runs, a rolled-back batch loses nothing that was committed, and a
// load killed half-way is completed by the next writer (and refused while its loader still runs).
#include "core/campaign_check.h"
#include "core/campaign_store.h"
#include "rollup_test_util.h"

#include <QtTest>
#include <sqlite3.h>

#include <algorithm>
#include <sys/wait.h>
#include <unistd.h>

using namespace pulsemap;
using namespace pulsemap::test;

namespace {

constexpr int64_t kBaseMs = 1'700'000'000'000;
constexpr int64_t kSpreadMs = 40LL * 86'400'000; // weeks, in random order: most minutes hold one event
// Small enough that the held counts go to the tables several times during a test load.
constexpr BulkLimits kTinyLimits{3000, 1000};

bool hasTimeIndex(sqlite3 *db)
{
    return scalar(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'events_ts'") == 1;
}

// Loads `batches` random batches in bulk, committing after each, and returns without ending the load.
void loadInBulk(CampaignStore &store, std::mt19937 &random, int batches)
{
    QVERIFY(store.beginBulk(kTinyLimits));
    for (int i = 0; i < batches; ++i) {
        QVERIFY(store.append(randomBatch(random, 2000, kBaseMs, kSpreadMs), CampaignStore::Commit::Deferred));
        QVERIFY(store.commit());
    }
}

} // namespace

class TstCampaignBulk : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void bulkLoadEqualsRowByRow()
    {
        const std::string file = path("bulk.pulsemap");
        auto store = CampaignStore::openOrCreate(file);
        QVERIFY2(store, store.message().c_str());
        std::mt19937 random(11);
        loadInBulk(**store, random, 8);
        QVERIFY((*store)->bulk());
        sqlite3 *db = (*store)->db();
        QVERIFY(!hasTimeIndex(db)); // an empty file loads without it
        QVERIFY(!(*store)->meta("rollups_from").empty());
        QVERIFY(scalar(db, "SELECT count(*) FROM rollup_minutes") > 0); // the tiny limit sent some out early

        {
            // A reader meanwhile: it knows the tables are incomplete and counts from the events instead.
            auto reader = CampaignStore::open(file, CampaignStore::Access::ReadOnly);
            QVERIFY2(reader, reader.message().c_str());
            QVERIFY((*reader)->rollupsPending());
            QVERIFY(!(*reader)->storesRollups());
            QVERIFY((*reader)->ensureRollups());
            verifyRollupsAgree((*reader)->db());
            const auto found = checkCampaign(file);
            QVERIFY(found);
            const auto said = [&](const char *what) {
                return std::any_of(found->problems.begin(), found->problems.end(),
                                   [&](const std::string &problem) { return problem.find(what) != std::string::npos; });
            };
            QVERIFY(said("rollups: incomplete"));
            QVERIFY(said("events_ts"));
        }

        QVERIFY((*store)->endBulk());
        QVERIFY(!(*store)->bulk());
        QVERIFY(hasTimeIndex(db));
        QVERIFY((*store)->meta("rollups_from").empty());
        QVERIFY((*store)->meta("bulk_owner").empty());
        QCOMPARE((*store)->eventCount(), int64_t{16000});
        verifyRollupsAgree(db);
        QVERIFY((*store)->close());
        const auto checked = checkCampaign(file);
        QVERIFY(checked);
        QVERIFY2(checked->problems.empty(), checked->problems.empty() ? "" : checked->problems.front().c_str());
    }

    void appendingInBulkKeepsTheIndexAndEarlierCounts()
    {
        const std::string file = path("append.pulsemap");
        auto store = CampaignStore::openOrCreate(file);
        QVERIFY(store);
        std::mt19937 random(12);
        QVERIFY((*store)->append(randomBatch(random, 3000, kBaseMs, kSpreadMs)));
        loadInBulk(**store, random, 4);
        QVERIFY(hasTimeIndex((*store)->db())); // not empty: rebuilding the index would cost more than it saves
        QVERIFY((*store)->endBulk());
        QCOMPARE((*store)->eventCount(), int64_t{11000});
        verifyRollupsAgree((*store)->db());
    }

    void rolledBackBatchLosesNoCommittedCounts()
    {
        const std::string file = path("rollback.pulsemap");
        auto store = CampaignStore::openOrCreate(file);
        QVERIFY(store);
        QVERIFY(sqliteExec((*store)->db(), "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.weight = 99 "
                                           "BEGIN SELECT RAISE(ABORT, 'refused'); END"));
        std::mt19937 random(13);
        loadInBulk(**store, random, 3);
        EventBatch bad = randomBatch(random, 500, kBaseMs, kSpreadMs);
        bad.events()[400].weight = 99;
        QVERIFY(!(*store)->append(bad, CampaignStore::Commit::Deferred));
        QVERIFY((*store)->append(randomBatch(random, 2000, kBaseMs, kSpreadMs), CampaignStore::Commit::Deferred));
        QVERIFY((*store)->endBulk());
        QCOMPARE((*store)->eventCount(), int64_t{8000});
        verifyRollupsAgree((*store)->db());
    }

    void killedLoadIsCompletedByTheNextWriter()
    {
        const std::string file = path("killed.pulsemap");
        // The loader runs in a child process that dies without ending the load, as under kill -9.
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            auto store = CampaignStore::openOrCreate(file);
            std::mt19937 random(14);
            bool ok = store && (*store)->beginBulk(kTinyLimits);
            for (int i = 0; ok && i < 5; ++i) {
                ok = (*store)->append(randomBatch(random, 2000, kBaseMs, kSpreadMs), CampaignStore::Commit::Deferred) &&
                     (*store)->commit();
            }
            _exit(ok ? 0 : 1); // no destructor: the held counts and the index are never written
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        {
            auto reader = CampaignStore::open(file, CampaignStore::Access::ReadOnly);
            QVERIFY(reader);
            QVERIFY((*reader)->rollupsPending());
            QVERIFY(!hasTimeIndex((*reader)->db()));
        }

        // While a loader that still runs owns the file (our parent process stands in for it), writers wait.
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
            execOrFail(db, "UPDATE meta SET value = '" + std::string(host) + ' ' + std::to_string(getppid()) +
                               "' WHERE key = 'bulk_owner'");
            sqlite3_close(db);
        }
        auto refused = CampaignStore::open(file, CampaignStore::Access::ReadWrite);
        QVERIFY(!refused);
        QVERIFY2(refused.message().find("being imported") != std::string::npos, refused.message().c_str());
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
            execOrFail(db, "UPDATE meta SET value = '" + std::string(host) + ' ' + std::to_string(child) +
                               "' WHERE key = 'bulk_owner'");
            sqlite3_close(db);
        }

        auto writer = CampaignStore::open(file, CampaignStore::Access::ReadWrite);
        QVERIFY2(writer, writer.message().c_str());
        QVERIFY(!(*writer)->rollupsPending());
        QVERIFY(hasTimeIndex((*writer)->db()));
        QVERIFY((*writer)->meta("rollups_from").empty());
        QCOMPARE((*writer)->eventCount(), int64_t{10000});
        verifyRollupsAgree((*writer)->db());
    }
};

QTEST_GUILESS_MAIN(TstCampaignBulk)
#include "tst_campaign_bulk.moc"
