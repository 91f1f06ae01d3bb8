// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event.h"
#include "result.h"
#include "sqlite_statement.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace pulsemap {

// One campaign file: an SQLite database (application_id 'PULS', schema version in user_version)
// holding events and the checkpoints of the sources that produced them. See docs/campaign-format.md.
// Events are read back with CampaignReader (campaign_reader.h).
// Threading: one thread at a time (the connection is opened without SQLite's mutex); a store may be
// handed to another thread, e.g. opened and read entirely on a reader thread.
class CampaignStore
{
public:
    static constexpr int32_t kApplicationId = 0x50554C53; // "PULS"
    static constexpr int kSchemaVersion = 1;

    enum class Access { ReadOnly, ReadWrite };

    ~CampaignStore();
    CampaignStore(const CampaignStore &) = delete;
    CampaignStore &operator=(const CampaignStore &) = delete;

    // Opens an existing campaign file. Anything that is not one (missing, empty, truncated, not SQLite,
    // another application's database, a newer schema) fails with a one-line error; the file is not modified.
    static Result<std::unique_ptr<CampaignStore>> open(const std::string &path, Access access);
    // Creates the file when the path does not exist, otherwise opens it for appending (validated as above).
    static Result<std::unique_ptr<CampaignStore>> openOrCreate(const std::string &path);

    // Stores the batch's events and checkpoints in one transaction: both land or neither does.
    Status append(const EventBatch &batch);

    // Checkpoints recorded for a source path, most recently updated first.
    [[nodiscard]] std::vector<SourceCheckpoint> checkpoints(const std::string &path) const;

    [[nodiscard]] int64_t eventCount() const;
    [[nodiscard]] std::string meta(const std::string &key) const;
    Status setMeta(const std::string &key, const std::string &value);

    // Folds the write-ahead log back into the file so it is one self-contained file again.
    Status close();

    [[nodiscard]] sqlite3 *db() const { return m_db; }
    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    CampaignStore(sqlite3 *db, std::string path, Access access);
    Status prepareWriter();
    Status createSchema();

    sqlite3 *m_db = nullptr;
    std::string m_path;
    Access m_access;
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
