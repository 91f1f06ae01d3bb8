// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The calendar view's model and chart in a real window (Xvfb, xcb, Mesa llvmpipe) over a real campaign file
// written here: the series the worker thread answers (days of Paris across the spring-forward change, the
// week-earlier overlay, zoom in and out), what the chart draws (pixels of each series' color), and the exports
// (PNG as drawn, SVG from the values, CSV) read back and checked number by number; and the bad paths.
#include "app/calendar_chart.h"
#include "app/calendar_model.h"
#include "app/chart_export.h"
#include "app/live_model.h"
#include "app/trend_chart.h"
#include "app/trend_model.h"
#include "core/campaign_store.h"

#include <QFile>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using namespace pulsemap;

namespace {
constexpr int kWidth = 700;
constexpr int kHeight = 300;
constexpr int kDays = 14;
const QColor kBackground(0x0a, 0x0e, 0x18);
const QColor kValueColor(0xff, 0x30, 0x30);
const QColor kOverlayColor(0x30, 0xff, 0x30);
// 2024-03-25 00:00 in Paris (+01:00); Paris springs forward on Sunday Mar 31.
constexpr int64_t kFirstDayMs = 1711321200000;
constexpr int64_t kMsPerHour = 3'600'000;

// Events of day d (local): 10 * (d + 1), the first week, then twice as many (up to 7 more) the second.
int64_t eventsOnDay(int day)
{
    return day < 7 ? 10 * (day + 1) : 20 * (day - 6) + (day % 3);
}

int pixelsOf(const QImage &image, QColor color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            n += std::abs(qRed(p) - color.red()) + std::abs(qGreen(p) - color.green()) +
                             std::abs(qBlue(p) - color.blue()) <
                         40
                     ? 1
                     : 0;
        }
    }
    return n;
}
} // namespace

class TstCalendarView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_campaign;
    std::unique_ptr<QQuickWindow> m_window;
    std::unique_ptr<CalendarModel> m_model;
    std::unique_ptr<CalendarChart> m_chart;
    std::vector<int64_t> m_dayStarts; // UTC ms of each Paris midnight

    bool waitForSeries()
    {
        return QTest::qWaitFor([this] { return !m_model->busy(); }, 20000);
    }

private slots:
    void initTestCase()
    {
        // Local midnights, from the calendar of the zone: 24 hours apart except Mar 31 (23 hours).
        for (int day = 0; day <= kDays; ++day) {
            m_dayStarts.push_back(kFirstDayMs + day * 24 * kMsPerHour - (day > 6 ? kMsPerHour : 0));
        }
        m_campaign = m_dir.filePath("days.pulsemap");
        auto store = CampaignStore::openOrCreate(m_campaign.toStdString());
        QVERIFY(store);
        EventBatch batch;
        for (int day = 0; day < kDays; ++day) {
            for (int64_t i = 0; i < eventsOnDay(day); ++i) {
                Event &event = batch.append();
                // Spread over the day, the last one in its final minute (23:59 local).
                event.tsMs =
                    m_dayStarts[size_t(day)] + i * (m_dayStarts[size_t(day) + 1] - 60000 - m_dayStarts[size_t(day)]) /
                                                   std::max<int64_t>(1, eventsOnDay(day) - 1);
                event.type = batch.store("open");
                event.visitor = uint64_t(i % 5) + 1; // five visitors, all new on the first day
            }
        }
        QVERIFY((*store)->append(batch));

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
        m_model = std::make_unique<CalendarModel>();
        m_model->setTimeZone("Europe/Paris");
        m_model->setGranularity(CalendarModel::Day);
        m_model->setOverlay(CalendarModel::WeekEarlier);
        m_model->setExportDirectory(m_dir.path());
        m_model->setPath(m_campaign);
        QVERIFY(waitForSeries());
        QVERIFY2(m_model->lastError().isEmpty(), qPrintable(m_model->lastError()));
        m_chart = std::make_unique<CalendarChart>();
        m_chart->setSize(QSizeF(kWidth, kHeight));
        m_chart->setColor(kValueColor);
        m_chart->setOverlayColor(kOverlayColor);
        m_chart->setParentItem(m_window->contentItem());
        m_chart->setModel(m_model.get());
    }

    void cleanup()
    {
        m_chart.reset();
        m_model.reset();
    }

    // Fourteen Paris days (one of 23 hours), each with its events; the second week beside the first.
    void daysAcrossSpringForwardWithTheWeekBefore()
    {
        QCOMPARE(m_model->count(), kDays);
        const CalendarSeries &series = m_model->series();
        for (int day = 0; day < kDays; ++day) {
            const auto i = size_t(day);
            QCOMPARE(series.starts[i], m_dayStarts[i]);
            QCOMPARE(series.ends[i], m_dayStarts[i + 1]);
            QCOMPARE(series.values[i], eventsOnDay(day));
            QCOMPARE(series.compared[i], day >= 7 ? eventsOnDay(day - 7) : 0);
        }
        QCOMPARE(series.ends[6] - series.starts[6], 23 * kMsPerHour);
        const QVariantMap point = m_model->point(9); // Apr 3: 60 + 0 against Mar 27's 30
        QCOMPARE(point["label"].toString(), QString("Wed 3 Apr 2024"));
        QCOMPARE(point["value"].toDouble(), 60.0);
        QCOMPARE(point["compared"].toDouble(), 30.0);
        QCOMPARE(point["change"].toDouble(), 30.0);
        QCOMPARE(point["percent"].toDouble(), 100.0);
        QVERIFY(m_model->point(kDays).isEmpty());
        QCOMPARE(m_model->maxValue(), 200.0); // the largest value is 141: the axis tops at 200
    }

    void zoomInAndBackOut()
    {
        const std::vector<int64_t> all = m_model->series().starts;
        m_model->zoomTo(8, 5); // either order
        QVERIFY(m_model->zoomed());
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->count(), 4);
        QCOMPARE(m_model->series().starts.front(), all[5]);
        QCOMPARE(m_model->series().values.back(), eventsOnDay(8));
        // A finer look inside the zoom: the hours of Mar 31, 23 of them, then back out to the whole file.
        m_model->zoomTo(1, 1);
        m_model->setGranularity(CalendarModel::Hour);
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->count(), 23);
        m_model->zoomOut();
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->count(), 4 * 24 - 1);
        m_model->setGranularity(CalendarModel::Day);
        m_model->resetZoom();
        QVERIFY(!m_model->zoomed());
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->series().starts, all);
    }

    // The latest request wins: answers to earlier ones are dropped, whatever order the worker finishes in.
    void latestRequestWins()
    {
        m_model->setGranularity(CalendarModel::Hour);
        m_model->setGranularity(CalendarModel::Week);
        m_model->setMetric(CalendarModel::NewVisitors);
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->count(), 2);
        QCOMPARE(m_model->series().values, (std::vector<int64_t>{5, 0}));
        m_model->setMetric(CalendarModel::ReturningVisitors);
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->series().values, (std::vector<int64_t>{0, 5}));   // all five came back the second week
        QCOMPARE(m_model->series().compared, (std::vector<int64_t>{0, 0})); // a week earlier: none returned
        m_model->setGranularity(CalendarModel::Month);
        QVERIFY(!m_model->overlayFits()); // no "a week earlier" for a month: no overlay drawn
        QVERIFY(waitForSeries());
        QVERIFY(!m_model->hasOverlay());
    }

    // The legend's toggles: a type hidden there is left out (asked again off the GUI thread), shown again it is
    // back; a mask change that hides no other type asks nothing.
    void followsTheLegendsTypeToggles()
    {
        TypeListModel types;
        QCOMPARE(types.indexOf("click"), 0);
        QCOMPARE(types.indexOf("open"), 1); // the file's only type
        const std::vector<int64_t> all = m_model->series().values;
        QSignalSpy asked(m_model.get(), &CalendarModel::requestChanged);
        m_model->setTypes(&types);
        QCOMPARE(asked.count(), 0); // every type shown: the same query
        m_model->setTypeMask(0b01);
        QCOMPARE(m_model->hiddenTypes(), QStringList{"open"});
        QCOMPARE(asked.count(), 1);
        QVERIFY(m_model->busy());
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->count(), kDays); // the file's days, all empty
        QCOMPARE(m_model->series().values, std::vector<int64_t>(size_t(kDays), 0));
        QCOMPARE(m_model->total(), 0.0);
        m_model->setTypeMask(0b1101); // still "open" hidden only: no new query
        QCOMPARE(asked.count(), 1);
        m_model->setTypeMask(0b10); // "click" hidden instead: every event counts again
        QCOMPARE(m_model->hiddenTypes(), QStringList{"click"});
        QCOMPARE(asked.count(), 2);
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->series().values, all);
        // Visitors follow too.
        m_model->setMetric(CalendarModel::Visitors);
        m_model->setTypeMask(0);
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->series().values, std::vector<int64_t>(size_t(kDays), 0));
        m_model->setTypeMask(-1);
        QVERIFY(waitForSeries());
        QCOMPARE(m_model->series().values.front(), 5);
        QVERIFY(m_model->hiddenTypes().isEmpty());
        m_model->setTypeMask(0b01);
        QCOMPARE(m_model->hiddenTypes(), QStringList{"open"});
        m_model->setTypes(nullptr); // no legend: nothing hidden
        QVERIFY(m_model->hiddenTypes().isEmpty());
        QVERIFY(waitForSeries());
    }

    void barsAndLineDrawBothSeries()
    {
        QImage image = m_window->grabWindow();
        const int barValues = pixelsOf(image, kValueColor);
        const int barOverlay = pixelsOf(image, kOverlayColor);
        // Bars: the values' total area is their sum (847 events) / 200 of the height, times a bar's width: 60 % of
        // the slot less its gap of 6 pixels.
        const double expected = 847.0 / 200 * kHeight * (double(kWidth) / kDays - 6) * 0.6;
        QVERIFY2(barValues > expected * 0.9 && barValues < expected * 1.1, qPrintable(QString::number(barValues)));
        QVERIFY2(barOverlay > 1000, qPrintable(QString::number(barOverlay)));
        // The tallest bar (Apr 7, 141) reaches 70.5 % of the height.
        const int x = int(m_chart->centerOf(13));
        int top = kHeight;
        for (int y = 0; y < kHeight; ++y) {
            if (pixelsOf(image.copy(x, y, 1, 1), kValueColor) == 1) {
                top = y;
                break;
            }
        }
        QVERIFY2(std::abs(top - kHeight * (1 - 141.0 / 200)) <= 2, qPrintable(QString::number(top)));
        QCOMPARE(m_chart->indexAt(x), 13);

        m_chart->setBars(false);
        image = m_window->grabWindow();
        const int lineValues = pixelsOf(image, kValueColor);
        QVERIFY2(lineValues > 500 && lineValues < barValues / 4, qPrintable(QString::number(lineValues)));
        QVERIFY(pixelsOf(image, kOverlayColor) > 300);
    }

    void exportsHoldTheNumbers()
    {
        // CSV: one row per day with the value, the week-earlier value and the change.
        const QString csvPath = m_model->defaultExportPath("csv");
        QVERIFY(csvPath.startsWith(m_dir.path()));
        QCOMPARE(m_model->exportCsv(csvPath), QString());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + kDays);
        QCOMPARE(rows[0], QByteArray("bucket_start,label,events,week_earlier,change"));
        // The first week is compared with the week before the file: none there.
        QCOMPARE(rows[1], QByteArray("2024-03-25T00:00:00+01:00,\"Mon 25 Mar 2024\",10,0,10"));
        QCOMPARE(rows[8], QByteArray("2024-04-01T00:00:00+02:00,\"Mon 1 Apr 2024\",21,10,11"));
        for (int day = 0; day < kDays; ++day) {
            QCOMPARE(rows[day + 1].split(',')[2].toLongLong(), eventsOnDay(day));
        }

        // SVG: well-formed, vector, each series' values and one bar per non-zero value.
        const QString svgPath = m_dir.filePath("chart.svg");
        QCOMPARE(m_model->exportSvg(svgPath, "Days & <weeks>", true), QString());
        QFile svgFile(svgPath);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QXmlStreamReader svg(&svgFile);
        QString group;
        QMap<QString, QStringList> values;
        QMap<QString, int> bars;
        bool sawSvg = false;
        bool sawImage = false;
        while (!svg.atEnd()) {
            if (svg.readNext() != QXmlStreamReader::StartElement) {
                continue;
            }
            sawSvg = sawSvg || svg.name() == QLatin1String("svg");
            sawImage = sawImage || svg.name() == QLatin1String("image");
            if (svg.name() == QLatin1String("g")) {
                group = svg.attributes().value("id").toString();
                values[group] = svg.attributes().value("data-values").toString().split(' ');
            } else if (svg.name() == QLatin1String("rect") && !group.isEmpty()) {
                ++bars[group];
            }
        }
        QVERIFY2(!svg.hasError(), qPrintable(svg.errorString()));
        QVERIFY(sawSvg && !sawImage);
        QStringList expected;
        for (int day = 0; day < kDays; ++day) {
            expected << QString::number(eventsOnDay(day));
        }
        QCOMPARE(values["values"], expected);
        QCOMPARE(bars["values"], kDays);
        QCOMPARE(bars["compared"], 7); // the first week's are 0: no bar
        QCOMPARE(values["compared"].mid(7), expected.mid(0, 7));

        // PNG: the chart as drawn, written when the grab is ready.
        const QString pngPath = m_dir.filePath("chart.png");
        QSignalSpy exported(m_model.get(), &CalendarModel::exported);
        QCOMPARE(m_model->exportPng(m_chart.get(), pngPath), QString());
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.first()[0].toString(), pngPath);
        QCOMPARE(exported.first()[1].toString(), QString());
        const QImage png(pngPath, "PNG");
        QCOMPARE(png.size(), QSize(kWidth, kHeight));
        QVERIFY(pixelsOf(png, kValueColor) > 5000);
    }

    // The live trend cards' export: the per-second window's counts per type as CSV and as stacked SVG bars, and
    // the PNG of a chart; nothing to export without a model.
    void trendCardsExport()
    {
        int64_t now = 1'700'000'000'000;
        LiveModel live([&now] { return now; });
        for (int s = 0; s < 10; ++s) {
            EventBatch batch;
            for (int i = 0; i < s + 1; ++i) {
                Event &event = batch.append();
                event.tsMs = now;
                event.type = batch.store(i % 2 == 0 ? "open" : "click");
            }
            live.addBatch(batch);
            now += 1000;
        }
        now -= 1000;
        live.trends()->refresh();
        TrendExport exporter;
        exporter.setExportDirectory(m_dir.path());
        const QString csvPath = exporter.defaultExportPath("trend-second", "csv");
        QVERIFY(csvPath.startsWith(m_dir.filePath("pulsemap-trend-second-")));
        QCOMPARE(exporter.exportCsv(live.trends(), 0, csvPath), QString());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 60);
        QCOMPARE(rows[0], QByteArray("bucket_start,open,click,total"));
        // The newest ten seconds: s + 1 events, open every other one first.
        for (int s = 0; s < 10; ++s) {
            const int opens = (s + 2) / 2;
            QCOMPARE(rows[51 + s].split(',').mid(1),
                     (QList<QByteArray>{QByteArray::number(opens), QByteArray::number(s + 1 - opens),
                                        QByteArray::number(s + 1)}));
        }
        QCOMPARE(rows[51].split(',')[0], QByteArray("2023-11-14T22:13:20Z"));
        QCOMPARE(rows[50].split(',').mid(1), (QList<QByteArray>{"0", "0", "0"}));

        const QString svgPath = m_dir.filePath("trend.svg");
        QCOMPARE(exporter.exportSvg(live.trends(), 0, "Last minute", svgPath), QString());
        QFile svgFile(svgPath);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QXmlStreamReader svg(&svgFile);
        QMap<QString, QStringList> values;
        QMap<QString, int> bars;
        QString group;
        while (!svg.atEnd()) {
            if (svg.readNext() != QXmlStreamReader::StartElement) {
                continue;
            }
            if (svg.name() == QLatin1String("g")) {
                group = svg.attributes().value("id").toString();
                values[group] = svg.attributes().value("data-values").toString().split(' ');
            } else if (svg.name() == QLatin1String("rect") && !group.isEmpty()) {
                ++bars[group];
            }
        }
        QVERIFY2(!svg.hasError(), qPrintable(svg.errorString()));
        QCOMPARE(values["open"].size(), 60);
        QCOMPARE(values["open"].mid(50), (QStringList{"1", "1", "2", "2", "3", "3", "4", "4", "5", "5"}));
        QCOMPARE(bars["open"], 10);
        QCOMPARE(bars["click"], 9); // the first second had no click

        TrendChart chart;
        chart.setSize(QSizeF(300, 100));
        chart.setParentItem(m_window->contentItem());
        chart.setModel(live.trends());
        QSignalSpy exported(&exporter, &TrendExport::exported);
        QCOMPARE(exporter.exportPng(&chart, m_dir.filePath("trend.png")), QString());
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.first()[1].toString(), QString());
        QCOMPARE(QImage(m_dir.filePath("trend.png")).size(), QSize(300, 100));

        QCOMPARE(exporter.exportCsv(nullptr, 0, m_dir.filePath("none.csv")), QString("nothing to export"));
        QCOMPARE(exporter.exportSvg(live.trends(), 7, "", m_dir.filePath("none.svg")), QString("nothing to export"));
        QVERIFY(!QFile::exists(m_dir.filePath("none.csv")));
    }

    // No zone chosen: the system's, and when the tz database does not list it by its name (a container's
    // "Etc/UTC"), UTC rather than an error.
    void systemZoneWhenNoneChosen()
    {
        qputenv("TZ", "Etc/UTC");
        m_model->setTimeZone(QString());
        QVERIFY(waitForSeries());
        QVERIFY2(m_model->lastError().isEmpty(), qPrintable(m_model->lastError()));
        QVERIFY(m_model->zoneName() == "UTC" || m_model->zoneName() == "Etc/UTC");
        QCOMPARE(m_model->series().starts.front() % (24 * kMsPerHour), 0); // UTC days
        qunsetenv("TZ");
    }

    void badPaths()
    {
        QVERIFY(m_model->exportCsv(m_dir.filePath("missing/dir/x.csv")).contains("missing/dir/x.csv"));
        QVERIFY(!m_model->exportPng(nullptr, m_dir.filePath("x.png")).isEmpty());
        m_model->setTimeZone("Europe/Pariss");
        QVERIFY(waitForSeries());
        QVERIFY2(m_model->lastError().contains("Europe/Pariss"), qPrintable(m_model->lastError()));
        QCOMPARE(m_model->count(), 0); // nothing stale on screen
        m_model->setTimeZone("Europe/Paris");
        QFile notCampaign(m_dir.filePath("not.pulsemap"));
        QVERIFY(notCampaign.open(QIODevice::WriteOnly));
        notCampaign.write("this is not a campaign\n");
        notCampaign.close();
        m_model->setPath(notCampaign.fileName());
        QVERIFY(waitForSeries());
        QVERIFY(!m_model->lastError().isEmpty());
        QCOMPARE(m_model->count(), 0);
        const QImage image = m_window->grabWindow();
        QCOMPARE(pixelsOf(image, kValueColor), 0);
    }
};

QTEST_MAIN(TstCalendarView)
#include "tst_calendar_view.moc"
