// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "campaign_schema.h"
#include "event.h"
#include "result.h"
#include "rollup_writer.h"
#include "sqlite_statement.h"
#include "visitor_id.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace pulsemap {

// How much a bulk load (CampaignStore::beginBulk) holds in memory.
struct BulkLimits
{
    size_t heldEntries = 1'000'000; // distinct keys held (40 bytes each) before they go to the tables
    size_t compactEvery = 500'000;  // entries added between compactions
};

// One campaign file: an SQLite database (application_id 'PULS', schema version in user_version)
// holding events, their rollups and the checkpoints of the sources that produced them. See
// docs/campaign-format.md. Events are read back with CampaignReader (campaign_reader.h), rollups with
// RollupQuery (rollup_query.h). Older files open too (campaign_schema.h says how).
// Threading: one thread at a time (the connection is opened without SQLite's mutex); a store may be
// handed to another thread, e.g. opened and read entirely on a reader thread.
class CampaignStore
{
public:
    static constexpr int32_t kApplicationId = 0x50554C53; // "PULS"
    static constexpr int kSchemaVersion = schema::kVersion;

    enum class Access { ReadOnly, ReadWrite };
    // Now: the batch is committed when append() returns. Deferred: it joins a transaction that stays open
    // until commit() (or close()), so a bulk import commits, say, once a second instead of once a batch:
    // much less writing when events arrive out of time order (every commit rewrites the index pages it
    // touched). A crash loses the uncommitted batches and their checkpoints together, never one without
    // the other.
    enum class Commit { Now, Deferred };

    ~CampaignStore();
    CampaignStore(const CampaignStore &) = delete;
    CampaignStore &operator=(const CampaignStore &) = delete;

    // Opens an existing campaign file. Anything that is not one (missing, empty, truncated, not SQLite,
    // another application's database, a newer schema) fails with a one-line error; the file is not modified.
    static Result<std::unique_ptr<CampaignStore>> open(const std::string &path, Access access);
    // Creates the file when the path does not exist, otherwise opens it for appending (validated as above).
    static Result<std::unique_ptr<CampaignStore>> openOrCreate(const std::string &path);

    // Stores the batch's events, their rollups and its checkpoints in one transaction: all land or none
    // does. On failure the open transaction is rolled back (with Deferred, the batches since the last
    // commit too).
    Status append(const EventBatch &batch, Commit commit = Commit::Now);
    // Commits what Deferred appends left open (nothing to do otherwise).
    Status commit();
    [[nodiscard]] bool uncommitted() const { return m_inTransaction; }

    // Bulk loading, for an import (campaign_store_bulk.cpp): between beginBulk() and endBulk(), rollups are
    // counted in memory across commits (RollupWriter::compact() keeps one entry per distinct key) and written
    // once, in key order, by endBulk() (earlier when they outgrow BulkLimits); an empty file also drops
    // its time index and builds it at the end. Out of time order, this turns millions of scattered B-tree
    // updates, repeated on every commit, into one sorted pass. Meanwhile meta `rollups_from` names the first
    // event whose counts are not in the tables yet, committed with the events: a killed import is completed
    // the next time the file is opened for writing, and read-only readers compute the rollups from the
    // events until then. Meta `bulk_owner` (host and pid) names the loader: while it runs, opening the file
    // for writing elsewhere is refused rather than completing a load that is still going on.
    static constexpr std::string_view kRollupsFromKey = "rollups_from";
    static constexpr std::string_view kBulkOwnerKey = "bulk_owner";
    Status beginBulk(BulkLimits limits = {});
    Status endBulk();
    [[nodiscard]] bool bulk() const { return m_bulk; }
    // Whether the rollup tables lack the events of an interrupted bulk load (read-only: until a writer
    // completes them, storesRollups() is false and ensureRollups() computes them from the events).
    [[nodiscard]] bool rollupsPending() const { return m_rollupsPending; }

    // The version the file had when it was opened (an older file opened for writing is now current).
    [[nodiscard]] int openedVersion() const { return m_openedVersion; }
    // Whether the file itself holds rollups (a current file, or an older one upgraded when opened for writing):
    // then they answer counts faster than the events. Read-only older files have none until ensureRollups().
    [[nodiscard]] bool storesRollups() const
    {
        return (m_openedVersion >= 2 || m_access == Access::ReadWrite) && !m_rollupsPending;
    }
    // Makes the rollup tables readable: a no-op for current files; for an older file opened read-only,
    // computes them into TEMP tables (one scan of the events, once per store).
    Status ensureRollups();

    // Checkpoints recorded for a source path, most recently updated first.
    [[nodiscard]] std::vector<SourceCheckpoint> checkpoints(const std::string &path) const;

    // The file's key for visitor ids (meta `visitor_key`), created on first use in a writable file.
    Result<VisitorHasher::Key> visitorKey();

    [[nodiscard]] int64_t eventCount() const;
    [[nodiscard]] std::string meta(std::string_view key) const;
    Status setMeta(std::string_view key, std::string_view value);

    // Folds the write-ahead log back into the file so it is one self-contained file again.
    Status close();

    [[nodiscard]] sqlite3 *db() const { return m_db; }
    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    CampaignStore(sqlite3 *db, std::string path, Access access);
    Status prepareWriter();
    Status createSchema();
    Status adoptSchema(int userVersion);
    Error rollback(const char *what);
    Status completeInterruptedBulk();
    Status holdBulkRollups();
    [[nodiscard]] Result<int64_t> nextRowid() const;

    sqlite3 *m_db = nullptr;
    std::string m_path;
    Access m_access;
    int m_openedVersion = schema::kVersion;
    bool m_inTransaction = false;
    bool m_bulk = false;
    bool m_bulkCountsLost = false; // a rollback dropped held counts of committed events: endBulk() recounts
    bool m_bulkDroppedIndex = false;
    size_t m_bulkCompacted = 0; // entries held after the last compaction
    BulkLimits m_bulkLimits;
    bool m_rollupsPending = false; // meta rollups_from is set
    std::unique_ptr<RollupWriter> m_rollups;
    SqliteStatement m_insertEvent;
    SqliteStatement m_upsertCheckpoint;
    SqliteStatement m_pruneCheckpoints;
};

// Checks a file's SQLite header without opening it through SQLite (so nothing can be written).
// Succeeds when it looks like a campaign file this build can read.
Status checkCampaignHeader(const std::string &path);

// The checks of checkCampaignHeader on bytes already read: the file's first bytes (at least the 100-byte
// header) and the file's size. A pure function, so it can be fuzzed and tested without files. Fails with the
// reason (without the path), e.g. "an SQLite database, but not a Pulsemap campaign file".
Status checkCampaignHeaderBytes(std::string_view bytes, uint64_t fileSize);

} // namespace pulsemap
