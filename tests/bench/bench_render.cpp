// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-bench-render: frame intervals of the event layers under load, in a real window.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" pulsemap-bench-render --events 1000000 [--seconds 10]
//       [--rate 10000] [--size 1920x1080] [--screenshot shot.png]
//
// Opens a window with a dark background, the BasemapLayer when the module has a working one, a HeatLayer
// and a PulseLayer; pre-loads N synthetic events over land-ish areas, then feeds R events per second,
// once per frame as the live model does, for S seconds while recording frameSwapped timestamps. The last
// line is `events=N rate=R frames=F median_frame_ms=X p95_frame_ms=Y`.
#include "map/heat_layer.h"
#include "map/live_event.h"
#include "map/map_camera.h"
#include "map/mercator.h"
#include "map/pulse_layer.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QMutex>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QThread>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>
#include <random>
#include <vector>

Q_IMPORT_QML_PLUGIN(Pulsemap_MapPlugin)

using namespace pulsemap;

namespace {

// Where synthetic events happen: continental boxes (lat south, lat north, lon west, lon east, share).
struct Region
{
    double south, north, west, east, share;
};
constexpr Region kRegions[] = {
    {25, 50, -124, -70, 0.26},  // North America
    {36, 60, -10, 30, 0.24},    // Europe
    {20, 42, 100, 142, 0.16},   // East Asia
    {8, 30, 70, 88, 0.10},      // India
    {-34, 2, -72, -38, 0.09},   // South America
    {-34, -16, 116, 153, 0.04}, // Australia
    {-30, 12, -10, 40, 0.07},   // Africa
    {50, 62, 30, 90, 0.04},     // Russia
};

// Synthetic events: most around "cities" (clusters inside the boxes), some scattered over the boxes.
class EventSource
{
public:
    explicit EventSource(uint32_t seed) : m_rng(seed)
    {
        std::uniform_real_distribution<double> unit(0, 1);
        for (const Region &r : kRegions) {
            const int cities = std::max(4, int(r.share * 300));
            for (int i = 0; i < cities; ++i) {
                City c;
                c.lat = r.south + unit(m_rng) * (r.north - r.south);
                c.lon = r.west + unit(m_rng) * (r.east - r.west);
                c.spread = 0.15 + 0.6 * unit(m_rng) * unit(m_rng);
                // Zipf-like sizes: a few metropolises, many towns.
                c.weight = r.share / cities * std::pow(unit(m_rng), 4.0);
                m_cities.push_back(c);
            }
        }
        double total = 0;
        for (const City &c : m_cities) {
            total += c.weight;
            m_cumulative.push_back(total);
        }
        for (double &v : m_cumulative) {
            v /= total;
        }
        double regionTotal = 0;
        for (const Region &r : kRegions) {
            regionTotal += r.share;
            m_regionCumulative.push_back(regionTotal);
        }
    }

    void fill(std::vector<LiveEvent> &out, size_t count, int64_t tsMs)
    {
        std::uniform_real_distribution<double> unit(0, 1);
        std::normal_distribution<double> normal(0, 1);
        out.resize(count);
        for (LiveEvent &e : out) {
            double lat = 0;
            double lon = 0;
            if (unit(m_rng) < 0.9) {
                const double pick = unit(m_rng);
                const auto it = std::lower_bound(m_cumulative.begin(), m_cumulative.end(), pick);
                const City &c =
                    m_cities[size_t(std::min<ptrdiff_t>(it - m_cumulative.begin(), ptrdiff_t(m_cities.size()) - 1))];
                // Mostly the city itself, some from its region (a wider, thinner halo).
                const double spread = unit(m_rng) < 0.75 ? c.spread : c.spread * 6;
                lat = c.lat + normal(m_rng) * spread;
                lon = c.lon + normal(m_rng) * spread * 1.3;
            } else {
                const double pick = unit(m_rng) * m_regionCumulative.back();
                const auto it = std::lower_bound(m_regionCumulative.begin(), m_regionCumulative.end(), pick);
                const Region &r = kRegions[size_t(it - m_regionCumulative.begin())];
                lat = r.south + unit(m_rng) * (r.north - r.south);
                lon = r.west + unit(m_rng) * (r.east - r.west);
            }
            lon = lon > 180 ? lon - 360 : (lon < -180 ? lon + 360 : lon);
            const QPointF w = mercator::project(std::clamp(lat, -80.0, 80.0), lon);
            e.worldX = float(w.x());
            e.worldY = float(w.y());
            e.tsMs = tsMs;
            e.weight = 1;
            const double t = unit(m_rng); // opens, clicks, hits, downloads, sign-ups
            e.typeIndex = uint8_t(t < 0.5 ? 0 : (t < 0.72 ? 1 : (t < 0.9 ? 2 : (t < 0.97 ? 3 : 4))));
        }
    }

private:
    struct City
    {
        double lat, lon, spread, weight;
    };
    std::mt19937 m_rng;
    std::vector<City> m_cities;
    std::vector<double> m_cumulative;
    std::vector<double> m_regionCumulative;
};

double percentile(std::vector<double> values, double q)
{
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(q * double(values.size() - 1) + 0.5))];
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription("Frame intervals of the heat and pulse layers under load.");
    parser.addHelpOption();
    parser.addOption({"events", "Events pre-loaded before measuring.", "N", "10000"});
    parser.addOption({"seconds", "Measured seconds.", "S", "10"});
    parser.addOption({"rate", "New events per second while measuring.", "R", "10000"});
    parser.addOption({"size", "Window size.", "WxH", "1920x1080"});
    parser.addOption({"warmup", "Seconds fed before measuring.", "S", "2"});
    parser.addOption({"grid", "Heat grid size (cells per side).", "N", "1024"});
    parser.addOption({"screenshot", "Save the window to this PNG at the end.", "FILE"});
    parser.addOption({"zoom", "Zoom steps in from the whole world.", "Z", "0"});
    parser.addOption({"center", "Center latitude,longitude.", "LAT,LON"});
    parser.addOption({"without", "Leave out layers (comma-separated: basemap, heat, pulses).", "LAYERS"});
    parser.addOption({"capacity", "Pulse ring capacity.", "N", "4096"});
    parser.process(app);

    const qint64 preload = parser.value("events").toLongLong();
    const double seconds = parser.value("seconds").toDouble();
    const double rate = parser.value("rate").toDouble();
    const double warmup = parser.value("warmup").toDouble();
    const QStringList size = parser.value("size").split('x');
    const int width = size.value(0).toInt();
    const int height = size.value(1).toInt();
    if (width <= 0 || height <= 0 || seconds <= 0 || rate < 0 || preload < 0) {
        std::fprintf(stderr, "bad arguments\n");
        return 2;
    }

    QQuickWindow window;
    window.setColor(QColor(0x0a, 0x0e, 0x18));
    window.resize(width, height);
    MapCamera camera;
    camera.setViewportSize(QSizeF(width, height));
    if (parser.isSet("center")) {
        const QStringList c = parser.value("center").split(',');
        camera.setCenter(c.value(0).toDouble(), c.value(1).toDouble());
    }
    if (parser.value("zoom").toDouble() != 0) {
        camera.zoomAround(QPointF(width / 2.0, height / 2.0), parser.value("zoom").toDouble());
    }

    // The basemap, when the module has one that loads (it is built by someone else, possibly later).
    QQmlEngine engine;
    QQmlComponent component(&engine);
    component.setData("import Pulsemap.Map\nBasemapLayer {}\n", QUrl());
    const QStringList without = parser.value("without").split(',');
    const std::unique_ptr<QObject> basemapObject(
        component.isReady() && !without.contains("basemap") ? component.create() : nullptr);
    auto *basemap = qobject_cast<QQuickItem *>(basemapObject.get());
    if (basemap) {
        basemap->setParentItem(window.contentItem());
        basemap->setSize(QSizeF(width, height));
        basemap->setProperty("camera", QVariant::fromValue(&camera));
        std::printf("basemap: BasemapLayer included\n");
    } else {
        std::printf("basemap: skipped (%s)\n", qPrintable(component.errorString().trimmed()));
    }

    HeatLayer heat;
    heat.setGridSize(parser.value("grid").toInt());
    heat.setParentItem(window.contentItem());
    heat.setSize(QSizeF(width, height));
    heat.setCamera(&camera);
    heat.setVisible(!without.contains("heat"));
    PulseLayer pulses;
    pulses.setVisible(!without.contains("pulses"));
    pulses.setCapacity(parser.value("capacity").toInt());
    pulses.setParentItem(window.contentItem());
    pulses.setSize(QSizeF(width, height));
    pulses.setCamera(&camera);

    // Frame timestamps, recorded where frameSwapped is emitted (the render thread in the threaded loop).
    QElapsedTimer clock;
    clock.start();
    QMutex mutex;
    std::vector<qint64> swaps;
    swaps.reserve(100000);
    bool swapOnGuiThread = false;
    QObject::connect(
        &window, &QQuickWindow::frameSwapped, &window,
        [&] {
            const QMutexLocker lock(&mutex);
            swaps.push_back(clock.nsecsElapsed());
            swapOnGuiThread = QThread::currentThread() == app.thread();
        },
        Qt::DirectConnection);

    window.show();
    EventSource source(12345);
    std::vector<LiveEvent> batch;

    // Pre-load: N events, in batches, as a backlog replayed at start-up would arrive.
    QElapsedTimer preloadTimer;
    preloadTimer.start();
    for (qint64 done = 0; done < preload;) {
        const auto n = size_t(std::min<qint64>(50000, preload - done));
        source.fill(batch, n, heat.clockMs());
        heat.appendEvents(batch);
        pulses.appendEvents(batch);
        done += qint64(n);
    }
    const double preloadMs = double(preloadTimer.nsecsElapsed()) / 1e6;

    // Feed once per presented frame (the live model's contract), the events due since the last feed.
    double owed = 0;
    qint64 lastFeedNs = clock.nsecsElapsed();
    qint64 fed = 0;
    double feedNs = 0;
    const auto feed = [&] {
        const qint64 now = clock.nsecsElapsed();
        owed += rate * double(now - lastFeedNs) / 1e9;
        lastFeedNs = now;
        const auto n = size_t(owed);
        if (n == 0) {
            return;
        }
        owed -= double(n);
        source.fill(batch, n, heat.clockMs());
        QElapsedTimer t;
        t.start();
        heat.appendEvents(batch);
        pulses.appendEvents(batch);
        feedNs += double(t.nsecsElapsed());
        fed += qint64(n);
    };
    QObject::connect(&window, &QQuickWindow::frameSwapped, &app, feed, Qt::QueuedConnection);
    // In case nothing is animating (rate 0): keep frames coming so there is something to measure.
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, &window, [&] { window.update(); });
    ticker.start(5);

    int uploadsAtStart = 0;
    std::clock_t cpuAtStart = 0;
    std::clock_t cpuAtEnd = 0;
    qint64 measureStart = 0;
    qint64 measureEnd = 0;
    QTimer::singleShot(int(warmup * 1000), &app, [&] {
        measureStart = clock.nsecsElapsed();
        cpuAtStart = std::clock();
        uploadsAtStart = heat.uploadCount();
        fed = 0;
        feedNs = 0;
    });
    QTimer::singleShot(int((warmup + seconds) * 1000), &app, [&] {
        measureEnd = clock.nsecsElapsed();
        cpuAtEnd = std::clock();
        // While the event loop runs: the threaded render loop cannot grab once it has stopped.
        if (parser.isSet("screenshot") && !window.grabWindow().save(parser.value("screenshot"))) {
            std::fprintf(stderr, "could not save %s\n", qPrintable(parser.value("screenshot")));
        }
        app.quit();
    });
    app.exec();
    ticker.stop();

    std::vector<double> intervals;
    {
        const QMutexLocker lock(&mutex);
        for (size_t i = 1; i < swaps.size(); ++i) {
            if (swaps[i - 1] >= measureStart && swaps[i] <= measureEnd) {
                intervals.push_back(double(swaps[i] - swaps[i - 1]) / 1e6);
            }
        }
    }
    const double measured = double(measureEnd - measureStart) / 1e9;
    std::printf("render loop: frameSwapped on %s thread\n", swapOnGuiThread ? "the GUI" : "a render");
    std::printf("preload: %lld events in %.0f ms\n", static_cast<long long>(preload), preloadMs);
    std::printf("fed: %lld events in %.1f s (%.0f/s), appendEvents %.2f ms per second\n", static_cast<long long>(fed),
                measured, double(fed) / measured, feedNs / 1e6 / measured);
    std::printf("heat: grid %d, %d uploads (%.1f/s), last encode %.2f ms, %d quads, domain max %.1f\n", heat.gridSize(),
                heat.uploadCount() - uploadsAtStart, double(heat.uploadCount() - uploadsAtStart) / measured,
                heat.lastEncodeMs(), heat.lastQuadCount(), heat.domainMax());
    std::printf("pulses: %d alive of %d\n", pulses.alivePulses(), pulses.capacity());
    // CPU time of the whole process (GUI, render and llvmpipe threads) per frame: less sensitive than
    // frame intervals to other processes sharing the machine.
    const double cpuMs = double(cpuAtEnd - cpuAtStart) * 1000.0 / CLOCKS_PER_SEC;
    std::printf("frames/s %.1f, process CPU %.1f ms per frame\n", double(intervals.size()) / measured,
                intervals.empty() ? 0.0 : cpuMs / double(intervals.size()));
    std::printf("events=%lld rate=%.0f frames=%zu median_frame_ms=%.2f p95_frame_ms=%.2f\n",
                static_cast<long long>(preload), rate, intervals.size(), percentile(intervals, 0.5),
                percentile(intervals, 0.95));
    return 0;
}
