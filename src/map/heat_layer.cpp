// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "heat_layer.h"

#include "heat_codec.h"
#include "heat_material.h"
#include "map_camera.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPromise>
#include <QQuickWindow>
#include <QThreadPool>

#include <algorithm>
#include <array>
#include <cmath>

namespace pulsemap {

namespace {
constexpr int kUploadIntervalMs = 1000 / HeatLayer::kUploadHz;
// Where the domain max sits in the 8-bit code window: 11 octaves of cooler heat below it (the ramp shows
// kRangeOctaves of them), 5 octaves of headroom above before codes saturate.
constexpr int kDomainCode = 11 * heatcodec::kCodesPerOctave;
// How far the domain may drift in the window (the lazy decay moves it one octave per half-life) before
// the texture is re-encoded against a new base.
constexpr int kRebaseSlack = 24;
constexpr float kRangeOctaves = 9.0F;
// A full sweep of the grid for the domain's percentile takes about this long, spread over the frames.
constexpr int64_t kSweepMs = 2000;
// Past this many half-lives since the last event nothing is visible: stop the decay repaints.
constexpr double kFadedHalfLives = 16.0;
constexpr float kMinSigmaCells = 1.0F;
constexpr float kMaxSigmaCells = float(HeatGrid::kMaxRadiusCells) / 3.0F;
// Pictures with at least this many cells are splatted on a worker thread (a few ms below it).
constexpr size_t kBuildOffThreadFrom = 2000;
// Events held while a picture is built (a replay at full speed delivers at most a few frames' worth).
constexpr size_t kMaxHeldWhileBuilding = 200'000;
// How many splats a worker makes between checks that its picture is still wanted.
constexpr size_t kSplatsBetweenChecks = 4096;

struct Splat
{
    float worldX;
    float worldY;
    int channel;
    float weight;
    int64_t tMs;
};
} // namespace

HeatLayer::HeatLayer(QQuickItem *parent) : EventLayer(parent)
{
    m_domain.setTimeConstantSeconds(m_domainTimeConstant);
    m_domainMax = m_domain.value();
    m_uploadTimer.setSingleShot(true);
    connect(&m_uploadTimer, &QTimer::timeout, this, [this] { update(); });
    connect(&m_decayTimer, &QTimer::timeout, this, &HeatLayer::onDecayTick);
}

HeatLayer::~HeatLayer() = default;

void HeatLayer::appendEvents(std::span<const LiveEvent> events)
{
    if (m_building) {
        const size_t room = kMaxHeldWhileBuilding - std::min(kMaxHeldWhileBuilding, m_heldWhileBuilding.size());
        m_heldWhileBuilding.insert(m_heldWhileBuilding.end(), events.begin(),
                                   events.begin() + ptrdiff_t(std::min(room, events.size())));
        return;
    }
    const int64_t now = clockMs();
    if (m_grid.maintain(now)) {
        m_gridDirty = true;
    }
    const float sigma = currentSigmaCells();
    bool any = false;
    for (const LiveEvent &e : events) {
        if (e.pulseOnly) {
            continue;
        }
        const int64_t t = startTimeMs(e.tsMs, now);
        any = m_grid.splat(e.worldX, e.worldY, channelForType(e.typeIndex), e.weight, t, sigma) || any;
    }
    if (!any) {
        return;
    }
    m_lastSplatMs = now;
    m_gridDirty = true;
    scheduleUpload();
    keepDecaying();
}

void HeatLayer::keepDecaying()
{
    if (!m_decayTimer.isActive()) {
        // Decay is a uniform: a repaint now and then is all it needs, a few hundred per half-life.
        m_decayTimer.start(int(std::clamp(m_grid.halfLifeSeconds() * 1000.0 / 300.0, 250.0, 5000.0)));
    }
}

void HeatLayer::replaceHeat(std::span<const LiveEvent> heat)
{
    cancelBuild(); // whatever was on its way is older than this picture, and so is what was held for it
    if (heat.size() >= kBuildOffThreadFrom) {
        buildOffThread(heat);
    } else {
        replaceNow(heat);
    }
}

void HeatLayer::replaceNow(std::span<const LiveEvent> heat)
{
    m_grid.clear();
    m_gridDirty = true;
    appendEvents(heat);
    measureDomainNow();
    update();
}

// The color scale is measured on the new picture at once (a full sweep, a few ms): a jump from a quiet
// moment to a cumulative day would otherwise show white blots until the adaptive domain caught up.
void HeatLayer::measureDomainNow()
{
    if (!m_domain.pinned()) {
        m_domain.reset();
        if (m_domain.step(m_grid, m_grid.size(), clockMs())) {
            m_domainMax = m_domain.value();
            emit domainMaxChanged();
        }
    }
}

void HeatLayer::cancelBuild()
{
    m_latestBuild->fetch_add(1);
    m_building = false;
    m_heldWhileBuilding.clear();
}

void HeatLayer::buildOffThread(std::span<const LiveEvent> heat)
{
    // What depends on the layer's state (its clock, the kernel for the zoom) is decided here, on the GUI
    // thread; the worker gets plain values and never touches the layer, which may be gone when it finishes.
    const int64_t now = clockMs();
    std::vector<Splat> splats;
    splats.reserve(heat.size());
    for (const LiveEvent &e : heat) {
        if (!e.pulseOnly) {
            splats.push_back({e.worldX, e.worldY, channelForType(e.typeIndex), e.weight, startTimeMs(e.tsMs, now)});
        }
    }
    const uint64_t build = m_latestBuild->load();
    m_building = true;
    auto promise = std::make_shared<QPromise<HeatGrid>>();
    auto *watcher = new QFutureWatcher<HeatGrid>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, build] {
        watcher->deleteLater();
        if (build == m_latestBuild->load() && watcher->future().resultCount() > 0) {
            adoptBuiltGrid(watcher->future().takeResult());
        }
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, splats = std::move(splats), latest = m_latestBuild, build,
                                          size = m_grid.size(), halfLife = m_grid.halfLifeSeconds(),
                                          sigma = currentSigmaCells()] {
        HeatGrid grid(size, halfLife);
        for (size_t i = 0; i < splats.size(); ++i) {
            if (i % kSplatsBetweenChecks == 0 && latest->load() != build) {
                break; // superseded: nobody will look at it
            }
            const Splat &s = splats[i];
            grid.splat(s.worldX, s.worldY, s.channel, s.weight, s.tMs, sigma);
        }
        promise->addResult(std::move(grid));
        promise->finish();
    });
}

void HeatLayer::adoptBuiltGrid(HeatGrid grid)
{
    const double halfLife = m_grid.halfLifeSeconds();
    grid.follow(m_grid);
    m_grid = std::move(grid);
    if (m_grid.halfLifeSeconds() != halfLife) {
        m_grid.setHalfLife(halfLife, clockMs()); // changed while it was being built
    }
    m_building = false;
    m_gridDirty = true;
    std::vector<LiveEvent> held;
    held.swap(m_heldWhileBuilding);
    appendEvents(held);
    measureDomainNow();
    m_lastSplatMs = clockMs();
    scheduleUpload();
    keepDecaying();
    update();
}

void HeatLayer::clear()
{
    cancelBuild();
    m_grid.clear();
    m_domain.reset();
    m_gridDirty = true;
    update();
}

void HeatLayer::setHalfLifeSeconds(double seconds)
{
    if (!(seconds > 0) || seconds == m_grid.halfLifeSeconds()) {
        return;
    }
    m_grid.setHalfLife(seconds, clockMs());
    m_gridDirty = true;
    m_decayTimer.stop();
    emit halfLifeSecondsChanged();
    scheduleUpload();
}

void HeatLayer::setHeatScale(double scale)
{
    scale = scale > 0 ? scale : 0;
    if (scale == m_heatScale) {
        return;
    }
    m_heatScale = scale;
    m_domain.setPinned(scale);
    m_domainMax = m_domain.value();
    emit heatScaleChanged();
    emit domainMaxChanged();
    update();
}

void HeatLayer::setDomainTimeConstant(double seconds)
{
    if (seconds == m_domainTimeConstant || !(seconds >= 0)) {
        return;
    }
    m_domainTimeConstant = seconds;
    m_domain.setTimeConstantSeconds(seconds);
    emit domainTimeConstantChanged();
}

void HeatLayer::setKernelPixels(double pixels)
{
    if (pixels == m_kernelPixels || !(pixels > 0)) {
        return;
    }
    m_kernelPixels = pixels;
    emit kernelPixelsChanged();
}

void HeatLayer::setGridSize(int size)
{
    if (size == m_grid.size() || size < HeatGrid::kTileCells) {
        return;
    }
    cancelBuild(); // a picture on its way has the old size
    m_grid = HeatGrid(size, m_grid.halfLifeSeconds());
    m_domain.reset();
    m_image = QImage();
    m_textureBase = -1;
    m_resetNode = true;
    m_gridDirty = true;
    emit gridSizeChanged();
    update();
}

double HeatLayer::intensityAt(QPointF itemPixel) const
{
    if (!camera()) {
        return 0.0;
    }
    const QPointF world = camera()->pixelToWorld(itemPixel);
    return m_grid.valueAt(world.x(), world.y(), visibleChannelMask(), clockMs());
}

void HeatLayer::viewChanged()
{
    update();
}

void HeatLayer::followModel(EventFeed *model)
{
    setHalfLifeSeconds(model->halfLifeSeconds());
    connect(model, &EventFeed::halfLifeSecondsChanged, this,
            [this, model] { setHalfLifeSeconds(model->halfLifeSeconds()); });
}

void HeatLayer::scheduleUpload()
{
    const qint64 since = m_sinceUpload.isValid() ? m_sinceUpload.elapsed() : kUploadIntervalMs;
    if (!m_uploadedOnce || since >= kUploadIntervalMs) {
        update();
    } else if (!m_uploadTimer.isActive()) {
        m_uploadTimer.start(int(kUploadIntervalMs - since));
    }
}

void HeatLayer::onDecayTick()
{
    const double idleHalfLives = double(clockMs() - m_lastSplatMs) / 1000.0 / m_grid.halfLifeSeconds();
    if (m_grid.empty() || idleHalfLives > kFadedHalfLives) {
        m_decayTimer.stop();
    }
    update();
}

uint32_t HeatLayer::visibleChannelMask() const
{
    uint32_t mask = 0;
    for (int type = 0; type < kMaxTypes; ++type) {
        if (isTypeVisible(type)) {
            mask |= 1U << channelForType(type);
        }
    }
    return mask;
}

float HeatLayer::currentSigmaCells() const
{
    if (!camera()) {
        return 2.0F;
    }
    // Cells are world-sized, the kernel is pixel-sized: a wider kernel in cells when zoomed out, so a
    // lone event still glows at world view; bounded so a splat stays a few hundred cells at most.
    const double pixelsPerCell = camera()->scale() / m_grid.size();
    return std::clamp(float(m_kernelPixels / pixelsPerCell), kMinSigmaCells, kMaxSigmaCells);
}

// The encoding base that puts the domain max at kDomainCode, as of `nowMs` (stored values grow with the
// lazy decay's factor, so the base climbs one octave per half-life).
int HeatLayer::wantedBase(int64_t nowMs) const
{
    const double stored = m_domain.value() * std::exp2(m_grid.scaleLog2(nowMs));
    return std::max(0, int(heatcodec::pseudoLog(float(std::min(stored, 1e30)))) - kDomainCode);
}

// Render thread, GUI thread blocked (sync): reads the grid, encodes the dirty tiles into the image and
// hands it to the scene graph. The encoding is proportional to the changed tiles, never to events.
void HeatLayer::encodeAndUpload(HeatNode *node, int64_t nowMs)
{
    QElapsedTimer timer;
    timer.start();
    const int wantBase = wantedBase(nowMs);
    const uint32_t mask = visibleChannelMask();
    if (m_textureBase < 0 || std::abs(wantBase - m_textureBase) > kRebaseSlack || mask != m_encodedMask) {
        m_textureBase = wantBase;
        m_encodedMask = mask;
        m_grid.markAllDirty();
    }
    const int size = m_grid.size();
    if (m_image.width() != size) {
        // The scene graph uploads ARGB32_Premultiplied as BGRA8 without converting (the bytes are codes, not
        // colors), and BGRA is Mesa's own order: a 4 MB upload measured well under a millisecond here, where
        // RGBA8888 cost about 10 ms in the driver's swizzle.
        m_image = QImage(size, size, QImage::Format_ARGB32_Premultiplied);
        m_image.fill(0);
        m_grid.markAllDirty();
    }
    std::array<float, HeatGrid::kMaxChannels> weights{};
    for (int c = 0; c < HeatGrid::kMaxChannels; ++c) {
        weights[size_t(c)] = (mask & (1U << c)) ? 1.0F : 0.0F;
    }
    uchar *bits = m_image.bits();
    const auto stride = size_t(m_image.bytesPerLine());
    const int tiles = m_grid.tilesPerSide();
    for (int ty = 0; ty < tiles; ++ty) {
        for (int tx = 0; tx < tiles; ++tx) {
            if (m_grid.isTileDirty(tx, ty)) {
                heatcodec::encodeTile(m_grid, tx, ty, m_textureBase, weights, bits, stride);
            }
        }
    }
    m_grid.clearDirty();
    node->setHeatTexture(window()->createTextureFromImage(m_image));
    m_gridDirty = false;
    m_uploadedOnce = true;
    m_sinceUpload.start();
    m_lastEncodeMs = double(timer.nsecsElapsed()) / 1e6;
    ++m_uploadCount;
}

// Quads over the tiles whose heat can show (their peak bound reaches the ramp), for every world copy in
// view, merged along rows. Bounded by the tile count: the per-frame cost never depends on events.
void HeatLayer::updateQuads(HeatNode *node, int64_t nowMs)
{
    MapCamera *cam = camera();
    std::vector<std::pair<QRectF, QRectF>> quads;
    if (m_grid.empty() || m_textureBase < 0) {
        node->setQuads(quads);
        m_lastQuadCount = 0;
        return;
    }
    const auto threshold = float(m_domain.value() * std::exp2(m_grid.scaleLog2(nowMs) - double(kRangeOctaves)));
    const uint32_t mask = m_encodedMask;
    const int tiles = m_grid.tilesPerSide();
    const double tileWorld = 1.0 / tiles;
    const QRectF view(0, 0, width(), height());
    const auto [firstCopy, lastCopy] = cam->visibleCopies();
    for (int ty = 0; ty < tiles; ++ty) {
        const double wy0 = ty * tileWorld;
        const double py0 = cam->worldToPixel(QPointF(cam->center().x(), wy0)).y();
        const double py1 = cam->worldToPixel(QPointF(cam->center().x(), wy0 + tileWorld)).y();
        if (py1 < 0 || py0 > view.height()) {
            continue;
        }
        for (int copy = firstCopy; copy <= lastCopy; ++copy) {
            for (int tx = 0; tx < tiles;) {
                if (m_grid.tilePeak(tx, ty, mask) < threshold) {
                    ++tx;
                    continue;
                }
                const int run = tx;
                while (tx < tiles && m_grid.tilePeak(tx, ty, mask) >= threshold) {
                    ++tx;
                }
                const QRectF world(QPointF(copy + run * tileWorld, wy0),
                                   QPointF(copy + tx * tileWorld, wy0 + tileWorld));
                const QRectF pixels(cam->worldToPixel(world.topLeft()), cam->worldToPixel(world.bottomRight()));
                const QRectF clipped = pixels.intersected(view);
                if (clipped.isEmpty()) {
                    continue;
                }
                // Clip to the view, keeping the texture mapping: fragments outside it cost nothing anyway,
                // but huge quads at high zoom would strain float precision.
                const QRectF shown(cam->pixelToWorld(clipped.topLeft()), cam->pixelToWorld(clipped.bottomRight()));
                quads.emplace_back(clipped, shown);
            }
        }
    }
    node->setQuads(quads);
    m_lastQuadCount = int(quads.size());
}

QSGNode *HeatLayer::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    auto *node = static_cast<HeatNode *>(oldNode);
    MapCamera *cam = camera();
    if (!cam || width() <= 0 || height() <= 0) {
        delete node;
        // The texture went with the node: everything is re-encoded for the next one.
        m_textureBase = -1;
        m_uploadedOnce = false;
        m_gridDirty = true;
        return nullptr;
    }
    if (!node) {
        // A new node (first frame, or the scene graph was rebuilt): encode everything into its texture.
        node = new HeatNode(window());
        m_textureBase = -1;
        m_gridDirty = true;
    } else if (m_resetNode) {
        node->resetHeatTexture();
    }
    m_resetNode = false;
    const int64_t now = clockMs();

    // Re-encode at once (no throttling) when the texture would show the wrong thing: new node, types
    // shown or hidden, or the domain moved out of the code window (e.g. its first adaptation).
    const bool maskChanged = visibleChannelMask() != m_encodedMask;
    const bool baseDrifted =
        m_textureBase >= 0 && !m_grid.empty() && std::abs(wantedBase(now) - m_textureBase) > kRebaseSlack;
    if (m_textureBase < 0 || maskChanged || baseDrifted ||
        (m_gridDirty && (!m_uploadedOnce || m_sinceUpload.elapsed() >= kUploadIntervalMs))) {
        encodeAndUpload(node, now);
    }

    // The domain's percentile, a slice of rows per frame (a whole sweep at once when frames are rare).
    if (!m_domain.pinned()) {
        const qint64 sinceStep = m_sinceDomainStep.isValid() ? m_sinceDomainStep.restart() : kSweepMs;
        if (!m_sinceDomainStep.isValid()) {
            m_sinceDomainStep.start();
        }
        const int rows = int(std::min<int64_t>(m_grid.size(), m_grid.size() * sinceStep / kSweepMs + 1));
        if (m_domain.step(m_grid, rows, now)) {
            const double value = m_domain.value();
            if (std::abs(value - m_domainMax) > 0.01 * m_domainMax) {
                m_domainMax = value;
                QMetaObject::invokeMethod(this, &HeatLayer::domainMaxChanged, Qt::QueuedConnection);
            }
        }
    }

    updateQuads(node, now);

    // t = 1 + log2(value / domain) / range, with log2(value) = (code + base + 1/2) / 16 - 127 - decay.
    HeatMaterial::Params &p = node->heatMaterial()->params;
    const double base = std::max(m_textureBase, 0) + 0.5;
    const double perOctave = heatcodec::kCodesPerOctave;
    p.codeScale = float(1.0 / (perOctave * kRangeOctaves));
    p.codeOffset = float(1.0 + (base / perOctave - 127.0 - m_grid.scaleLog2(now) - std::log2(m_domain.value())) /
                                   double(kRangeOctaves));
    node->markDirty(QSGNode::DirtyMaterial);
    return node;
}

} // namespace pulsemap
