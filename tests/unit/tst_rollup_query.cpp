// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RollupQuery's answers equal the same computation over every event: heat at random moments in each window
// mode and with filters, and the timeline's histogram.
#include "core/campaign_store.h"
#include "core/hour_cell_cache.h"
#include "core/rollup_grid.h"
#include "core/rollup_query.h"
#include "core/visitor_id.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <random>

using namespace pulsemap;

namespace {

constexpr int64_t kStartMs = 1'700'000'000'000;
constexpr int64_t kSpanMs = 30 * 3'600'000; // 30 hours

struct Stored
{
    int64_t ts;
    std::string type;
    std::string campaign;
    double lat, lon;
    float weight;
};

using CellKey = std::pair<int32_t, std::string>;

// The heat of every selected event; `tail` gets the part from events older than ten half-lives, which the
// query may leave out (each adds less than 1/1000 of its weight).
std::map<CellKey, double> bruteForce(const std::vector<Stored> &events, int64_t atMs, const HeatWindow &window,
                                     const EventFilter &filter, std::map<CellKey, double> &tail)
{
    std::map<CellKey, double> heat;
    for (const Stored &event : events) {
        if (event.ts > atMs || std::isnan(event.lat)) {
            continue;
        }
        if (!filter.types.empty() &&
            std::find(filter.types.begin(), filter.types.end(), event.type) == filter.types.end()) {
            continue;
        }
        if (!filter.campaigns.empty() &&
            std::find(filter.campaigns.begin(), filter.campaigns.end(), event.campaign) == filter.campaigns.end()) {
            continue;
        }
        double weight = event.weight;
        if (window.mode == HeatWindow::Mode::Decay) {
            weight *= std::exp2(-double(atMs - event.ts) / 1000.0 / window.halfLifeSeconds);
        } else if (window.mode == HeatWindow::Mode::Sliding && event.ts <= atMs - window.widthMs) {
            continue;
        }
        const CellKey key{rollup::cellOf(event.lat, event.lon), event.type};
        heat[key] += weight;
        if (window.mode == HeatWindow::Mode::Decay && double(atMs - event.ts) > 10 * 1000 * window.halfLifeSeconds) {
            tail[key] += weight;
        }
    }
    return heat;
}

std::map<CellKey, double> fromSnapshot(const HeatSnapshot &snapshot)
{
    std::map<CellKey, double> heat;
    for (const HeatSnapshot::Cell &cell : snapshot.cells) {
        heat[{cell.cell, snapshot.types[cell.type]}] += cell.weight;
    }
    return heat;
}

} // namespace

class TstRollupQuery : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::vector<Stored> m_events;
    std::unique_ptr<CampaignStore> m_store;

private slots:
    void initTestCase()
    {
        auto store = CampaignStore::openOrCreate(m_dir.filePath("q.pulsemap").toStdString());
        QVERIFY(store);
        m_store = std::move(*store);
        std::mt19937 random(11);
        const double places[][2] = {{48.14, 11.58}, {40.71, -74.0}, {-33.87, 151.21}, {51.5, -0.12}, {19.4, -99.1}};
        const char *types[] = {"open", "click", "hit"};
        const char *campaigns[] = {"a", "b", ""};
        for (int b = 0; b < 20; ++b) {
            EventBatch batch;
            for (int i = 0; i < 2000; ++i) {
                Stored stored{kStartMs + int64_t(random() % kSpanMs),
                              types[random() % 3],
                              campaigns[random() % 3],
                              Event::kNoCoordinate,
                              Event::kNoCoordinate,
                              float(1 + random() % 3)};
                if (random() % 6 != 0) {
                    const auto *place = places[random() % 5];
                    stored.lat = place[0] + double(random() % 100) / 1000.0;
                    stored.lon = place[1];
                }
                Event &event = batch.append();
                event.tsMs = stored.ts;
                event.type = batch.store(stored.type);
                event.campaign = batch.store(stored.campaign);
                event.lat = stored.lat;
                event.lon = stored.lon;
                event.weight = stored.weight;
                m_events.push_back(stored);
            }
            QVERIFY(m_store->append(batch, b % 3 ? CampaignStore::Commit::Deferred : CampaignStore::Commit::Now));
        }
        QVERIFY(m_store->commit());
    }

    void heatEqualsEveryEventSummed_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<double>("halfLife");
        QTest::addColumn<double>("tolerance");
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<QStringList>("campaigns");
        // Decay places each event at its minute's middle: within 2^(30 s / half-life) of exact.
        QTest::newRow("decay 1h") << int(HeatWindow::Mode::Decay) << 3600.0 << 0.006 << QStringList{} << QStringList{};
        QTest::newRow("decay 10min click")
            << int(HeatWindow::Mode::Decay) << 600.0 << 0.036 << QStringList{"click"} << QStringList{};
        QTest::newRow("decay 8h (hour cells)")
            << int(HeatWindow::Mode::Decay) << 8 * 3600.0 << 0.045 << QStringList{} << QStringList{"a", "b"};
        QTest::newRow("cumulative") << int(HeatWindow::Mode::Cumulative) << 0.0 << 1e-5 << QStringList{}
                                    << QStringList{};
        QTest::newRow("cumulative campaign b")
            << int(HeatWindow::Mode::Cumulative) << 0.0 << 1e-5 << QStringList{} << QStringList{"b"};
        QTest::newRow("sliding 90min") << int(HeatWindow::Mode::Sliding) << 0.0 << 1e-5 << QStringList{"open", "hit"}
                                       << QStringList{};
    }
    void heatEqualsEveryEventSummed()
    {
        QFETCH(int, mode);
        QFETCH(double, halfLife);
        QFETCH(double, tolerance);
        QFETCH(QStringList, types);
        QFETCH(QStringList, campaigns);
        HeatWindow window{HeatWindow::Mode(mode), halfLife, 90 * 60'000 + 17'000};
        EventFilter filter;
        for (const QString &type : types) {
            filter.types.push_back(type.toStdString());
        }
        for (const QString &campaign : campaigns) {
            filter.campaigns.push_back(campaign.toStdString());
        }
        auto query = RollupQuery::open(*m_store);
        QVERIFY(query);
        std::mt19937 random(5);
        for (int round = 0; round < 16; ++round) {
            // The second half with the hour cells held in memory, as a replay does after its first seek.
            if (round == 8) {
                QVERIFY(query->holdHourCells(filter));
            }
            const int64_t at = kStartMs + int64_t(random() % (kSpanMs + 3'600'000)); // some after the end
            auto snapshot = query->heatAt(at, window, filter);
            QVERIFY2(snapshot, snapshot.message().c_str());
            std::map<CellKey, double> tail;
            const auto expected = bruteForce(m_events, at, window, filter, tail);
            const auto actual = fromSnapshot(*snapshot);
            double expectedTotal = 0;
            for (const auto &[key, weight] : expected) {
                expectedTotal += weight;
                const double allowed = tolerance * weight + (tail.count(key) ? tail.at(key) : 0.0) + 1e-3;
                if (weight <= allowed) {
                    continue; // all of it may be beyond the decay horizon
                }
                const auto found = actual.find(key);
                QVERIFY2(found != actual.end(), qPrintable(QString::fromStdString(key.second)));
                QVERIFY2(std::abs(found->second - weight) <= allowed,
                         qPrintable(QStringLiteral("%1 vs %2 at %3").arg(found->second).arg(weight).arg(at)));
            }
            for (const auto &[key, weight] : actual) {
                QVERIFY2(expected.count(key) == 1, "a cell with heat that no selected event explains");
            }
            QVERIFY(expectedTotal > 0);
            // Far fewer rows than events: that is the point of the rollups.
            if (mode == int(HeatWindow::Mode::Cumulative)) {
                QVERIFY(snapshot->rowsRead < int64_t(m_events.size()) / 2);
            }
        }
    }

    // Held hour cells follow the file: rows committed after they were read (by this connection or another,
    // as when a recording goes on) count at the next seek.
    void heldHoursFollowTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("grow.pulsemap").toStdString();
        auto writer = CampaignStore::openOrCreate(path);
        QVERIFY(writer);
        auto appendAt = [](CampaignStore &store, int64_t ts, double weight) {
            EventBatch batch;
            Event &event = batch.append();
            event.tsMs = ts;
            event.type = batch.store("open");
            event.lat = 48.14;
            event.lon = 11.58;
            event.weight = float(weight);
            return bool(store.append(batch));
        };
        QVERIFY(appendAt(**writer, kStartMs, 1));
        auto reader = CampaignStore::open(path, CampaignStore::Access::ReadOnly);
        QVERIFY(reader);
        auto query = RollupQuery::open(**reader);
        QVERIFY(query);
        QVERIFY(query->holdHourCells({}));
        const HeatWindow cumulative{HeatWindow::Mode::Cumulative, 0, 0};
        auto total = [&](RollupQuery &q) {
            auto heat = q.heatAt(kStartMs + 10 * 3'600'000, cumulative, {});
            double sum = 0;
            for (const HeatSnapshot::Cell &cell : heat ? heat->cells : std::vector<HeatSnapshot::Cell>{}) {
                sum += cell.weight;
            }
            return sum;
        };
        QCOMPARE(total(*query), 1.0);
        QVERIFY(appendAt(**writer, kStartMs + 3'600'000, 2)); // another connection
        QCOMPARE(total(*query), 3.0);
        auto own = RollupQuery::open(**writer);
        QVERIFY(own);
        QVERIFY(own->holdHourCells({}));
        QCOMPARE(total(*own), 3.0);
        QVERIFY(appendAt(**writer, kStartMs + 2 * 3'600'000, 4)); // the same connection
        QCOMPARE(total(*own), 7.0);
    }

    // The cache holds at most its bound; beyond it it holds nothing and says so.
    void hourCellsAreBounded()
    {
        HourCellCache small(*m_store, 10);
        QVERIFY(small.prepare({}));
        QVERIFY(!small.isHeld());
        QCOMPARE(small.rows(), 0);
        HourCellCache big(*m_store);
        QVERIFY(big.prepare({}));
        QVERIFY(big.isHeld());
        QVERIFY(big.rows() > 10);
        EventFilter clicks;
        clicks.types = {"click"};
        QVERIFY(!big.isCurrentFor(clicks));
        QVERIFY(big.prepare(clicks));
        QVERIFY(big.isCurrentFor(clicks));
        QCOMPARE(big.types(), std::vector<std::string>{"click"});
    }

    void histogramEqualsEventsCounted()
    {
        auto query = RollupQuery::open(*m_store);
        QVERIFY(query);
        EventFilter filter;
        filter.types = {"open", "click"};
        filter.fromMs = kStartMs + 3'600'000 + 1234; // rounded out to whole minutes
        filter.toMs = kStartMs + 7 * 3'600'000;
        auto buckets = query->histogram(15 * 60'000, filter);
        QVERIFY2(buckets, buckets.message().c_str());
        std::map<std::pair<int64_t, std::string>, int64_t> expected;
        const int64_t from = *filter.fromMs - *filter.fromMs % 60'000;
        const int64_t to = *filter.toMs + (60'000 - *filter.toMs % 60'000) % 60'000;
        for (const Stored &event : m_events) {
            if (event.type != "hit" && event.ts >= from && event.ts < to) {
                ++expected[{event.ts - event.ts % (15 * 60'000), event.type}];
            }
        }
        std::map<std::pair<int64_t, std::string>, int64_t> actual;
        int64_t previous = 0;
        for (const TypeBucket &bucket : *buckets) {
            QVERIFY(bucket.startMs >= previous); // time order
            previous = bucket.startMs;
            actual[{bucket.startMs, bucket.type}] = bucket.events;
        }
        QCOMPARE(actual, expected);
        QVERIFY(!query->histogram(30'000, {})); // not a whole number of minutes
    }

    void visitorIds()
    {
        // SipHash-2-4 reference vectors (Aumasson & Bernstein, appendix A): key 00..0f, messages 00..(n-1).
        uint64_t k0 = 0;
        uint64_t k1 = 0;
        for (int i = 7; i >= 0; --i) {
            k0 = (k0 << 8) | uint64_t(i);
            k1 = (k1 << 8) | uint64_t(i + 8);
        }
        std::string message;
        QCOMPARE(VisitorHasher::sipHash(k0, k1, message), 0x726fdb47dd0e0e31ULL);
        for (int i = 0; i < 15; ++i) {
            message += char(i);
        }
        QCOMPARE(VisitorHasher::sipHash(k0, k1, message), 0xa129ca6149be45e5ULL);

        const VisitorHasher hasher(VisitorHasher::randomKey());
        const int64_t day = 1'700'000'000'000;
        const uint64_t id = hasher.ofAddress(day, "203.0.113.9", "Firefox");
        QVERIFY(id != 0 && id <= kVisitorMask);
        QCOMPARE(hasher.ofAddress(day + 60'000, "203.0.113.9", "Firefox"), id);      // same day: same visitor
        QVERIFY(hasher.ofAddress(day + 86'400'000, "203.0.113.9", "Firefox") != id); // next day: unlinkable
        QVERIFY(hasher.ofAddress(day, "203.0.113.9", "Chrome") != id);
        QVERIFY(hasher.ofAddress(day, "203.0.113.91", "Firefox") != id);
        QVERIFY(VisitorHasher(VisitorHasher::randomKey()).ofAddress(day, "203.0.113.9", "Firefox") != id);

        const VisitorHasher::Key key = VisitorHasher::randomKey();
        QCOMPARE(VisitorHasher::fromHex(VisitorHasher::toHex(key)), std::optional(key));
        QVERIFY(!VisitorHasher::fromHex("zz"));
        QVERIFY(!VisitorHasher::fromHex(std::string(32, 'g')));
    }
};

QTEST_GUILESS_MAIN(TstRollupQuery)
#include "tst_rollup_query.moc"
