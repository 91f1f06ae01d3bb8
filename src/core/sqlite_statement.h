// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "result.h"

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace pulsemap {

// RAII wrapper around a prepared SQLite statement; binding helpers keep call sites short.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3 *db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;

    [[nodiscard]] bool valid() const { return m_stmt != nullptr; }
    [[nodiscard]] sqlite3_stmt *get() const { return m_stmt; }

    void bind(int index, int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
    void bind(int index, double value) { sqlite3_bind_double(m_stmt, index, value); }
    // The text must stay alive until the statement steps (SQLITE_STATIC: no copy).
    void bindText(int index, std::string_view text);
    void bindNull(int index) { sqlite3_bind_null(m_stmt, index); }

    // One sqlite3_step: SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(m_stmt); }
    void reset();

    [[nodiscard]] int64_t columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }
    [[nodiscard]] double columnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }
    [[nodiscard]] bool columnIsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
    [[nodiscard]] std::string_view columnText(int column) const;

private:
    sqlite3_stmt *m_stmt = nullptr;
};

// Runs SQL without results; the failure carries SQLite's message.
Status sqliteExec(sqlite3 *db, const char *sql);

} // namespace pulsemap
