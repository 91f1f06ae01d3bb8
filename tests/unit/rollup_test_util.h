// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Shared by the campaign schema and bulk-load tests: SQL helpers, random out-of-order batches, and the
// check that every rollup table equals the counts computed from the events.
#pragma once

#include "core/campaign_store.h"
#include "core/sqlite_statement.h"

#include <QtTest>
#include <sqlite3.h>

#include <random>
#include <string>
#include <utility>

namespace pulsemap::test {

inline void execOrFail(sqlite3 *db, const std::string &sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const QString text = message != nullptr ? QString::fromUtf8(message) : QString();
    sqlite3_free(message);
    QVERIFY2(rc == SQLITE_OK, qPrintable(text));
}

inline int64_t scalar(sqlite3 *db, const std::string &sql)
{
    SqliteStatement query(db, sql);
    return query.valid() && query.step() == SQLITE_ROW ? query.columnInt(0) : -1;
}

// Every rollup table equals the same counts computed from the events (both differences empty).
inline void verifyRollupsAgree(sqlite3 *db)
{
    const std::pair<const char *, const char *> pairs[] = {
        {"SELECT ts - ts % 60000, type, coalesce(campaign, ''), count(*), round(total(weight), 3), "
         "sum(lat IS NOT NULL AND lon IS NOT NULL) FROM events GROUP BY 1, 2, 3",
         "SELECT start_ms, type, campaign, events, round(weight, 3), located FROM rollup_minutes"},
        {"SELECT ts - ts % 3600000, type, coalesce(campaign, ''), coalesce(country, ''), count(*) FROM events "
         "GROUP BY 1, 2, 3, 4",
         "SELECT start_ms, type, campaign, country, events FROM rollup_countries"},
        {"SELECT 60000, ts - ts % 60000, type, coalesce(campaign, ''), pm_cell(lat, lon), count(*) FROM events "
         "WHERE lat IS NOT NULL GROUP BY 2, 3, 4, 5 UNION ALL SELECT 3600000, ts - ts % 3600000, type, "
         "coalesce(campaign, ''), pm_cell(lat, lon), count(*) FROM events WHERE lat IS NOT NULL GROUP BY 2, 3, 4, 5",
         "SELECT span_ms, start_ms, type, campaign, cell, events FROM rollup_cells"},
    };
    for (const auto &[eventsSql, rollupsSql] : pairs) {
        // Each side wrapped, so a compound side (UNION ALL) is not split by the EXCEPT around it.
        const std::string events = std::string("SELECT * FROM (") + eventsSql + ")";
        const std::string rollups = std::string("SELECT * FROM (") + rollupsSql + ")";
        QVERIFY2(scalar(db, std::string("SELECT count(*) FROM (") + events + " EXCEPT " + rollups + ")") == 0,
                 rollupsSql);
        QVERIFY2(scalar(db, std::string("SELECT count(*) FROM (") + rollups + " EXCEPT " + events + ")") == 0,
                 rollupsSql);
        QVERIFY(scalar(db, std::string("SELECT count(*) FROM (") + rollups + ")") > 0);
    }
}

inline EventBatch randomBatch(std::mt19937 &random, int count, int64_t baseMs, int64_t spreadMs)
{
    EventBatch batch;
    const char *types[] = {"open", "click"};
    const char *campaigns[] = {"a", "b", ""};
    for (int i = 0; i < count; ++i) {
        Event &event = batch.append();
        event.tsMs = baseMs + int64_t(random() % uint64_t(spreadMs)); // out of order on purpose
        event.type = batch.store(types[random() % 2]);
        event.campaign = batch.store(campaigns[random() % 3]);
        event.weight = float(1 + random() % 4);
        if (random() % 4 != 0) {
            event.lat = -60.0 + double(random() % 12000) / 100.0;
            event.lon = -180.0 + double(random() % 36000) / 100.0;
            event.country = {'F', 'R'};
        }
        event.path = batch.store("/p");
        event.visitor = 1 + random() % 50;
    }
    return batch;
}

} // namespace pulsemap::test
