// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "basemap_data.h"

#include <QFile>
#include <QtEndian>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

// File format (tools/basemap/README.md has the same description; make_basemap.mjs writes it):
//
//   header, 56 bytes: "PMBM", then 13 little-endian uint32:
//     version (1), scale (110, 50 or 10), grid (coordinates are integers in [0, grid] over the world),
//     tileGrid N (the world is cut into N×N tiles, row-major from the north-west),
//     landVertices, landIndices, coastLines, coastPoints, borderLines, borderPoints (totals over all tiles),
//     rawSize (bytes of the decompressed payload), payloadSize (bytes after the header),
//     detailZoom (100 × the zoom the level was simplified for; 0 when it was not)
//   payload: what qCompress() writes: rawSize as a big-endian uint32, then a zlib stream of rawSize bytes:
//     N×N tile records of 6 uint32: landVertices, landIndices, coastLines, coastPoints, borderLines,
//       borderPoints
//     land vertices of all tiles: int32 (dx, dy) pairs, each point relative to the one before
//     land indices of all tiles: int32 deltas from the previous index in the same tile (starting at 0);
//       indices are local to the tile, three per triangle
//     coast line lengths (uint32, in points, >= 2), then the coast points as int32 delta pairs
//     border line lengths, then the border points, the same way
//
// Deltas keep the numbers small so that zlib compresses them to about a third. Every count is checked
// against the data before it is used, so a truncated or corrupted file is an error, never a crash.

namespace pulsemap {

namespace {

constexpr char kMagic[4] = {'P', 'M', 'B', 'M'};
constexpr quint32 kVersion = 1;
constexpr int kHeaderFields = 13;
constexpr qsizetype kHeaderBytes = 4 + 4 * kHeaderFields;
constexpr quint32 kMaxCount = 1u << 26;
constexpr quint64 kMaxRawSize = 256ull << 20;
constexpr quint32 kMaxTileGrid = 64;
constexpr quint32 kMaxGrid = 1u << 30;

enum HeaderField {
    Version,
    Scale,
    Grid,
    TileGrid,
    LandVertices,
    LandIndices,
    CoastLines,
    CoastPoints,
    BorderLines,
    BorderPoints,
    RawSize,
    PayloadSize,
    DetailZoom,
};

struct Level
{
    const char *name;
    double maxZoom;
};

// Must match LEVELS in tools/basemap/make_basemap.mjs (the unit test checks each file's detailZoom).
constexpr Level kLevels[] = {
    {"basemap-110m-z2", 2.3}, {"basemap-50m-z3", 3.3}, {"basemap-50m-z4", 4.3},
    {"basemap-10m-z5", 5.5},  {"basemap-10m-z7", 7.0}, {"basemap-10m", std::numeric_limits<double>::infinity()},
};
constexpr int kLevelCount = int(std::size(kLevels));
// How far past a level's threshold the zoom must go before the level changes.
constexpr double kHysteresis = 0.15;

struct TileCounts
{
    quint32 landVertices;
    quint32 landIndices;
    quint32 coastLines;
    quint32 coastPoints;
    quint32 borderLines;
    quint32 borderPoints;
};

// Sequential reads from the decompressed payload. Sizes are validated before decoding starts, so running past
// the end would be a bug here, not in the file; the reader still refuses rather than reading out of bounds.
class Reader
{
public:
    explicit Reader(const QByteArray &bytes)
        : m_data(reinterpret_cast<const uchar *>(bytes.constData())), m_size(bytes.size())
    {}

    bool u32(quint32 *value)
    {
        if (m_size - m_pos < 4) {
            return false;
        }
        *value = qFromLittleEndian<quint32>(m_data + m_pos);
        m_pos += 4;
        return true;
    }

    bool i32(qint32 *value)
    {
        quint32 raw = 0;
        if (!u32(&raw)) {
            return false;
        }
        *value = qint32(raw);
        return true;
    }

    [[nodiscard]] qsizetype position() const { return m_pos; }

private:
    const uchar *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
};

// Decodes delta-coded points, checking each against the grid.
class PointDecoder
{
public:
    PointDecoder(Reader &reader, quint32 grid) : m_reader(reader), m_grid(grid) {}

    bool next(QPointF *point)
    {
        qint32 dx = 0;
        qint32 dy = 0;
        if (!m_reader.i32(&dx) || !m_reader.i32(&dy)) {
            return false;
        }
        m_x += dx;
        m_y += dy;
        if (m_x < 0 || m_y < 0 || m_x > qint64(m_grid) || m_y > qint64(m_grid)) {
            return false;
        }
        *point = QPointF(double(m_x) / m_grid, double(m_y) / m_grid);
        return true;
    }

private:
    Reader &m_reader;
    quint32 m_grid;
    qint64 m_x = 0;
    qint64 m_y = 0;
};

quint8 encodeOffset(double v)
{
    const double unit = std::clamp(v / BasemapData::kMiterLimit, -1.0, 1.0);
    return quint8(std::lround((unit * 0.5 + 0.5) * 255.0));
}

// Bounding box that starts empty (a QRectF of zero size cannot tell "empty" from "one point").
struct Bounds
{
    double x0 = std::numeric_limits<double>::infinity();
    double y0 = std::numeric_limits<double>::infinity();
    double x1 = -std::numeric_limits<double>::infinity();
    double y1 = -std::numeric_limits<double>::infinity();

    void add(const QPointF &p)
    {
        x0 = std::min(x0, p.x());
        y0 = std::min(y0, p.y());
        x1 = std::max(x1, p.x());
        y1 = std::max(y1, p.y());
    }
    [[nodiscard]] QRectF rect() const { return x0 <= x1 ? QRectF(QPointF(x0, y0), QPointF(x1, y1)) : QRectF(); }
};

Error failWith(const QString &message)
{
    return fail(message.toStdString());
}

using Header = std::array<quint32, kHeaderFields>;

// The fixed-size header: magic, version, grid sizes and the totals, each checked against the others and
// against the bytes that follow, before anything is allocated from them.
Result<Header> readHeader(const QByteArray &bytes)
{
    if (bytes.size() < kHeaderBytes) {
        return failWith(QStringLiteral("truncated: %1 bytes is shorter than the header").arg(bytes.size()));
    }
    if (std::memcmp(bytes.constData(), kMagic, sizeof kMagic) != 0) {
        return failWith(QStringLiteral("not a basemap file (bad magic)"));
    }
    Header h{};
    for (int i = 0; i < kHeaderFields; ++i) {
        h[size_t(i)] = qFromLittleEndian<quint32>(bytes.constData() + 4 + 4 * static_cast<ptrdiff_t>(i));
    }
    if (h[Version] != kVersion) {
        return failWith(QStringLiteral("unsupported basemap version %1").arg(h[Version]));
    }
    if (h[Grid] < 2 || h[Grid] > kMaxGrid || h[TileGrid] < 1 || h[TileGrid] > kMaxTileGrid) {
        return failWith(QStringLiteral("invalid grid %1 or tile grid %2").arg(h[Grid]).arg(h[TileGrid]));
    }
    for (int i = LandVertices; i <= BorderPoints; ++i) {
        if (h[size_t(i)] > kMaxCount) {
            return failWith(QStringLiteral("count %1 is implausibly large").arg(h[size_t(i)]));
        }
    }
    if (h[LandIndices] % 3 != 0) {
        return failWith(QStringLiteral("land index count is not a multiple of three"));
    }
    const quint64 tileCount = quint64(h[TileGrid]) * h[TileGrid];
    const quint64 expectedRaw = 4ull * 6 * tileCount + 8ull * h[LandVertices] + 4ull * h[LandIndices] +
                                4ull * (quint64(h[CoastLines]) + h[BorderLines]) +
                                8ull * (quint64(h[CoastPoints]) + h[BorderPoints]);
    if (expectedRaw != h[RawSize] || expectedRaw > kMaxRawSize) {
        return failWith(QStringLiteral("counts do not match the data size (%1 bytes expected, header says %2)")
                            .arg(expectedRaw)
                            .arg(h[RawSize]));
    }
    return h;
}

// The zlib payload after the header, decompressed to exactly the size the header announced.
Result<QByteArray> decompressPayload(const QByteArray &bytes, const Header &h)
{
    const qsizetype payloadSize = bytes.size() - kHeaderBytes;
    if (payloadSize < qsizetype(h[PayloadSize])) {
        return failWith(QStringLiteral("truncated: %1 of %2 payload bytes").arg(payloadSize).arg(h[PayloadSize]));
    }
    if (payloadSize > qsizetype(h[PayloadSize]) || payloadSize < 4) {
        return failWith(QStringLiteral("payload size %1 does not match the header").arg(payloadSize));
    }
    // qUncompress trusts the size prefix for its allocation: check it against the validated counts first.
    const auto *payload = reinterpret_cast<const uchar *>(bytes.constData() + kHeaderBytes);
    if (qFromBigEndian<quint32>(payload) != h[RawSize]) {
        return failWith(QStringLiteral("payload size prefix does not match the header"));
    }
    QByteArray raw = qUncompress(payload, payloadSize);
    if (raw.size() != qsizetype(h[RawSize])) {
        return failWith(QStringLiteral("corrupt payload: it does not decompress to %1 bytes").arg(h[RawSize]));
    }
    return raw;
}

// The per-tile counts, which must add up to the header's totals.
Result<std::vector<TileCounts>> readTileTable(Reader &reader, const Header &h)
{
    std::vector<TileCounts> counts(size_t(h[TileGrid]) * h[TileGrid]);
    quint64 sums[6] = {};
    for (TileCounts &c : counts) {
        quint32 *fields[6] = {&c.landVertices, &c.landIndices, &c.coastLines,
                              &c.coastPoints,  &c.borderLines, &c.borderPoints};
        for (int i = 0; i < 6; ++i) {
            if (!reader.u32(fields[i])) {
                return failWith(QStringLiteral("truncated tile table"));
            }
            sums[i] += *fields[i];
        }
        if (c.landIndices % 3 != 0) {
            return failWith(QStringLiteral("a tile's land index count is not a multiple of three"));
        }
    }
    for (int i = 0; i < 6; ++i) {
        if (sums[i] != h[size_t(LandVertices) + size_t(i)]) {
            return failWith(QStringLiteral("tile counts do not add up to the header's totals"));
        }
    }
    return counts;
}

// Land triangles of every tile: the vertices, then the delta-coded indices into them.
Status decodeLand(Reader &reader, quint32 grid, const std::vector<TileCounts> &counts,
                  std::vector<BasemapData::Tile> &tiles, std::vector<Bounds> &bounds)
{
    PointDecoder landPoints(reader, grid);
    for (size_t t = 0; t < tiles.size(); ++t) {
        tiles[t].landVertices.resize(counts[t].landVertices);
        for (BasemapData::LandVertex &v : tiles[t].landVertices) {
            QPointF p;
            if (!landPoints.next(&p)) {
                return failWith(QStringLiteral("land coordinate out of range in tile %1").arg(t));
            }
            v = {float(p.x()), float(p.y())};
            bounds[t].add(p);
        }
    }
    for (size_t t = 0; t < tiles.size(); ++t) {
        tiles[t].landIndices.resize(counts[t].landIndices);
        qint64 index = 0;
        for (quint32 &i : tiles[t].landIndices) {
            qint32 delta = 0;
            if (!reader.i32(&delta)) {
                return failWith(QStringLiteral("truncated land indices"));
            }
            index += delta;
            if (index < 0 || index >= qint64(counts[t].landVertices)) {
                return failWith(QStringLiteral("land index %1 out of range in tile %2").arg(index).arg(t));
            }
            i = quint32(index);
        }
    }
    return {};
}

// Decodes one kind of line (coast or borders) for every tile into its strips.
Status decodeLines(Reader &reader, quint32 grid, const std::vector<TileCounts> &counts, bool coast,
                   std::vector<BasemapData::Tile> &tiles, std::vector<Bounds> &bounds)
{
    std::vector<std::vector<quint32>> lengths(counts.size());
    for (size_t t = 0; t < counts.size(); ++t) {
        const quint32 lines = coast ? counts[t].coastLines : counts[t].borderLines;
        const quint32 points = coast ? counts[t].coastPoints : counts[t].borderPoints;
        quint64 sum = 0;
        lengths[t].resize(lines);
        for (quint32 &length : lengths[t]) {
            if (!reader.u32(&length) || length < 2) {
                return failWith(QStringLiteral("a line has fewer than two points"));
            }
            sum += length;
        }
        if (sum != points) {
            return failWith(QStringLiteral("line lengths do not add up to the point count of tile %1").arg(t));
        }
    }
    PointDecoder decoder(reader, grid);
    std::vector<QPointF> points;
    for (size_t t = 0; t < counts.size(); ++t) {
        BasemapData::Tile &tile = tiles[t];
        std::vector<BasemapData::LineVertex> &strip = coast ? tile.coast : tile.borders;
        strip.reserve(size_t(coast ? counts[t].coastPoints : counts[t].borderPoints) * 2 + lengths[t].size() * 2);
        for (quint32 length : lengths[t]) {
            points.resize(length);
            for (QPointF &p : points) {
                if (!decoder.next(&p)) {
                    return failWith(QStringLiteral("line coordinate out of range in tile %1").arg(t));
                }
                bounds[t].add(p);
            }
            BasemapData::appendLineStrip(strip, points);
        }
    }
    return {};
}

} // namespace

int BasemapData::levelCount()
{
    return kLevelCount;
}

QString BasemapData::levelPath(int level)
{
    return QStringLiteral(":/pulsemap/basemap/%1.bin")
        .arg(QLatin1String(kLevels[std::clamp(level, 0, kLevelCount - 1)].name));
}

double BasemapData::levelMaxZoom(int level)
{
    return kLevels[std::clamp(level, 0, kLevelCount - 1)].maxZoom;
}

int BasemapData::levelForZoom(double zoom, int current)
{
    int plain = 0;
    while (plain < kLevelCount - 1 && zoom >= kLevels[plain].maxZoom) {
        ++plain;
    }
    if (current < 0 || current >= kLevelCount) {
        return plain;
    }
    const double low =
        current > 0 ? kLevels[current - 1].maxZoom - kHysteresis : -std::numeric_limits<double>::infinity();
    const double high = kLevels[current].maxZoom + kHysteresis;
    return zoom > low && zoom < high ? current : plain;
}

void BasemapData::clear()
{
    m_scale = 0;
    m_simplifiedForZoom = 0;
    m_tileGrid = 0;
    m_tiles.clear();
    m_landTriangles = 0;
    m_coastLines = 0;
    m_coastPoints = 0;
    m_borderLines = 0;
    m_borderPoints = 0;
}

Status BasemapData::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        clear();
        return failWith(QStringLiteral("%1: %2").arg(path, file.errorString()));
    }
    if (Status loaded = load(file.readAll()); !loaded) {
        return fail(loaded.error(), path.toStdString());
    }
    return {};
}

Status BasemapData::load(const QByteArray &bytes)
{
    clear();
    Status decoded = decode(bytes);
    if (!decoded) {
        clear(); // never half a basemap
    }
    return decoded;
}

Status BasemapData::decode(const QByteArray &bytes)
{
    const Result<Header> header = readHeader(bytes);
    if (!header) {
        return header.error();
    }
    const Header &h = *header;
    const Result<QByteArray> raw = decompressPayload(bytes, h);
    if (!raw) {
        return raw.error();
    }
    Reader reader(*raw);
    const Result<std::vector<TileCounts>> counts = readTileTable(reader, h);
    if (!counts) {
        return counts.error();
    }
    std::vector<Tile> tiles(counts->size());
    std::vector<Bounds> bounds(counts->size());
    // In file order: land, coastlines, borders.
    if (Status land = decodeLand(reader, h[Grid], *counts, tiles, bounds); !land) {
        return land;
    }
    if (Status coast = decodeLines(reader, h[Grid], *counts, true, tiles, bounds); !coast) {
        return coast;
    }
    if (Status borders = decodeLines(reader, h[Grid], *counts, false, tiles, bounds); !borders) {
        return borders;
    }
    if (reader.position() != raw->size()) {
        return failWith(QStringLiteral("payload has %1 bytes left over").arg(raw->size() - reader.position()));
    }
    for (size_t t = 0; t < tiles.size(); ++t) {
        tiles[t].bounds = bounds[t].rect();
    }

    m_scale = int(h[Scale]);
    m_simplifiedForZoom = h[DetailZoom] / 100.0;
    m_tileGrid = int(h[TileGrid]);
    m_tiles = std::move(tiles);
    m_landTriangles = qsizetype(h[LandIndices] / 3);
    m_coastLines = qsizetype(h[CoastLines]);
    m_coastPoints = qsizetype(h[CoastPoints]);
    m_borderLines = qsizetype(h[BorderLines]);
    m_borderPoints = qsizetype(h[BorderPoints]);
    return {};
}

void BasemapData::appendLineStrip(std::vector<LineVertex> &strip, std::span<const QPointF> input)
{
    std::vector<QPointF> pts;
    pts.reserve(input.size());
    for (const QPointF &p : input) {
        if (pts.empty() || p != pts.back()) {
            pts.push_back(p);
        }
    }
    const size_t n = pts.size();
    if (n < 2) {
        return;
    }
    const bool closed = n >= 4 && pts.front() == pts.back();
    auto normal = [&](size_t from, size_t to) {
        const QPointF d = pts[to] - pts[from];
        const double length = std::hypot(d.x(), d.y());
        return QPointF(-d.y() / length, d.x() / length);
    };

    bool first = true;
    auto push = [&](const QPointF &p, const QPointF &offset) {
        const auto x = float(p.x());
        const auto y = float(p.y());
        const LineVertex left{x, y, encodeOffset(offset.x()), encodeOffset(offset.y()), 255, 0};
        const LineVertex right{x, y, encodeOffset(-offset.x()), encodeOffset(-offset.y()), 0, 0};
        if (first && !strip.empty()) {
            // Degenerate triangles join this line to the previous one in the same strip.
            const LineVertex last = strip.back();
            strip.push_back(last);
            strip.push_back(left);
        }
        first = false;
        strip.push_back(left);
        strip.push_back(right);
    };
    for (size_t i = 0; i < n; ++i) {
        const bool hasIn = i > 0 || closed;
        const bool hasOut = i + 1 < n || closed;
        const QPointF nIn = hasIn ? (i > 0 ? normal(i - 1, i) : normal(n - 2, n - 1)) : QPointF();
        const QPointF nOut = hasOut ? (i + 1 < n ? normal(i, i + 1) : normal(0, 1)) : QPointF();
        if (!hasIn || !hasOut) {
            push(pts[i], hasIn ? nIn : nOut);
            continue;
        }
        // The miter: along the bisector of the two normals, long enough to keep the edges parallel to both
        // segments at one half width. A sharp corner would make it a spike (coastlines seen from afar zigzag
        // a lot): there the point is emitted twice, ending one segment square and starting the next, and
        // the two triangles between them close the corner.
        const QPointF sum = nIn + nOut;
        const double length = std::hypot(sum.x(), sum.y());
        const double cosine = length > 1e-9 ? QPointF::dotProduct(sum / length, nIn) : 0.0;
        if (cosine * kMiterLimit >= 1.0) {
            push(pts[i], sum / length / cosine);
        } else {
            push(pts[i], nIn);
            push(pts[i], nOut);
        }
    }
}

} // namespace pulsemap
