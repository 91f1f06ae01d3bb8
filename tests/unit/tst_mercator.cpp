// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "map/map_camera.h"
#include "map/mercator.h"

#include <QtTest>

using namespace pulsemap;

class TstMercator : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip()
    {
        for (double lat = -85; lat <= 85; lat += 0.5) {
            for (double lon = -179.75; lon < 180; lon += 7.25) {
                const QPointF world = mercator::project(lat, lon);
                QVERIFY(world.x() >= 0 && world.x() < 1);
                QVERIFY(world.y() >= 0 && world.y() <= 1);
                QVERIFY(std::abs(mercator::latitudeFromY(world.y()) - lat) < 1e-9);
                QVERIFY(std::abs(mercator::longitudeFromX(world.x()) - lon) < 1e-9);
            }
        }
    }

    void knownPoints()
    {
        QCOMPARE(mercator::project(0, 0), QPointF(0.5, 0.5));
        QCOMPARE(mercator::xFromLongitude(-180), 0.0);
        QVERIFY(std::abs(mercator::yFromLatitude(mercator::kMaxLatitude)) < 1e-12);
        QVERIFY(std::abs(mercator::yFromLatitude(-mercator::kMaxLatitude) - 1) < 1e-12);
        // Paris, checked against the usual slippy-map tile formula: zoom 10 tile (519, 352).
        const QPointF paris = mercator::project(48.8566, 2.3522);
        QCOMPARE(int(paris.x() * 1024), 518);
        QCOMPARE(int(paris.y() * 1024), 352);
    }

    void dateLine()
    {
        // Both sides of the antimeridian are neighbours in world x once wrapped.
        const double east = mercator::xFromLongitude(179.9);
        const double west = mercator::xFromLongitude(-179.9);
        QVERIFY(std::abs((west + 1.0) - east) < 0.001);
        QVERIFY(std::abs(mercator::longitudeFromX(1.25) - mercator::longitudeFromX(0.25)) < 1e-9);
        QVERIFY(std::abs(mercator::longitudeFromX(-0.25) - 90) < 1e-9);
    }

    void polesClamp()
    {
        QCOMPARE(mercator::yFromLatitude(90), mercator::yFromLatitude(mercator::kMaxLatitude));
        QCOMPARE(mercator::yFromLatitude(-90), mercator::yFromLatitude(-mercator::kMaxLatitude));
        QVERIFY(std::isfinite(mercator::yFromLatitude(90)));
        QVERIFY(std::abs(mercator::latitudeFromY(-3) - mercator::kMaxLatitude) < 1e-9);
        QVERIFY(std::abs(mercator::latitudeFromY(7) + mercator::kMaxLatitude) < 1e-9);
    }

    void cameraFitsPansAndZoomsAboutThePointer()
    {
        MapCamera camera;
        camera.setViewportSize({1920, 1080});
        // Fit: the inhabited world fills the width; the view stays inside the poles.
        QVERIFY(std::abs(camera.scale() - 1920) < 1);
        const QPointF capeHorn = camera.coordinateToPixel(-56, -67);
        const QPointF northCape = camera.coordinateToPixel(71, 25);
        QVERIFY(capeHorn.y() > 0 && capeHorn.y() < 1080);
        QVERIFY(northCape.y() > 0 && northCape.y() < 1080);

        // Zoom about a pixel keeps the world point under it.
        const QPointF pointer(1300, 400);
        const QPointF before = camera.pixelToCoordinate(pointer);
        camera.zoomAround(pointer, 2.5);
        const QPointF after = camera.pixelToCoordinate(pointer);
        QVERIFY(std::abs(before.x() - after.x()) < 1e-6 && std::abs(before.y() - after.y()) < 1e-6);
        QVERIFY(std::abs(camera.zoom() - (std::log2(1920.0 / 256) + 2.5)) < 1e-9);

        // Pan moves what was under the pointer along with it.
        const QPointF place = camera.pixelToWorld({500, 500});
        camera.panBy(30, -20);
        const QPointF moved = camera.worldToPixel(place);
        QVERIFY(std::abs(moved.x() - 530) < 1e-6 && std::abs(moved.y() - 480) < 1e-6);

        // Fit again, and zoom limits.
        camera.fitWorld();
        QVERIFY(std::abs(camera.scale() - 1920) < 1);
        camera.zoomAround({960, 540}, -20);
        QCOMPARE(camera.zoom(), camera.minimumZoom());
        QVERIFY(camera.showsWholeWorld());
        camera.zoomAround({960, 540}, 100);
        QCOMPARE(camera.zoom(), camera.maximumZoom());
    }

    void cameraWrapsLongitudeAndClampsLatitude()
    {
        MapCamera camera;
        camera.setViewportSize({800, 600});
        camera.setZoom(3);
        camera.setCenter(0, 179);
        camera.panBy(-camera.scale() * 0.1, 0); // 36 degrees east, across the date line
        QVERIFY(std::abs(camera.centerLongitude() - (-145)) < 1e-6);
        QVERIFY(camera.center().x() >= 0 && camera.center().x() < 1);
        const auto [first, last] = camera.visibleCopies();
        QVERIFY(first <= 0 && last >= 0);
        // A point just west of the date line draws on the copy nearest the view.
        const QPointF fiji = camera.coordinateToPixel(-17.7, 178.1);
        QVERIFY(fiji.x() > 0 && fiji.x() < 800);
        // Dragging far north stops at the pole: the top edge stays at or below y = 0.
        camera.panBy(0, 1e7);
        QVERIFY(camera.pixelToWorld({400, 0}).y() >= -1e-9);
        camera.panBy(0, -1e7);
        QVERIFY(camera.pixelToWorld({400, 600}).y() <= 1 + 1e-9);
    }

    void resizeRefitsOnlyWhenFitted()
    {
        MapCamera camera;
        camera.setViewportSize({1000, 600});
        camera.setViewportSize({2000, 1200});
        QVERIFY(std::abs(camera.scale() - 2000) < 1); // still fitted
        camera.zoomAround({1000, 600}, 1);
        const double zoom = camera.zoom();
        camera.setViewportSize({2200, 1200});
        QCOMPARE(camera.zoom(), zoom); // the user's view is kept
    }

    void flights()
    {
        MapCamera camera;
        camera.setViewportSize({1000, 600});
        camera.flyTo(35.68, 139.69, 5, 50);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(camera.zoom() - 5) < 1e-9, 2000);
        QVERIFY(std::abs(camera.centerLongitude() - 139.69) < 1e-6);
        camera.flyToWorld(50);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(camera.scale() - 1000) < 1, 2000);
        // A drag during a flight wins.
        camera.flyTo(-33.87, 151.21, 6, 5000);
        QTest::qWait(50);
        camera.panBy(10, 0);
        const double zoom = camera.zoom();
        QTest::qWait(100);
        QCOMPARE(camera.zoom(), zoom);
    }
};

QTEST_GUILESS_MAIN(TstMercator)
#include "tst_mercator.moc"
