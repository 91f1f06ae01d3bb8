// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Pixel tests of the TrendChart item in a real window (Xvfb, xcb, Mesa llvmpipe), fed through a LiveModel on an
// injected clock: every style draws in the types' own colors (the map's), nothing is drawn for no events,
// geometry is rewritten only when a count or the window changed, the hover helpers and tooltip values, and alert
// rules as dashed threshold lines (per bucket of each window, hidden types left out, red while firing).
#include "app/live_model.h"
#include "app/trend_chart.h"
#include "app/trend_model.h"

#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace pulsemap;

namespace {
constexpr int kWidth = 600;
constexpr int kHeight = 300;
constexpr int64_t kT0 = 1'700'000'000'000;
const QColor kBackground(0x0a, 0x0e, 0x18);

void addEvents(LiveModel &live, std::string_view type, int n, int64_t tsMs)
{
    EventBatch batch;
    for (int i = 0; i < n; ++i) {
        Event &event = batch.append();
        event.tsMs = tsMs;
        event.type = batch.store(type);
        event.country = {'F', 'R'};
    }
    live.addBatch(batch);
}

// Pixels within a small distance of a color.
int pixelsOf(const QImage &image, QColor color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            n += std::abs(qRed(line[x]) - color.red()) + std::abs(qGreen(line[x]) - color.green()) +
                             std::abs(qBlue(line[x]) - color.blue()) <
                         12
                     ? 1
                     : 0;
        }
    }
    return n;
}
} // namespace

class TestTrendChart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_window = std::make_unique<QQuickWindow>();
        m_window->setColor(kBackground);
        m_window->resize(kWidth, kHeight);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY2(m_window->rendererInterface()->graphicsApi() != QSGRendererInterface::Software,
                 "needs OpenGL (run under xvfb-run with QT_QPA_PLATFORM=xcb)");
    }

    void init()
    {
        m_now = kT0;
        m_live = std::make_unique<LiveModel>([this] { return m_now; });
        m_chart = std::make_unique<TrendChart>();
        m_chart->setSize(QSizeF(kWidth, kHeight));
        m_chart->setParentItem(m_window->contentItem());
        m_chart->setModel(m_live->trends());
    }

    void cleanup()
    {
        m_chart.reset();
        m_live.reset();
    }

    void nothingDrawnWithoutEvents()
    {
        const QImage image = grab();
        QCOMPARE(pixelsOf(image, kBackground), kWidth * kHeight);
        QCOMPARE(m_chart->maxValue(), 1.0);
    }

    void everyStyleDrawsInTheTypeColors_data()
    {
        QTest::addColumn<int>("style");
        QTest::newRow("stacked area") << int(TrendChart::StackedArea);
        QTest::newRow("stacked bars") << int(TrendChart::StackedBars);
        QTest::newRow("lines") << int(TrendChart::Lines);
    }
    void everyStyleDrawsInTheTypeColors()
    {
        QFETCH(int, style);
        m_chart->setStyle(TrendChart::Style(style));
        feedHalfAMinute();
        const QList<QColor> colors = m_live->typeColors();
        QCOMPARE(colors.size(), 2);
        QCOMPARE(m_live->trends()->colors(), colors); // the chart's colors are the map's
        const QImage image = grab();
        const int open = pixelsOf(image, colors[0]);
        const int click = pixelsOf(image, colors[1]);
        // Filled styles cover areas; lines are 2 px wide over 30 buckets (about 300 px long).
        const bool filled = style != TrendChart::Lines;
        QVERIFY2(open > (filled ? 1500 : 500), qPrintable(QString("open pixels: %1").arg(open)));
        QVERIFY2(click > (filled ? 400 : 300), qPrintable(QString("click pixels: %1").arg(click)));
        // The newer half of the window holds the events: the older half stays empty (lines run along zero there,
        // at the very bottom).
        const QImage older = image.copy(0, 0, kWidth / 3, kHeight - 2);
        QCOMPARE(pixelsOf(older, kBackground), older.width() * older.height());
        QCOMPARE(m_chart->maxValue(), style == TrendChart::Lines ? 50.0 : 100.0); // 40 + 20 stacked: 100
    }

    void typesHiddenInTheLegendAreLeftOut_data() { everyStyleDrawsInTheTypeColors_data(); }
    void typesHiddenInTheLegendAreLeftOut()
    {
        // The legend's toggles hide a type on the map: the charts leave it out too, and the axis rescales to what
        // is left (20 clicks a second alone, stacked or not).
        QFETCH(int, style);
        m_chart->setStyle(TrendChart::Style(style));
        feedHalfAMinute();
        const QList<QColor> colors = m_live->typeColors();
        QSignalSpy masked(m_chart.get(), &TrendChart::typeMaskChanged);
        m_chart->setTypeMask(0b10); // "open" (series 0) hidden
        QCOMPARE(masked.count(), 1);
        QImage image = grab();
        QCOMPARE(pixelsOf(image, colors[0]), 0);
        QVERIFY2(pixelsOf(image, colors[1]) > 300, qPrintable(QString::number(pixelsOf(image, colors[1]))));
        QCOMPARE(m_chart->maxValue(), 20.0);
        m_chart->setTypeMask(-1);
        image = grab();
        QVERIFY(pixelsOf(image, colors[0]) > 500);
        QCOMPARE(m_chart->maxValue(), style == TrendChart::Lines ? 50.0 : 100.0);
    }

    void sparklineDrawsTheTotalInItsColor()
    {
        m_chart->setStyle(TrendChart::TotalLine);
        m_chart->setLineColor(QColor(0xff, 0x00, 0xff));
        m_chart->setLineWidth(3);
        feedHalfAMinute();
        const QImage image = grab();
        QVERIFY(pixelsOf(image, QColor(0xff, 0x00, 0xff)) > 300);
        QCOMPARE(pixelsOf(image, m_live->typeColors()[0]), 0);
    }

    void geometryIsRewrittenOnlyWhenSomethingChanged()
    {
        feedHalfAMinute();
        const QImage first = grab();
        const int updates = m_chart->geometryUpdates();
        QVERIFY(updates >= 1);
        // Nothing new: frames render the same node, untouched.
        m_live->trends()->refresh();
        m_window->update();
        const QImage same = grab();
        QCOMPARE(m_chart->geometryUpdates(), updates);
        QCOMPARE(same, first);
        // One more event in the newest second: one rewrite, and the chart is still fully drawn (no blank frame).
        addEvents(*m_live, "open", 5, m_now);
        m_live->trends()->refresh();
        const QImage after = grab();
        QCOMPARE(m_chart->geometryUpdates(), updates + 1);
        QVERIFY(pixelsOf(after, m_live->typeColors()[0]) >= pixelsOf(first, m_live->typeColors()[0]) * 9 / 10);
        // A minute later without events: the buckets have moved out, the chart is empty again.
        m_now += 61'000;
        m_live->trends()->refresh();
        QCOMPARE(pixelsOf(grab(), kBackground), kWidth * kHeight);
    }

    void survivesItsModelGoingAway()
    {
        feedHalfAMinute();
        QVERIFY(pixelsOf(grab(), m_live->typeColors()[0]) > 0);
        m_live.reset(); // the chart's model (a QPointer) becomes null: the chart empties, and does not crash
        QCOMPARE(m_chart->model(), nullptr);
        QCOMPARE(pixelsOf(grab(), kBackground), kWidth * kHeight);
        m_chart->setStyle(TrendChart::StackedBars);
        QCOMPARE(pixelsOf(grab(), kBackground), kWidth * kHeight);
        QCOMPARE(m_chart->bucketCount(), 60);
        QCOMPARE(m_chart->bucketAt(10), 1);
    }

    void thresholdLinesFollowTheWindowAndTheShownTypes()
    {
        feedHalfAMinute();
        settleLegend();
        QCOMPARE(m_chart->maxValue(), 100.0); // 40 + 20 stacked
        QSignalSpy changed(m_chart.get(), &TrendChart::thresholdsChanged);
        m_chart->setAlertRules({rule("burst: click per 10s > 1000"), rule("quiet: open per 5m < 600"),
                                rule("all: * per 1m > 3000"), rule("down: source down 30s")});
        QCOMPARE(changed.count(), 1);
        // Per second: 100 clicks, 2 opens, 50 of any type. The axis reaches above the highest line (with some
        // headroom), not only the data's 60.
        QCOMPARE(values(), (QList<double>{100, 2, 50}));
        QCOMPARE(m_chart->maxValue(), 200.0);
        const QVariantList shown = m_chart->thresholds();
        QCOMPARE(shown[0].toMap().value("label").toString(), QString("click > 1000/10s"));
        QCOMPARE(shown[0].toMap().value("type").toInt(), 1);
        QCOMPARE(shown[0].toMap().value("color").value<QColor>(), m_live->typeColors()[1]);
        QCOMPARE(shown[2].toMap().value("type").toInt(), -1);
        QCOMPARE(shown[2].toMap().value("color").value<QColor>(), kThresholdNeutralColor);
        // The same rules per minute and per hour.
        m_chart->setWindow(TrendChart::Minute);
        QCOMPARE(values(), (QList<double>{6000, 120, 3000}));
        QCOMPARE(m_chart->maxValue(), 10'000.0);
        m_chart->setWindow(TrendChart::Hour);
        QCOMPARE(values(), (QList<double>{360'000, 7200, 180'000}));
        m_chart->setWindow(TrendChart::Second);
        // "click" hidden in the legend: its rule is left out, and the axis falls back to the data and the rest.
        m_chart->setTypeMask(0b01);
        QCOMPARE(values(), (QList<double>{2, 50}));
        QCOMPARE(m_chart->maxValue(), 100.0);
        m_chart->setTypeMask(0);
        QCOMPARE(values(), (QList<double>{50}));
        m_chart->setTypeMask(-1);
        // The sparkline has no axis: no thresholds.
        m_chart->setStyle(TrendChart::TotalLine);
        QVERIFY(m_chart->thresholds().isEmpty());
        m_chart->setStyle(TrendChart::StackedArea);
        QCOMPARE(values().size(), 3);
        m_chart->setAlertRules({});
        QVERIFY(m_chart->thresholds().isEmpty());
        QCOMPARE(m_chart->maxValue(), 100.0);
    }

    void thresholdLineIsDashedAtItsHeightAndRedWhileFiring()
    {
        feedHalfAMinute();
        settleLegend();
        const QColor click = m_live->typeColors()[1];
        // 100 clicks a second, on an axis of 200 over 300 px: the line's middle is at y = 150, above the data
        // (60 at most, y >= 210).
        m_chart->setAlertRules({rule("burst: click per 10s > 1000")});
        QCOMPARE(m_chart->maxValue(), 200.0);
        QCOMPARE(m_chart->valueY(100), 150.0);
        QImage image = grab();
        const QImage band = image.copy(0, 148, kWidth, 4);
        QVERIFY2(pixelsOf(band, click) > 500, qPrintable(QString::number(pixelsOf(band, click))));
        QCOMPARE(pixelsOf(image.copy(0, 100, kWidth, 45), click), 0);
        QCOMPARE(pixelsOf(image.copy(0, 155, kWidth, 50), click), 0);
        // Dashed: along its middle row the line breaks every 10 px or so.
        QVERIFY2(runsOf(image, 150, click) >= 40, qPrintable(QString::number(runsOf(image, 150, click))));
        QCOMPARE(pixelsOf(band, kThresholdFiringColor), 0);

        // Firing: the same line in the alert banner's red.
        m_chart->setAlertRules({rule("burst: click per 10s > 1000", true)});
        image = grab();
        const QImage firing = image.copy(0, 148, kWidth, 4);
        QVERIFY2(pixelsOf(firing, kThresholdFiringColor) > 500,
                 qPrintable(QString::number(pixelsOf(firing, kThresholdFiringColor))));
        QCOMPARE(pixelsOf(firing, click), 0);
        QVERIFY(runsOf(image, 150, kThresholdFiringColor) >= 40);
        QCOMPARE(m_chart->thresholds()[0].toMap().value("color").value<QColor>(), kThresholdFiringColor);
    }

    void hoverHelpersAndTooltipValues()
    {
        feedHalfAMinute();
        QCOMPARE(m_chart->bucketCount(), 60);
        QCOMPARE(m_chart->bucketAt(-1), -1);
        QCOMPARE(m_chart->bucketAt(kWidth), -1);
        QCOMPARE(m_chart->bucketAt(0), 0);
        QCOMPARE(m_chart->bucketAt(kWidth - 1), 59);
        QCOMPARE(m_chart->bucketCenter(59), kWidth - kWidth / 120.0);
        const QVariantMap values = m_live->trends()->valuesAt(TrendChart::Second, 58);
        QCOMPARE(values.value("total").toLongLong(), 60);
        QCOMPARE(values.value("end").toLongLong() - values.value("start").toLongLong(), 1000);
        const QVariantList series = values.value("series").toList();
        QCOMPARE(series.size(), 2);
        QCOMPARE(series[0].toMap().value("name").toString(), QString("open"));
        QCOMPARE(series[0].toMap().value("value").toLongLong(), 40);
        QCOMPARE(series[1].toMap().value("value").toLongLong(), 20);
        QCOMPARE(series[1].toMap().value("color").value<QColor>(), m_live->typeColors()[1]);
        QVERIFY(m_live->trends()->valuesAt(TrendChart::Second, 60).isEmpty());
        QVERIFY(m_live->trends()->valuesAt(7, 0).isEmpty());
        m_chart->setWindow(TrendChart::Hour);
        QCOMPARE(m_chart->bucketCount(), 24);
    }

private:
    static QVariantMap rule(const char *text, bool firing = false)
    {
        return rateRuleEntry(*parseAlertRule(text), firing);
    }
    QList<double> values() const
    {
        QList<double> out;
        for (const ThresholdLine &line : m_chart->thresholdLines()) {
            out << line.value;
        }
        return out;
    }
    // The legend (the series' names, which rules are matched with) is rebuilt twice a second at most.
    void settleLegend()
    {
        for (int i = 0; i * TrendModel::kRefreshMs < TrendModel::kSummaryMs; ++i) {
            m_live->trends()->refresh();
        }
    }
    // Runs of a color along one row.
    static int runsOf(const QImage &image, int y, QColor color)
    {
        const QImage row = image.copy(0, y, image.width(), 1);
        int runs = 0;
        bool inside = false;
        for (int x = 0; x < row.width(); ++x) {
            const bool match = pixelsOf(row.copy(x, 0, 1, 1), color) == 1;
            runs += match && !inside ? 1 : 0;
            inside = match;
        }
        return runs;
    }

    // 40 opens and 20 clicks a second for the last 30 seconds.
    void feedHalfAMinute()
    {
        for (int s = 0; s < 30; ++s) {
            addEvents(*m_live, "open", 40, m_now);
            addEvents(*m_live, "click", 20, m_now);
            m_now += 1000;
        }
        m_now -= 1000; // "now" is the second the last events are in
        m_live->trends()->refresh();
    }

    QImage grab()
    {
        QImage image = m_window->grabWindow().convertToFormat(QImage::Format_RGB32);
        if (!qEnvironmentVariableIsEmpty("PULSEMAP_TEST_SHOTS")) {
            static int n = 0;
            image.save(
                QStringLiteral("%1/trend_chart_%2.png").arg(qEnvironmentVariable("PULSEMAP_TEST_SHOTS")).arg(n++));
        }
        return image;
    }

    std::unique_ptr<QQuickWindow> m_window;
    std::unique_ptr<LiveModel> m_live;
    std::unique_ptr<TrendChart> m_chart;
    int64_t m_now = kT0;
};

QTEST_MAIN(TestTrendChart)
#include "tst_trend_chart.moc"
