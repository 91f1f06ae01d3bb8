// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Pixel tests of the heat and pulse layers in a real window (Xvfb, xcb, Mesa llvmpipe): where the light
// is, that it goes away when it should, that hidden types draw nothing, and that world copies wrap.
#include "app/live_model.h"
#include "map/heat_layer.h"
#include "map/live_event.h"
#include "map/map_camera.h"
#include "map/mercator.h"
#include "map/pulse_layer.h"

#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QSignalSpy>
#include <QTest>

#include <QtQml/qqmlextensionplugin.h>

#include <cmath>
#include <memory>

Q_IMPORT_QML_PLUGIN(Pulsemap_MapPlugin)

using namespace pulsemap;

namespace {
constexpr int kWidth = 960;
constexpr int kHeight = 540;
constexpr int64_t kT0 = 1'700'000'000'000;
const QColor kBackground(0x0a, 0x0e, 0x18);
// A pixel is lit when it is clearly brighter than the background.
constexpr int kLitThreshold = 40;
// Light around an event stays within this many pixels (ring radius plus glow; heat kernel's 3 sigma).
constexpr double kNear = 45;

LiveEvent eventAt(double lat, double lon, int type = 0, int64_t ts = kT0)
{
    const QPointF w = mercator::project(lat, lon);
    LiveEvent e;
    e.worldX = float(w.x());
    e.worldY = float(w.y());
    e.tsMs = ts;
    e.typeIndex = uint8_t(type);
    return e;
}

bool lit(QRgb p)
{
    return qRed(p) > kBackground.red() + kLitThreshold || qGreen(p) > kBackground.green() + kLitThreshold ||
           qBlue(p) > kBackground.blue() + kLitThreshold;
}

struct Light
{
    int near = 0;          // lit pixels within kNear of one of the expected points
    int far = 0;           // lit pixels elsewhere
    double brightness = 0; // sum of channel values above the background near the points
};

Light findLight(const QImage &image, const QList<QPointF> &expected)
{
    Light light;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            bool isNear = false;
            for (const QPointF &e : expected) {
                isNear = isNear || std::hypot(x + 0.5 - e.x(), y + 0.5 - e.y()) < kNear;
            }
            if (isNear) {
                light.brightness += std::max(0, qRed(line[x]) - kBackground.red()) +
                                    std::max(0, qGreen(line[x]) - kBackground.green()) +
                                    std::max(0, qBlue(line[x]) - kBackground.blue());
            }
            if (lit(line[x])) {
                ++(isNear ? light.near : light.far);
            }
        }
    }
    return light;
}
} // namespace

class TestEventLayers : public QObject
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
        // The software fallbacks draw no custom material at all (docs/architecture.md, "Qt 6.4 notes"): refuse to pass
        // on them.
        QVERIFY2(m_window->rendererInterface()->graphicsApi() != QSGRendererInterface::Software,
                 "needs OpenGL (run under xvfb-run with QT_QPA_PLATFORM=xcb)");
    }

    void init()
    {
        m_camera = std::make_unique<MapCamera>();
        m_camera->setViewportSize(QSizeF(kWidth, kHeight));
        m_heat = std::make_unique<HeatLayer>();
        m_pulses = std::make_unique<PulseLayer>();
        for (EventLayer *layer : {static_cast<EventLayer *>(m_heat.get()), static_cast<EventLayer *>(m_pulses.get())}) {
            layer->setClockMs(kT0);
            layer->setSize(QSizeF(kWidth, kHeight));
            layer->setCamera(m_camera.get());
            layer->setParentItem(m_window->contentItem());
            layer->setVisible(false);
        }
        m_heat->setHeatScale(4); // a lone event's peak shows at a quarter of the hottest: clearly visible
    }

    void cleanup()
    {
        m_heat.reset();
        m_pulses.reset();
        m_camera.reset();
    }

    void pulseLightsItsCoordinate()
    {
        m_pulses->setVisible(true);
        const LiveEvent paris = eventAt(48.85, 2.35);
        m_pulses->appendEvents({&paris, 1});
        m_pulses->setClockMs(kT0 + 400); // mid-ring
        QCOMPARE(m_pulses->alivePulses(), 1);
        const QPointF expected = m_camera->coordinateToPixel(48.85, 2.35);
        const Light light = findLight(grab(), {expected});
        QVERIFY2(light.near > 20, qPrintable(QString::number(light.near)));
        QCOMPARE(light.far, 0);

        // The core is at the coordinate itself.
        const QImage late = (m_pulses->setClockMs(kT0 + 3000), grab());
        QVERIFY(lit(late.pixel(expected.toPoint())));
        QCOMPARE(findLight(late, {expected}).far, 0);

        // Past fadeSeconds the pulse is gone, and nothing else is left either.
        m_pulses->setClockMs(kT0 + qint64(m_pulses->fadeSeconds() * 1000) + 50);
        QCOMPARE(m_pulses->alivePulses(), 0);
        const Light after = findLight(grab(), {expected});
        QCOMPARE(after.near, 0);
        QCOMPARE(after.far, 0);
    }

    void pulsesStopRedrawingWhenIdle()
    {
        m_pulses->setVisible(true);
        const LiveEvent e = eventAt(10, 10);
        m_pulses->appendEvents({&e, 1});
        QSignalSpy frames(m_window.get(), &QQuickWindow::frameSwapped);
        QVERIFY(frames.wait(2000));
        QTRY_VERIFY(frames.count() > 3); // animating while alive (the pinned clock keeps it alive)
        m_pulses->setClockMs(kT0 + 60'000);
        QTest::qWait(200);
        frames.clear();
        QTest::qWait(400);
        QVERIFY2(frames.count() <= 1, qPrintable(QString::number(frames.count())));
    }

    void hiddenTypeDrawsNothing()
    {
        m_pulses->setVisible(true);
        m_heat->setVisible(true);
        const LiveEvent e = eventAt(35.68, 139.69, 3); // Tokyo, type 3
        m_pulses->appendEvents({&e, 1});
        m_heat->appendEvents({&e, 1});
        m_pulses->setClockMs(kT0 + 300);
        const QPointF expected = m_camera->coordinateToPixel(35.68, 139.69);
        QVERIFY(findLight(grab(), {expected}).near > 20);

        m_pulses->setTypeVisible(3, false);
        m_heat->setTypeVisible(3, false);
        QCOMPARE(m_heat->intensityAt(expected), 0.0);
        const Light hidden = findLight(grab(), {expected});
        QCOMPARE(hidden.near, 0);
        QCOMPARE(hidden.far, 0);

        // Other types hidden and this one shown again: it is back.
        m_pulses->setVisibleTypeMask(1 << 3);
        m_heat->setVisibleTypeMask(1 << 3);
        QVERIFY(findLight(grab(), {expected}).near > 20);
    }

    void layersFollowTheirModel()
    {
        // The app's wiring (`model: live` in MapView.qml): the layers observe a real LiveModel.
        m_pulses->setVisible(true);
        m_heat->setVisible(true);
        auto live = std::make_unique<LiveModel>([] { return kT0; });
        QSignalSpy modelChanged(m_heat.get(), &EventLayer::modelChanged);
        m_heat->setModel(live.get());
        m_pulses->setModel(live.get());
        QCOMPARE(modelChanged.count(), 1);
        QVERIFY(m_heat->model() == live.get());
        live->setHalfLifeSeconds(60);
        QCOMPARE(m_heat->halfLifeSeconds(), 60.0);

        EventBatch batch;
        Event &event = batch.append();
        event.tsMs = kT0;
        event.lat = -33.87; // Sydney
        event.lon = 151.21;
        event.type = batch.store("click");
        live->addBatch(batch);
        const QPointF expected = m_camera->coordinateToPixel(-33.87, 151.21);
        QCOMPARE(m_pulses->alivePulses(), 1);
        QVERIFY(m_heat->intensityAt(expected) > 0.5);
        QCOMPARE(m_pulses->typeColors(), live->typeColors());
        QCOMPARE(m_heat->typeColors(), live->typeColors());
        m_pulses->setClockMs(kT0 + 300);
        QVERIFY(findLight(grab(), {expected}).near > 20);

        // Hidden in the legend: hidden on the map.
        live->types()->setVisible(0, false);
        QVERIFY(!m_pulses->isTypeVisible(0) && !m_heat->isTypeVisible(0));
        QCOMPARE(m_heat->intensityAt(expected), 0.0);
        const Light hidden = findLight(grab(), {expected});
        QCOMPARE(hidden.near, 0);
        QCOMPARE(hidden.far, 0);
        live->types()->setVisible(0, true);
        QVERIFY(m_pulses->isTypeVisible(0) && m_heat->isTypeVisible(0));

        // A layer without a model hears nothing more; one whose model is gone forgets it.
        m_pulses->setModel(nullptr);
        m_pulses->clear();
        live->addBatch(batch);
        QCOMPARE(m_pulses->alivePulses(), 0);
        live.reset();
        QVERIFY(m_heat->model() == nullptr);
    }

    // A layer that joins a model already paused (a compared replay opened paused before its map existed)
    // stands still with it, as one that saw the pause would; it runs again when the model does.
    void layerJoiningAFrozenModelStandsStill()
    {
        auto live = std::make_unique<LiveModel>();
        live->setFrozen(true);
        m_heat->resetClock();
        m_heat->setModel(live.get());
        const qint64 at = m_heat->clockMs();
        QTest::qWait(50);
        QCOMPARE(m_heat->clockMs(), at);
        live->setFrozen(false);
        QTest::qWait(20);
        QVERIFY(m_heat->clockMs() > at);
        m_heat->setModel(nullptr);
    }

    void heatFadesWithTheHalfLife()
    {
        m_heat->setVisible(true);
        m_heat->setHalfLifeSeconds(60);
        QCOMPARE(m_heat->halfLifeSeconds(), 60.0);
        const LiveEvent paris = eventAt(48.85, 2.35);
        for (int i = 0; i < 3; ++i) {
            m_heat->appendEvents({&paris, 1});
        }
        const QPointF expected = m_camera->coordinateToPixel(48.85, 2.35);
        const double fresh = m_heat->intensityAt(expected);
        QVERIFY2(fresh > 2.0 && fresh <= 3.0, qPrintable(QString::number(fresh)));
        const Light now = findLight(grab(), {expected});
        QVERIFY2(now.near > 20, qPrintable(QString::number(now.near)));
        QCOMPARE(now.far, 0);

        m_heat->setClockMs(kT0 + 60'000);
        QVERIFY(std::abs(m_heat->intensityAt(expected) - fresh / 2) < 1e-6 * fresh);
        const Light halved = findLight(grab(), {expected});
        QVERIFY2(halved.brightness < 0.9 * now.brightness,
                 qPrintable(QStringLiteral("%1 vs %2").arg(halved.brightness).arg(now.brightness)));
        QVERIFY(halved.near > 0);
        QCOMPARE(halved.far, 0);

        // Fourteen half-lives later it is far below the ramp: nothing shows.
        m_heat->setClockMs(kT0 + 14 * 60'000);
        const Light gone = findLight(grab(), {expected});
        QCOMPARE(gone.near, 0);
        QCOMPARE(gone.far, 0);
    }

    void heatIsDenserWhereEventsAre()
    {
        m_heat->setVisible(true);
        m_heat->setHeatScale(0); // adaptive
        std::vector<LiveEvent> events;
        for (int i = 0; i < 200; ++i) {
            events.push_back(eventAt(40.7 + (i % 5) * 0.05, -74.0 + (i / 40) * 0.05)); // New York
        }
        events.push_back(eventAt(-33.9, 151.2)); // Sydney, once
        m_heat->appendEvents(events);
        const QPointF ny = m_camera->coordinateToPixel(40.8, -73.9);
        const QPointF sydney = m_camera->coordinateToPixel(-33.9, 151.2);
        QVERIFY(m_heat->intensityAt(ny) > 50 * m_heat->intensityAt(sydney));
        const QImage image = grab();
        const QRgb hot = image.pixel(ny.toPoint());
        QVERIFY(lit(hot));
        QCOMPARE(findLight(image, {ny, sydney}).far, 0);
    }

    void bigPicturesAreBuiltOffTheGuiThread()
    {
        // A replay's seek replaces the heat with tens of thousands of cells: built on a worker, it must come out
        // exactly as the same events splatted here, keep what arrives meanwhile, and give way to a newer picture.
        m_heat->setVisible(true);
        std::vector<LiveEvent> picture;
        for (int i = 0; i < 3000; ++i) {
            picture.push_back(eventAt(-50.0 + (i % 60) * 1.7, -170.0 + (i / 60) * 6.8, i % 3));
        }
        const LiveEvent paris = eventAt(48.85, 2.35);
        std::vector<QPointF> probes;
        for (int i = 0; i < 3000; i += 97) {
            probes.push_back(m_camera->coordinateToPixel(-50.0 + (i % 60) * 1.7, -170.0 + (i / 60) * 6.8));
        }
        probes.push_back(m_camera->coordinateToPixel(48.85, 2.35));
        m_heat->appendEvents(picture);
        m_heat->appendEvents({&paris, 1});
        std::vector<double> direct;
        for (const QPointF &probe : probes) {
            direct.push_back(m_heat->intensityAt(probe));
        }
        QVERIFY(direct.front() > 0);

        m_heat->clear();
        m_heat->replaceHeat(picture);
        QVERIFY(m_heat->grid().empty()); // returned at once: the picture is still being built
        m_heat->appendEvents({&paris, 1});
        QTRY_VERIFY(!m_heat->grid().empty());
        for (size_t i = 0; i < probes.size(); ++i) {
            const double built = m_heat->intensityAt(probes[i]);
            QVERIFY2(std::abs(built - direct[i]) <= 1e-5 * std::max(1.0, direct[i]),
                     qPrintable(QStringLiteral("probe %1: %2 vs %3").arg(i).arg(built).arg(direct[i])));
        }

        // A newer picture while one is being built: only the newer one ever shows.
        m_heat->replaceHeat(picture);
        const LiveEvent sydney = eventAt(-33.9, 151.2);
        m_heat->replaceHeat({&sydney, 1});
        const QPointF sydneyPixel = m_camera->coordinateToPixel(-33.9, 151.2);
        QVERIFY(m_heat->intensityAt(sydneyPixel) > 0);
        QTest::qWait(500);
        QVERIFY(m_heat->intensityAt(sydneyPixel) > 0);
        QCOMPARE(m_heat->intensityAt(probes.front()), 0.0);
    }

    void wrapsAcrossTheDateLine()
    {
        m_pulses->setVisible(true);
        m_heat->setVisible(true);
        // Zoomed in first: the heat kernel's size in cells is set by the zoom at arrival.
        m_camera->zoomAround(QPointF(kWidth / 2.0, kHeight / 2.0), 2);
        const LiveEvent west = eventAt(0, 179.9);
        const LiveEvent east = eventAt(0, -179.9);
        for (EventLayer *layer : {static_cast<EventLayer *>(m_heat.get()), static_cast<EventLayer *>(m_pulses.get())}) {
            layer->appendEvents({&west, 1});
            layer->appendEvents({&east, 1});
        }
        m_pulses->setClockMs(kT0 + 1500);

        // Centered on the date line: both sides of it, next to each other, from two world copies.
        m_camera->setCenter(0, 180);
        const QPointF a = m_camera->coordinateToPixel(0, 179.9);
        const QPointF b = m_camera->coordinateToPixel(0, -179.9);
        QVERIFY(a.x() < kWidth / 2.0 && b.x() > kWidth / 2.0);
        const QImage centered = grab();
        QVERIFY(lit(centered.pixel(a.toPoint())));
        QVERIFY(lit(centered.pixel(b.toPoint())));
        QCOMPARE(findLight(centered, {a, b}).far, 0);

        // Centered further west: the event just east of the date line shows near the right edge.
        const double worldPixels = m_camera->scale();
        const double centerLon = 180.1 - (kWidth / 2.0 - 30) * 360.0 / worldPixels;
        m_camera->setCenter(0, centerLon);
        const QPointF edge = m_camera->coordinateToPixel(0, -179.9);
        QVERIFY2(edge.x() > kWidth - 40 && edge.x() < kWidth, qPrintable(QString::number(edge.x())));
        const QImage wrapped = grab();
        QVERIFY(lit(wrapped.pixel(edge.toPoint())));
        QVERIFY(findLight(wrapped, {edge}).near > 20);
        QCOMPARE(findLight(wrapped, {edge, m_camera->coordinateToPixel(0, 179.9)}).far, 0);
    }

    void ignoresBadEvents()
    {
        m_pulses->setVisible(true);
        m_heat->setVisible(true);
        LiveEvent bad[3];
        bad[0].worldX = std::nanf("");
        bad[1].worldX = 2.0F;
        bad[2].worldY = -1.0F;
        m_pulses->appendEvents(bad);
        m_heat->appendEvents(bad);
        QCOMPARE(m_pulses->alivePulses(), 0);
        QVERIFY(m_heat->grid().empty());
        const Light light = findLight(grab(), {});
        QCOMPARE(light.far, 0);
    }

    void samplesWhenOverwhelmed()
    {
        m_pulses->setVisible(true);
        m_pulses->setCapacity(64);
        std::vector<LiveEvent> flood;
        for (int i = 0; i < 10'000; ++i) {
            flood.push_back(eventAt(-60 + (i % 100) * 1.2, -170 + (i / 100) * 3.4, i % 5));
        }
        m_pulses->appendEvents(flood);
        // A quarter of the ring at once (the burst), spread over the batch, not its first events.
        QCOMPARE(m_pulses->alivePulses(), 16);
        const Light light = findLight(grab(), {});
        QVERIFY(light.far > 100);
        m_pulses->clear();
        QCOMPARE(m_pulses->alivePulses(), 0);
    }

    void samplesWhatIsInView()
    {
        // Zoomed in on Paris, with a pulse budget (burst) of 16: a flood from Sydney does not take it.
        m_pulses->setVisible(true);
        m_pulses->setCapacity(64);
        m_camera->setCenter(48.85, 2.35);
        m_camera->zoomAround(QPointF(kWidth / 2.0, kHeight / 2.0), 3);
        std::vector<LiveEvent> events;
        for (int i = 0; i < 1000; ++i) {
            events.push_back(eventAt(-33.9, 151.2));
            if (i % 100 == 0) {
                events.push_back(eventAt(48.85 + i * 1e-4, 2.35));
            }
        }
        m_pulses->appendEvents(events);
        QCOMPARE(m_pulses->alivePulses(), 10);
        // Hidden types do not compete either.
        m_pulses->clear();
        m_pulses->setTypeVisible(0, false);
        m_pulses->appendEvents(events);
        QCOMPARE(m_pulses->alivePulses(), 0);
    }

    void qmlApi()
    {
        // What the app's QML uses: the elements, their properties and the invokables.
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData(R"(
            import QtQuick
            import Pulsemap.Map
            Item {
                property alias heat: heat
                property alias pulses: pulses
                MapCamera { id: cam; viewportSize: Qt.size(400, 300) }
                HeatLayer {
                    id: heat
                    camera: cam
                    halfLifeSeconds: 120
                    heatScale: 10
                    typeColors: ["#ff0000", "#00ff00"]
                    Component.onCompleted: setTypeVisible(1, false)
                }
                PulseLayer { id: pulses; camera: cam; fadeSeconds: 3; capacity: 128; visibleTypeMask: 5 }
                function probe() { return heat.intensityAt(Qt.point(10, 10)) + pulses.alivePulses(); }
            })",
                          QUrl());
        std::unique_ptr<QObject> root(component.create());
        QVERIFY2(root, qPrintable(component.errorString()));
        auto *heat = root->property("heat").value<HeatLayer *>();
        auto *pulses = root->property("pulses").value<PulseLayer *>();
        QVERIFY(heat && pulses);
        QCOMPARE(heat->halfLifeSeconds(), 120.0);
        QCOMPARE(heat->domainMax(), 10.0);
        QCOMPARE(heat->typeColors().size(), 2);
        QVERIFY(heat->isTypeVisible(0));
        QVERIFY(!heat->isTypeVisible(1));
        QCOMPARE(pulses->capacity(), 128);
        QCOMPARE(pulses->fadeSeconds(), 3.0);
        QVERIFY(pulses->isTypeVisible(2) && !pulses->isTypeVisible(1));
        QVERIFY(pulses->camera() != nullptr);
        QVariant result;
        QVERIFY(QMetaObject::invokeMethod(root.get(), "probe", Q_RETURN_ARG(QVariant, result)));
        QCOMPARE(result.toDouble(), 0.0);
    }

private:
    QImage grab()
    {
        // Past the heat's upload throttle, then a frame rendered with the current state.
        QTest::qWait(1000 / HeatLayer::kUploadHz + 20);
        QImage image = m_window->grabWindow().convertToFormat(QImage::Format_RGB32);
        if (!qEnvironmentVariableIsEmpty("PULSEMAP_TEST_SHOTS")) {
            static int n = 0;
            image.save(
                QStringLiteral("%1/event_layers_%2.png").arg(qEnvironmentVariable("PULSEMAP_TEST_SHOTS")).arg(n++));
        }
        return image;
    }

    std::unique_ptr<QQuickWindow> m_window;
    std::unique_ptr<MapCamera> m_camera;
    std::unique_ptr<HeatLayer> m_heat;
    std::unique_ptr<PulseLayer> m_pulses;
};

QTEST_MAIN(TestEventLayers)
#include "tst_event_layers.moc"
