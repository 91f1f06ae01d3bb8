// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_runner.h"
#include "core/campaign_reader.h"
#include "core/campaign_store.h"

#include <QCryptographicHash>
#include <QTemporaryDir>

using namespace pulsemap::test;

namespace {

constexpr qint64 kStartMs = 1'717'372'800'000; // 2024-06-03T00:00:00Z
constexpr qint64 kHourMs = 3'600'000;

// Every stored column of every event, in storage order.
QByteArray contentDigest(const QString &campaign)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(campaign.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *rows = nullptr;
        sqlite3_prepare_v2(db, "SELECT id, ts, type, lat, lon, country, city, campaign, weight FROM events ORDER BY id",
                           -1, &rows, nullptr);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int column = 0; column < 9; ++column) {
                hash.addData(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(rows, column))) + '|');
            }
        }
        sqlite3_finalize(rows);
    }
    sqlite3_close(db);
    return hash.result();
}

CliResult simulate(const QString &file, const QStringList &extra)
{
    return runCli(QStringList{"simulate", "-o", file} + extra);
}

} // namespace

class TstCliSimulate : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_campaign = m_dir.filePath("sim.pulsemap");
        const CliResult result = simulate(m_campaign, {"--events", "20000", "--seed", "7", "--hours", "6", "--start",
                                                       "2024-06-03T00:00:00Z", "--campaign", "spring"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = summary(result);
        QCOMPARE(report["events"].toInt(), 20000);
        QCOMPARE(report["opens"].toInt() + report["clicks"].toInt(), 20000);
        QCOMPARE(report["interrupted"].toBool(), false);
        QCOMPARE(report["first"].toString().left(10), QString("2024-06-03"));
    }

    void sameSeedSameEvents()
    {
        const QString again = m_dir.filePath("again.pulsemap");
        const QString other = m_dir.filePath("other.pulsemap");
        const QStringList options{"--events",   "20000", "--hours", "6", "--start", "2024-06-03T00:00:00Z",
                                  "--campaign", "spring"};
        QCOMPARE(simulate(again, options + QStringList{"--seed", "7"}).exitCode, 0);
        QCOMPARE(simulate(other, options + QStringList{"--seed", "8"}).exitCode, 0);
        QCOMPARE(contentDigest(again), contentDigest(m_campaign));
        QVERIFY(contentDigest(other) != contentDigest(m_campaign));
        QCOMPARE(queryInt(other, "SELECT count(*) FROM events"), 20000);
    }

    void countsAndTimeSpan()
    {
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events"), 20000);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE campaign = 'spring'"), 20000);
        // Sends go out on the first local morning at or after the start; opens within 6 hours; clicks within
        // 10 minutes of their open.
        QVERIFY(queryInt(m_campaign, "SELECT min(ts) FROM events") >= kStartMs);
        QVERIFY(queryInt(m_campaign, "SELECT max(ts) FROM events") <= kStartMs + 34 * kHourMs + 6 * kHourMs + 600'000);
        // Most opens come early: more in the first 2 hours after the local send window than in the next 4.
        const QString localHour = "((ts / 1000 + 9 * 3600) % 86400) / 3600"; // Tokyo, UTC+9
        const qint64 early = queryInt(m_campaign, "SELECT count(*) FROM events WHERE city = 'Tokyo' AND " + localHour +
                                                      " BETWEEN 8 AND 10");
        const qint64 late = queryInt(m_campaign, "SELECT count(*) FROM events WHERE city = 'Tokyo' AND " + localHour +
                                                     " BETWEEN 11 AND 15");
        QVERIFY2(early > 2 * late, qPrintable(QString("early %1, late %2").arg(early).arg(late)));
    }

    void mailIsReadInTheLocalMorning()
    {
        // New York is UTC-5, Tokyo UTC+9: in both, most events fall between 08:00 and 12:00 local time and
        // hardly any at night.
        for (const auto &[city, offset] : {std::pair{"New York", -5}, std::pair{"Tokyo", 9}}) {
            const QString hour = QString("((ts / 1000 + %1 * 3600) % 86400) / 3600").arg(offset);
            const QString where = QString("FROM events WHERE city = '%1'").arg(city);
            const qint64 all = queryInt(m_campaign, "SELECT count(*) " + where);
            const qint64 morning =
                queryInt(m_campaign, "SELECT count(*) " + where + " AND " + hour + " BETWEEN 8 AND 11");
            const qint64 night = queryInt(m_campaign, "SELECT count(*) " + where + " AND " + hour + " < 6");
            QVERIFY2(all > 200, city);
            QVERIFY2(morning * 2 > all,
                     qPrintable(QString("%1: %2 of %3 in the morning").arg(city).arg(morning).arg(all)));
            QVERIFY2(night * 20 < all, qPrintable(QString("%1: %2 of %3 at night").arg(city).arg(night).arg(all)));
        }
    }

    void clicksAreAShareOfOpens()
    {
        const qint64 opens = queryInt(m_campaign, "SELECT count(*) FROM events WHERE type = 'open'");
        const qint64 clicks = queryInt(m_campaign, "SELECT count(*) FROM events WHERE type = 'click'");
        QCOMPARE(opens + clicks, 20000);
        QVERIFY2(clicks * 10 >= opens && clicks * 5 <= opens,
                 qPrintable(QString("%1 clicks, %2 opens").arg(clicks).arg(opens)));
    }

    void geographyIsBelievable()
    {
        // Several continents (rough boxes), many countries, nothing at 0,0, a few unlocated events.
        const QStringList continents{
            "lat BETWEEN 35 AND 70 AND lon BETWEEN -10 AND 40",    // Europe
            "lat BETWEEN 15 AND 70 AND lon BETWEEN -170 AND -50",  // North America
            "lat BETWEEN -56 AND 13 AND lon BETWEEN -82 AND -34",  // South America
            "lat BETWEEN -35 AND 15 AND lon BETWEEN -18 AND 52",   // Africa
            "lat BETWEEN -10 AND 60 AND lon BETWEEN 60 AND 150",   // Asia
            "lat BETWEEN -45 AND -10 AND lon BETWEEN 110 AND 180", // Oceania
        };
        for (const QString &box : continents) {
            QVERIFY2(queryInt(m_campaign, "SELECT count(*) FROM events WHERE " + box) > 50, qPrintable(box));
        }
        QVERIFY(queryInt(m_campaign, "SELECT count(DISTINCT country) FROM events") >= 40);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE abs(lat) < 1 AND abs(lon) < 1"), 0);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE abs(lat) > 90 OR abs(lon) > 180"), 0);
        const qint64 unlocated = queryInt(m_campaign, "SELECT count(*) FROM events WHERE lat IS NULL");
        QVERIFY2(unlocated > 200 && unlocated < 1200, qPrintable(QString::number(unlocated)));
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE lat IS NULL AND (lon IS NOT NULL OR "
                                      "country IS NOT NULL OR city IS NOT NULL)"),
                 0);
        // Jitter around the centre: Paris's events are spread, but within about 300 km of it.
        QVERIFY(queryInt(m_campaign, "SELECT count(DISTINCT lat) FROM events WHERE city = 'Paris'") > 10);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE city = 'Paris' AND (abs(lat - 48.86) > 3 "
                                      "OR abs(lon - 2.35) > 5)"),
                 0);
    }

    void recipientsAreVisitorsAndClicksCarryTheirLink()
    {
        // Every event has a visitor; each recipient opens once, so the distinct visitors are the opens, and every
        // click's visitor opened too (one person). Clicks name a link, opens none; the landing page leads.
        const int opens = queryInt(m_campaign, "SELECT count(*) FROM events WHERE type = 'open'");
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE visitor IS NULL OR visitor <= 0"), 0);
        QCOMPARE(queryInt(m_campaign, "SELECT count(DISTINCT visitor) FROM events"), opens);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events c WHERE c.type = 'click' AND NOT EXISTS "
                                      "(SELECT 1 FROM events o WHERE o.type = 'open' AND o.visitor = c.visitor "
                                      "AND o.ts <= c.ts)"),
                 0);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE type = 'open' AND path IS NOT NULL"), 0);
        QCOMPARE(queryInt(m_campaign, "SELECT count(*) FROM events WHERE type = 'click' AND path IS NULL"), 0);
        QVERIFY(queryInt(m_campaign, "SELECT count(DISTINCT path) FROM events") >= 8);
        const int landing = queryInt(m_campaign, "SELECT count(*) FROM events WHERE path = '/'");
        QCOMPARE(
            queryInt(m_campaign,
                     "SELECT count(*) FROM events WHERE path IS NOT NULL GROUP BY path ORDER BY count(*) DESC LIMIT 1"),
            landing);
    }

    void replaysInTimeOrder()
    {
        auto store = pulsemap::CampaignStore::open(m_campaign.toStdString(), pulsemap::CampaignStore::Access::ReadOnly);
        QVERIFY2(store, store.message().c_str());
        pulsemap::CampaignReader reader(**store, {});
        pulsemap::EventBatch batch;
        int64_t previous = 0;
        int64_t read = 0;
        for (;;) {
            batch.clear();
            auto got = reader.next(batch, 1000);
            QVERIFY2(got, got.message().c_str());
            if (*got == 0) {
                break;
            }
            for (const pulsemap::Event &event : batch.events()) {
                QVERIFY(event.tsMs >= previous);
                previous = event.tsMs;
            }
            read += static_cast<int64_t>(*got);
        }
        QCOMPARE(read, 20000);
    }

    void simulatedFilePassesCheck()
    {
        const CliResult result = runCli({"check", m_campaign});
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QCOMPARE(summary(result)["healthy"].toBool(), true);
        QCOMPARE(summary(result)["events"].toInt(), 20000);
    }

    void badArguments()
    {
        const QString file = m_dir.filePath("bad.pulsemap");
        QCOMPARE(simulate(file, {}).exitCode, 2); // no --events
        QCOMPARE(simulate(file, {"--events", "0"}).exitCode, 2);
        QCOMPARE(simulate(file, {"--events", "ten"}).exitCode, 2);
        QCOMPARE(simulate(file, {"--events", "10", "--hours", "0"}).exitCode, 2);
        QCOMPARE(simulate(file, {"--events", "10", "--start", "1960-01-01"}).exitCode, 2);
        QCOMPARE(simulate(file, {"--events", "10", "--start", "2099-12-31"}).exitCode, 2); // would run past 2099
        QVERIFY(!QFile::exists(file));
        // An existing file is not overwritten without --force.
        const QByteArray before = readFile(m_campaign);
        const CliResult refused = simulate(m_campaign, {"--events", "10"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(refused.err.contains("--force"));
        QCOMPARE(readFile(m_campaign), before);
        const QString replaced = m_dir.filePath("replaced.pulsemap");
        QCOMPARE(simulate(replaced, {"--events", "100"}).exitCode, 0);
        QCOMPARE(simulate(replaced, {"--events", "10", "--force"}).exitCode, 0);
        QCOMPARE(queryInt(replaced, "SELECT count(*) FROM events"), 10);
    }

private: // NOLINT(readability-redundant-access-specifiers): "private slots" is a different section to moc
    QTemporaryDir m_dir;
    QString m_campaign; // 20,000 events, seed 7, opens over 6 hours, from kStartMs
};

QTEST_GUILESS_MAIN(TstCliSimulate)
#include "tst_cli_simulate.moc"
