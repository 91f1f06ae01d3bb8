// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// ReplaySource on real campaign files: every event, in order, once per lap; clean failures.
#include "app/app_controller.h"
#include "app/compare_session.h"
#include "app/live_model.h"
#include "app/replay_source.h"
#include "core/campaign_store.h"
#include "core/rollup_grid.h"

#include <QSignalSpy>
#include <QtTest>

#include <functional>

using namespace pulsemap;

namespace {
ReplaySource::Options playback(double speed, double targetSeconds, bool loop)
{
    ReplaySource::Options options;
    options.speed = speed;
    options.targetSeconds = targetSeconds;
    options.loop = loop;
    return options;
}

constexpr int64_t kStartMs = 1'700'000'000'000;

// Changes event i from the default (Paris, click and open in turn).
using EventFill = std::function<void(Event &event, EventBatch &batch, int i)>;

// count events over spanMs of campaign time from startMs, seq i on event i.
bool writeCampaign(const QString &path, int count, int64_t spanMs, const EventFill &fill = {},
                   int64_t startMs = kStartMs)
{
    auto store = CampaignStore::openOrCreate(path.toStdString());
    if (!store) {
        return false;
    }
    EventBatch batch;
    for (int i = 0; i < count; ++i) {
        Event &event = batch.append();
        event.tsMs = startMs + (count > 1 ? spanMs * i / (count - 1) : 0);
        event.lat = 48.8566;
        event.lon = 2.3522;
        event.type = batch.store(i % 2 ? "open" : "click");
        event.seq = i;
        event.ip = batch.store("192.0.2.1");
        if (fill) {
            fill(event, batch, i);
        }
    }
    return (*store)->append(batch) && (*store)->close();
}

// Collects what a source delivers: seqs in order, and whether each batch arrived in time order.
struct Collector
{
    std::vector<int64_t> seqs;
    int batches = 0;
    bool sawAddress = false;
    bool timesInOrder = true;
    int64_t lastTs = 0;

    void connectTo(ReplaySource &source)
    {
        QObject::connect(&source, &ReplaySource::batchReady, [this](const EventBatch &batch) {
            ++batches;
            for (const Event &event : batch.events()) {
                seqs.push_back(event.seq);
                sawAddress = sawAddress || !event.ip.empty();
                timesInOrder = timesInOrder && event.tsMs >= lastTs;
                lastTs = event.tsMs;
            }
        });
    }
};

std::vector<int64_t> range(int64_t from, int64_t to)
{
    std::vector<int64_t> values;
    for (int64_t i = from; i < to; ++i) {
        values.push_back(i);
    }
    return values;
}

// Two campaigns in one file: "paris" (even seqs, in Paris) and "lima" (odd seqs, in Lima).
bool writeTwoCampaigns(const QString &path, int count, int64_t spanMs)
{
    return writeCampaign(path, count, spanMs, [](Event &event, EventBatch &batch, int i) {
        const bool paris = i % 2 == 0;
        event.lat = paris ? 48.8566 : -12.0464;
        event.lon = paris ? 2.3522 : -77.0428;
        event.type = batch.store("open");
        event.campaign = batch.store(paris ? "paris" : "lima");
    });
}

} // namespace

class TstReplaySource : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void playsEveryEventInOrderThenFinishes()
    {
        // More events than one reader chunk and more than the queue holds, so the reader thread must
        // keep up with the playhead; campaign time one hour, replayed in about half a second.
        const QString file = m_dir.filePath("hour.pulsemap");
        const int count = 50'000;
        QVERIFY(writeCampaign(file, count, 3'600'000));
        ReplaySource source(file, playback(0, 0.5, false), QStringLiteral("the hour"));
        Collector collector;
        collector.connectTo(source);
        QSignalSpy errors(&source, &ReplaySource::errorOccurred);
        source.start();
        QCOMPARE(source.state(), EventSource::State::Connecting);
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), EventSource::State::Finished, 20000);
        QCOMPARE(collector.seqs, range(0, count));
        QVERIFY(collector.batches > 1); // spread over frames, not one burst
        QVERIFY(collector.timesInOrder);
        QVERIFY(!collector.sawAddress);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(source.campaignStartMs(), kStartMs);
        QCOMPARE(source.campaignEndMs(), kStartMs + 3'600'000);
        QCOMPARE(source.speed(), 3600.0); // the span in seconds over max(1, targetSeconds)
        QVERIFY2(source.statusText().contains("50,000") || source.statusText().contains("50000"),
                 qPrintable(source.statusText()));
    }

    void eventsComeIntoThePresent()
    {
        const QString file = m_dir.filePath("present.pulsemap");
        QVERIFY(writeCampaign(file, 10, 1000));
        ReplaySource source(file, playback(1000, 60, false));
        std::vector<int64_t> times;
        connect(&source, &ReplaySource::batchReady, [&](const EventBatch &batch) {
            for (const Event &event : batch.events()) {
                times.push_back(event.tsMs);
            }
        });
        const int64_t before = QDateTime::currentMSecsSinceEpoch();
        source.start();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), EventSource::State::Finished, 10000);
        QCOMPARE(times.size(), size_t(10));
        for (const int64_t ts : times) {
            // Campaign times are from 2023; replayed they are "now" give or take a frame.
            QVERIFY(ts >= before - 1000 && ts <= QDateTime::currentMSecsSinceEpoch() + 1000);
        }
    }

    void slidingRefreshesDoNotPulseAgain()
    {
        // A sliding window is rebuilt several times a second while playing; only a seek's picture brings the
        // events of its last seconds to pulse, a refresh must not start the running pulses over.
        const QString file = m_dir.filePath("sliding.pulsemap");
        QVERIFY(writeCampaign(file, 20'000, 3'600'000));
        ReplaySource::Options options = playback(0, 6, false);
        options.window = ReplaySource::WindowMode::Sliding;
        options.windowMs = 600'000;
        ReplaySource source(file, options);
        std::vector<std::pair<int64_t, size_t>> pictures; // position, recent events
        connect(&source, &ReplaySource::heatReady,
                [&](const HeatSnapshot &, const EventBatch &recent, int64_t positionMs, double) {
                    pictures.emplace_back(positionMs, recent.events().size());
                });
        source.start();
        QTRY_VERIFY_WITH_TIMEOUT(source.isOpen(), 10000);
        const int64_t target = kStartMs + 900'000;
        const size_t before = pictures.size();
        source.seek(double(target));
        QTRY_VERIFY_WITH_TIMEOUT(pictures.size() >= before + 4 && pictures.back().first > target + 60'000, 20000);
        // The seek's own picture comes first, with its recent events (on a slow machine a refresh may supersede it
        // before it is answered, and then none has any); every refresh after it brings none.
        const auto seek = pictures.begin() + ptrdiff_t(before);
        QVERIFY(seek->first >= target);
        for (auto refresh = seek + 1; refresh != pictures.end(); ++refresh) {
            QCOMPARE(refresh->second, size_t(0));
        }
    }

    void loopStartsAgainAtTheFirstEvent()
    {
        const QString file = m_dir.filePath("loop.pulsemap");
        const int count = 300;
        QVERIFY(writeCampaign(file, count, 2000));
        ReplaySource source(file, playback(20, 60, true)); // 0.1 s per lap
        Collector collector;
        collector.connectTo(source);
        source.start();
        QTRY_VERIFY_WITH_TIMEOUT(collector.seqs.size() >= size_t(3 * count), 20000);
        QCOMPARE(source.state(), EventSource::State::Live);
        source.stop();
        QCOMPARE(source.state(), EventSource::State::Idle);
        for (size_t i = 0; i < collector.seqs.size(); ++i) {
            QCOMPARE(collector.seqs[i], static_cast<int64_t>(i % count));
        }
        // Stopped means stopped: nothing more arrives.
        const size_t seen = collector.seqs.size();
        QTest::qWait(100);
        QCOMPARE(collector.seqs.size(), seen);
    }

    void emptyCampaignFinishesAtOnce()
    {
        const QString file = m_dir.filePath("empty.pulsemap");
        QVERIFY(writeCampaign(file, 0, 0));
        ReplaySource source(file, playback(0, 60, true));
        QSignalSpy batches(&source, &ReplaySource::batchReady);
        source.start();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), EventSource::State::Finished, 5000);
        QCOMPARE(batches.count(), 0);
    }

    void missingOrCorruptFileFailsCleanly_data()
    {
        QTest::addColumn<QByteArray>("content"); // empty: no file at all
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << QByteArray() << QStringLiteral("No such file");
        QTest::newRow("not sqlite") << QByteArray("hello\n").repeated(100) << QStringLiteral("not an SQLite");
        // A real campaign's header with its pages scribbled over: only SQLite, on the reader thread, can tell.
        const QString whole = m_dir.filePath("whole.pulsemap");
        QFile::remove(whole);
        if (!writeCampaign(whole, 20'000, 60'000)) {
            qFatal("cannot write %s", qPrintable(whole));
        }
        QFile file(whole);
        QByteArray scribbled = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        for (qsizetype i = 100; i < scribbled.size(); i += 7) {
            scribbled[i] = char(0xA5);
        }
        QTest::newRow("scribbled") << scribbled << QString();
    }

    void missingOrCorruptFileFailsCleanly()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString file = m_dir.filePath(QStringLiteral("bad-%1.pulsemap").arg(QTest::currentDataTag()));
        if (!content.isEmpty()) {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(content);
        }
        ReplaySource source(file, playback(0, 60, false));
        QSignalSpy errors(&source, &ReplaySource::errorOccurred);
        QSignalSpy batches(&source, &ReplaySource::batchReady);
        source.start();
        if (QByteArray(QTest::currentDataTag()) != "scribbled") {
            QCOMPARE(source.state(), EventSource::State::Failed); // told by start() itself
        }
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), EventSource::State::Failed, 5000);
        QCOMPARE(errors.count(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(expected) && message.contains(file), qPrintable(message));
        QCOMPARE(source.statusText(), message);
        QCOMPARE(batches.count(), 0);
    }

    void stopWhileReadingAndRestart()
    {
        const QString file = m_dir.filePath("restart.pulsemap");
        QVERIFY(writeCampaign(file, 20'000, 3'600'000));
        ReplaySource source(file, playback(0, 3600, false)); // slow: the reader thread waits on a full queue
        source.start();
        QTRY_COMPARE(source.state(), EventSource::State::Live);
        source.stop(); // joins a reader blocked on the full queue
        QCOMPARE(source.state(), EventSource::State::Idle);
        Collector collector;
        collector.connectTo(source);
        source.start();
        QTRY_COMPARE(source.state(), EventSource::State::Live);
        QTRY_VERIFY(!collector.seqs.empty());
        QCOMPARE(collector.seqs.front(), int64_t(0)); // from the start again
    }

    // File › Open, a dropped file or a recent one: the replay is replaced, the title says which, the file
    // joins the recent ones; a file that is not a campaign changes nothing but lastError.
    // Choosing a campaign plays that campaign alone: its events, its heat, its histogram; back to all after.
    void campaignFilterSelectsOneCampaignEverywhere()
    {
        const QString file = m_dir.filePath("two.pulsemap");
        const int count = 2000;
        QVERIFY(writeTwoCampaigns(file, count, 2 * 3'600'000));
        ReplaySource::Options options = playback(0, 2, false);
        options.paused = true;
        ReplaySource source(file, options);
        QSignalSpy histograms(&source, &ReplaySource::histogramChanged);
        source.start();
        QTRY_VERIFY_WITH_TIMEOUT(source.isOpen(), 10000);
        QCOMPARE(source.campaigns(), (QStringList{"lima", "paris"}));
        auto histogramTotal = [&] {
            qint64 total = 0;
            for (const QVariant &bucket : source.histogram()) {
                total += bucket.toMap().value("n").toLongLong();
            }
            return total;
        };
        QCOMPARE(histogramTotal(), qint64(count));

        std::vector<HeatSnapshot> pictures;
        connect(&source, &ReplaySource::heatReady,
                [&](const HeatSnapshot &heat, const EventBatch &, int64_t, double) { pictures.push_back(heat); });
        source.setCampaignFilter("lima");
        QCOMPARE(source.campaignFilter(), QString("lima"));
        QTRY_VERIFY_WITH_TIMEOUT(!pictures.empty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(histogramTotal(), qint64(count / 2), 10000);
        QVERIFY(histograms.count() >= 2);
        // The picture of the moment (the start, paused) holds Lima only, whatever the seeks that follow.
        source.seekFraction(1.0);
        QTRY_VERIFY_WITH_TIMEOUT(pictures.size() >= 2, 10000);
        const HeatSnapshot &end = pictures.back();
        QVERIFY(!end.cells.empty());
        for (const HeatSnapshot::Cell &cell : end.cells) {
            QCOMPARE(cell.cell, rollup::cellOf(-12.0464, -77.0428));
        }
        double weight = 0;
        for (const HeatSnapshot::Cell &cell : end.cells) {
            weight += cell.weight;
        }
        // Every Lima event, barely decayed (the half-life at this speed is 25 days of campaign time).
        QVERIFY2(weight > 0.99 * (count / 2) && weight <= count / 2 + 0.01, qPrintable(QString::number(weight)));
        // Played from there on: only odd seqs (Lima's).
        Collector collector;
        collector.connectTo(source);
        source.seekFraction(0.5);
        source.setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(collector.seqs.size() > 100, 10000);
        for (const int64_t seq : collector.seqs) {
            QVERIFY2(seq % 2 == 1, "a Paris event while playing Lima only");
        }
        source.setCampaignFilter({});
        QTRY_COMPARE_WITH_TIMEOUT(histogramTotal(), qint64(count), 10000);
    }

    // A live source's campaigns are collected as they arrive, and a chosen one filters what is counted.
    void liveModelFiltersByCampaign()
    {
        LiveModel live;
        EventBatch batch;
        for (int i = 0; i < 10; ++i) {
            Event &event = batch.append();
            event.tsMs = live.now();
            event.lat = 1;
            event.lon = 1;
            event.campaign = batch.store(i < 7 ? "spring" : "autumn");
        }
        QSignalSpy campaigns(&live, &LiveModel::campaignsChanged);
        live.addBatch(batch);
        QCOMPARE(live.campaigns(), (QStringList{"spring", "autumn"}));
        QCOMPARE(campaigns.count(), 2);
        QCOMPARE(live.totalEvents(), qint64(10));
        live.setCampaignFilter("autumn");
        live.addBatch(batch);
        QCOMPARE(live.totalEvents(), qint64(13));
        QCOMPARE(campaigns.count(), 2); // nothing new
        live.clear();
        QVERIFY(live.campaigns().isEmpty());
        QVERIFY(live.campaignFilter().isEmpty());
    }

    // B follows A: opened at A's moment (aligned by start or by clock), paused and played with it.
    void compareKeepsBAtTheMomentOfA()
    {
        const QString a = m_dir.filePath("cmp-a.pulsemap");
        const QString b = m_dir.filePath("cmp-b.pulsemap");
        QVERIFY(writeCampaign(a, 2000, 3'600'000));
        // A day later, one hour, in Chicago.
        QVERIFY(writeCampaign(
            b, 1000, 999 * 3600,
            [](Event &event, EventBatch &batch, int) {
                event.lat = 41.88;
                event.lon = -87.63;
                event.type = batch.store("open");
            },
            kStartMs + 86'400'000));
        ReplaySource::Options options = playback(0, 60, false);
        options.paused = true;
        options.atFraction = 1.0;
        ReplaySource source(a, options);
        CompareSession compare(&source, b, 600, CompareSession::Align::Start);
        std::vector<HeatSnapshot> pictures;
        connect(compare.replay(), &ReplaySource::heatReady,
                [&](const HeatSnapshot &heat, const EventBatch &, int64_t, double) { pictures.push_back(heat); });
        compare.start();
        source.start();
        QTRY_VERIFY_WITH_TIMEOUT(source.isOpen() && compare.replay()->isOpen(), 10000);
        QCOMPARE(compare.offsetMs(), 86'400'000.0);
        QTRY_COMPARE_WITH_TIMEOUT(compare.replay()->positionMs(), compare.replay()->campaignEndMs(), 10000);
        QVERIFY(!compare.replay()->playing());
        // The newest picture (an earlier one, of B's start, may still be the last to have arrived on a loaded
        // machine: wait for the one of the end).
        const auto newestWeight = [&pictures] {
            double weight = 0;
            for (const HeatSnapshot::Cell &cell :
                 pictures.empty() ? std::vector<HeatSnapshot::Cell>() : pictures.back().cells) {
                weight += cell.weight;
            }
            return weight;
        };
        QTRY_VERIFY_WITH_TIMEOUT(newestWeight() > 900, 10000); // all of B, barely decayed

        // Seeks, play and speed follow A; by clock, B stands where A's time is in its own calendar.
        source.seekFraction(0.5);
        QTRY_COMPARE_WITH_TIMEOUT(compare.replay()->positionMs(), compare.toB(source.positionMs()), 10000);
        source.setSpeed(120);
        QCOMPARE(compare.replay()->speed(), 120.0);
        source.setPlaying(true);
        QVERIFY(compare.replay()->playing());
        source.setPlaying(false);
        compare.setAlign(CompareSession::Align::ClockTime);
        QCOMPARE(compare.offsetMs(), 0.0);
        QTRY_COMPARE_WITH_TIMEOUT(compare.replay()->positionMs(), compare.replay()->campaignStartMs(), 10000);
    }

    void openingAnotherCampaignReplacesTheReplay()
    {
        QStandardPaths::setTestModeEnabled(true); // recent files in a test location, not the user's
        const QString first = m_dir.filePath("first.pulsemap");
        const QString second = m_dir.filePath("second.pulsemap");
        QVERIFY(writeCampaign(first, 1000, 60'000));
        QVERIFY(writeCampaign(second, 500, 60'000));
        ReplaySource initial(first, playback(0, 60, true));
        LiveModel live;
        AppController controller(&live, &initial, {});
        initial.start();
        QTRY_VERIFY_WITH_TIMEOUT(live.totalEvents() > 0, 10000);
        QSignalSpy sourceChanged(&controller, &AppController::sourceChanged);

        QVERIFY(!controller.openCampaign(QUrl::fromLocalFile(m_dir.filePath("missing.pulsemap"))));
        QVERIFY(!controller.lastError().isEmpty());
        QCOMPARE(controller.replay(), &initial);
        QCOMPARE(sourceChanged.count(), 0);

        QVERIFY(controller.openCampaign(QUrl::fromLocalFile(second)));
        QCOMPARE(sourceChanged.count(), 1);
        QVERIFY(controller.replay() != nullptr && controller.replay() != &initial);
        QCOMPARE(initial.state(), EventSource::State::Idle); // the old one stopped
        QVERIFY(controller.title().contains("second.pulsemap"));
        QCOMPARE(controller.recentCampaigns().value(0), QFileInfo(second).absoluteFilePath());
        QVERIFY(controller.lastError().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(controller.replay()->isOpen(), 10000);
        QCOMPARE(controller.replay()->eventCount(), 500);
        QTRY_VERIFY_WITH_TIMEOUT(live.totalEvents() > 0, 10000); // the new one plays into the same map
    }
};

QTEST_GUILESS_MAIN(TstReplaySource)
#include "tst_replay_source.moc"
