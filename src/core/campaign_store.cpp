// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "campaign_store.h"

#include "clock.h"

#include <sqlite3.h>

#include <cstdio>
#include <sys/stat.h>

namespace pulsemap {

namespace {

// How many checkpoints to keep per path: the live file and a few rotated ones still being drained.
constexpr int kCheckpointsPerPath = 8;

Error sqliteError(sqlite3 *db, const std::string &path, const char *what)
{
    return fail(path + ": " + what + ": " + sqlite3_errmsg(db));
}

Result<sqlite3 *> openConnection(const std::string &path, int flags)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        Error error = sqliteError(db, path, "cannot open");
        sqlite3_close(db);
        return error;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

int userVersion(sqlite3 *db)
{
    SqliteStatement query(db, "PRAGMA user_version");
    return query.valid() && query.step() == SQLITE_ROW ? int(query.columnInt(0)) : -1;
}

// SQLite reads lazily; touch the schema so a corrupt file fails here with a clear message.
Status verifySchema(sqlite3 *db, const std::string &path)
{
    const SqliteStatement check(db, "SELECT id, ts, type, lat, lon, country, city, campaign, weight, seq, ip, path, "
                                    "visitor FROM events LIMIT 0");
    const SqliteStatement sources(db, "SELECT path, device, inode, fingerprint, offset, line FROM sources LIMIT 0");
    if (!check.valid() || !sources.valid()) {
        return sqliteError(db, path, "corrupt campaign file");
    }
    return {};
}

} // namespace

CampaignStore::CampaignStore(sqlite3 *db, std::string path, Access access)
    : m_db(db), m_path(std::move(path)), m_access(access)
{}

CampaignStore::~CampaignStore()
{
    (void)close(); // a failure here has nobody to tell; callers who care call close() themselves
}

Result<std::unique_ptr<CampaignStore>> CampaignStore::open(const std::string &path, Access access)
{
    if (Status header = checkCampaignHeader(path); !header) {
        return header.error();
    }
    const int flags = access == Access::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    Result<sqlite3 *> db = openConnection(path, flags);
    if (!db) {
        return db.error();
    }
    std::unique_ptr<CampaignStore> store(new CampaignStore(*db, path, access));
    if (Status adopted = store->adoptSchema(userVersion(*db)); !adopted) {
        return adopted.error();
    }
    if (Status schema = verifySchema(*db, path); !schema) {
        return schema.error();
    }
    if (access == Access::ReadWrite) {
        if (Status writer = store->prepareWriter(); !writer) {
            return writer.error();
        }
        if (Status completed = store->completeInterruptedBulk(); !completed) {
            return completed.error();
        }
    } else {
        store->m_rollupsPending = !store->meta(kRollupsFromKey).empty();
    }
    return store;
}

Result<std::unique_ptr<CampaignStore>> CampaignStore::openOrCreate(const std::string &path)
{
    struct stat info
    {
    };
    if (::stat(path.c_str(), &info) == 0) {
        return open(path, Access::ReadWrite);
    }
    Result<sqlite3 *> db = openConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE);
    if (!db) {
        return db.error();
    }
    std::unique_ptr<CampaignStore> store(new CampaignStore(*db, path, Access::ReadWrite));
    Status created = schema::registerFunctions(*db);
    if (created) {
        created = store->createSchema();
    }
    if (created) {
        created = store->prepareWriter();
    }
    if (!created) {
        store.reset();
        std::remove(path.c_str());
        return created.error();
    }
    return store;
}

// An older file: upgraded in place when opened for writing, dressed up with TEMP objects when read-only.
Status CampaignStore::adoptSchema(int userVersion)
{
    m_openedVersion = userVersion;
    if (Status functions = schema::registerFunctions(m_db); !functions) {
        return fail(functions.error(), m_path);
    }
    if (userVersion >= kSchemaVersion) {
        return {};
    }
    if (m_access == Access::ReadWrite) {
        if (Status upgraded = schema::upgrade(m_db, userVersion); !upgraded) {
            return fail(upgraded.error(), m_path);
        }
    }
    if (Status emulated = schema::emulate(m_db); !emulated) {
        return fail(emulated.error(), m_path + ": not a readable campaign file");
    }
    return {};
}

Status CampaignStore::ensureRollups()
{
    if (Status built = schema::buildTemporaryRollups(m_db, m_rollupsPending); !built) {
        return fail(built.error(), m_path);
    }
    return {};
}

Status CampaignStore::createSchema()
{
    // Created in rollback-journal mode so the header (application id, version) is on disk at once.
    Status schema = sqliteExec(m_db, "BEGIN");
    schema = schema ? schema::create(m_db) : schema;
    if (schema) {
        const std::string sql = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                "; PRAGMA user_version = " + std::to_string(kSchemaVersion) + "; COMMIT;";
        schema = sqliteExec(m_db, sql.c_str());
    }
    if (!schema) {
        return fail(schema.error(), m_path + ": cannot create campaign file");
    }
    if (Status created = setMeta("created_ms", std::to_string(systemNowMs())); !created) {
        return created;
    }
    (void)setMeta("schema_version", std::to_string(kSchemaVersion)); // informative only; the header is the truth
    return {};
}

Status CampaignStore::prepareWriter()
{
    // WAL while recording: readers (the map, stats) never block the writer, and a kill -9 loses
    // nothing that was committed. synchronous=NORMAL is crash-safe for process death.
    // A 64 MiB page cache (SQLite's default is 2 MiB): logs out of time order insert into the ts index and
    // the rollups all over the file, and with a small cache every such insert rereads its pages from the OS.
    if (Status wal = sqliteExec(m_db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
        !wal) {
        return fail(wal.error(), m_path + ": cannot open for writing");
    }
    // main.events: a file without an id column reads through a TEMP view of the same name (campaign_schema.h).
    m_insertEvent = SqliteStatement(m_db, "INSERT INTO main.events(ts, type, lat, lon, country, city, campaign, "
                                          "weight, seq, ip, path, visitor) "
                                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    m_upsertCheckpoint = SqliteStatement(m_db, "INSERT OR REPLACE INTO sources(path, device, inode, fingerprint, "
                                               "offset, line, updated_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    m_pruneCheckpoints = SqliteStatement(m_db, "DELETE FROM sources WHERE path = ?1 AND rowid NOT IN (SELECT rowid "
                                               "FROM sources WHERE path = ?1 ORDER BY updated_ms DESC LIMIT ?2)");
    m_rollups = std::make_unique<RollupWriter>(m_db);
    if (!m_insertEvent.valid() || !m_upsertCheckpoint.valid() || !m_rollups->valid()) {
        return sqliteError(m_db, m_path, "cannot prepare writer");
    }
    return {};
}

Error CampaignStore::rollback(const char *what)
{
    Error error = sqliteError(m_db, m_path, what);
    (void)sqliteExec(m_db, "ROLLBACK"); // the first error is the one worth reporting
    m_inTransaction = false;
    m_rollups->discard();
    m_bulkCountsLost = m_bulk; // the held counts mixed committed events with the rolled-back ones
    return error;
}

Status CampaignStore::append(const EventBatch &batch, Commit commit)
{
    if (m_access != Access::ReadWrite) {
        return fail(m_path + ": opened read-only");
    }
    if (!m_inTransaction) {
        if (Status begin = sqliteExec(m_db, "BEGIN IMMEDIATE"); !begin) {
            return fail(begin.error(), m_path);
        }
        m_inTransaction = true;
    }
    for (const Event &event : batch.events()) {
        SqliteStatement &insert = m_insertEvent;
        insert.bind(1, event.tsMs);
        insert.bindText(2, batch.typeName(event));
        if (event.located()) {
            insert.bind(3, event.lat);
            insert.bind(4, event.lon);
        }
        if (event.hasCountry()) {
            insert.bindText(5, std::string_view(event.country.data(), event.country[1] != 0 ? 2 : 1));
        }
        if (!event.city.empty()) {
            insert.bindText(6, batch.text(event.city));
        }
        if (!event.campaign.empty()) {
            insert.bindText(7, batch.text(event.campaign));
        }
        insert.bind(8, static_cast<double>(event.weight));
        if (event.seq >= 0) {
            insert.bind(9, event.seq);
        }
        if (!event.ip.empty()) {
            insert.bindText(10, batch.text(event.ip));
        }
        if (!event.path.empty()) {
            insert.bindText(11, batch.text(event.path));
        }
        if (event.visitor != 0) {
            insert.bind(12, static_cast<int64_t>(event.visitor & kVisitorMask));
        }
        const int rc = insert.step();
        insert.reset();
        if (rc != SQLITE_DONE) {
            return rollback("cannot store events");
        }
    }
    m_rollups->add(batch);
    if (m_bulk) {
        if (Status held = holdBulkRollups(); !held) {
            return rollback("cannot store rollups");
        }
    }
    const int64_t now = systemNowMs();
    for (const SourceCheckpoint &checkpoint : batch.checkpoints()) {
        SqliteStatement &upsert = m_upsertCheckpoint;
        upsert.bindText(1, checkpoint.path);
        upsert.bind(2, static_cast<int64_t>(checkpoint.device));
        upsert.bind(3, static_cast<int64_t>(checkpoint.inode));
        sqlite3_bind_blob(upsert.get(), 4, checkpoint.fingerprint.data(),
                          static_cast<int>(checkpoint.fingerprint.size()), SQLITE_STATIC);
        upsert.bind(5, checkpoint.offset);
        upsert.bind(6, checkpoint.lineNumber);
        upsert.bind(7, now);
        const int rc = upsert.step();
        upsert.reset();
        if (rc != SQLITE_DONE) {
            return rollback("cannot store checkpoint");
        }
        m_pruneCheckpoints.bindText(1, checkpoint.path);
        m_pruneCheckpoints.bind(2, int64_t{kCheckpointsPerPath});
        m_pruneCheckpoints.step();
        m_pruneCheckpoints.reset();
    }
    return commit == Commit::Now ? this->commit() : Status{};
}

Status CampaignStore::commit()
{
    if (!m_inTransaction) {
        return {};
    }
    if (Status rolled = m_bulk ? Status{} : m_rollups->flush(); !rolled) {
        return rollback("cannot store rollups");
    }
    if (!sqliteExec(m_db, "COMMIT")) {
        return rollback("cannot commit");
    }
    m_inTransaction = false;
    return {};
}

std::vector<SourceCheckpoint> CampaignStore::checkpoints(const std::string &path) const
{
    std::vector<SourceCheckpoint> result;
    SqliteStatement query(m_db, "SELECT device, inode, fingerprint, offset, line FROM sources WHERE path = ?1 "
                                "ORDER BY updated_ms DESC, rowid DESC");
    if (!query.valid()) {
        return result;
    }
    query.bindText(1, path);
    while (query.step() == SQLITE_ROW) {
        SourceCheckpoint checkpoint;
        checkpoint.path = path;
        checkpoint.device = static_cast<uint64_t>(query.columnInt(0));
        checkpoint.inode = static_cast<uint64_t>(query.columnInt(1));
        const auto *blob = static_cast<const char *>(sqlite3_column_blob(query.get(), 2));
        checkpoint.fingerprint.assign(blob != nullptr ? blob : "",
                                      static_cast<size_t>(sqlite3_column_bytes(query.get(), 2)));
        checkpoint.offset = query.columnInt(3);
        checkpoint.lineNumber = query.columnInt(4);
        result.push_back(std::move(checkpoint));
    }
    return result;
}

Result<VisitorHasher::Key> CampaignStore::visitorKey()
{
    if (auto key = VisitorHasher::fromHex(meta("visitor_key"))) {
        return *key;
    }
    const VisitorHasher::Key key = VisitorHasher::randomKey();
    if (Status stored = setMeta("visitor_key", VisitorHasher::toHex(key)); !stored) {
        return stored.error();
    }
    return key;
}

int64_t CampaignStore::eventCount() const
{
    SqliteStatement query(m_db, "SELECT count(*) FROM events");
    return query.valid() && query.step() == SQLITE_ROW ? query.columnInt(0) : -1;
}

std::string CampaignStore::meta(std::string_view key) const
{
    SqliteStatement query(m_db, "SELECT value FROM meta WHERE key = ?1");
    if (!query.valid()) {
        return {};
    }
    query.bindText(1, key);
    return query.step() == SQLITE_ROW ? std::string(query.columnText(0)) : std::string();
}

Status CampaignStore::setMeta(std::string_view key, std::string_view value)
{
    SqliteStatement upsert(m_db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    upsert.bindText(1, key);
    upsert.bindText(2, value);
    if (!upsert.valid() || upsert.step() != SQLITE_DONE) {
        return sqliteError(m_db, m_path, "cannot write metadata");
    }
    return {};
}

Status CampaignStore::close()
{
    if (m_db == nullptr) {
        return {};
    }
    Status committed = m_bulk ? endBulk() : commit();
    m_rollups.reset();
    m_insertEvent = {};
    m_upsertCheckpoint = {};
    m_pruneCheckpoints = {};
    Status folded;
    if (m_access == Access::ReadWrite) {
        // Back to a single self-contained file, easy to copy, mail or open with sqlite3.
        folded = sqliteExec(m_db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;");
    }
    sqlite3_close_v2(m_db);
    m_db = nullptr;
    if (!committed) {
        return committed;
    }
    return folded ? folded : fail(folded.error(), m_path);
}

} // namespace pulsemap
