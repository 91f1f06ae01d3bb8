// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// CampaignStore's bulk loading (campaign_store.h, "Bulk loading"): rollups held in memory across commits,
// the time index of an empty file built at the end, and the completion of a load that was killed.
#include "campaign_store.h"

#include <sqlite3.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <unistd.h>

namespace pulsemap {

namespace {

constexpr const char *kCreateIndexSql = "CREATE INDEX IF NOT EXISTS main.events_ts ON events(ts)";

std::string hostName()
{
    char name[256] = {};
    (void)gethostname(name, sizeof name - 1);
    return name;
}

std::string thisProcess()
{
    return hostName() + ' ' + std::to_string(getpid());
}

// Whether the loader named by meta bulk_owner ("HOST PID") is still running. On another host there is no
// way to tell: the load counts as interrupted (campaign files are local files in practice).
bool ownerRunning(const std::string &owner)
{
    const size_t space = owner.rfind(' ');
    if (space == std::string::npos || owner.compare(0, space, hostName()) != 0) {
        return false;
    }
    pid_t pid = 0;
    const char *digits = owner.data() + space + 1;
    if (std::from_chars(digits, owner.data() + owner.size(), pid).ec != std::errc{} || pid <= 0) {
        return false;
    }
    return pid == getpid() || ::kill(pid, 0) == 0 || errno == EPERM;
}

// The first rowid whose rollups are missing, or 0 when the marker is unreadable.
int64_t parseRowid(const std::string &text)
{
    int64_t rowid = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), rowid);
    return ec == std::errc{} && end == text.data() + text.size() && rowid > 0 ? rowid : 0;
}

Status clearBulkMarkers(sqlite3 *db)
{
    return sqliteExec(db, "DELETE FROM meta WHERE key IN ('rollups_from', 'bulk_owner')");
}

} // namespace

Result<int64_t> CampaignStore::nextRowid() const
{
    SqliteStatement query(m_db, "SELECT coalesce(max(rowid), 0) + 1 FROM main.events");
    if (!query.valid() || query.step() != SQLITE_ROW) {
        return fail(m_path + ": cannot read the events: " + sqlite3_errmsg(m_db));
    }
    return query.columnInt(0);
}

Status CampaignStore::beginBulk(BulkLimits limits)
{
    if (m_access != Access::ReadWrite) {
        return fail(m_path + ": opened read-only");
    }
    if (m_bulk) {
        return {};
    }
    if (Status committed = commit(); !committed) {
        return committed;
    }
    if (Status begin = sqliteExec(m_db, "BEGIN IMMEDIATE"); !begin) {
        return fail(begin.error(), m_path);
    }
    m_inTransaction = true;
    const Result<int64_t> from = nextRowid();
    const bool empty = from && *from == 1; // max(rowid) is NULL only for an empty table
    Status begun = from ? Status{} : Status(from.error());
    if (begun && empty) {
        begun = sqliteExec(m_db, "DROP INDEX IF EXISTS main.events_ts");
    }
    begun = begun ? setMeta(kRollupsFromKey, std::to_string(*from)) : begun;
    begun = begun ? setMeta(kBulkOwnerKey, thisProcess()) : begun;
    if (!begun) {
        return rollback("cannot begin a bulk load");
    }
    if (!sqliteExec(m_db, "COMMIT")) {
        return rollback("cannot begin a bulk load");
    }
    m_inTransaction = false;
    m_bulk = true;
    m_bulkCountsLost = false;
    m_bulkDroppedIndex = empty;
    m_bulkCompacted = 0;
    m_bulkLimits = limits;
    m_rollupsPending = true;
    return {};
}

// Called after each append of a bulk load, inside its transaction.
Status CampaignStore::holdBulkRollups()
{
    if (m_rollups->held() < m_bulkCompacted + m_bulkLimits.compactEvery) {
        return {};
    }
    m_bulkCompacted = m_rollups->compact();
    if (m_bulkCompacted < m_bulkLimits.heldEntries) {
        return {};
    }
    // Too many distinct keys to hold: they go to the tables now, in this transaction, and the marker moves
    // past the events they cover (also in this transaction, so a rollback keeps both as they were).
    m_bulkCompacted = 0;
    if (Status flushed = m_rollups->flush(); !flushed) {
        return flushed;
    }
    const Result<int64_t> next = nextRowid();
    return next ? setMeta(kRollupsFromKey, std::to_string(*next)) : Status(next.error());
}

Status CampaignStore::endBulk()
{
    if (!m_bulk) {
        return commit();
    }
    m_bulk = false;
    if (!m_inTransaction) {
        if (Status begin = sqliteExec(m_db, "BEGIN IMMEDIATE"); !begin) {
            return fail(begin.error(), m_path); // the markers stay: the next writer completes the load
        }
        m_inTransaction = true;
    }
    Status done = m_bulkDroppedIndex ? sqliteExec(m_db, kCreateIndexSql) : Status{};
    if (done && m_bulkCountsLost) {
        // A rolled-back batch took committed events' counts with it: count what the marker says is missing.
        m_rollups->discard();
        const int64_t from = parseRowid(meta(kRollupsFromKey));
        done = schema::completeRollups(m_db, from > 0 ? from : 1);
    } else if (done) {
        done = m_rollups->flush();
    }
    done = done ? clearBulkMarkers(m_db) : done;
    if (!done || !sqliteExec(m_db, "COMMIT")) {
        return rollback("cannot complete the bulk load");
    }
    m_inTransaction = false;
    m_rollupsPending = false;
    return {};
}

// A file opened for writing whose bulk load was killed: build what the loader would have built at its end.
Status CampaignStore::completeInterruptedBulk()
{
    if (meta(kRollupsFromKey).empty()) {
        return {};
    }
    if (const std::string owner = meta(kBulkOwnerKey); ownerRunning(owner)) {
        return fail(m_path + ": being imported (process " + owner.substr(owner.rfind(' ') + 1) +
                    "); open it for writing when that import has finished");
    }
    if (Status begin = sqliteExec(m_db, "BEGIN IMMEDIATE"); !begin) {
        return fail(begin.error(), m_path);
    }
    m_inTransaction = true;
    // Read again inside the write transaction: another writer may have completed it meanwhile.
    const std::string marker = meta(kRollupsFromKey);
    Status done;
    if (!marker.empty()) {
        done = sqliteExec(m_db, kCreateIndexSql);
        if (const int64_t from = parseRowid(marker); done && from > 0) {
            done = schema::completeRollups(m_db, from);
        } else if (done) {
            // An unreadable marker: recount everything rather than guess.
            done =
                sqliteExec(m_db, "DELETE FROM rollup_minutes; DELETE FROM rollup_countries; DELETE FROM rollup_cells;");
            done = done ? schema::completeRollups(m_db, 1) : done;
        }
        done = done ? clearBulkMarkers(m_db) : done;
    }
    if (!done || !sqliteExec(m_db, "COMMIT")) {
        return rollback("cannot complete an interrupted import");
    }
    m_inTransaction = false;
    return {};
}

} // namespace pulsemap
