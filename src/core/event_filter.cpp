// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event_filter.h"

#include "sqlite_statement.h"

namespace pulsemap {

namespace {

// " IN (:type0, :type1)" for `count` values named after `prefix`.
std::string inList(const char *column, const char *prefix, size_t count)
{
    std::string sql = std::string(column) + " IN (";
    for (size_t i = 0; i < count; ++i) {
        sql += (i > 0 ? ", :" : ":") + std::string(prefix) + std::to_string(i);
    }
    return sql + ')';
}

void bindList(SqliteStatement &statement, const char *prefix, const std::vector<std::string> &values)
{
    for (size_t i = 0; i < values.size(); ++i) {
        const std::string name = ':' + std::string(prefix) + std::to_string(i);
        statement.bindText(sqlite3_bind_parameter_index(statement.get(), name.c_str()), values[i]);
    }
}

} // namespace

std::string EventFilter::condition(const char *timeColumn) const
{
    std::string sql;
    auto add = [&](const std::string &condition) { sql += (sql.empty() ? "" : " AND ") + condition; };
    if (!types.empty()) {
        add(inList("type", "type", types.size()));
    }
    if (!campaigns.empty()) {
        add(inList("campaign", "campaign", campaigns.size()));
    }
    if (fromMs) {
        add(std::string(timeColumn) + " >= :from");
    }
    if (toMs) {
        add(std::string(timeColumn) + " < :to");
    }
    return sql.empty() ? "1" : sql;
}

std::string EventFilter::whereClause(const char *timeColumn) const
{
    return matchesEverything() ? std::string() : " WHERE " + condition(timeColumn);
}

void EventFilter::bind(SqliteStatement &statement) const
{
    bindList(statement, "type", types);
    bindList(statement, "campaign", campaigns);
    if (fromMs) {
        statement.bind(sqlite3_bind_parameter_index(statement.get(), ":from"), *fromMs);
    }
    if (toMs) {
        statement.bind(sqlite3_bind_parameter_index(statement.get(), ":to"), *toMs);
    }
}

} // namespace pulsemap
