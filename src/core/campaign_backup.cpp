// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "campaign_backup.h"

#include "campaign_store.h"

#include <sqlite3.h>

#include <cstdio>
#include <sys/stat.h>

namespace pulsemap {

namespace {

// A source briefly locked (a rollback-journal writer committing) is retried this often, 50 ms apart.
constexpr int kBusyRetries = 200;
constexpr int kBusyRetryMs = 50;

Error sqliteError(sqlite3 *db, const std::string &path, const char *what)
{
    return fail(path + ": " + what + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

// Copies every page of source into the file at path (created or replaced).
Status copyPages(sqlite3 *source, const std::string &path)
{
    sqlite3 *copy = nullptr;
    if (sqlite3_open_v2(path.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        Error error = sqliteError(copy, path, "cannot create");
        sqlite3_close(copy);
        return error;
    }
    sqlite3_backup *backup = sqlite3_backup_init(copy, "main", source, "main");
    if (backup == nullptr) {
        Error error = sqliteError(copy, path, "cannot start the copy");
        sqlite3_close(copy);
        return error;
    }
    // All pages in one step: one read transaction on the source, hence one consistent snapshot.
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < kBusyRetries; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
            break;
        }
        sqlite3_sleep(kBusyRetryMs);
    }
    sqlite3_backup_finish(backup);
    Status copied;
    if (rc != SQLITE_DONE) {
        copied = fail(path + ": copy failed: " + sqlite3_errstr(rc));
    }
    sqlite3_close(copy);
    return copied;
}

// The pages copied from a recording file say "WAL" in the header; a fresh connection reads that and can
// switch the copy back to a rollback journal, which folds and removes the -wal file.
Status makeSelfContained(const std::string &path)
{
    sqlite3 *copy = nullptr;
    Status done;
    if (sqlite3_open_v2(path.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        done = sqliteError(copy, path, "cannot reopen the copy");
    } else if (Status journal = sqliteExec(copy, "PRAGMA journal_mode=DELETE"); !journal) {
        done = fail(journal.error(), path);
    }
    sqlite3_close(copy);
    return done;
}

} // namespace

Result<BackupReport> backupCampaign(const std::string &livePath, const std::string &copyPath)
{
    auto source = CampaignStore::open(livePath, CampaignStore::Access::ReadOnly);
    if (!source) {
        return source.error();
    }
    const std::string partial = copyPath + ".partial";
    std::remove(partial.c_str()); // a leftover of an interrupted backup
    Status copied = copyPages((*source)->db(), partial);
    if (copied) {
        copied = makeSelfContained(partial);
    }
    if (copied && std::rename(partial.c_str(), copyPath.c_str()) != 0) {
        copied = fail(copyPath + ": cannot rename the finished copy into place");
    }
    if (!copied) {
        std::remove(partial.c_str());
        return copied.error();
    }
    auto copy = CampaignStore::open(copyPath, CampaignStore::Access::ReadOnly);
    if (!copy) {
        return fail(copy.error(), "the copy is not readable");
    }
    BackupReport report;
    report.events = (*copy)->eventCount();
    struct stat info
    {
    };
    if (::stat(copyPath.c_str(), &info) == 0) {
        report.bytes = info.st_size;
    }
    return report;
}

} // namespace pulsemap
