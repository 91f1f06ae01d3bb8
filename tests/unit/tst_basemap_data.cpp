// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// BasemapData: the decoder of the basemap-*.bin resources (good files, every kind of bad file), the line
// strip builder, and the committed resources themselves.
#include "map/basemap_data.h"
#include "map/mercator.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtEndian>
#include <QtTest>

#include <cmath>

using namespace pulsemap;

namespace {

constexpr quint32 kGrid = 1u << 24;

struct Point
{
    qint64 x;
    qint64 y;
};

struct TileSpec
{
    std::vector<Point> landVertices;
    std::vector<qint64> landIndices;
    std::vector<std::vector<Point>> coast;
    std::vector<std::vector<Point>> borders;
};

// Writes a file the way tools/basemap/make_basemap.mjs does; `tamper` may change the 13 header fields.
struct FileSpec
{
    quint32 version = 1;
    quint32 grid = kGrid;
    std::vector<TileSpec> tiles; // tileGrid² of them
    quint32 tileGrid = 1;
};

void putU32(QByteArray &out, quint32 v)
{
    char bytes[4];
    qToLittleEndian(v, bytes);
    out.append(bytes, 4);
}

void putPoints(QByteArray &out, const std::vector<Point> &points, Point &previous)
{
    for (const Point &p : points) {
        putU32(out, quint32(qint32(p.x - previous.x)));
        putU32(out, quint32(qint32(p.y - previous.y)));
        previous = p;
    }
}

QByteArray encodeRaw(const FileSpec &spec, std::array<quint32, 6> &totals)
{
    QByteArray raw;
    totals = {};
    for (const TileSpec &t : spec.tiles) {
        quint32 coastPoints = 0;
        quint32 borderPoints = 0;
        for (const auto &l : t.coast) {
            coastPoints += quint32(l.size());
        }
        for (const auto &l : t.borders) {
            borderPoints += quint32(l.size());
        }
        const std::array<quint32, 6> counts = {quint32(t.landVertices.size()), quint32(t.landIndices.size()),
                                               quint32(t.coast.size()),        coastPoints,
                                               quint32(t.borders.size()),      borderPoints};
        for (size_t i = 0; i < 6; ++i) {
            putU32(raw, counts[i]);
            totals[i] += counts[i];
        }
    }
    Point previous{0, 0};
    for (const TileSpec &t : spec.tiles) {
        putPoints(raw, t.landVertices, previous);
    }
    for (const TileSpec &t : spec.tiles) {
        qint64 last = 0;
        for (qint64 i : t.landIndices) {
            putU32(raw, quint32(qint32(i - last)));
            last = i;
        }
    }
    for (bool coast : {true, false}) {
        for (const TileSpec &t : spec.tiles) {
            for (const auto &l : coast ? t.coast : t.borders) {
                putU32(raw, quint32(l.size()));
            }
        }
        previous = {0, 0};
        for (const TileSpec &t : spec.tiles) {
            for (const auto &l : coast ? t.coast : t.borders) {
                putPoints(raw, l, previous);
            }
        }
    }
    return raw;
}

QByteArray assemble(const QByteArray &raw, std::array<quint32, 13> header)
{
    const QByteArray payload = qCompress(raw, 9);
    header[10] = quint32(raw.size());
    header[11] = quint32(payload.size());
    QByteArray out("PMBM");
    for (quint32 v : header) {
        putU32(out, v);
    }
    return out + payload;
}

std::array<quint32, 13> headerFor(const FileSpec &spec, const std::array<quint32, 6> &totals)
{
    return {spec.version,
            110,
            spec.grid,
            spec.tileGrid,
            totals[0],
            totals[1],
            totals[2],
            totals[3],
            totals[4],
            totals[5],
            0,
            0,
            0};
}

QByteArray encode(const FileSpec &spec)
{
    std::array<quint32, 6> totals{};
    const QByteArray raw = encodeRaw(spec, totals);
    return assemble(raw, headerFor(spec, totals));
}

qint64 g(double v)
{
    return qint64(std::llround(v * kGrid));
}

// One tile: a square of land from (0.25, 0.25) to (0.5, 0.5), its outline as a closed coastline, and a
// border across it.
FileSpec squareSpec()
{
    TileSpec t;
    t.landVertices = {{g(0.25), g(0.25)}, {g(0.5), g(0.25)}, {g(0.5), g(0.5)}, {g(0.25), g(0.5)}};
    t.landIndices = {0, 1, 2, 0, 2, 3};
    t.coast = {{{g(0.25), g(0.25)}, {g(0.5), g(0.25)}, {g(0.5), g(0.5)}, {g(0.25), g(0.5)}, {g(0.25), g(0.25)}}};
    t.borders = {{{g(0.375), g(0.25)}, {g(0.375), g(0.5)}}};
    FileSpec spec;
    spec.tiles = {t};
    return spec;
}

QPointF decodeOffset(const BasemapData::LineVertex &v)
{
    auto d = [](quint8 b) { return (double(b) / 255.0 * 2.0 - 1.0) * BasemapData::kMiterLimit; };
    return {d(v.offsetX), d(v.offsetY)};
}

bool inTriangle(QPointF p, QPointF a, QPointF b, QPointF c)
{
    auto cross = [](QPointF o, QPointF u, QPointF v) {
        return (u.x() - o.x()) * (v.y() - o.y()) - (u.y() - o.y()) * (v.x() - o.x());
    };
    const double d1 = cross(a, b, p);
    const double d2 = cross(b, c, p);
    const double d3 = cross(c, a, p);
    const bool negative = d1 < 0 || d2 < 0 || d3 < 0;
    const bool positive = d1 > 0 || d2 > 0 || d3 > 0;
    return !(negative && positive);
}

bool isLand(const BasemapData &data, double lat, double lon)
{
    const QPointF p = mercator::project(lat, lon);
    for (const BasemapData::Tile &tile : data.tiles()) {
        if (!tile.bounds.adjusted(-1e-9, -1e-9, 1e-9, 1e-9).contains(p)) {
            continue;
        }
        const auto &v = tile.landVertices;
        const auto &idx = tile.landIndices;
        for (size_t i = 0; i + 2 < idx.size(); i += 3) {
            const QPointF a(v[idx[i]].x, v[idx[i]].y);
            const QPointF b(v[idx[i + 1]].x, v[idx[i + 1]].y);
            const QPointF c(v[idx[i + 2]].x, v[idx[i + 2]].y);
            if (inTriangle(p, a, b, c)) {
                return true;
            }
        }
    }
    return false;
}

// Swallows qUncompress's complaints while bad data is fed on purpose.
void quietHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.startsWith(QLatin1String("qUncompress"))) {
        return;
    }
    Q_UNUSED(type);
    Q_UNUSED(context);
    fprintf(stderr, "%s\n", qPrintable(message));
}

// The Status of a load as the checks below read it: success, and the message when it failed.
bool load(BasemapData &data, const QByteArray &bytes, QString *error)
{
    const Status loaded = data.load(bytes);
    *error = QString::fromStdString(loaded.message());
    return loaded.ok();
}

bool loadFile(BasemapData &data, const QString &path, QString *error)
{
    const Status loaded = data.loadFile(path);
    *error = QString::fromStdString(loaded.message());
    return loaded.ok();
}

} // namespace

class TstBasemapData : public QObject
{
    Q_OBJECT
private slots:
    void decodesAGoodFile()
    {
        BasemapData data;
        QString error;
        QVERIFY2(load(data, encode(squareSpec()), &error), qPrintable(error));
        QCOMPARE(data.scale(), 110);
        QCOMPARE(data.tileGrid(), 1);
        QCOMPARE(data.tiles().size(), size_t(1));
        QCOMPARE(data.landTriangleCount(), 2);
        QCOMPARE(data.coastLineCount(), 1);
        QCOMPARE(data.coastPointCount(), 5);
        QCOMPARE(data.borderLineCount(), 1);
        QCOMPARE(data.borderPointCount(), 2);
        const BasemapData::Tile &tile = data.tiles().front();
        QCOMPARE(tile.landVertices.size(), size_t(4));
        QCOMPARE(tile.landVertices[2].x, 0.5f);
        QCOMPARE(tile.landVertices[2].y, 0.5f);
        QCOMPARE(tile.landIndices, (std::vector<quint32>{0, 1, 2, 0, 2, 3}));
        QCOMPARE(tile.coast.size(), size_t(10)); // two vertices per point of the closed ring
        QCOMPARE(tile.borders.size(), size_t(4));
        QCOMPARE(tile.bounds, QRectF(QPointF(0.25, 0.25), QPointF(0.5, 0.5)));
    }

    void loadsFromAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("square.bin");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(encode(squareSpec()));
        file.close();
        BasemapData data;
        QString error;
        QVERIFY2(loadFile(data, path, &error), qPrintable(error));
        QVERIFY(!loadFile(data, dir.filePath("missing.bin"), &error));
        QVERIFY(error.contains("missing.bin"));
        QVERIFY(data.isEmpty());
    }

    void rejectsEveryTruncation()
    {
        const QByteArray good = encode(squareSpec());
        for (qsizetype n = 0; n < good.size(); ++n) {
            BasemapData data;
            QString error;
            QVERIFY2(!load(data, good.left(n), &error), qPrintable(QString::number(n)));
            QVERIFY(!error.isEmpty());
            QVERIFY(data.isEmpty());
        }
        BasemapData data;
        QString error;
        QVERIFY(!load(data, good + QByteArray(1, '\0'), &error)); // trailing garbage is as suspect
    }

    void rejectsWrongMagicAndVersion()
    {
        QByteArray bytes = encode(squareSpec());
        bytes[0] = 'X';
        BasemapData data;
        QString error;
        QVERIFY(!load(data, bytes, &error));
        QVERIFY(error.contains("magic"));

        FileSpec spec = squareSpec();
        spec.version = 2;
        QVERIFY(!load(data, encode(spec), &error));
        QVERIFY(error.contains("version"));
    }

    void rejectsCountsExceedingTheData()
    {
        const FileSpec spec = squareSpec();
        std::array<quint32, 6> totals{};
        const QByteArray raw = encodeRaw(spec, totals);
        BasemapData data;
        QString error;

        // A header total larger than what the payload holds.
        for (int field = 4; field <= 9; ++field) {
            auto header = headerFor(spec, totals);
            header[size_t(field)] += 3;
            QByteArray bytes = assemble(raw, header);
            QVERIFY2(!load(data, bytes, &error), qPrintable(QString::number(field)));
            QVERIFY(!error.isEmpty());
        }
        // A huge count that would overflow a 32-bit size computation.
        auto header = headerFor(spec, totals);
        header[5] = 0xfffffffdu;
        QVERIFY(!load(data, assemble(raw, header), &error));

        // Consistent header, but a tile record claiming more than the totals.
        QByteArray tampered = raw;
        qToLittleEndian<quint32>(5, tampered.data()); // tile 0: 5 land vertices instead of 4
        QVERIFY(!load(data, assemble(tampered, headerFor(spec, totals)), &error));
        QVERIFY(error.contains("add up"));

        // An absurd tile grid.
        header = headerFor(spec, totals);
        header[3] = 100000;
        QVERIFY(!load(data, assemble(raw, header), &error));
    }

    void rejectsIndicesOutOfRange()
    {
        FileSpec spec = squareSpec();
        spec.tiles[0].landIndices[4] = 4; // only 4 vertices
        BasemapData data;
        QString error;
        QVERIFY(!load(data, encode(spec), &error));
        QVERIFY(error.contains("index"));
        spec.tiles[0].landIndices[4] = -1;
        QVERIFY(!load(data, encode(spec), &error));
        QVERIFY(error.contains("index"));
    }

    void rejectsCoordinatesOutOfRange()
    {
        FileSpec spec = squareSpec();
        spec.tiles[0].landVertices[1].x = qint64(kGrid) + 1;
        BasemapData data;
        QString error;
        QVERIFY(!load(data, encode(spec), &error));
        QVERIFY(error.contains("coordinate"));

        spec = squareSpec();
        spec.tiles[0].borders[0][1].y = -1;
        QVERIFY(!load(data, encode(spec), &error));
        QVERIFY(error.contains("coordinate"));
    }

    void rejectsLinesOfOnePoint()
    {
        FileSpec spec = squareSpec();
        spec.tiles[0].borders[0].pop_back();
        BasemapData data;
        QString error;
        QVERIFY(!load(data, encode(spec), &error));
        QVERIFY(error.contains("fewer than two"));
    }

    void rejectsACorruptPayload()
    {
        QByteArray bytes = encode(squareSpec());
        // The last four bytes are zlib's checksum of the decompressed data.
        bytes[bytes.size() - 1] = char(bytes.at(bytes.size() - 1) ^ 0x5a);
        BasemapData data;
        QString error;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("^qUncompress"));
        QVERIFY(!load(data, bytes, &error));
        QVERIFY(error.contains("corrupt"));
    }

    void survivesRandomDamage()
    {
        // Flipped bits anywhere, in a small file and a real one: an error or a valid load, never a crash
        // (the sanitizer build checks for out-of-bounds reads).
        QFile resource(BasemapData::levelPath(0));
        QVERIFY(resource.open(QIODevice::ReadOnly));
        const QList<QByteArray> originals = {encode(squareSpec()), resource.readAll()};
        QRandomGenerator random(20240601);
        const QtMessageHandler previous = qInstallMessageHandler(quietHandler);
        int rejected = 0;
        for (const QByteArray &original : originals) {
            for (int round = 0; round < 300; ++round) {
                QByteArray bytes = original;
                const int flips = 1 + int(random.bounded(4));
                for (int f = 0; f < flips; ++f) {
                    const auto at = qsizetype(random.bounded(quint32(bytes.size())));
                    bytes[at] = char(bytes.at(at) ^ (1 << random.bounded(8)));
                }
                BasemapData data;
                QString error;
                if (!load(data, bytes, &error)) {
                    ++rejected;
                    QVERIFY(!error.isEmpty());
                    QVERIFY(data.isEmpty());
                }
            }
        }
        qInstallMessageHandler(previous);
        QVERIFY(rejected > 500); // nearly every damaged file is caught (zlib's checksum covers the payload)
    }

    void stripOfAStraightLine()
    {
        std::vector<BasemapData::LineVertex> strip;
        const std::vector<QPointF> points = {{0.1, 0.5}, {0.2, 0.5}, {0.2, 0.5}, {0.3, 0.5}};
        BasemapData::appendLineStrip(strip, points);
        QCOMPARE(strip.size(), size_t(6)); // the repeated point is skipped
        for (size_t i = 0; i < strip.size(); ++i) {
            const QPointF offset = decodeOffset(strip[i]);
            QVERIFY(std::abs(offset.x()) < 0.02);
            QVERIFY(std::abs(std::abs(offset.y()) - 1.0) < 0.02); // perpendicular, one half width
            QCOMPARE(strip[i].side, quint8(i % 2 == 0 ? 255 : 0));
        }
        QVERIFY(decodeOffset(strip[0]).y() * decodeOffset(strip[1]).y() < 0); // the two edges
    }

    void stripMitersCornersAndJoinsLines()
    {
        std::vector<BasemapData::LineVertex> strip;
        // A closed square: every corner, the first included, gets a miter of length sqrt(2).
        const std::vector<QPointF> square = {{0.1, 0.1}, {0.2, 0.1}, {0.2, 0.2}, {0.1, 0.2}, {0.1, 0.1}};
        BasemapData::appendLineStrip(strip, square);
        QCOMPARE(strip.size(), size_t(10));
        for (const BasemapData::LineVertex &v : strip) {
            const QPointF o = decodeOffset(v);
            QVERIFY2(std::abs(std::hypot(o.x(), o.y()) - std::sqrt(2.0)) < 0.03,
                     qPrintable(QStringLiteral("%1 %2").arg(o.x()).arg(o.y())));
        }
        // A hairpin: no spike; the turning point is emitted twice, squared off on each segment.
        const std::vector<QPointF> hairpin = {{0.5, 0.5}, {0.6, 0.5}, {0.5, 0.5001}};
        BasemapData::appendLineStrip(strip, hairpin);
        // Joined by two degenerate vertices: the previous end repeated, the next start repeated.
        QCOMPARE(strip.size(), size_t(10 + 2 + 8));
        QCOMPARE(strip[10].x, strip[9].x);
        QCOMPARE(strip[11].x, strip[12].x);
        QCOMPARE(strip[11].offsetX, strip[12].offsetX);
        for (size_t i = 12; i < strip.size(); ++i) {
            const QPointF o = decodeOffset(strip[i]);
            QVERIFY(std::abs(std::hypot(o.x(), o.y()) - 1.0) < 0.03);
        }
        QCOMPARE(strip[14].x, strip[16].x); // the same point twice
        // Fewer than two distinct points add nothing.
        const std::vector<QPointF> dot = {{0.3, 0.3}, {0.3, 0.3}};
        BasemapData::appendLineStrip(strip, dot);
        QCOMPARE(strip.size(), size_t(20));
    }

    void levelsFollowTheZoomWithHysteresis()
    {
        const int last = BasemapData::levelCount() - 1;
        QVERIFY(last >= 2);
        for (int level = 0; level < last; ++level) {
            QVERIFY(BasemapData::levelMaxZoom(level) < BasemapData::levelMaxZoom(level + 1));
        }
        QVERIFY(std::isinf(BasemapData::levelMaxZoom(last)));
        QCOMPARE(BasemapData::levelForZoom(0), 0);
        QCOMPARE(BasemapData::levelForZoom(10), last);
        // 1080p and 4K walls showing the whole world (zoom 2.9 and 3.9) get 1:50m.
        QCOMPARE(BasemapData::levelForZoom(2.907), 1);
        QCOMPARE(BasemapData::levelForZoom(3.907), 2);
        // Just past a threshold the shown level stays; well past it, it changes.
        const double threshold = BasemapData::levelMaxZoom(1);
        QCOMPARE(BasemapData::levelForZoom(threshold + 0.05, 1), 1);
        QCOMPARE(BasemapData::levelForZoom(threshold + 0.5, 1), 2);
        QCOMPARE(BasemapData::levelForZoom(threshold - 0.05, 2), 2);
        QCOMPARE(BasemapData::levelForZoom(threshold - 0.5, 2), 1);
        // A jump goes straight to the right level.
        QCOMPARE(BasemapData::levelForZoom(9, 0), last);
    }

    void committedResourcesLoad_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("scale");
        QTest::addColumn<int>("minTriangles");
        QTest::addColumn<int>("minCoastPoints");
        QTest::addColumn<int>("minBorderPoints");
        // Natural Earth scale and lower bounds on what each level keeps of it.
        QTest::newRow("0: 110m") << 0 << 110 << 2000 << 2500 << 1000;
        QTest::newRow("1: 50m") << 1 << 50 << 4000 << 5000 << 1200;
        QTest::newRow("2: 50m") << 2 << 50 << 8000 << 10000 << 2500;
        QTest::newRow("3: 10m") << 3 << 10 << 40000 << 50000 << 8000;
        QTest::newRow("4: 10m") << 4 << 10 << 120000 << 130000 << 20000;
        QTest::newRow("5: 10m") << 5 << 10 << 300000 << 300000 << 50000;
    }

    void committedResourcesLoad()
    {
        QCOMPARE(BasemapData::levelCount(), 6);
        QFETCH(int, level);
        QFETCH(int, scale);
        QFETCH(int, minTriangles);
        QFETCH(int, minCoastPoints);
        QFETCH(int, minBorderPoints);
        BasemapData data;
        QString error;
        QVERIFY2(loadFile(data, BasemapData::levelPath(level), &error), qPrintable(error));
        QCOMPARE(data.scale(), scale);
        // The file was made for the zoom range the loader's level table shows it at.
        const double maxZoom = BasemapData::levelMaxZoom(level);
        QCOMPARE(data.simplifiedForZoom(), std::isinf(maxZoom) ? 0.0 : maxZoom);
        QVERIFY(data.tileGrid() >= 2);
        QCOMPARE(data.tiles().size(), size_t(data.tileGrid() * data.tileGrid()));
        QVERIFY(data.landTriangleCount() >= minTriangles);
        QVERIFY(data.coastPointCount() >= minCoastPoints);
        QVERIFY(data.borderPointCount() >= minBorderPoints);
        QVERIFY(data.landTriangleCount() < 4 * minTriangles); // plausible, not runaway

        auto inUnit = [](float v) { return v >= 0.0f && v <= 1.0f; };
        for (const BasemapData::Tile &tile : data.tiles()) {
            for (const BasemapData::LandVertex &v : tile.landVertices) {
                QVERIFY(inUnit(v.x) && inUnit(v.y));
            }
            for (const auto *strip : {&tile.coast, &tile.borders}) {
                for (const BasemapData::LineVertex &v : *strip) {
                    QVERIFY(inUnit(v.x) && inUnit(v.y));
                }
            }
            // No triangle reaches across the world (as one wrongly cut at the antimeridian would).
            for (size_t i = 0; i + 2 < tile.landIndices.size(); i += 3) {
                const float x0 = tile.landVertices[tile.landIndices[i]].x;
                const float x1 = tile.landVertices[tile.landIndices[i + 1]].x;
                const float x2 = tile.landVertices[tile.landIndices[i + 2]].x;
                QVERIFY(std::max({x0, x1, x2}) - std::min({x0, x1, x2}) <= 0.5f);
            }
        }

        // Land where land is, sea where sea is, on both sides of the antimeridian and at the poles' clamp.
        QVERIFY(isLand(data, 23, 12));     // Sahara
        QVERIFY(isLand(data, -25, 134));   // central Australia
        QVERIFY(isLand(data, 62, 100));    // Siberia
        QVERIFY(isLand(data, 66, 178));    // Chukotka, west of the date line
        QVERIFY(isLand(data, 66.5, -175)); // Chukotka, east of it
        QVERIFY(isLand(data, -80, 0));     // Antarctica
        QVERIFY(isLand(data, -84.9, 100));
        QVERIFY(!isLand(data, 0, -140));   // Pacific
        QVERIFY(!isLand(data, -30, -15));  // South Atlantic
        QVERIFY(!isLand(data, 42, 50));    // Caspian Sea, a hole in the land
        QVERIFY(!isLand(data, 0, 179.99)); // the date line in open sea
    }
};

QTEST_GUILESS_MAIN(TstBasemapData)
#include "tst_basemap_data.moc"
