// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "campaign_check.h"

#include "campaign_schema.h"
#include "campaign_store.h"
#include "civil_time.h"
#include "event.h"
#include "sqlite_statement.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <span>
#include <string_view>

namespace pulsemap {

namespace {

struct TableSchema
{
    const char *name;
    std::vector<std::string_view> columns;
};

// What docs/campaign-format.md promises for schema version 1 ...
const std::array<TableSchema, 3> kVersion1Tables{{
    {"events", {"id", "ts", "type", "lat", "lon", "country", "city", "campaign", "weight", "seq", "ip"}},
    {"sources", {"path", "device", "inode", "fingerprint", "offset", "line", "updated_ms"}},
    {"meta", {"key", "value"}},
}};
// ... and for version 2.
const std::array<TableSchema, 6> kVersion2Tables{{
    {"events",
     {"id", "ts", "type", "lat", "lon", "country", "city", "campaign", "weight", "seq", "ip", "path", "visitor"}},
    {"sources", {"path", "device", "inode", "fingerprint", "offset", "line", "updated_ms"}},
    {"meta", {"key", "value"}},
    {"rollup_minutes", {"start_ms", "type", "campaign", "events", "weight", "located"}},
    {"rollup_countries", {"start_ms", "type", "campaign", "country", "events", "weight"}},
    {"rollup_cells", {"span_ms", "start_ms", "type", "campaign", "cell", "events", "weight"}},
}};

// Each rollup table against the same counts computed from the events: the rows of each side that the other
// lacks (a missing, extra or different bucket), as (start, type, campaign). EXCEPT sorts both sides, so this
// stays O(n log n) on a big file. Weights are compared to three decimals: the two sums add in different orders.
struct RollupCheck
{
    const char *name;
    const char *fromEvents;  // s, t, c, n, w[, l]
    const char *fromRollups; // the same columns
};
const std::array<RollupCheck, 4> kRollupChecks{{
    {"rollup_minutes",
     "SELECT ts - ts % 60000 AS s, type AS t, coalesce(campaign, '') AS c, count(*) AS n, round(total(weight), 3) AS "
     "w, sum(lat IS NOT NULL AND lon IS NOT NULL) AS l FROM events GROUP BY 1, 2, 3",
     "SELECT start_ms, type, campaign, events, round(weight, 3), located FROM rollup_minutes"},
    {"rollup_countries",
     "SELECT ts - ts % 3600000 AS s, type AS t, coalesce(campaign, '') AS c, coalesce(country, ''), count(*), "
     "round(total(weight), 3) FROM events GROUP BY 1, 2, 3, 4",
     "SELECT start_ms, type, campaign, country, events, round(weight, 3) FROM rollup_countries"},
    {"rollup_cells (minutes)",
     "SELECT ts - ts % 60000 AS s, type AS t, coalesce(campaign, '') AS c, pm_cell(lat, lon), count(*), "
     "round(total(weight), 3) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4",
     "SELECT start_ms, type, campaign, cell, events, round(weight, 3) FROM rollup_cells WHERE span_ms = 60000"},
    {"rollup_cells (hours)",
     "SELECT ts - ts % 3600000 AS s, type AS t, coalesce(campaign, '') AS c, pm_cell(lat, lon), count(*), "
     "round(total(weight), 3) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4",
     "SELECT start_ms, type, campaign, cell, events, round(weight, 3) FROM rollup_cells WHERE span_ms = 3600000"},
}};

std::string disagreementSql(const RollupCheck &check)
{
    return std::string("SELECT s, t, c FROM (") + check.fromEvents + " EXCEPT " + check.fromRollups +
           ") UNION SELECT s, t, c FROM (SELECT * FROM (" + check.fromEvents + ") WHERE 0 UNION ALL " +
           check.fromRollups + " EXCEPT " + check.fromEvents + ") ORDER BY 1 LIMIT 1000";
}

// Collects problems, listing the first few of each kind.
class Findings
{
public:
    Findings(CampaignCheckReport &report, size_t limit) : m_report(report), m_limit(limit) {}
    void add(const std::string &problem, size_t &listedOfKind)
    {
        if (listedOfKind < m_limit) {
            m_report.problems.push_back(problem);
            ++listedOfKind;
        } else {
            ++m_report.unlistedProblems;
        }
    }
    void add(const std::string &problem)
    {
        size_t unlimited = 0;
        add(problem, unlimited);
    }

private:
    CampaignCheckReport &m_report;
    size_t m_limit;
};

// A header that names a Pulsemap campaign this build reads, whatever else is wrong with the file: such
// a file is checked (and reported damaged), anything else is refused as not a campaign.
bool claimsToBeCampaign(const std::string &path)
{
    std::array<unsigned char, 100> header{};
    std::FILE *file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        return false;
    }
    const size_t got = std::fread(header.data(), 1, header.size(), file);
    std::fclose(file);
    auto be32 = [&](size_t at) {
        return static_cast<int32_t>((uint32_t{header[at]} << 24) | (uint32_t{header[at + 1]} << 16) |
                                    (uint32_t{header[at + 2]} << 8) | uint32_t{header[at + 3]});
    };
    const int32_t version = be32(60);
    return got == header.size() &&
           std::string_view(reinterpret_cast<const char *>(header.data()), 16) ==
               std::string_view("SQLite format 3\0", 16) &&
           be32(68) == CampaignStore::kApplicationId && version >= 1 && version <= CampaignStore::kSchemaVersion;
}

void checkIntegrity(sqlite3 *db, const CampaignCheckOptions &options, CampaignCheckReport &report, Findings &found)
{
    report.integrityCheck = options.quick ? "quick_check" : "integrity_check";
    const std::string sql = "PRAGMA " + report.integrityCheck + "(" + std::to_string(options.maxProblems) + ")";
    SqliteStatement check(db, sql);
    if (!check.valid()) {
        found.add(report.integrityCheck + ": " + sqlite3_errmsg(db));
        return;
    }
    int rc = SQLITE_ROW;
    while ((rc = check.step()) == SQLITE_ROW) {
        if (const std::string_view row = check.columnText(0); row != "ok") {
            found.add(report.integrityCheck + ": " + std::string(row));
        }
    }
    if (rc != SQLITE_DONE) {
        found.add(report.integrityCheck + ": " + sqlite3_errmsg(db));
    }
}

std::optional<int64_t> pragmaInt(sqlite3 *db, const char *pragma)
{
    SqliteStatement query(db, std::string("PRAGMA ") + pragma);
    if (query.valid() && query.step() == SQLITE_ROW) {
        return query.columnInt(0);
    }
    return std::nullopt;
}

void checkPragma(sqlite3 *db, const char *pragma, int64_t expected, Findings &found)
{
    const std::optional<int64_t> value = pragmaInt(db, pragma);
    if (!value) {
        found.add(std::string("schema: cannot read ") + pragma + ": " + sqlite3_errmsg(db));
    } else if (*value != expected) {
        found.add(std::string("schema: ") + pragma + " is " + std::to_string(*value) + ", expected " +
                  std::to_string(expected));
    }
}

void checkSchema(sqlite3 *db, int64_t version, Findings &found)
{
    checkPragma(db, "application_id", CampaignStore::kApplicationId, found);
    if (version < 1 || version > CampaignStore::kSchemaVersion) {
        found.add("schema: user_version is " + std::to_string(version) + ", expected 1 to " +
                  std::to_string(CampaignStore::kSchemaVersion));
    }
    const auto tables =
        version >= 2 ? std::span<const TableSchema>(kVersion2Tables) : std::span<const TableSchema>(kVersion1Tables);
    for (const TableSchema &table : tables) {
        SqliteStatement columns(db, "SELECT name FROM pragma_table_info(?1)");
        if (!columns.valid()) {
            found.add(std::string("schema: cannot read table ") + table.name + ": " + sqlite3_errmsg(db));
            continue;
        }
        columns.bindText(1, table.name);
        std::vector<std::string> present;
        while (columns.step() == SQLITE_ROW) {
            present.emplace_back(columns.columnText(0));
        }
        if (present.empty()) {
            found.add(std::string("schema: table ") + table.name + " is missing");
            continue;
        }
        for (const std::string_view column : table.columns) {
            if (std::find(present.begin(), present.end(), column) == present.end()) {
                found.add(std::string("schema: column ") + table.name + "." + std::string(column) + " is missing");
            }
        }
    }
    SqliteStatement index(db, "SELECT group_concat(name) FROM pragma_index_info('events_ts')");
    const bool indexed = index.valid() && index.step() == SQLITE_ROW && index.columnText(0) == "ts";
    SqliteStatement owner(db, "SELECT tbl_name FROM sqlite_schema WHERE type = 'index' AND name = 'events_ts'");
    if (!indexed || !owner.valid() || owner.step() != SQLITE_ROW || owner.columnText(0) != "events") {
        found.add("schema: index events_ts on events(ts) is missing");
    }
}

bool coordinatesValid(const SqliteStatement &row)
{
    const bool latNull = row.columnIsNull(2);
    const bool lonNull = row.columnIsNull(3);
    if (latNull || lonNull) {
        return latNull && lonNull; // unlocated: both NULL
    }
    const int latType = sqlite3_column_type(row.get(), 2);
    const int lonType = sqlite3_column_type(row.get(), 3);
    const bool numeric = (latType == SQLITE_FLOAT || latType == SQLITE_INTEGER) &&
                         (lonType == SQLITE_FLOAT || lonType == SQLITE_INTEGER);
    const double lat = row.columnDouble(2);
    const double lon = row.columnDouble(3);
    return numeric && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
}

// One pass over every event: times (the contract of plausibleEventTime) and coordinates.
void checkEvents(sqlite3 *db, CampaignCheckReport &report, Findings &found)
{
    SqliteStatement rows(db, "SELECT id, ts, lat, lon FROM events");
    if (!rows.valid()) {
        found.add(std::string("events: cannot read: ") + sqlite3_errmsg(db));
        return;
    }
    int64_t count = 0;
    size_t badTimes = 0;
    size_t badPlaces = 0;
    int rc = SQLITE_ROW;
    while ((rc = rows.step()) == SQLITE_ROW) {
        ++count;
        const int64_t id = rows.columnInt(0);
        if (sqlite3_column_type(rows.get(), 1) != SQLITE_INTEGER || !plausibleEventTime(rows.columnInt(1))) {
            found.add("events: id " + std::to_string(id) +
                          ": time outside 1970..2099: " + std::string(rows.columnText(1)),
                      badTimes);
        }
        if (!coordinatesValid(rows)) {
            found.add("events: id " + std::to_string(id) + ": coordinates out of range: " +
                          std::string(rows.columnText(2)) + ", " + std::string(rows.columnText(3)),
                      badPlaces);
        }
    }
    if (rc != SQLITE_DONE) {
        found.add("events: reading stopped after " + std::to_string(count) + " rows: " + sqlite3_errmsg(db));
        return;
    }
    report.events = count;
}

// --quick: each rollup table's totals per hour against the events counted per hour, one pass in time order
// over the time index (no sort): a lost or doubled batch shows, a count moved between two cells of one hour
// does not (the full check finds those).
void checkRollupTotals(sqlite3 *db, Findings &found)
{
    static constexpr const char *kSql =
        "WITH e AS (SELECT ts - ts % 3600000 AS h, count(*) AS n, sum(lat IS NOT NULL AND lon IS NOT NULL) AS l "
        "FROM events GROUP BY 1), "
        "m AS (SELECT start_ms - start_ms % 3600000 AS h, sum(events) AS n, sum(located) AS l FROM rollup_minutes "
        "GROUP BY 1), "
        "k AS (SELECT start_ms AS h, sum(events) AS n FROM rollup_countries GROUP BY 1), "
        "c AS (SELECT start_ms - start_ms % 3600000 AS h, sum(events) FILTER (WHERE span_ms = 60000) AS cm, "
        "sum(events) FILTER (WHERE span_ms = 3600000) AS ch FROM rollup_cells GROUP BY 1), "
        "hours AS (SELECT h FROM e UNION SELECT h FROM m UNION SELECT h FROM k UNION SELECT h FROM c) "
        "SELECT hours.h FROM hours LEFT JOIN e USING (h) LEFT JOIN m USING (h) LEFT JOIN k USING (h) "
        "LEFT JOIN c USING (h) WHERE e.n IS NOT m.n OR e.n IS NOT k.n OR e.l IS NOT m.l "
        "OR coalesce(e.l, 0) IS NOT coalesce(c.cm, 0) OR coalesce(e.l, 0) IS NOT coalesce(c.ch, 0) ORDER BY 1 LIMIT "
        "1000";
    SqliteStatement rows(db, kSql);
    if (!rows.valid()) {
        found.add(std::string("rollups: cannot compare: ") + sqlite3_errmsg(db));
        return;
    }
    size_t listed = 0;
    int rc = SQLITE_ROW;
    while ((rc = rows.step()) == SQLITE_ROW) {
        found.add("rollups: hour " + civil::formatIsoUtc(rows.columnInt(0)) + " disagrees with the events", listed);
    }
    if (rc != SQLITE_DONE) {
        found.add(std::string("rollups: cannot compare: ") + sqlite3_errmsg(db));
    }
}

// Compares every rollup table with the counts computed from the events themselves and reports the buckets
// that disagree. Version 1 files have no rollups (readers compute them when they need them).
void checkRollups(sqlite3 *db, int64_t schemaVersion, bool quick, Findings &found)
{
    if (schemaVersion < 2) {
        return;
    }
    // A bulk load (campaign_store.h) writes the rollups at its end: compared before that, every bucket since
    // the marker would disagree. Say what happened instead.
    SqliteStatement pending(db, "SELECT value FROM meta WHERE key = 'rollups_from'");
    if (pending.valid() && pending.step() == SQLITE_ROW) {
        found.add("rollups: incomplete from event id " + std::string(pending.columnText(0)) +
                  " on: an import was interrupted or is still running (opening the file for writing, e.g. with "
                  "pulsemap-cli import, completes them)");
        return;
    }
    if (quick) {
        checkRollupTotals(db, found);
        return;
    }
    if (Status registered = schema::registerFunctions(db); !registered) {
        found.add("rollups: " + registered.message());
        return;
    }
    for (const RollupCheck &check : kRollupChecks) {
        SqliteStatement rows(db, disagreementSql(check));
        if (!rows.valid()) {
            found.add(std::string(check.name) + ": cannot compare: " + sqlite3_errmsg(db));
            continue;
        }
        size_t listed = 0;
        int rc = SQLITE_ROW;
        while ((rc = rows.step()) == SQLITE_ROW) {
            found.add(std::string(check.name) + ": bucket " + civil::formatIsoUtc(rows.columnInt(0)) + " type " +
                          std::string(rows.columnText(1)) + " campaign '" + std::string(rows.columnText(2)) +
                          "' disagrees with the events",
                      listed);
        }
        if (rc != SQLITE_DONE) {
            found.add(std::string(check.name) + ": cannot compare: " + sqlite3_errmsg(db));
        }
    }
}

} // namespace

Result<CampaignCheckReport> checkCampaign(const std::string &path, const CampaignCheckOptions &options)
{
    CampaignCheckReport report;
    Findings found(report, options.maxProblems);
    if (Status header = checkCampaignHeader(path); !header) {
        if (!claimsToBeCampaign(path)) {
            return header.error();
        }
        found.add("header: " + header.message());
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        found.add(std::string("cannot open: ") + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close(db);
        return report;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    checkIntegrity(db, options, report, found);
    report.schemaVersion = pragmaInt(db, "user_version").value_or(0);
    checkSchema(db, report.schemaVersion, found);
    checkEvents(db, report, found);
    checkRollups(db, report.schemaVersion, options.quick, found);
    sqlite3_close(db);
    return report;
}

} // namespace pulsemap
