// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The desktop app as a user runs it: a real window under Xvfb, a campaign replayed, a screenshot taken
// with --screenshot, and the light found where the events are; the trend charts' panel beside the map (shown,
// hidden with --hide-charts or by a remembered choice) and the wall's strip.
#include "core/campaign_store.h"
#include "map/map_camera.h"

#include <QDir>

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <functional>
#include <tuple>
#include <utility>

using namespace pulsemap;

namespace {

QString appPath()
{
    return qEnvironmentVariable("PULSEMAP_APP");
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the app with its settings (QSettings: the charts panel's state) in configHome when given.
Run runApp(const QStringList &arguments, int timeoutMs = 60000, const QString &configHome = {})
{
    QProcess process;
    if (!configHome.isEmpty()) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("XDG_CONFIG_HOME", configHome);
        process.setProcessEnvironment(environment);
    }
    process.start(appPath(), arguments);
    process.waitForFinished(timeoutMs);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

double luminance(QRgb pixel)
{
    return 0.2126 * qRed(pixel) + 0.7152 * qGreen(pixel) + 0.0722 * qBlue(pixel);
}

// Mean luminance within a square of radius around center: how much glows there, not just how bright its core.
double meanNear(const QImage &image, QPointF center, int radius)
{
    double sum = 0;
    int count = 0;
    for (int y = int(center.y()) - radius; y <= int(center.y()) + radius; ++y) {
        for (int x = int(center.x()) - radius; x <= int(center.x()) + radius; ++x) {
            if (x >= 0 && y >= 0 && x < image.width() && y < image.height()) {
                sum += luminance(image.pixel(x, y));
                ++count;
            }
        }
    }
    return count > 0 ? sum / count : 0;
}

// Brightest pixel within radius of center.
double brightestNear(const QImage &image, QPointF center, int radius)
{
    double best = 0;
    for (int y = int(center.y()) - radius; y <= int(center.y()) + radius; ++y) {
        for (int x = int(center.x()) - radius; x <= int(center.x()) + radius; ++x) {
            if (x >= 0 && y >= 0 && x < image.width() && y < image.height()) {
                best = std::max(best, luminance(image.pixel(x, y)));
            }
        }
    }
    return best;
}

// Pixels within a distance (sum over the channels) of a color inside a rectangle.
int pixelsOf(const QImage &image, QColor color, QRect area, int tolerance = 12)
{
    int n = 0;
    area = area.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            n += std::abs(qRed(p) - color.red()) + std::abs(qGreen(p) - color.green()) +
                             std::abs(qBlue(p) - color.blue()) <
                         tolerance
                     ? 1
                     : 0;
        }
    }
    return n;
}

// Writes count "open" events stepMs apart from startMs into a new campaign; place(i) is event i's (lat, lon).
bool writeOpens(const std::string &path, int count, int64_t startMs, int64_t stepMs,
                const std::function<std::pair<double, double>(int)> &place)
{
    auto store = CampaignStore::openOrCreate(path);
    if (!store) {
        return false;
    }
    EventBatch batch;
    for (int i = 0; i < count; ++i) {
        Event &event = batch.append();
        event.tsMs = startMs + int64_t(i) * stepMs;
        std::tie(event.lat, event.lon) = place(i);
        event.type = batch.store("open");
    }
    return bool((*store)->append(batch));
}

// The simulator's types as the legend, the map and the charts color them (TypeListModel's named colors).
const QColor kOpenColor(0x38d9ff);
const QColor kClickColor(0xff9f1c);

} // namespace

class TstApp : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void helpVersionAndBadArguments()
    {
        Run run = runApp({"--version"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.startsWith("pulsemap "));
        run = runApp({"--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("--screenshot") && run.out.contains("--wall") && run.out.contains("--source"));
        QVERIFY(run.out.contains("--hide-charts"));
        QCOMPARE(runApp({"--size", "huge"}).exitCode, 2);
        QCOMPARE(runApp({"--no-such-option"}).exitCode, 2);
        QCOMPARE(runApp({"a.pulsemap", "--source", "x.log"}).exitCode, 2);
        QCOMPARE(runApp({"--demo", "tv"}).exitCode, 2);
        QCOMPARE(runApp({"--tz", "Mars/Olympus_Mons"}).exitCode, 2);
    }

    void replayedEventsLightUpTheirPlace()
    {
        // 300 events in Paris over two seconds of campaign time.
        const std::string campaign = m_dir.filePath("paris.pulsemap").toStdString();
        QVERIFY(writeOpens(campaign, 300, 1'700'000'000'000, 7, [](int) { return std::pair{48.8566, 2.3522}; }));
        const QString shot = m_dir.filePath("paris.png");
        // The map alone fills the window (the charts would take its right side).
        const Run run = runApp({QString::fromStdString(campaign), "--replay-seconds", "1", "--screenshot", shot,
                                "--after", "2.5", "--size", "1280x720", "--hide-charts"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QImage image(shot);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 720));

        MapCamera camera;
        camera.setViewportSize({1280, 720});
        const QPointF paris = camera.coordinateToPixel(48.8566, 2.3522);
        const double atParis = brightestNear(image, paris, 12);
        const double midPacific = brightestNear(image, camera.coordinateToPixel(-10, -140), 12);
        const double sahara = luminance(image.pixel(camera.coordinateToPixel(23, 12).toPoint()));
        const double ocean = luminance(image.pixel(camera.coordinateToPixel(-30, -20).toPoint()));
        QVERIFY2(atParis > 150, qPrintable(QString("light at Paris: %1").arg(atParis)));
        QVERIFY2(midPacific < 60, qPrintable(QString("Pacific: %1").arg(midPacific)));
        // The basemap is there: land is lighter than the sea, and neither is black.
        QVERIFY2(sahara > ocean + 3, qPrintable(QString("land %1, sea %2").arg(sahara).arg(ocean)));
    }

    // The heat after a seek is the heat after playing to the same moment: Europe glows during the first hour
    // of the campaign, America during the second; seen at 40 % only Europe glows, at the end America glows
    // and Europe's remainder is faint, the same whether the replay played there or jumped there.
    void seekShowsTheHeatOfTheMoment()
    {
        const std::string campaign = m_dir.filePath("two-hours.pulsemap").toStdString();
        // Two hours: Frankfurt, then Chicago.
        QVERIFY(writeOpens(campaign, 4000, 1'700'000'000'000, 1800, [](int i) {
            return i < 2000 ? std::pair{50.11, 8.68} : std::pair{41.88, -87.63};
        }));
        MapCamera camera;
        camera.setViewportSize({1280, 720});
        const QPointF europe = camera.coordinateToPixel(50.11, 8.68);
        const QPointF america = camera.coordinateToPixel(41.88, -87.63);
        const QPointF quietLand = camera.coordinateToPixel(48.0, 68.0); // Kazakhstan: the basemap alone
        struct Picture
        {
            double europe;
            double america;
        };
        auto shoot = [&](const QString &name, const QStringList &extra) -> Picture {
            const QString shot = m_dir.filePath(name);
            // 2 h in 6 s (1200x) with a 1 s half-life on the wall: 20 min of campaign time.
            const Run run = runApp(QStringList{QString::fromStdString(campaign), "--replay-seconds", "6", "--half-life",
                                               "1", "--screenshot", shot, "--size", "1280x720", "--hide-charts"} +
                                   extra);
            const QImage image(shot);
            if (run.exitCode != 0 || image.isNull()) {
                qWarning("%s", run.err.constData());
                return {-1, -1};
            }
            const double background = meanNear(image, quietLand, 30);
            return {meanNear(image, europe, 30) - background, meanNear(image, america, 30) - background};
        };
        const Picture at40 = shoot("at40.png", {"--at", "40%", "--paused", "--after", "4"});
        QVERIFY2(at40.europe > 30 && at40.america < at40.europe / 5,
                 qPrintable(QString("at 40 %: Europe %1, America %2").arg(at40.europe).arg(at40.america)));
        const Picture seekEnd = shoot("at100.png", {"--at", "100%", "--paused", "--after", "4"});
        const Picture playedEnd = shoot("played.png", {"--after", "10"});
        for (const Picture &end : {seekEnd, playedEnd}) {
            QVERIFY2(end.america > 30 && end.europe < 0.7 * end.america && end.europe < 0.6 * at40.europe,
                     qPrintable(QString("at the end: Europe %1, America %2").arg(end.europe).arg(end.america)));
        }
        // The pictures are not compared pixel for pixel: the color scale adapts over time while playing, not
        // after a jump. That the rebuilt heat equals the played one is tst_rollup_query's (every cell).
    }

    // A/B compare side by side: A (Frankfurt) on the left half, B (Chicago, a day later) on the right, B kept at
    // A's moment: aligned by start, A's end is B's end (all of Chicago glows); aligned by clock, A's end is
    // before B began (B shows next to nothing).
    void compareShowsBothCampaignsSideBySide()
    {
        const QString a = m_dir.filePath("ab-a.pulsemap");
        const QString b = m_dir.filePath("ab-b.pulsemap");
        // One hour each, B a day later.
        QVERIFY(writeOpens(a.toStdString(), 2000, 1'700'000'000'000, 1800, [](int) { return std::pair{50.11, 8.68}; }));
        QVERIFY(writeOpens(b.toStdString(), 2000, 1'700'000'000'000 + 86'400'000, 1800, [](int) {
            return std::pair{41.88, -87.63};
        }));
        MapCamera half;
        half.setViewportSize({640, 720});
        const QPointF europe = half.coordinateToPixel(50.11, 8.68);
        const QPointF america = half.coordinateToPixel(41.88, -87.63);
        const QPointF quiet = half.coordinateToPixel(48.0, 68.0);
        const QPointF right(640, 0);
        auto shoot = [&](const QString &name, const QString &align) -> std::array<double, 4> {
            const QString shot = m_dir.filePath(name);
            const Run run = runApp({a, "--compare", b, "--align", align, "--at", "100%", "--paused", "--after", "4",
                                    "--size", "1280x720", "--hide-charts", "--screenshot", shot});
            const QImage image(shot);
            if (run.exitCode != 0 || image.isNull()) {
                qWarning("%s", run.err.constData());
                return {-1, -1, -1, -1};
            }
            const double backA = meanNear(image, quiet, 20);
            const double backB = meanNear(image, quiet + right, 20);
            return {meanNear(image, europe, 20) - backA, meanNear(image, america, 20) - backA,
                    meanNear(image, europe + right, 20) - backB, meanNear(image, america + right, 20) - backB};
        };
        const auto [aEurope, aAmerica, bEurope, bAmerica] = shoot("ab-start.png", "start");
        QVERIFY2(aEurope > 30 && aAmerica < aEurope / 5 && bAmerica > 30 && bEurope < bAmerica / 5,
                 qPrintable(QString("by start: A Europe %1 America %2, B Europe %3 America %4")
                                .arg(aEurope)
                                .arg(aAmerica)
                                .arg(bEurope)
                                .arg(bAmerica)));
        const auto clock = shoot("ab-clock.png", "clock");
        QVERIFY2(clock[0] > 30 && clock[3] < bAmerica / 5,
                 qPrintable(QString("by clock: A Europe %1, B America %2").arg(clock[0]).arg(clock[3])));
        // Refused plainly: a live source has nothing to compare with, a file that is not a campaign.
        QCOMPARE(runApp({"--source", "simulate", "--compare", b}).exitCode, 2);
        QCOMPARE(runApp({a, "--compare", m_dir.filePath("nothing-here.pulsemap")}).exitCode, 2);
        QCOMPARE(runApp({a, "--compare", b, "--align", "sideways"}).exitCode, 2);
    }

    void simulatedSourceAndWallModeRender()
    {
        const QString shot = m_dir.filePath("wall.png");
        const Run run = runApp({"--source", "simulate:3000", "--wall", "--screenshot", shot, "--after", "3"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QImage image(shot);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1920, 1080)); // fullscreen on the Xvfb screen
        // Something bright somewhere (pulses over the big cities).
        double brightest = 0;
        for (int y = 0; y < image.height(); y += 3) {
            for (int x = 0; x < image.width(); x += 3) {
                brightest = std::max(brightest, luminance(image.pixel(x, y)));
            }
        }
        QVERIFY(brightest > 180);
    }

    void chartsPanelShowsBesideTheMapAndHides()
    {
        // Shown by default: the three charts draw stacked areas in the types' colors on the right.
        const QString config = m_dir.filePath("config");
        const QRect panel(1600 - 440, 0, 440, 900);
        const QStringList common{"--source", "simulate:3000", "--size", "1600x900", "--after", "4"};
        const QString shownShot = m_dir.filePath("charts-shown.png");
        Run run = runApp(common + QStringList{"--screenshot", shownShot}, 60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QImage shown(shownShot);
        QCOMPARE(shown.size(), QSize(1600, 900));
        const int shownOpen = pixelsOf(shown, kOpenColor, panel);
        const int shownClick = pixelsOf(shown, kClickColor, panel);
        QVERIFY2(shownOpen > 5000 && shownClick > 500,
                 qPrintable(QString("open %1, click %2 pixels in the panel").arg(shownOpen).arg(shownClick)));

        // --hide-charts: the map takes the whole window, no chart there.
        const QString hiddenShot = m_dir.filePath("charts-hidden.png");
        run = runApp(common + QStringList{"--screenshot", hiddenShot, "--hide-charts"}, 60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const int hiddenOpen = pixelsOf(QImage(hiddenShot), kOpenColor, panel);
        QVERIFY2(hiddenOpen < shownOpen / 10, qPrintable(QString("open %1 pixels with --hide-charts").arg(hiddenOpen)));
        // --hide-charts is for one run: nothing was remembered.
        QVERIFY(!QFile::exists(config + "/pulsemap/pulsemap.conf"));

        // A panel the user collapsed stays collapsed at the next start.
        QVERIFY(QDir().mkpath(config + "/pulsemap"));
        QFile settings(config + "/pulsemap/pulsemap.conf");
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("[charts]\nshown=false\n");
        settings.close();
        const QString rememberedShot = m_dir.filePath("charts-remembered.png");
        run = runApp(common + QStringList{"--screenshot", rememberedShot}, 60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const int rememberedOpen = pixelsOf(QImage(rememberedShot), kOpenColor, panel);
        QVERIFY2(rememberedOpen < shownOpen / 10,
                 qPrintable(QString("open %1 pixels when remembered hidden").arg(rememberedOpen)));
    }

    void breakdownsPageDrawsPieTablesAndScatter()
    {
        // The panel's remembered page is the breakdowns: the pie in the types' colors at the top, the campaigns'
        // and pages' bars in their colors below, and the scatter's dot (the current minute) at the bottom.
        const QString config = m_dir.filePath("config-breakdowns");
        QVERIFY(QDir().mkpath(config + "/pulsemap"));
        QFile settings(config + "/pulsemap/pulsemap.conf");
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("[charts]\npage=1\n");
        settings.close();
        const QString shot = m_dir.filePath("breakdowns.png");
        const Run run = runApp(
            {"--source", "simulate:3000", "--size", "1600x900", "--after", "4", "--screenshot", shot}, 60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QImage image(shot);
        const QRect pie(1600 - 440, 40, 440, 200);
        const int open = pixelsOf(image, kOpenColor, pie);
        const int click = pixelsOf(image, kClickColor, pie);
        QVERIFY2(open > 6000 && click > 1500 && open > 2 * click,
                 qPrintable(QString("pie: open %1, click %2 pixels").arg(open).arg(click)));
        const int campaigns = pixelsOf(image, QColor(0xb4, 0x8c, 0xff), QRect(1600 - 440, 240, 440, 140));
        const int pages = pixelsOf(image, QColor(0x5f, 0xd0, 0x8a), QRect(1600 - 440, 360, 440, 160));
        QVERIFY2(campaigns > 800 && pages > 800, qPrintable(QString("bars: %1, %2").arg(campaigns).arg(pages)));
        const int dots = pixelsOf(image, kOpenColor, QRect(1600 - 400, 526, 400, 340));
        QVERIFY2(dots > 15 && dots < 2000, qPrintable(QString("scatter pixels: %1").arg(dots)));
        // The trends page's charts are not drawn under it.
        QVERIFY(pixelsOf(image, kClickColor, QRect(1600 - 440, 240, 440, 660)) < 200);
        // The page stays remembered for the next run (the file still names it).
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(settings.readAll().contains("page=1"));
    }

    // --calendar opens the calendar view over a campaign (the replay's file, read on the view's own thread): its
    // bars are drawn in the accent color in the middle of the window, where the map has none of it.
    void calendarViewOpensOverACampaign()
    {
        const QString campaign = m_dir.filePath("calendar.pulsemap");
        // 40 days of opens, one an hour, in the Atlantic (off the card's area on the map).
        QVERIFY(writeOpens(campaign.toStdString(), 40 * 24, 1711321200000, 3600000,
                           [](int) { return std::pair(-40.0, -30.0); }));
        const QRect chart(300, 300, 1000, 400);
        const QStringList common{campaign, "--paused", "--tz", "Europe/Paris", "--size", "1600x900", "--after", "4"};
        const QString shot = m_dir.filePath("calendar.png");
        Run run = runApp(common + QStringList{"--calendar", "day:week", "--screenshot", shot});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const int bars = pixelsOf(QImage(shot), kOpenColor, chart, 30);
        const QString without = m_dir.filePath("no-calendar.png");
        run = runApp(common + QStringList{"--screenshot", without});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const int none = pixelsOf(QImage(without), kOpenColor, chart, 30);
        QVERIFY2(bars > 40000 && none < bars / 20,
                 qPrintable(QString("accent pixels %1, without the view %2").arg(bars).arg(none)));
        QCOMPARE(runApp({"--calendar", "fortnight"}).exitCode, 2);
    }

    void wallModeShowsTheTrendStrip()
    {
        // The wall has no panel but a strip at the top right: its sparkline is drawn in the accent color.
        const QString config = m_dir.filePath("config-wall");
        const QString shot = m_dir.filePath("wall-strip.png");
        const Run run =
            runApp({"--source", "simulate:3000", "--wall", "--screenshot", shot, "--after", "4"}, 60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QImage image(shot);
        QCOMPARE(image.size(), QSize(1920, 1080));
        const int strip = pixelsOf(image, kOpenColor, QRect(1920 - 700, 0, 700, 360));
        const int panelArea = pixelsOf(image, kOpenColor, QRect(1920 - 440, 400, 440, 680));
        QVERIFY2(strip > 800, qPrintable(QString("sparkline pixels: %1").arg(strip)));
        QVERIFY2(panelArea < 3000, qPrintable(QString("open pixels where the panel would be: %1").arg(panelArea)));
    }

    // The first run plays the bundled email demo with a card that says how to show one's own events; once
    // dismissed (remembered) it is gone. A live source with nothing to show gets the same ways in.
    void firstRunGreetsOverTheDemoAndEmptySourcesSayWhy()
    {
        const QColor text(0xe6edf7); // Theme.text: the card's title and headings (the card is slightly translucent)
        const QRect card(480, 400, 640, 340); // above the timeline, clear of its buttons
        const QString config = m_dir.filePath("config-first-run");
        // At the campaign's first moment, paused: nothing on the map yet that could pass for text.
        const QStringList demo{"--at", "0%", "--paused", "--hide-charts", "--size", "1600x900", "--after", "3"};
        const QString first = m_dir.filePath("first-run.png");
        Run run = runApp(demo + QStringList{"--screenshot", first}, 60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const int greeted = pixelsOf(QImage(first), text, card, 60);
        QVERIFY2(greeted > 400, qPrintable(QString("card text pixels on the first run: %1").arg(greeted)));

        QVERIFY(QDir().mkpath(config + "/pulsemap"));
        QFile settings(config + "/pulsemap/pulsemap.conf");
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("[welcome]\ndismissed=true\n");
        settings.close();
        const QString later = m_dir.filePath("later-run.png");
        run = runApp(demo + QStringList{"--screenshot", later}, 60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const int dismissed = pixelsOf(QImage(later), text, card, 60);
        QVERIFY2(dismissed < greeted / 10, qPrintable(QString("card text pixels once dismissed: %1").arg(dismissed)));

        // An empty log followed: after a few quiet seconds the same card, "No events yet".
        const QString log = m_dir.filePath("empty.log");
        QFile empty(log);
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const QString quiet = m_dir.filePath("empty-source.png");
        run = runApp({"--source", log, "--hide-charts", "--size", "1600x900", "--after", "5", "--screenshot", quiet},
                     60000, config);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const int waiting = pixelsOf(QImage(quiet), text, card, 60);
        QVERIFY2(waiting > 400, qPrintable(QString("card text pixels over an empty source: %1").arg(waiting)));
    }

    void badCampaignIsAClearError()
    {
        const QString bad = m_dir.filePath("bad.pulsemap");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a campaign");
        file.close();
        const Run run = runApp({bad, "--screenshot", m_dir.filePath("bad.png"), "--after", "1"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("not a campaign file") || run.err.contains("not an SQLite database"));
    }

    void campaignWithCorruptPagesIsAClearError()
    {
        // A right header over damaged pages passes the quick header check in start(); the replay thread
        // finds the damage a moment later, and the app must still end with 2 and say why.
        const QString path = m_dir.filePath("damaged.pulsemap");
        {
            auto store = CampaignStore::openOrCreate(path.toStdString());
            QVERIFY2(store, store.message().c_str());
            EventBatch batch;
            for (int i = 0; i < 20000; ++i) {
                Event &event = batch.append();
                event.tsMs = 1'700'000'000'000 + i;
                event.city = batch.store(i % 2 == 0 ? "Paris" : "Lyon");
            }
            QVERIFY((*store)->append(batch));
            QVERIFY((*store)->close());
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 size = file.size();
        QVERIFY(size > 64 * 1024);
        QVERIFY(file.seek(4096)); // every page after the first (schema and header stay intact)
        QVERIFY(file.write(QByteArray(static_cast<int>(size - 4096), '\x5a')) == size - 4096);
        file.close();
        const Run run = runApp({path, "--screenshot", m_dir.filePath("damaged.png"), "--after", "5"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("pulsemap:"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TstApp)
#include "tst_app.moc"
