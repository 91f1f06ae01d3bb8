// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The trend charts during a replay, on real campaign files: after a seek or a lap their windows end at the
// playhead and hold exactly what the events before it count; played events count at their campaign times
// whatever the speed; a paused replay stands still.
#include "app/live_model.h"
#include "app/replay_binding.h"
#include "app/replay_source.h"
#include "app/replay_trends.h"
#include "core/campaign_store.h"

#include <QtTest>

#include <map>
#include <random>

using namespace pulsemap;

namespace {

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr int64_t kStartMs = 1'700'000'000'000; // 2023-11-14 22:13:20 UTC: not on a minute

const char *const kTypes[] = {"click", "open", "view"};
const char *const kCampaigns[] = {"spring", "autumn"};
const std::array<char, 2> kCountries[] = {{'F', 'R'}, {'P', 'E'}, {'J', 'P'}, {0, 0}};

struct Planned
{
    int64_t tsMs = 0;
    int type = 0;
    int campaign = 0;
    int country = 0;
};

// n events at random times over spanMs from startMs (sorted), busier in some hours than others.
std::vector<Planned> plan(int n, int64_t spanMs, uint32_t seed, int64_t startMs = kStartMs)
{
    std::mt19937_64 random(seed);
    std::vector<Planned> events;
    events.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        Planned event;
        const double u = std::uniform_real_distribution<double>(0, 1)(random);
        event.tsMs = startMs + int64_t(u * u * double(spanMs)); // denser near the start
        event.type = int(random() % 3);
        event.campaign = int(random() % 2);
        event.country = int(random() % 4);
        events.push_back(event);
    }
    std::sort(events.begin(), events.end(), [](const Planned &a, const Planned &b) { return a.tsMs < b.tsMs; });
    return events;
}

bool write(const QString &path, const std::vector<Planned> &planned)
{
    auto store = CampaignStore::openOrCreate(path.toStdString());
    if (!store) {
        return false;
    }
    EventBatch batch;
    for (const Planned &p : planned) {
        Event &event = batch.append();
        event.tsMs = p.tsMs;
        event.lat = 48.8566;
        event.lon = 2.3522;
        event.type = batch.store(kTypes[p.type]);
        event.campaign = batch.store(kCampaigns[p.campaign]);
        event.country = kCountries[p.country];
    }
    return (*store)->append(batch) && (*store)->close();
}

int64_t floorTo(int64_t t, int64_t span)
{
    return t - t % span;
}

// What a window of LiveTrends must hold at `at`: per bucket (oldest first) per type name, counted straight
// from the planned events at or before `at` (of one campaign when campaign >= 0).
std::map<std::pair<int, std::string>, uint64_t> expected(const std::vector<Planned> &planned, int64_t at,
                                                         int64_t bucketMs, int buckets, int campaign = -1)
{
    std::map<std::pair<int, std::string>, uint64_t> counts;
    const int64_t oldest = floorTo(at, bucketMs) - (buckets - 1) * bucketMs;
    for (const Planned &p : planned) {
        if (p.tsMs >= oldest && p.tsMs <= at && (campaign < 0 || p.campaign == campaign)) {
            ++counts[{int((p.tsMs - oldest) / bucketMs), kTypes[p.type]}];
        }
    }
    return counts;
}

// The same read from a series whose columns are the legend's (typeIndex by name).
std::map<std::pair<int, std::string>, uint64_t> held(const RollingCounts &series,
                                                     const std::function<int(const std::string &)> &typeIndex)
{
    std::map<std::pair<int, std::string>, uint64_t> counts;
    for (int i = 0; i < series.bucketCount(); ++i) {
        for (const char *type : kTypes) {
            if (const uint64_t n = series.value(i, typeIndex(type)); n > 0) {
                counts[{i, type}] = n;
            }
        }
    }
    return counts;
}

// A paused replay bound to a live model, as the app binds them.
struct Replay
{
    LiveModel live;
    ReplaySource source;
    int trendsApplied = 0;

    Replay(const QString &file, ReplaySource::Options options) : source(file, options)
    {
        QObject::connect(&source, &ReplaySource::batchReady, &live, &LiveModel::addBatch);
        bindReplayToModel(&source, &live, 600);
        QObject::connect(&source, &ReplaySource::trendsReady, &live, [this] { ++trendsApplied; });
        live.trends()->setAutoRefresh(false);
    }
    [[nodiscard]] const LiveTrends &counts() { return live.trends()->counts(); }
    int typeIndex(const std::string &name) { return live.types()->indexOf(name); }
    // Starts reading the file and waits until it is open.
    bool open()
    {
        source.start();
        return QTest::qWaitFor([&] { return source.isOpen(); }, 20000);
    }
    // Seeks and waits until the charts were rebuilt there.
    bool seekAndWait(int64_t at)
    {
        const int before = trendsApplied;
        source.seek(double(at));
        return QTest::qWaitFor([&] { return trendsApplied > before; }, 20000);
    }
};

ReplaySource::Options paused()
{
    ReplaySource::Options options;
    options.paused = true;
    options.speed = 1;
    return options;
}

} // namespace

class TstReplayTrends : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void readCountsWhatTheEventsBeforeTheMomentCount()
    {
        // Straight from the reader's function, with a campaign selected: seconds, minutes and spans.
        const QString file = m_dir.filePath("read.pulsemap");
        const std::vector<Planned> planned = plan(30'000, 3 * kDayMs, 7);
        QVERIFY(write(file, planned));
        auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadOnly);
        QVERIFY(store);
        EventFilter autumn;
        autumn.campaigns = {"autumn"};
        for (const int64_t at : {kStartMs + 2 * kDayMs + 12'345, kStartMs + 30 * kMinuteMs, kStartMs + 5 * kHourMs}) {
            const Result<TrendSnapshot> snapshot = ReplayTrends::read(**store, autumn, at, true, kStartMs);
            QVERIFY2(snapshot, snapshot.message().c_str());
            std::map<std::pair<int64_t, std::string>, uint64_t> seconds;
            for (const TrendSnapshot::TypeCount &row : snapshot->seconds) {
                seconds[{row.startMs, snapshot->types[row.type]}] += row.events;
            }
            std::map<std::pair<int64_t, std::string>, uint64_t> direct;
            uint64_t spanTotal = 0;
            uint64_t snapshotSpanTotal = 0;
            for (const TrendSnapshot::SpanCount &row : snapshot->spans) {
                snapshotSpanTotal += row.events;
            }
            for (const Planned &p : planned) {
                if (p.campaign != 1 || p.tsMs > at) {
                    continue;
                }
                ++spanTotal; // the whole campaign lies within the 8 days
                if (p.tsMs >= floorTo(at, kSecondMs) - 59 * kSecondMs) {
                    ++direct[{floorTo(p.tsMs, kSecondMs), kTypes[p.type]}];
                }
            }
            QCOMPARE(seconds, direct);
            QCOMPARE(snapshotSpanTotal, spanTotal);
            QCOMPARE(snapshot->atMs, at);
            QCOMPARE(snapshot->knownFromMs, kStartMs);
            QVERIFY(!snapshot->countriesEstimated);
        }
    }

    void seeksBackAndForthRebuildTheMinuteAndHourSeries()
    {
        const QString file = m_dir.filePath("seeks.pulsemap");
        const std::vector<Planned> planned = plan(40'000, 2 * kDayMs, 11);
        QVERIFY(write(file, planned));
        Replay replay(file, paused());
        QVERIFY(replay.open());
        const auto typeIndex = [&](const std::string &name) { return replay.typeIndex(name); };
        // Forwards, backwards, into the first hour (windows reaching before the campaign), to the very end.
        for (const int64_t at :
             {kStartMs + 36 * kHourMs + 1'234, kStartMs + 20 * kHourMs + 59'999, kStartMs + 25 * kMinuteMs,
              kStartMs + 47 * kHourMs + 30 * kMinuteMs, replay.source.campaignEndMs()}) {
            QVERIFY(replay.seekAndWait(at));
            const RollingCounts &minutes = replay.counts().series(LiveTrends::Window::Minute);
            const RollingCounts &hours = replay.counts().series(LiveTrends::Window::Hour);
            const RollingCounts &seconds = replay.counts().series(LiveTrends::Window::Second);
            QCOMPARE(minutes.newestStartMs(), floorTo(at, kMinuteMs));
            QCOMPARE(held(minutes, typeIndex), expected(planned, at, kMinuteMs, 60));
            QCOMPARE(held(hours, typeIndex), expected(planned, at, kHourMs, 24));
            QCOMPARE(held(seconds, typeIndex), expected(planned, at, kSecondMs, 60));
            // Countries of the last hour: every event of the hour, in its country's column.
            uint64_t france = 0;
            for (const Planned &p : planned) {
                france += p.country == 0 && p.tsMs <= at && p.tsMs >= floorTo(at, kMinuteMs) - 59 * kMinuteMs;
            }
            QCOMPARE(replay.counts().countries().columnTotal(LiveTrends::countryColumn({'F', 'R'})), france);
            QCOMPARE(replay.counts().countries().total(), minutes.total());
            // The summary QML reads follows at once.
            QCOMPARE(replay.live.trends()->lastHour(), qint64(minutes.total()));
            // Cities, campaigns and pages count from the seek on: the panel says so (every moment here has
            // campaign time before it).
            QVERIFY(replay.live.trends()->breakdownsSinceSeek());
        }
    }

    void theCampaignFilterIsRespected()
    {
        const QString file = m_dir.filePath("filter.pulsemap");
        const std::vector<Planned> planned = plan(20'000, kDayMs, 3);
        QVERIFY(write(file, planned));
        Replay replay(file, paused());
        QVERIFY(replay.open());
        const int before = replay.trendsApplied;
        replay.source.setCampaignFilter(QStringLiteral("spring"));
        QTRY_VERIFY_WITH_TIMEOUT(replay.trendsApplied > before, 20000);
        const int64_t at = kStartMs + 10 * kHourMs + 4321;
        QVERIFY(replay.seekAndWait(at));
        const auto typeIndex = [&](const std::string &name) { return replay.typeIndex(name); };
        QCOMPARE(held(replay.counts().series(LiveTrends::Window::Minute), typeIndex),
                 expected(planned, at, kMinuteMs, 60, 0));
        QCOMPARE(held(replay.counts().series(LiveTrends::Window::Hour), typeIndex),
                 expected(planned, at, kHourMs, 24, 0));
        QVERIFY(held(replay.counts().series(LiveTrends::Window::Hour), typeIndex) !=
                expected(planned, at, kHourMs, 24));
    }

    void aBusyHourSharesItsCountriesOutByTheHour()
    {
        // More events in the last hour than are read one by one: the countries come from the hour rollups,
        // each minute's events shared out, so they still add up to the minute's events.
        const QString file = m_dir.filePath("busy.pulsemap");
        std::vector<Planned> planned;
        for (int i = 0; i < int(ReplayTrends::kExactCountryEvents) + 10'000; ++i) {
            planned.push_back({kStartMs + int64_t(i) * 50, i % 3, 0, i % 5 == 0 ? 1 : 0}); // 80 % FR, 20 % PE
        }
        QVERIFY(write(file, planned));
        auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadOnly);
        QVERIFY(store);
        const int64_t at = planned.back().tsMs;
        const Result<TrendSnapshot> snapshot = ReplayTrends::read(**store, EventFilter{}, at, true, kStartMs);
        QVERIFY(snapshot);
        QVERIFY(snapshot->countriesEstimated);
        LiveTrends trends([at] { return at; });
        const std::vector<int> columns{0, 1, 2};
        trends.rebuild(*snapshot, columns);
        const RollingCounts &countries = trends.countries();
        const RollingCounts &minutes = trends.series(LiveTrends::Window::Minute);
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(countries.bucketTotal(i), minutes.bucketTotal(i));
        }
        const double france = double(countries.columnTotal(LiveTrends::countryColumn({'F', 'R'})));
        QVERIFY(std::abs(france / double(countries.total()) - 0.8) < 0.01);
    }

    void playingFastCountsInCampaignSeconds()
    {
        // One event every campaign second for two minutes, played at 600x: about 0.2 s of wall time. The
        // per-second chart holds one event in each of the last 60 seconds, not all of them in one or two.
        const QString file = m_dir.filePath("fast.pulsemap");
        std::vector<Planned> planned;
        for (int i = 0; i < 120; ++i) {
            planned.push_back({kStartMs + int64_t(i) * kSecondMs + 500, 0, 0, 0});
        }
        QVERIFY(write(file, planned));
        ReplaySource::Options options;
        options.speed = 600;
        Replay replay(file, options);
        replay.source.start();
        QTRY_COMPARE_WITH_TIMEOUT(replay.source.state(), EventSource::State::Finished, 20000);
        replay.live.trends()->refresh();
        // The playhead stops within a frame's worth of campaign time (16 ms x 600) after the last event.
        const int64_t clock = replay.source.trendClockMs();
        QVERIFY(clock >= replay.source.campaignEndMs() && clock < replay.source.campaignEndMs() + 60 * kSecondMs);
        const RollingCounts &seconds = replay.counts().series(LiveTrends::Window::Second);
        QCOMPARE(seconds.newestStartMs(), floorTo(clock, kSecondMs));
        int filled = 0;
        for (int i = 0; i < seconds.bucketCount(); ++i) {
            QVERIFY2(seconds.bucketTotal(i) <= 1, qPrintable(QString::number(i)));
            filled += seconds.bucketTotal(i) == 1 ? 1 : 0;
        }
        int inLastMinute = 0;
        for (const Planned &p : planned) {
            inLastMinute += p.tsMs >= floorTo(clock, kSecondMs) - 59 * kSecondMs ? 1 : 0;
        }
        QVERIFY(inLastMinute >= 50);
        QCOMPARE(filled, inLastMinute);
        QCOMPARE(replay.counts().series(LiveTrends::Window::Minute).total(), uint64_t(120));
        QCOMPARE(replay.live.trends()->lastMinute(), qint64(inLastMinute));
    }

    void pausedStandsStill()
    {
        const QString file = m_dir.filePath("paused.pulsemap");
        const std::vector<Planned> planned = plan(5'000, kDayMs, 5);
        QVERIFY(write(file, planned));
        Replay replay(file, paused());
        QVERIFY(replay.open());
        const int64_t at = kStartMs + 12 * kHourMs + 30'500;
        QVERIFY(replay.seekAndWait(at));
        const RollingCounts &seconds = replay.counts().series(LiveTrends::Window::Second);
        const uint64_t serial = seconds.serial();
        const uint64_t total = replay.counts().series(LiveTrends::Window::Hour).total();
        replay.live.trends()->setAutoRefresh(true);
        QTest::qWait(1500); // more than a second of wall time, many refreshes
        QCOMPARE(seconds.newestStartMs(), floorTo(at, kSecondMs));
        QCOMPARE(seconds.serial(), serial);
        QCOMPARE(replay.counts().series(LiveTrends::Window::Hour).total(), total);
        // Play resumed at the same moment rebuilds the map's picture, not the charts.
        const int applied = replay.trendsApplied;
        replay.source.setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(seconds.newestStartMs() > floorTo(at, kSecondMs), 10000);
        QCOMPARE(replay.trendsApplied, applied);
    }

    void aLapStartsTheChartsOver()
    {
        const QString file = m_dir.filePath("lap.pulsemap");
        std::vector<Planned> planned;
        for (int i = 0; i < 200; ++i) {
            planned.push_back({kStartMs + int64_t(i) * 10 * kSecondMs, i % 2, 0, 0});
        }
        QVERIFY(write(file, planned));
        ReplaySource::Options options;
        options.speed = 2000; // the 2000 s campaign in one wall second per lap
        options.loop = true;
        Replay replay(file, options);
        QVector<int64_t> lapTrends;
        QObject::connect(&replay.source, &ReplaySource::trendsReady, &replay.source,
                         [&](const TrendSnapshot &trends) { lapTrends.append(trends.atMs); });
        replay.source.start();
        QTRY_VERIFY_WITH_TIMEOUT(lapTrends.size() >= 2, 20000); // opened, then the first lap
        QCOMPARE(lapTrends.at(0), kStartMs);
        QCOMPARE(lapTrends.at(1), kStartMs);
        QVERIFY(!replay.live.trends()->breakdownsSinceSeek()); // from the start nothing is missing
        // Right after the lap's rebuild the charts hold only this lap: at most what it played so far.
        replay.live.trends()->refresh();
        const uint64_t hour = replay.counts().series(LiveTrends::Window::Hour).total();
        QVERIFY2(hour < 200, qPrintable(QString::number(hour)));
        QVERIFY(replay.counts().series(LiveTrends::Window::Minute).newestStartMs() < kStartMs + 2000 * kSecondMs);
    }

    void theWeekComparisonKnowsTheCampaignsLastWeek()
    {
        // Nine days, one event an hour: at 10:00 on day 8 (UTC), today holds 10 events and so does the same span a
        // week ago; two days in, last week lies before the campaign: unknown, not zero.
        const QString file = m_dir.filePath("week.pulsemap");
        const int64_t midnight = floorTo(kStartMs, kDayMs) + kDayMs;
        std::vector<Planned> planned;
        for (int h = 0; h < 9 * 24; ++h) {
            planned.push_back({midnight + int64_t(h) * kHourMs + 30 * kMinuteMs, 0, 0, 0});
        }
        QVERIFY(write(file, planned));
        Replay replay(file, paused());
        replay.live.trends()->setTimeZone(QTimeZone::utc());
        QVERIFY(replay.open());
        QVERIFY(replay.seekAndWait(midnight + 8 * kDayMs + 10 * kHourMs));
        QVariantMap week = replay.live.trends()->week();
        QCOMPARE(week.value("today").toDouble(), 10.0);
        QCOMPARE(week.value("lastWeek").toDouble(), 10.0);
        QVERIFY(week.value("known").toBool());
        QVERIFY(week.value("complete").toBool());
        QVERIFY(replay.seekAndWait(midnight + 2 * kDayMs + 10 * kHourMs));
        week = replay.live.trends()->week();
        QCOMPARE(week.value("today").toDouble(), 10.0);
        QVERIFY(!week.value("known").toBool());
    }
};

QTEST_GUILESS_MAIN(TstReplayTrends)
#include "tst_replay_trends.moc"
