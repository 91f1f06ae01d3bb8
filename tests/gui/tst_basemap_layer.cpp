// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// BasemapLayer in a real window (Xvfb, OpenGL on llvmpipe: the software fallbacks do not draw custom
// materials): land where land is, sea where sea is, after fitting, panning, zooming and across the date line,
// and no frames while the camera is still.
#include "map/basemap_data.h"
#include "map/basemap_layer.h"
#include "map/map_camera.h"

#include <QQuickView>
#include <QtTest>

#include <cmath>

using namespace pulsemap;

namespace {

const QColor kBackground(0x0b, 0x12, 0x20);
constexpr int kTolerance = 8; // per channel: antialiasing and rounding, far below land/sea contrast

struct Place
{
    const char *name;
    double latitude;
    double longitude;
};

// Deep inside land and well away from any coast or border at the zooms used here.
const Place kLand[] = {
    {"Libyan Sahara", 27, 17},
    {"central Australia", -25, 134},
    {"Siberia", 62, 100},
    {"Amazonia", -8, -58},
};

const Place kSea[] = {
    {"Pacific", 0, -140},
    {"South Atlantic", -30, -15},
    {"Indian Ocean", -30, 80},
};

bool near(QRgb pixel, const QColor &color)
{
    return std::abs(qRed(pixel) - color.red()) <= kTolerance && std::abs(qGreen(pixel) - color.green()) <= kTolerance &&
           std::abs(qBlue(pixel) - color.blue()) <= kTolerance;
}

QString describe(QRgb pixel)
{
    return QStringLiteral("rgb(%1, %2, %3)").arg(qRed(pixel)).arg(qGreen(pixel)).arg(qBlue(pixel));
}

} // namespace

class TstBasemapLayer : public QObject
{
    Q_OBJECT

private:
    QQuickView *m_view = nullptr;
    MapCamera *m_camera = nullptr;
    BasemapLayer *m_layer = nullptr;
    int m_frames = 0;

    // Waits for the level the camera asks for, then renders a frame and returns it.
    QImage render()
    {
        const double dpr = m_view->effectiveDevicePixelRatio();
        const int wanted = m_layer->detail() >= 0
                               ? m_layer->detail()
                               : BasemapData::levelForZoom(m_camera->zoom() + std::log2(dpr), m_layer->activeDetail());
        [&] { QTRY_COMPARE_WITH_TIMEOUT(m_layer->activeDetail(), wanted, 15000); }();
        return m_view->grabWindow();
    }

    // Checks the pixel at each place in view; returns how many were in view.
    int checkPlaces(const QImage &image, const Place *places, size_t count, const QColor &expected)
    {
        int checked = 0;
        for (size_t i = 0; i < count; ++i) {
            const QPointF p = m_camera->coordinateToPixel(places[i].latitude, places[i].longitude);
            if (p.x() < 4 || p.y() < 4 || p.x() > image.width() - 5 || p.y() > image.height() - 5) {
                continue;
            }
            const QRgb pixel = image.pixel(int(p.x()), int(p.y()));
            if (!near(pixel, expected)) {
                QTest::qFail(qPrintable(QStringLiteral("%1 at (%2, %3) is %4, expected %5")
                                            .arg(QLatin1String(places[i].name))
                                            .arg(p.x())
                                            .arg(p.y())
                                            .arg(describe(pixel), expected.name())),
                             __FILE__, __LINE__);
                return -1;
            }
            ++checked;
        }
        return checked;
    }

private slots:
    void initTestCase()
    {
        m_view = new QQuickView;
        m_view->setColor(kBackground); // the item draws no water: the window's clear color is the sea
        m_view->resize(1280, 720);
        m_camera = new MapCamera(m_view);
        m_camera->setViewportSize(QSizeF(1280, 720));
        m_layer = new BasemapLayer(m_view->contentItem());
        m_layer->setSize(QSizeF(1280, 720));
        m_layer->setCamera(m_camera);
        connect(m_view, &QQuickWindow::frameSwapped, this, [this] { ++m_frames; });
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
        QVERIFY2(m_view->rendererInterface()->graphicsApi() == QSGRendererInterface::OpenGL,
                 "needs OpenGL (run under xvfb-run with QT_QPA_PLATFORM=xcb): software rendering draws nothing");
    }

    void cleanupTestCase() { delete m_view; }

    void init()
    {
        m_layer->setDetail(-1);
        m_layer->setLandColor(QColor(0x24, 0x31, 0x42));
        m_camera->fitWorld();
    }

    void defaultsAreTheDarkTheme()
    {
        QVERIFY(m_layer->landColor().lightness() < 80);
        QVERIFY(m_layer->landColor().lightness() > kBackground.lightness());
        QVERIFY(m_layer->coastColor().lightness() > m_layer->borderColor().lightness());
        QVERIFY(m_layer->borderWidth() < m_layer->lineWidth());
    }

    void worldFitShowsLandAndSea()
    {
        const QImage image = render();
        QCOMPARE(image.size(), QSize(1280, 720));
        QCOMPARE(checkPlaces(image, kLand, std::size(kLand), m_layer->landColor()), int(std::size(kLand)));
        QCOMPARE(checkPlaces(image, kSea, std::size(kSea), kBackground), int(std::size(kSea)));

        // Coastlines are drawn: somewhere between a sea pixel and a land pixel there is a brighter one.
        const QPointF sea = m_camera->coordinateToPixel(-30, -15);
        const QPointF land = m_camera->coordinateToPixel(-12, 20); // Angola, due east of it
        int brightest = 0;
        for (int x = int(sea.x()); x < int(land.x()); ++x) {
            brightest = std::max(brightest, qGreen(image.pixel(x, int((sea.y() + land.y()) / 2))));
        }
        QVERIFY2(brightest > m_layer->landColor().green() + 40, qPrintable(QString::number(brightest)));
    }

    void followsPanAndZoom()
    {
        m_camera->panBy(260, -90);
        QImage image = render();
        QVERIFY(checkPlaces(image, kLand, std::size(kLand), m_layer->landColor()) >= 2);
        QVERIFY(checkPlaces(image, kSea, std::size(kSea), kBackground) >= 1);

        // Zoomed in far enough for a finer level, around Australia (the point under the cursor stays put).
        m_camera->fitWorld();
        m_camera->setCenter(-26, 140);
        const QPointF before = m_camera->coordinateToPixel(-25, 134);
        m_camera->zoomAround(before, 2.2);
        QVERIFY((m_camera->coordinateToPixel(-25, 134) - before).manhattanLength() < 0.5);
        image = render();
        QVERIFY(m_layer->activeDetail() > BasemapData::levelForZoom(2.0));
        QCOMPARE(checkPlaces(image, kLand + 1, 1, m_layer->landColor()), 1);
        const Place around[] = {{"Great Australian Bight", -36, 131}, {"Coral Sea", -18, 155}};
        QCOMPARE(checkPlaces(image, around, std::size(around), kBackground), 2);
    }

    void crossesTheDateLine()
    {
        // Centered on the antimeridian: both halves of the world meet without a seam or a stray triangle.
        m_camera->setZoom(3.2);
        m_camera->setCenter(60, 180);
        const QImage image = render();
        const Place land[] = {{"Chukotka, east of 180", 66.5, -174}, {"Kamchatka", 56, 159}, {"Alaska", 64, -155}};
        const Place sea[] = {{"Bering Sea", 57, -178}, {"North Pacific", 47, -178}, {"Sea of Okhotsk", 55, 150}};
        QCOMPARE(checkPlaces(image, land, std::size(land), m_layer->landColor()), int(std::size(land)));
        QCOMPARE(checkPlaces(image, sea, std::size(sea), kBackground), int(std::size(sea)));
    }

    void everyLevelDraws()
    {
        for (int level = 0; level < BasemapData::levelCount(); ++level) {
            m_layer->setDetail(level);
            const QImage image = render();
            QCOMPARE(m_layer->activeDetail(), level);
            QCOMPARE(checkPlaces(image, kLand, std::size(kLand), m_layer->landColor()), int(std::size(kLand)));
            QCOMPARE(checkPlaces(image, kSea, std::size(kSea), kBackground), int(std::size(kSea)));
        }
    }

    void styleChangesShow()
    {
        render();
        m_layer->setLandColor(QColor(0x40, 0x20, 0x10));
        const QImage image = render();
        QCOMPARE(checkPlaces(image, kLand, std::size(kLand), QColor(0x40, 0x20, 0x10)), int(std::size(kLand)));
    }

    void stillCameraRendersNothing()
    {
        render();
        QTest::qWait(100); // let any pending frame finish
        m_frames = 0;
        QTest::qWait(400);
        QCOMPARE(m_frames, 0);
        m_camera->panBy(5, 0);
        QTRY_VERIFY(m_frames > 0);
    }
};

QTEST_MAIN(TstBasemapLayer)
#include "tst_basemap_layer.moc"
