// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "campaign_schema.h"

#include "rollup_grid.h"
#include "sqlite_statement.h"

#include <algorithm>
#include <string_view>

namespace pulsemap::schema {

namespace {

struct Column
{
    const char *name;
    const char *definition; // as in CREATE TABLE (and ALTER TABLE ADD COLUMN, where allowed)
    const char *missing;    // what a read-only view gives in its place
};

// The events table of the current version. id, ts and type come from version 1's first draft; a file
// without `id` reads its rowid instead (the same thing where id is INTEGER PRIMARY KEY).
constexpr Column kEventColumns[] = {
    {"id", "INTEGER PRIMARY KEY", "rowid"},
    {"ts", "INTEGER NOT NULL", nullptr},
    {"type", "TEXT NOT NULL DEFAULT 'hit'", "'hit'"},
    {"lat", "REAL", "NULL"},
    {"lon", "REAL", "NULL"},
    {"country", "TEXT", "NULL"},
    {"city", "TEXT", "NULL"},
    {"campaign", "TEXT", "NULL"},
    {"weight", "REAL NOT NULL DEFAULT 1", "1.0"},
    {"seq", "INTEGER", "NULL"},
    {"ip", "TEXT", "NULL"},
    {"path", "TEXT", "NULL"},       // version 2
    {"visitor", "INTEGER", "NULL"}, // version 2
};

constexpr const char *kMetaSql = "CREATE TABLE {S}meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;";
constexpr const char *kSourcesSql = R"sql(
CREATE TABLE {S}sources(
    path        TEXT    NOT NULL,
    device      INTEGER NOT NULL,
    inode       INTEGER NOT NULL,
    fingerprint BLOB    NOT NULL,
    offset      INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    UNIQUE(path, device, inode)
);)sql";

// Counts per minute (the timeline, stats by time), per hour and country (stats by country), and per cell
// of the rollup grid per minute and per hour (heat at any moment). docs/campaign-format.md, "Rollups".
constexpr const char *kRollupsSql = R"sql(
CREATE TABLE {S}rollup_minutes(
    start_ms INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    campaign TEXT    NOT NULL,
    events   INTEGER NOT NULL,
    weight   REAL    NOT NULL,
    located  INTEGER NOT NULL,
    PRIMARY KEY(start_ms, type, campaign)
) WITHOUT ROWID;
CREATE TABLE {S}rollup_countries(
    start_ms INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    campaign TEXT    NOT NULL,
    country  TEXT    NOT NULL,
    events   INTEGER NOT NULL,
    weight   REAL    NOT NULL,
    PRIMARY KEY(start_ms, type, campaign, country)
) WITHOUT ROWID;
CREATE TABLE {S}rollup_cells(
    span_ms  INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    campaign TEXT    NOT NULL,
    cell     INTEGER NOT NULL,
    events   INTEGER NOT NULL,
    weight   REAL    NOT NULL,
    PRIMARY KEY(span_ms, start_ms, type, campaign, cell)
) WITHOUT ROWID;
)sql";

// Adds the counts of the events that match {W} to the rollup tables of schema {S}: all of them into empty tables
// (an upgrade, or a read-only older file's TEMP tables), or those of an interrupted bulk load (id >= its marker)
// to what is there. `events` is the TEMP view where the file lacks columns (its id is then the rowid). The hour
// cells are counted from the events too, not from the minute cells, which may hold minutes counted before.
constexpr const char *kCountEventsSql = R"sql(
INSERT INTO {S}rollup_minutes(start_ms, type, campaign, events, weight, located)
    SELECT ts - ts % 60000, type, coalesce(campaign, ''), count(*), total(coalesce(weight, 1)),
           sum(lat IS NOT NULL AND lon IS NOT NULL)
    FROM events WHERE {W} GROUP BY 1, 2, 3
    ON CONFLICT DO UPDATE SET events = events + excluded.events, weight = weight + excluded.weight,
                              located = located + excluded.located;
INSERT INTO {S}rollup_countries(start_ms, type, campaign, country, events, weight)
    SELECT ts - ts % 3600000, type, coalesce(campaign, ''), coalesce(country, ''), count(*), total(coalesce(weight, 1))
    FROM events WHERE {W} GROUP BY 1, 2, 3, 4
    ON CONFLICT DO UPDATE SET events = events + excluded.events, weight = weight + excluded.weight;
INSERT INTO {S}rollup_cells(span_ms, start_ms, type, campaign, cell, events, weight)
    SELECT span, ts - ts % span, type, coalesce(campaign, ''), pm_cell(lat, lon), count(*), total(coalesce(weight, 1))
    FROM events, (SELECT 60000 AS span UNION ALL SELECT 3600000)
    WHERE {W} AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT DO UPDATE SET events = events + excluded.events, weight = weight + excluded.weight;
)sql";

std::string replaced(std::string_view sql, std::string_view token, std::string_view value)
{
    std::string out(sql);
    for (size_t at = out.find(token); at != std::string::npos; at = out.find(token, at + value.size())) {
        out.replace(at, token.size(), value);
    }
    return out;
}

std::string withSchema(std::string_view sql, std::string_view prefix)
{
    return replaced(sql, "{S}", prefix);
}

std::string countEvents(std::string_view prefix, const std::string &where)
{
    return replaced(withSchema(kCountEventsSql, prefix), "{W}", where);
}

bool hasTable(sqlite3 *db, const char *schemaName, const char *table)
{
    const std::string sql =
        std::string("SELECT 1 FROM ") + schemaName + ".sqlite_schema WHERE type = 'table' AND name = ?1";
    SqliteStatement query(db, sql);
    query.bindText(1, table);
    return query.valid() && query.step() == SQLITE_ROW;
}

void cellFunction(sqlite3_context *context, int /*argc*/, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_int(context, rollup::cellOf(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1])));
}

Status exec(sqlite3 *db, const std::string &sql)
{
    return sqliteExec(db, sql.c_str());
}

} // namespace

Status registerFunctions(sqlite3 *db)
{
    if (sqlite3_create_function(db, "pm_cell", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                cellFunction, nullptr, nullptr) != SQLITE_OK) {
        return fail(std::string("cannot register pm_cell: ") + sqlite3_errmsg(db));
    }
    return {};
}

std::vector<std::string> columnsOf(sqlite3 *db, const std::string &schemaName, const std::string &table)
{
    std::vector<std::string> columns;
    SqliteStatement query(db, "SELECT name FROM pragma_table_info(?1, ?2)");
    query.bindText(1, table);
    query.bindText(2, schemaName);
    while (query.valid() && query.step() == SQLITE_ROW) {
        columns.emplace_back(query.columnText(0));
    }
    return columns;
}

Status create(sqlite3 *db)
{
    std::string sql = "CREATE TABLE events(";
    for (const Column &column : kEventColumns) {
        sql +=
            std::string(column.name) + ' ' + column.definition + (&column == std::end(kEventColumns) - 1 ? ");" : ", ");
    }
    sql += "CREATE INDEX events_ts ON events(ts);";
    sql += withSchema(kMetaSql, "") + withSchema(kSourcesSql, "") + withSchema(kRollupsSql, "");
    return exec(db, sql);
}

Status upgrade(sqlite3 *db, int userVersion)
{
    if (userVersion >= kVersion) {
        return {};
    }
    const std::vector<std::string> present = columnsOf(db, "main", "events");
    if (std::find(present.begin(), present.end(), "ts") == present.end()) {
        return fail("no events table with a ts column");
    }
    std::string sql = "BEGIN IMMEDIATE;";
    for (const Column &column : kEventColumns) {
        // SQLite cannot add a primary key; such a file keeps reading rowid through emulate().
        if (std::string_view(column.name) != "id" &&
            std::find(present.begin(), present.end(), column.name) == present.end()) {
            sql += std::string("ALTER TABLE events ADD COLUMN ") + column.name + ' ' + column.definition + ';';
        }
    }
    sql += "CREATE INDEX IF NOT EXISTS events_ts ON events(ts);";
    if (!hasTable(db, "main", "meta")) {
        sql += withSchema(kMetaSql, "");
    }
    if (!hasTable(db, "main", "sources")) {
        sql += withSchema(kSourcesSql, "");
    }
    sql += withSchema(kRollupsSql, "") + countEvents("", "1");
    sql += "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '" + std::to_string(kVersion) + "');";
    sql += "INSERT OR REPLACE INTO meta(key, value) VALUES('upgraded_from', '" + std::to_string(userVersion) + "');";
    sql += "PRAGMA user_version = " + std::to_string(kVersion) + ";COMMIT;";
    if (Status done = exec(db, sql); !done) {
        (void)sqliteExec(db, "ROLLBACK"); // the file stays as it was
        return fail(done.error(), "cannot upgrade to campaign schema " + std::to_string(kVersion));
    }
    return {};
}

Status emulate(sqlite3 *db)
{
    const std::vector<std::string> present = columnsOf(db, "main", "events");
    if (std::find(present.begin(), present.end(), "ts") == present.end()) {
        return fail("no events table with a ts column");
    }
    std::string sql;
    bool complete = true;
    std::string view = "CREATE TEMP VIEW events AS SELECT ";
    for (const Column &column : kEventColumns) {
        const bool has = std::find(present.begin(), present.end(), column.name) != present.end();
        complete = complete && has;
        view += std::string(has ? column.name : column.missing) + " AS " + column.name +
                (&column == std::end(kEventColumns) - 1 ? "" : ", ");
    }
    if (!complete) {
        sql += view + " FROM main.events;";
    }
    if (!hasTable(db, "main", "meta")) {
        sql += withSchema(kMetaSql, "temp.");
    }
    if (!hasTable(db, "main", "sources")) {
        sql += withSchema(kSourcesSql, "temp.");
    }
    return sql.empty() ? Status{} : exec(db, sql);
}

Status buildTemporaryRollups(sqlite3 *db, bool overIncompleteMain)
{
    if (overIncompleteMain ? hasTable(db, "temp", "rollup_minutes") : hasRollups(db)) {
        return {};
    }
    const std::string sql =
        "SAVEPOINT rollups;" + withSchema(kRollupsSql, "temp.") + countEvents("temp.", "1") + "RELEASE rollups;";
    if (Status built = exec(db, sql); !built) {
        (void)sqliteExec(db, "ROLLBACK TO rollups; RELEASE rollups;");
        return fail(built.error(), "cannot compute rollups");
    }
    return {};
}

Status completeRollups(sqlite3 *db, int64_t fromRowid)
{
    if (Status done = exec(db, countEvents("", "id >= " + std::to_string(fromRowid))); !done) {
        return fail(done.error(), "cannot complete rollups");
    }
    return {};
}

bool hasRollups(sqlite3 *db)
{
    return hasTable(db, "main", "rollup_minutes") || hasTable(db, "temp", "rollup_minutes");
}

} // namespace pulsemap::schema
