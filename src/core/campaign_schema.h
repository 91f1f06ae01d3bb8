// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "result.h"

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

// The tables of a campaign file (docs/campaign-format.md) and the way from older versions to the current
// one. Version 2 added the `path` and `visitor` columns and the rollup tables; files of version 1, whether
// written by Pulsemap or by another tool from the format's description (maybe without `sources`, `meta`,
// the time index or some optional columns), still open:
// - opened for writing (import, record), they are upgraded in place, in one transaction;
// - opened read-only (replay, stats, export), they are not modified: TEMP views give the missing columns
//   as NULL and TEMP tables hold the missing tables, and the rollups are computed into TEMP tables the
//   first time something asks for them (a full scan, once per connection).
//
// Threading: functions of one connection; call them on the thread that owns it.
namespace pulsemap::schema {

inline constexpr int kVersion = 2;

// Creates every table of the current version in an empty database (inside the caller's transaction).
Status create(sqlite3 *db);

// Registers the SQL functions the schema's statements use (pm_cell(lat, lon), see rollup_grid.h) on a
// connection. Every connection that upgrades or builds rollups needs them.
Status registerFunctions(sqlite3 *db);

// The columns of `schemaName`.`table`, in order; empty when there is no such table.
std::vector<std::string> columnsOf(sqlite3 *db, const std::string &schemaName, const std::string &table);

// Upgrades a file of an older version (userVersion) to the current one in place, in one transaction:
// adds the missing columns, tables and index, fills the rollups from the events, sets user_version.
Status upgrade(sqlite3 *db, int userVersion);

// For a read-only connection to an older file: TEMP objects that make it look like the current version
// to every reader, except the rollups (buildTemporaryRollups). Writes nothing to the file.
Status emulate(sqlite3 *db);
// Computes the rollups of the events into TEMP tables of the current layout (once per connection). They
// shadow main's tables, so overIncompleteMain builds them even where main has rollups that lack events.
Status buildTemporaryRollups(sqlite3 *db, bool overIncompleteMain = false);
// Adds the counts of the events whose rowid is fromRowid or more to main's rollup tables (inside the
// caller's transaction): how an interrupted bulk load is completed.
Status completeRollups(sqlite3 *db, int64_t fromRowid);

// Whether `main` has the rollup tables (a current file) or TEMP ones were built.
bool hasRollups(sqlite3 *db);

} // namespace pulsemap::schema
