// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The breakdowns in a real window (Xvfb, xcb, Mesa llvmpipe), fed through a LiveModel on an injected clock: the
// PieChart draws each type's share in its color (an empty ring for no events), lifts the hovered slice and
// finds slices under the pointer; the ScatterChart draws one dot per non-empty bucket, scales its axes to round
// numbers and finds the dot under the pointer; both rewrite their geometry only when something changed. The
// TrendModel's breakdowns (top campaigns and pages, the scatter's points, today against last week in a zone).
#include "app/live_model.h"
#include "app/pie_chart.h"
#include "app/scatter_chart.h"
#include "app/trend_model.h"
#include "charts/distinct_counts.h"

#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace pulsemap;

namespace {
constexpr int kSize = 300;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
// 2024-03-27T12:00:00Z, a Wednesday: Europe/Berlin (UTC+1) moved to summer time (UTC+2) on the 31st, so the
// week after it spans the change.
constexpr int64_t kT0 = 1'711'540'800'000;
const QColor kBackground(0x0a, 0x0e, 0x18);

struct Extra
{
    std::string_view campaign;
    std::string_view path;
    uint64_t visitor = 0;
    std::string_view city;
};

void addEvents(LiveModel &live, std::string_view type, int n, int64_t tsMs, const Extra &extra = {})
{
    EventBatch batch;
    for (int i = 0; i < n; ++i) {
        Event &event = batch.append();
        event.tsMs = tsMs;
        event.type = batch.store(type);
        event.country = {'F', 'R'};
        event.campaign = batch.store(extra.campaign);
        event.path = batch.store(extra.path);
        event.city = batch.store(extra.city);
        event.visitor = extra.visitor == 0 ? 0 : extra.visitor + uint64_t(i);
    }
    live.addBatch(batch);
}

int pixelsOf(const QImage &image, QColor color, QRect area = {})
{
    area = area.isNull() ? image.rect() : area.intersected(image.rect());
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            n += std::abs(qRed(p) - color.red()) + std::abs(qGreen(p) - color.green()) +
                             std::abs(qBlue(p) - color.blue()) <
                         12
                     ? 1
                     : 0;
        }
    }
    return n;
}
} // namespace

class TestBreakdownCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_window = std::make_unique<QQuickWindow>();
        m_window->setColor(kBackground);
        m_window->resize(kSize, kSize);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY2(m_window->rendererInterface()->graphicsApi() != QSGRendererInterface::Software,
                 "needs OpenGL (run under xvfb-run with QT_QPA_PLATFORM=xcb)");
    }

    void init()
    {
        m_now = kT0;
        m_live = std::make_unique<LiveModel>([this] { return m_now; });
    }

    void cleanup()
    {
        m_live.reset();
        m_pie.reset();
        m_scatter.reset();
    }

    void pieDrawsEachTypeShareInItsColor()
    {
        makePie();
        // No events: a dim ring, and no slice under the pointer.
        m_pie->setSlices(m_live->trends()->typeShares());
        const QColor empty(0x26, 0x34, 0x4a);
        m_pie->setEmptyColor(empty);
        QImage image = grab();
        QVERIFY2(pixelsOf(image, empty) > 10'000, qPrintable(QString::number(pixelsOf(image, empty))));
        QCOMPARE(m_pie->sliceAt(kSize / 2.0, 20), -1);

        // 30 opens and 10 clicks: three quarters of the ring in the open color, a quarter in the click color,
        // clockwise from 12 o'clock (open on the right half, click at the upper left).
        addEvents(*m_live, "open", 30, m_now);
        addEvents(*m_live, "click", 10, m_now);
        summarize();
        const QVariantList shares = m_live->trends()->typeShares();
        QCOMPARE(shares.size(), 2);
        QCOMPARE(shares[0].toMap().value("share").toDouble(), 0.75);
        m_pie->setSlices(shares);
        image = grab();
        const QList<QColor> colors = m_live->typeColors();
        const int open = pixelsOf(image, colors[0]);
        const int click = pixelsOf(image, colors[1]);
        QVERIFY2(open > 3 * click * 0.85 && open < 3 * click * 1.15 && click > 3000,
                 qPrintable(QString("open %1, click %2").arg(open).arg(click)));
        QCOMPARE(pixelsOf(image, empty), 0);
        QCOMPARE(pixelsOf(image, colors[1], QRect(kSize / 2, 0, kSize / 2, kSize)), 0); // click: left half only
        QCOMPARE(pixelsOf(image, kBackground, QRect(kSize / 2 - 10, kSize / 2 - 10, 20, 20)), 400); // the hole
        // Hover: the ring on the right is open (0), on the upper left click (1); the hole and outside are none.
        QCOMPARE(m_pie->sliceAt(kSize - 20, kSize / 2.0), 0);
        QCOMPARE(m_pie->sliceAt(kSize / 2.0 - 90, kSize / 2.0 - 60), 1);
        QCOMPARE(m_pie->sliceAt(kSize / 2.0, kSize / 2.0), -1);
        QCOMPARE(m_pie->sliceAt(2, 2), -1);

        // The same slices again: no geometry rewrite. A highlight lifts its slice: more of its color.
        const int updates = m_pie->geometryUpdates();
        m_pie->setSlices(shares);
        grab();
        QCOMPARE(m_pie->geometryUpdates(), updates);
        m_pie->setHighlighted(1);
        image = grab();
        QCOMPARE(m_pie->geometryUpdates(), updates + 1);
        QVERIFY(pixelsOf(image, colors[1]) > click);
    }

    void scatterDrawsOneDotPerBucket()
    {
        // Ten minutes: minute m has 110 (m + 1) events from as many visitors, in 2 cities.
        for (int m = 0; m < 10; ++m) {
            m_now = kT0 + m * kMinute;
            m_live->trends()->refresh();
            addEvents(*m_live, "open", 100 * (m + 1), m_now, {"", "", 1'000'000 * uint64_t(m + 1) + 1, "Paris"});
            for (int v = 0; v < 10 * (m + 1); ++v) {
                addEvents(*m_live, "click", 1, m_now, {"", "", 5'000'000 + 1000 * uint64_t(m) + uint64_t(v), "Lyon"});
            }
        }
        summarize();
        TrendModel *trends = m_live->trends();
        const QVariantMap newest = trends->scatterPoint(TrendModel::kScatterMinutes, 59);
        QCOMPARE(newest.value("events").toDouble(), 1000.0 + 100);
        const double visitors = newest.value("visitors").toDouble();
        QVERIFY2(std::abs(visitors - 1100) <= 1100 * 3 * DistinctCounts::kStandardError,
                 qPrintable(QString::number(visitors)));
        QCOMPARE(newest.value("places").toDouble(), 2.0);
        QCOMPARE(newest.value("start").toDouble(), double(m_now - m_now % kMinute));
        QCOMPARE(trends->scatterPoint(TrendModel::kScatterMinutes, 49).value("events").toDouble(), 0.0);
        QVERIFY(trends->scatterPoint(TrendModel::kScatterMinutes, 60).isEmpty());
        QVERIFY(trends->scatterPoint(TrendModel::kScatterHours, 24).isEmpty());
        QCOMPARE(trends->scatterPoint(TrendModel::kScatterHours, 23).value("events").toDouble(), 5500.0 + 550);
        QVERIFY(trends->scatterPoint(7, 0).isEmpty());

        m_scatter = std::make_unique<ScatterChart>();
        m_scatter->setParentItem(m_window->contentItem());
        m_scatter->setSize(QSizeF(kSize, kSize));
        m_scatter->setColor(QColor(0xff, 0x00, 0xff));
        m_scatter->setModel(trends);
        QCOMPARE(m_scatter->yRole(), QString("visitors"));
        QCOMPARE(m_scatter->xMax(), 2000.0); // 1,100 events: the next round number
        QCOMPARE(m_scatter->yMax(), visitors > 1000 ? 2000.0 : 1000.0);
        QImage image = grab();
        // Ten dots (the empty minutes are not drawn); the newest opaque.
        const int magenta = pixelsOf(image, QColor(0xff, 0x00, 0xff));
        QVERIFY2(magenta > 25 && magenta < 10 * 60, qPrintable(QString::number(magenta)));
        const QPointF newestAt = m_scatter->pointPosition(59);
        QVERIFY(newestAt.x() > kSize / 2.0);
        QCOMPARE(pixelsOf(image, QColor(0xff, 0x00, 0xff), QRect(newestAt.toPoint() - QPoint(4, 4), QSize(9, 9))) > 20,
                 true);
        QCOMPARE(m_scatter->pointAt(newestAt.x() + 3, newestAt.y() - 3), 59);
        QCOMPARE(m_scatter->pointAt(2, 2), -1); // nothing at the origin: empty buckets are not dots
        QCOMPARE(m_scatter->pointAt(-50, -50), -1);
        // A summary with nothing new: no rewrite; another axis: a rewrite and a new scale (2 places).
        const int updates = m_scatter->geometryUpdates();
        summarize();
        grab();
        QCOMPARE(m_scatter->geometryUpdates(), updates);
        m_scatter->setYRole("places");
        grab();
        QCOMPARE(m_scatter->geometryUpdates(), updates + 1);
        QCOMPARE(m_scatter->yMax(), 2.0);
        // Hovered: larger, ringed in white.
        m_scatter->setHighlighted(59);
        image = grab();
        QVERIFY(pixelsOf(image, QColor(0xff, 0xff, 0xff)) + pixelsOf(image, QColor(0xe6, 0xe6, 0xe6)) > 10);
        // The day's window: one dot (the current hour); the model gone: no dots, no crash.
        m_scatter->setWindow(TrendModel::kScatterHours);
        QVERIFY(m_scatter->pointAt(m_scatter->pointPosition(23).x(), m_scatter->pointPosition(23).y()) == 23);
        QCOMPARE(m_scatter->pointAt(m_scatter->pointPosition(22).x(), m_scatter->pointPosition(22).y()), -1);
        m_live.reset();
        QCOMPARE(pixelsOf(grab(), QColor(0xff, 0x00, 0xff)), 0);
        QCOMPARE(m_scatter->pointAt(kSize / 2.0, kSize / 2.0), -1);
    }

    void topCampaignsAndPagesOfTheHour()
    {
        addEvents(*m_live, "open", 5, m_now, {"spring", "/pricing?utm_source=mail", 0, ""});
        addEvents(*m_live, "open", 3, m_now, {"autumn", "/", 0, ""});
        addEvents(*m_live, "open", 2, m_now, {"", "", 0, ""});
        summarize();
        const QVariantList campaigns = m_live->trends()->topCampaigns();
        QCOMPARE(campaigns.size(), 2);
        QCOMPARE(campaigns[0].toMap().value("label").toString(), QString("spring"));
        QCOMPARE(campaigns[0].toMap().value("count").toLongLong(), 5);
        QCOMPARE(campaigns[0].toMap().value("share").toDouble(), 0.5);
        const QVariantList paths = m_live->trends()->topPaths();
        QCOMPARE(paths.size(), 2);
        QCOMPARE(paths[0].toMap().value("label").toString(), QString("/pricing"));
        QCOMPARE(paths[1].toMap().value("label").toString(), QString("/"));
        // An hour and a minute later they have left.
        m_now += kHour + kMinute;
        summarize();
        QVERIFY(m_live->trends()->topCampaigns().isEmpty());
        QVERIFY(m_live->trends()->topPaths().isEmpty());
    }

    void todayAgainstLastWeekInAZone()
    {
        // Started Tuesday 23:00 in Berlin (22:00Z, CET): today is "since 23:00", last week unknown.
        m_now = kT0 - 14 * kHour;
        m_live = std::make_unique<LiveModel>([this] { return m_now; });
        TrendModel *trends = m_live->trends();
        trends->setTimeZone(QTimeZone("Europe/Berlin"));
        addEvents(*m_live, "open", 4, m_now);
        summarize();
        QVariantMap week = trends->week();
        QCOMPARE(week.value("complete").toBool(), false);
        QCOMPARE(week.value("known").toBool(), false);
        QCOMPARE(week.value("since").toString(), QString("23:00"));
        QCOMPARE(week.value("today").toDouble(), 4.0);

        // Wednesday, counted from its midnight on: complete, but a week ago was not counted.
        m_now = kT0 - 2 * kHour; // 11:00 CET
        trends->refresh();
        addEvents(*m_live, "open", 7, m_now);
        summarize();
        week = trends->week();
        QCOMPARE(week.value("complete").toBool(), true);
        QCOMPARE(week.value("known").toBool(), false);
        QCOMPARE(week.value("today").toDouble(), 7.0);

        // 3 more at 12:30 CET, 5 at 13:30 CET.
        m_now = kT0 - 30 * kMinute;
        trends->refresh();
        addEvents(*m_live, "open", 3, m_now);
        m_now = kT0 + 30 * kMinute;
        trends->refresh();
        addEvents(*m_live, "open", 5, m_now);
        for (int64_t t = kT0 + kHour; t < kT0 + 7 * kDay - 3 * kHour; t += kHour) {
            m_now = t; // hourly, so the windows move through the week
            trends->refresh();
        }
        // The next Wednesday, after the change to summer time: 20 events at 11:00 CEST, read at 13:10 CEST.
        m_now = kT0 + 7 * kDay - 3 * kHour;
        trends->refresh();
        addEvents(*m_live, "open", 20, m_now);
        m_now = kT0 + 7 * kDay - 50 * kMinute;
        summarize();
        week = trends->week();
        QCOMPARE(week.value("complete").toBool(), true);
        QCOMPARE(week.value("known").toBool(), true);
        QCOMPARE(week.value("since").toString(), QString());
        QCOMPARE(week.value("today").toDouble(), 20.0);
        // Last week up to 13:10 CET, the same wall-clock time (not 168 hours ago, 12:10 CET, which would leave
        // out the 3 at 12:30): the 7 and the 3, not the 5 at 13:30 nor Tuesday's 4. +100 %.
        QCOMPARE(week.value("lastWeek").toDouble(), 10.0);
        QCOMPARE(week.value("change").toDouble(), 100.0);
    }

private:
    // The summaries are rebuilt every kSummaryMs of refreshes (every fifth): as many as that.
    void summarize()
    {
        for (int i = 0; i < TrendModel::kSummaryMs / TrendModel::kRefreshMs; ++i) {
            m_live->trends()->refresh();
        }
    }

    void makePie()
    {
        m_pie = std::make_unique<PieChart>();
        m_pie->setParentItem(m_window->contentItem());
        m_pie->setSize(QSizeF(kSize, kSize));
    }

    QImage grab()
    {
        QImage image = m_window->grabWindow().convertToFormat(QImage::Format_RGB32);
        if (!qEnvironmentVariableIsEmpty("PULSEMAP_TEST_SHOTS")) {
            static int n = 0;
            image.save(QStringLiteral("%1/breakdown_%2.png").arg(qEnvironmentVariable("PULSEMAP_TEST_SHOTS")).arg(n++));
        }
        return image;
    }

    std::unique_ptr<QQuickWindow> m_window;
    std::unique_ptr<LiveModel> m_live;
    std::unique_ptr<PieChart> m_pie;
    std::unique_ptr<ScatterChart> m_scatter;
    int64_t m_now = kT0;
};

QTEST_MAIN(TestBreakdownCharts)
#include "tst_breakdown_charts.moc"
