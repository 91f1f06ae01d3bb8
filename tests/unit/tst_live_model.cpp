// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// LiveModel without a window: what it counts, the rate it reports on an injected clock, what an observer
// (a map layer) receives, visibility and colors as a layer sees them, and the hotspots.
#include "app/live_model.h"
#include "map/mercator.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <vector>

using namespace pulsemap;

namespace {

constexpr int64_t kT0 = 1'700'000'000'000;

void addEvent(EventBatch &batch, double lat, double lon, std::string_view type, int64_t tsMs,
              std::string_view city = {}, std::array<char, 2> country = {})
{
    Event &event = batch.append();
    event.tsMs = tsMs;
    event.lat = lat;
    event.lon = lon;
    event.country = country;
    if (!type.empty()) {
        event.type = batch.store(type);
    }
    if (!city.empty()) {
        event.city = batch.store(city);
    }
}

// Records what a layer would receive through the feed (copies: the span is only valid during the call).
struct Observer
{
    explicit Observer(EventFeed &feed)
    {
        QObject::connect(&feed, &EventFeed::eventsAdded, [this](std::span<const LiveEvent> events) {
            ++calls;
            received.insert(received.end(), events.begin(), events.end());
        });
    }
    int calls = 0;
    std::vector<LiveEvent> received;
};

} // namespace

class TstLiveModel : public QObject
{
    Q_OBJECT
private slots:
    void countsLocatedAndUnlocated()
    {
        int64_t now = kT0;
        LiveModel live([&] { return now; });
        QAbstractItemModelTester tester(live.types(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&live, &LiveModel::countsChanged);
        EventBatch batch;
        addEvent(batch, 48.86, 2.35, "open", kT0);
        addEvent(batch, 35.68, 139.69, "click", kT0);
        addEvent(batch, Event::kNoCoordinate, Event::kNoCoordinate, "open", kT0);
        addEvent(batch, 40.71, -74.01, {}, kT0); // no type: the default one
        live.addBatch(batch);
        QCOMPARE(live.totalEvents(), 4);
        QCOMPARE(live.unlocatedEvents(), 1);
        QCOMPARE(counts.count(), 1);
        // Types in order of first appearance, the untyped event under the default type's name.
        QCOMPARE(live.types()->rowCount(), 3);
        const auto name = [&](int row) {
            return live.types()->data(live.types()->index(row), TypeListModel::NameRole).toString();
        };
        QCOMPARE(name(0), QString("open"));
        QCOMPARE(name(1), QString("click"));
        QCOMPARE(name(2), QString::fromUtf8(kDefaultEventType.data(), qsizetype(kDefaultEventType.size())));

        // An empty batch changes nothing and signals nothing.
        live.addBatch(EventBatch());
        QCOMPARE(counts.count(), 1);
        QCOMPARE(live.totalEvents(), 4);
    }

    void observerReceivesProjectedEvents()
    {
        int64_t now = kT0;
        LiveModel live([&] { return now; });
        Observer observer(live);
        EventBatch batch;
        addEvent(batch, 48.86, 2.35, "open", kT0 - 500);
        addEvent(batch, Event::kNoCoordinate, Event::kNoCoordinate, "open", kT0); // not drawn
        addEvent(batch, -33.87, 151.21, "click", kT0 + 60'000);                   // from the future
        batch.events()[2].weight = 2.5F;
        live.addBatch(batch);
        QCOMPARE(observer.calls, 1);
        QCOMPARE(observer.received.size(), size_t(2));
        const QPointF paris = mercator::project(48.86, 2.35);
        const LiveEvent &first = observer.received[0];
        QCOMPARE(first.worldX, float(paris.x()));
        QCOMPARE(first.worldY, float(paris.y()));
        QCOMPARE(first.tsMs, kT0 - 500);
        QCOMPARE(first.typeIndex, uint8_t(0));
        QCOMPARE(first.weight, 1.0F);
        const LiveEvent &second = observer.received[1];
        QCOMPARE(second.typeIndex, uint8_t(1));
        QCOMPARE(second.tsMs, kT0); // never in the future, or it would not fade
        QCOMPARE(second.weight, 2.5F);

        // A batch of unlocated events only: nothing to draw, no emission.
        EventBatch unlocated;
        addEvent(unlocated, Event::kNoCoordinate, Event::kNoCoordinate, "open", kT0);
        live.addBatch(unlocated);
        QCOMPARE(observer.calls, 1);
        QCOMPARE(live.unlocatedEvents(), 2);
    }

    void moreTypesThanTheMapTellsApartShareTheLast()
    {
        LiveModel live([] { return kT0; });
        Observer observer(live);
        EventBatch batch;
        for (int i = 0; i < kMaxEventTypes + 5; ++i) {
            addEvent(batch, 10, 10, "type-" + std::to_string(i), kT0);
        }
        live.addBatch(batch);
        QCOMPARE(live.types()->rowCount(), kMaxEventTypes);
        QCOMPARE(live.typeColors().size(), kMaxEventTypes);
        for (const LiveEvent &event : observer.received) {
            QVERIFY(event.typeIndex < kMaxEventTypes);
        }
        QCOMPARE(observer.received.back().typeIndex, uint8_t(kMaxEventTypes - 1));
    }

    void rateFollowsTheInjectedClock()
    {
        int64_t now = kT0;
        LiveModel live([&] { return now; });
        QSignalSpy rate(&live, &LiveModel::rateChanged);
        EventBatch batch;
        for (int i = 0; i < 200; ++i) {
            addEvent(batch, 10, 10, "open", kT0);
        }
        live.addBatch(batch);
        // The rate timer fires on real time, but nothing has passed on the model's clock: no rate yet.
        QTest::qWait(2 * LiveModel::kRateIntervalMs);
        QCOMPARE(rate.count(), 0);
        QCOMPARE(live.eventsPerSecond(), 0.0);
        // Two seconds pass on the model's clock: 200 events in 2 s.
        now += 2000;
        QTRY_COMPARE(rate.count(), 1);
        QCOMPARE(live.eventsPerSecond(), 100.0);
        // The legend's counts arrive with the rate.
        QCOMPARE(live.types()->data(live.types()->index(0), TypeListModel::CountRole).toLongLong(), 200);
        // Nothing more for a second: smoothed towards zero, not dropped at once.
        now += 1000;
        QTRY_COMPARE(rate.count(), 2);
        QCOMPARE(live.eventsPerSecond(), 60.0);
    }

    void visibilityAndColorsReachTheFeed()
    {
        LiveModel live([] { return kT0; });
        QSignalSpy mask(&live, &EventFeed::visibleTypeMaskChanged);
        QSignalSpy colors(&live, &EventFeed::typeColorsChanged);
        QCOMPARE(uint32_t(live.visibleTypeMask()), kAllEventTypes);
        EventBatch batch;
        addEvent(batch, 10, 10, "open", kT0);
        addEvent(batch, 10, 10, "click", kT0);
        live.addBatch(batch);
        QCOMPARE(colors.count(), 2);
        QCOMPARE(live.typeColors(), live.types()->colors());
        QCOMPARE(live.typeColors().at(0), QColor(0x38d9ff)); // "open" keeps its color

        live.types()->toggle(1);
        QCOMPARE(mask.count(), 1);
        QCOMPARE(uint32_t(live.visibleTypeMask()), kAllEventTypes & ~2U);
        live.types()->setVisible(0, false);
        QCOMPARE(uint32_t(live.visibleTypeMask()), kAllEventTypes & ~3U);
        live.types()->setVisible(0, false); // no change, no signal
        QCOMPARE(mask.count(), 2);
        live.types()->toggle(1);
        live.types()->toggle(0);
        QCOMPARE(uint32_t(live.visibleTypeMask()), kAllEventTypes);
        live.types()->setVisible(kMaxEventTypes + 3, false); // no such row: ignored
        QCOMPARE(uint32_t(live.visibleTypeMask()), kAllEventTypes);
    }

    void halfLifeIsPublishedAndDrivesHotspots()
    {
        int64_t now = kT0;
        LiveModel live([&] { return now; });
        QSignalSpy halfLife(&live, &EventFeed::halfLifeSecondsChanged);
        QCOMPARE(live.halfLifeSeconds(), 600.0);
        live.setHalfLifeSeconds(60);
        live.setHalfLifeSeconds(60); // same: no signal
        live.setHalfLifeSeconds(0);  // refused
        live.setHalfLifeSeconds(-5); // refused
        QCOMPARE(halfLife.count(), 1);
        QCOMPARE(live.halfLifeSeconds(), 60.0);

        EventBatch batch;
        for (int i = 0; i < 10; ++i) {
            addEvent(batch, 48.86, 2.35, "open", kT0, "Paris", {'F', 'R'});
        }
        live.addBatch(batch);
        const QPointF paris = mercator::project(48.86, 2.35);
        QVariantMap spot = live.hotspotAt(paris);
        QCOMPARE(spot.value("city").toString(), QString("Paris"));
        QCOMPARE(spot.value("country").toString(), QString("FR"));
        QVERIFY(std::abs(spot.value("count").toDouble() - 10) < 1e-3);
        now += 60'000; // one half-life of the model's
        QVERIFY(std::abs(live.hotspotAt(paris).value("count").toDouble() - 5) < 1e-3);
        QCOMPARE(live.hotspotAt(QPointF(0.01, 0.99)).value("count").toDouble(), 0.0);
    }

    void busiestRegionsForTheTour()
    {
        LiveModel live([] { return kT0; });
        EventBatch batch;
        for (int i = 0; i < 30; ++i) {
            addEvent(batch, 35.68, 139.69, "open", kT0, "Tokyo", {'J', 'P'});
        }
        for (int i = 0; i < 10; ++i) {
            addEvent(batch, 48.86, 2.35, "open", kT0, "Paris", {'F', 'R'});
        }
        live.addBatch(batch);
        const QVariantList regions = live.busiestRegions(5);
        QCOMPARE(regions.size(), 2);
        const QVariantMap first = regions.at(0).toMap();
        QCOMPARE(first.value("city").toString(), QString("Tokyo"));
        QVERIFY(std::abs(first.value("latitude").toDouble() - 35.68) < 1.0);
        QVERIFY(std::abs(first.value("longitude").toDouble() - 139.69) < 1.0);
        QCOMPARE(regions.at(1).toMap().value("city").toString(), QString("Paris"));
        QCOMPARE(live.busiestRegions(1).size(), 1);
        QVERIFY(live.busiestRegions(0).isEmpty());
        QVERIFY(live.busiestRegions(-3).isEmpty());
    }

    void trendsCountEveryEventOfEveryBatch()
    {
        // Located or not, every event reaches the trend counts with its type index and country; the summaries
        // QML reads follow on the model's refresh.
        int64_t now = kT0;
        LiveModel live([&] { return now; });
        TrendModel *trends = live.trends();
        QSignalSpy series(trends, &TrendModel::seriesChanged);
        QSignalSpy summary(trends, &TrendModel::summaryChanged);
        EventBatch batch;
        addEvent(batch, 48.85, 2.35, "open", now, "Paris", {'F', 'R'});
        addEvent(batch, 48.85, 2.35, "open", now - 800, "Paris", {'F', 'R'}); // the second before
        addEvent(batch, Event::kNoCoordinate, Event::kNoCoordinate, "click", now, {}, {'J', 'P'});
        addEvent(batch, 35.68, 139.69, "click", now - 2 * 3'600'000, "Tokyo", {'J', 'P'}); // two hours ago
        live.addBatch(batch);
        const RollingCounts &seconds = trends->counts().series(LiveTrends::Window::Second);
        QCOMPARE(seconds.total(), 3U);
        QCOMPARE(seconds.value(59, 0), 1U);
        QCOMPARE(seconds.value(58, 0), 1U);
        QCOMPARE(seconds.value(59, 1), 1U);
        QCOMPARE(trends->counts().series(LiveTrends::Window::Hour).total(), 4U);
        for (int i = 0; i < TrendModel::kSummaryMs / TrendModel::kRefreshMs; ++i) {
            trends->refresh();
        }
        QCOMPARE(series.count(), 1); // one change, signalled once
        QVERIFY(summary.count() >= 1);
        QCOMPARE(trends->lastMinute(), 3);
        QCOMPARE(trends->lastHour(), 3);
        QCOMPARE(trends->lastDay(), 4);
        const QVariantList countries = trends->topCountries();
        QCOMPARE(countries.size(), 2);
        QCOMPARE(countries[0].toMap().value("code").toString(), QString("FR"));
        QCOMPARE(countries[0].toMap().value("label").toString(), QString("France"));
        QCOMPARE(countries[0].toMap().value("share").toDouble(), 2.0 / 3.0);
        const QVariantList cities = trends->topCities();
        QCOMPARE(cities.size(), 1); // the unlocated click has no city, Tokyo's is two hours old
        QCOMPARE(cities[0].toMap().value("label").toString(), QString("Paris, FR"));
        QCOMPARE(cities[0].toMap().value("count").toLongLong(), 2);
        const QVariantList shares = trends->typeShares();
        QCOMPARE(shares.size(), 2);
        QCOMPARE(shares[1].toMap().value("name").toString(), QString("click"));
        QCOMPARE(shares[1].toMap().value("count").toLongLong(), 1);
        QCOMPARE(shares[1].toMap().value("color").value<QColor>(), live.typeColors()[1]);
        const QVariantList dayLegend = trends->legends()[2].toList();
        QCOMPARE(dayLegend[1].toMap().value("total").toLongLong(), 2);

        // Time passes with no events: the minute window empties and says so.
        now += 61'000;
        trends->refresh();
        QCOMPARE(series.count(), 2);
        QCOMPARE(seconds.total(), 0U);
    }
};

QTEST_GUILESS_MAIN(TstLiveModel)
#include "tst_live_model.moc"
