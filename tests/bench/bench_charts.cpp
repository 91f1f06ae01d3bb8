// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-bench-charts: GUI-thread time per frame spent in the live trend charts at a given event rate.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" pulsemap-bench-charts [--rate 10000] [--seconds 10] [--style area]
//
// A real window with the panel's three TrendCharts (last minute, hour, day) and the wall's sparkline, fed by
// the simulator (SimulatedSource, as the app at --source simulate:RATE), plus the breakdowns' pie and
// scatter. Each frame it times, on the GUI thread, what the charts add to the app: counting the frame's events
// into the rolling windows, the per-name tables, the distinct counts and the 8-day totals (LiveTrends::advance
// and add, as LiveModel::addBatch does), the model's refresh every 100 ms (windows moved, charts' scales, the
// QVariant summaries every 500 ms, and handing them to the pie and the scatter), and the scene graph's sync,
// when the GUI thread is blocked while the charts rewrite their geometry. The model's work is also timed as the
// GUI thread's CPU time, which a busy machine's preemption does not inflate. The last line is
// `rate=R frames=F events=N model_median_ms=.. model_worst_ms=.. sync_median_ms=.. sync_worst_ms=..
//  charts_median_ms=.. charts_worst_ms=.. median_frame_ms=..`.
#include "app/live_model.h"
#include "app/pie_chart.h"
#include "app/scatter_chart.h"
#include "app/simulated_source.h"
#include "app/trend_chart.h"
#include "app/trend_model.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQuickWindow>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <memory>
#include <vector>

using namespace pulsemap;

namespace {

struct Stats
{
    double median = 0;
    double p99 = 0;
    double worst = 0;
};

Stats stats(std::vector<double> values)
{
    if (values.empty()) {
        return {};
    }
    std::sort(values.begin(), values.end());
    return {values[values.size() / 2], values[values.size() * 99 / 100], values.back()};
}

double ms(qint64 ns)
{
    return static_cast<double>(ns) / 1e6;
}

// CPU time of the calling thread: unlike the elapsed time, not inflated when a busy machine preempts the GUI
// thread in the middle of the measured work.
qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<qint64>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription("GUI-thread time per frame of the live trend charts under load.");
    parser.addHelpOption();
    parser.addOption({"rate", "Simulated events per second.", "R", "10000"});
    parser.addOption({"seconds", "Measured seconds.", "S", "10"});
    parser.addOption({"warmup", "Seconds fed before measuring.", "S", "2"});
    parser.addOption({"style", "Chart style: area, bars or lines.", "STYLE", "area"});
    parser.process(app);
    const double rate = parser.value("rate").toDouble();
    const double seconds = parser.value("seconds").toDouble();
    const double warmup = parser.value("warmup").toDouble();
    const QString styleName = parser.value("style");
    const TrendChart::Style style = styleName == "bars"    ? TrendChart::StackedBars
                                    : styleName == "lines" ? TrendChart::Lines
                                                           : TrendChart::StackedArea;

    LiveModel live; // owns the TrendModel and the type names and colors; its own map work is not timed here
    TrendModel *trends = live.trends();
    trends->setAutoRefresh(false);

    QQuickWindow window;
    window.setColor(QColor(0x07, 0x0b, 0x14));
    window.resize(480, 1000);
    std::vector<std::unique_ptr<TrendChart>> charts;
    for (int w = 0; w < 4; ++w) {
        auto chart = std::make_unique<TrendChart>();
        chart->setParentItem(window.contentItem());
        chart->setModel(trends);
        chart->setWindow(TrendChart::Window(std::min(w, 2)));
        chart->setStyle(w == 3 ? TrendChart::TotalLine : style);
        chart->setPosition(QPointF(20, 20 + w * 240));
        chart->setSize(QSizeF(440, w == 3 ? 60 : 220));
        charts.push_back(std::move(chart));
    }
    // The breakdowns page's scene-graph items, fed as QML's bindings feed them (on every summary).
    PieChart pie;
    pie.setParentItem(window.contentItem());
    pie.setPosition(QPointF(20, 815));
    pie.setSize(QSizeF(170, 170));
    ScatterChart scatter;
    scatter.setParentItem(window.contentItem());
    scatter.setPosition(QPointF(200, 815));
    scatter.setSize(QSizeF(260, 170));
    scatter.setModel(trends); // reads its points on every summary
    QObject::connect(trends, &TrendModel::summaryChanged, &window, [&] { pie.setSlices(trends->typeShares()); });
    window.show();

    // GUI-thread work of the current frame, and the sync (render thread, GUI thread blocked).
    qint64 frameModelNs = 0;
    qint64 frameModelCpuNs = 0;
    std::atomic<qint64> frameSyncNs{0};
    QElapsedTimer syncTimer;
    QObject::connect(
        &window, &QQuickWindow::beforeSynchronizing, &window, [&] { syncTimer.start(); }, Qt::DirectConnection);
    QObject::connect(
        &window, &QQuickWindow::afterSynchronizing, &window, [&] { frameSyncNs.fetch_add(syncTimer.nsecsElapsed()); },
        Qt::DirectConnection);

    bool measuring = false;
    std::vector<double> addMs;     // per batch: counting its events
    std::vector<double> refreshMs; // per refresh
    std::vector<int> typeIndex;
    qint64 events = 0;
    SimulatedSource source(rate);
    QObject::connect(&source, &EventSource::batchReady, &live, [&](const EventBatch &batch) {
        // The type lookup is the LiveModel's (the legend and the map need it too): outside the timing.
        typeIndex.resize(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
            typeIndex[i] = live.types()->indexOf(batch.typeName(batch.events()[i]));
        }
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuStart = threadCpuNs();
        LiveTrends &counts = trends->counts();
        counts.advance();
        for (size_t i = 0; i < batch.size(); ++i) {
            const Event &event = batch.events()[i];
            counts.add(event.tsMs, typeIndex[i], event.country,
                       {batch.text(event.city), batch.text(event.campaign), batch.text(event.path), event.visitor});
        }
        const qint64 spent = timer.nsecsElapsed();
        frameModelNs += spent;
        frameModelCpuNs += threadCpuNs() - cpuStart;
        if (measuring) {
            addMs.push_back(ms(spent));
        }
        events += static_cast<qint64>(batch.size());
    });
    QTimer refresh;
    refresh.setInterval(TrendModel::kRefreshMs);
    QObject::connect(&refresh, &QTimer::timeout, &live, [&] {
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuStart = threadCpuNs();
        trends->refresh();
        const qint64 spent = timer.nsecsElapsed();
        frameModelNs += spent;
        frameModelCpuNs += threadCpuNs() - cpuStart;
        if (measuring) {
            refreshMs.push_back(ms(spent));
        }
    });

    std::vector<double> modelMs;
    std::vector<double> modelCpuMs;
    std::vector<double> syncMs;
    std::vector<double> chartsMs;
    std::vector<double> frameMs;
    QElapsedTimer clock;
    clock.start();
    qint64 lastSwap = -1;
    qint64 eventsAtStart = 0;
    QObject::connect(&window, &QQuickWindow::frameSwapped, &live, [&] {
        const qint64 sync = frameSyncNs.exchange(0);
        const qint64 now = clock.nsecsElapsed();
        if (measuring) {
            modelMs.push_back(ms(frameModelNs));
            modelCpuMs.push_back(ms(frameModelCpuNs));
            syncMs.push_back(ms(sync));
            chartsMs.push_back(ms(frameModelNs + sync));
            if (lastSwap >= 0) {
                frameMs.push_back(ms(now - lastSwap));
            }
        }
        frameModelNs = 0;
        frameModelCpuNs = 0;
        lastSwap = now;
        window.update(); // keep rendering, as the map's animation does in the app
    });
    QTimer::singleShot(static_cast<int>(warmup * 1000), &live, [&] {
        measuring = true;
        eventsAtStart = events;
    });
    QTimer::singleShot(static_cast<int>((warmup + seconds) * 1000), &app, &QGuiApplication::quit);
    source.start();
    refresh.start();
    QGuiApplication::exec();
    source.stop();

    const Stats model = stats(modelMs);
    const Stats modelCpu = stats(modelCpuMs);
    const Stats sync = stats(syncMs);
    const Stats total = stats(chartsMs);
    const Stats add = stats(addMs);
    const Stats refreshed = stats(refreshMs);
    std::printf("batches=%zu add_median_ms=%.3f add_p99_ms=%.3f add_worst_ms=%.3f\n", addMs.size(), add.median, add.p99,
                add.worst);
    std::printf("refreshes=%zu refresh_median_ms=%.3f refresh_p99_ms=%.3f refresh_worst_ms=%.3f\n", refreshMs.size(),
                refreshed.median, refreshed.p99, refreshed.worst);
    std::printf("frames: model_p99_ms=%.3f sync_p99_ms=%.3f charts_p99_ms=%.3f\n", model.p99, sync.p99, total.p99);
    std::printf("model GUI-thread CPU time per frame: median_ms=%.3f p99_ms=%.3f worst_ms=%.3f\n", modelCpu.median,
                modelCpu.p99, modelCpu.worst);
    std::printf("rate=%.0f frames=%zu events=%lld model_median_ms=%.3f model_worst_ms=%.3f sync_median_ms=%.3f "
                "sync_worst_ms=%.3f charts_median_ms=%.3f charts_worst_ms=%.3f median_frame_ms=%.2f\n",
                rate, modelMs.size(), static_cast<long long>(events - eventsAtStart), model.median, model.worst,
                sync.median, sync.worst, total.median, total.worst, stats(frameMs).median);
    return 0;
}
