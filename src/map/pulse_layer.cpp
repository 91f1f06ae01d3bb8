// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "pulse_layer.h"

#include "map_camera.h"

#include <QQuickWindow>
#include <QSGTransformNode>

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {
// Pulse times are float seconds after an origin; moving the origin every few minutes keeps them far
// from float32's precision limits (float32 cannot hold epoch milliseconds: docs/architecture.md, "Time").
constexpr int64_t kOriginShiftMs = int64_t{5} * 60 * 1000;
constexpr float kRingSeconds = 2.5F;
constexpr float kPopSeconds = 0.7F;
constexpr float kRingRadiusPx = 18.0F;
constexpr int kMaxCopies = 8;
// Slightly larger pulses when zoomed in (fewer, more isolated points), bounded.
constexpr double kZoomGrowth = 0.06;
constexpr double kMaxZoomSteps = 8.0;

void copySlots(const std::vector<PulseVertex> &source, PulseVertex *target, int from, int count)
{
    const int capacity = int(source.size());
    const int first = std::min(count, capacity - from);
    std::copy_n(source.begin() + from, first, target + from);
    std::copy_n(source.begin(), count - first, target);
}
} // namespace

PulseLayer::PulseLayer(QQuickItem *parent) : EventLayer(parent), m_slots(4096)
{
    m_tokens = double(capacity()) / 4;
    m_ringTokens = std::max(1.0, double(m_maxRings) / 4);
}

void PulseLayer::appendEvents(std::span<const LiveEvent> events)
{
    if (events.empty() || m_slots.empty()) {
        return;
    }
    const int64_t now = clockMs();
    if (!m_hasOrigin) {
        m_originMs = now;
        m_lastRefillMs = now;
        m_hasOrigin = true;
    } else if (now - m_originMs > kOriginShiftMs || now < m_originMs) {
        moveOrigin(now);
    }

    // Token buckets: pulses at the rate the ring can show within fadeSeconds without overwriting live
    // ones; rings at the rate that keeps maxRings alive at once. Bursts up to a quarter of either.
    const double dt = std::clamp(double(now - m_lastRefillMs) / 1000.0, 0.0, m_fadeSeconds);
    m_lastRefillMs = now;
    const double burst = std::max(1.0, double(capacity()) / 4);
    m_tokens = std::min(m_tokens + dt * double(capacity()) / m_fadeSeconds, burst);
    const double ringBurst = std::max(1.0, double(m_maxRings) / 4);
    m_ringTokens = std::min(m_ringTokens + dt * double(m_maxRings) / double(kRingSeconds), ringBurst);

    // Only events that can be seen compete for the budget: in (or just around) the view, of a shown type.
    // Zoomed in on a region, its pulses are then as lively as the whole world's at world view.
    MapCamera *cam = camera();
    const bool wholeWorld = !cam || width() / cam->scale() >= 1.0;
    const double margin = cam ? 2.0 * kRingRadiusPx * m_pulseScale / cam->scale() : 0.0;
    const double halfWidth = cam ? width() / 2.0 / cam->scale() + margin : 1.0;
    const double halfHeight = cam ? height() / 2.0 / cam->scale() + margin : 1.0;
    const QPointF center = cam ? cam->center() : QPointF(0.5, 0.5);
    const auto types = uint32_t(visibleTypeMask());
    const auto seen = [&](const LiveEvent &e) {
        if (e.typeIndex >= kMaxTypes || (types & (1U << e.typeIndex)) == 0) {
            return false;
        }
        if (wholeWorld) {
            return true;
        }
        double dx = double(e.worldX) - center.x();
        dx -= std::round(dx); // the nearest world copy
        return std::abs(dx) <= halfWidth && std::abs(double(e.worldY) - center.y()) <= halfHeight;
    };
    size_t candidates = 0;
    for (const LiveEvent &e : events) {
        candidates += seen(e) ? 1 : 0;
    }
    const size_t take = std::min(candidates, size_t(m_tokens));
    if (take == 0) {
        return;
    }
    m_tokens -= double(take);
    // A stride sample with a random phase, spread over the whole batch (a batch is in arrival order, so
    // this samples all its sources and places evenly).
    const double step = double(candidates) / double(take);
    double next = step * double(random()) / 4294967296.0;
    size_t index = 0;
    size_t taken = 0;
    for (const LiveEvent &event : events) {
        if (taken == take) {
            break;
        }
        if (!seen(event)) {
            continue;
        }
        if (double(index++) >= std::floor(next)) {
            next += step;
            ++taken;
            const bool ring = m_ringTokens >= 1.0;
            if (ring) {
                m_ringTokens -= 1.0;
            }
            store(event, startTimeMs(event.tsMs, now), ring);
        }
    }
    update();
}

void PulseLayer::store(const LiveEvent &event, int64_t birthMs, bool ring)
{
    if (!(event.worldX >= 0.0F && event.worldX <= 1.0F && event.worldY >= 0.0F && event.worldY <= 1.0F)) {
        return; // NaN or outside the world
    }
    PulseVertex &v = m_slots[size_t(m_next)];
    v.x = event.worldX;
    v.y = event.worldY;
    v.birth = float(double(birthMs - m_originMs) / 1000.0);
    v.type = event.typeIndex; // below kMaxTypes: seen() let it through
    v.flags = ring ? PulseVertex::kRingFlag : 0;
    v.seed = uint8_t(random() >> 24);
    if (m_dirtyCount == 0) {
        m_dirtyFrom = m_next;
    }
    m_dirtyCount = std::min(m_dirtyCount + 1, capacity());
    m_next = (m_next + 1) % capacity();
    m_lastBirthMs = std::max(m_lastBirthMs, birthMs);
}

void PulseLayer::moveOrigin(int64_t nowMs)
{
    const auto shift = float(double(nowMs - m_originMs) / 1000.0);
    for (PulseVertex &v : m_slots) {
        v.birth -= shift;
    }
    m_originMs = nowMs;
    m_dirtyFrom = 0;
    m_dirtyCount = capacity();
}

uint32_t PulseLayer::random()
{
    // xorshift32: sampling phases and size jitter need no more.
    m_rng ^= m_rng << 13;
    m_rng ^= m_rng >> 17;
    m_rng ^= m_rng << 5;
    return m_rng;
}

void PulseLayer::clear()
{
    std::fill(m_slots.begin(), m_slots.end(), PulseVertex{});
    m_next = 0;
    m_dirtyFrom = 0;
    m_dirtyCount = capacity();
    m_lastBirthMs = INT64_MIN / 2;
    update();
}

void PulseLayer::setFadeSeconds(double seconds)
{
    if (!(seconds > 0) || seconds == m_fadeSeconds) {
        return;
    }
    m_fadeSeconds = seconds;
    emit fadeSecondsChanged();
    update();
}

void PulseLayer::setCapacity(int capacity)
{
    capacity = std::max(capacity, 1);
    if (capacity == this->capacity()) {
        return;
    }
    m_slots.assign(size_t(capacity), PulseVertex{});
    m_next = 0;
    m_dirtyFrom = 0;
    m_dirtyCount = capacity;
    m_tokens = std::max(1.0, double(capacity) / 4);
    m_resetNodes = true;
    emit capacityChanged();
    update();
}

void PulseLayer::setPulseScale(double scale)
{
    if (!(scale > 0) || scale == m_pulseScale) {
        return;
    }
    m_pulseScale = scale;
    emit pulseScaleChanged();
    update();
}

void PulseLayer::setMaxRings(int rings)
{
    rings = std::max(rings, 0);
    if (rings == m_maxRings) {
        return;
    }
    m_maxRings = rings;
    m_ringTokens = std::min(m_ringTokens, std::max(1.0, double(rings) / 4));
    emit maxRingsChanged();
}

int PulseLayer::alivePulses() const
{
    if (!m_hasOrigin) {
        return 0;
    }
    const double age0 = double(clockMs() - m_originMs) / 1000.0;
    return int(std::count_if(m_slots.begin(), m_slots.end(), [&](const PulseVertex &v) {
        const double age = age0 - double(v.birth);
        return age >= 0.0 && age < m_fadeSeconds && isTypeVisible(v.type);
    }));
}

void PulseLayer::itemChange(ItemChange change, const ItemChangeData &value)
{
    if (change == ItemSceneChange) {
        disconnect(m_frameConnection);
        if (value.window) {
            // Keep animating while something is alive: one update per presented frame. Queued, since the
            // threaded render loop emits frameSwapped on the render thread.
            m_frameConnection = connect(value.window, &QQuickWindow::frameSwapped, this, &PulseLayer::onFrameSwapped,
                                        Qt::QueuedConnection);
        }
    }
    EventLayer::itemChange(change, value);
}

void PulseLayer::onFrameSwapped()
{
    if (anyAlive(clockMs())) {
        update();
    }
}

// Render thread, GUI thread blocked: copies the slots written since the last sync into each world copy's
// geometry (O(new pulses)), then sets the per-frame uniforms.
QSGNode *PulseLayer::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    MapCamera *cam = camera();
    if (!cam || m_slots.empty()) {
        delete oldNode;
        return nullptr;
    }
    QSGNode *root = oldNode ? oldNode : new QSGNode;
    if (m_resetNodes) {
        while (QSGNode *child = root->firstChild()) {
            root->removeChildNode(child);
            delete child;
        }
        m_resetNodes = false;
    }
    // One transform node per world copy in view, each with its own copy of the (bounded) sprite buffer.
    // Copies just outside the view count too: their rings reach into it.
    const double halfWidth = width() / 2.0 / cam->scale();
    const double margin = 2.0 * kRingRadiusPx * m_pulseScale / cam->scale();
    const int firstCopy = int(std::floor(cam->center().x() - halfWidth - margin));
    const int lastCopy = int(std::floor(cam->center().x() + halfWidth + margin));
    const int wanted = std::clamp(lastCopy - firstCopy + 1, 1, kMaxCopies);
    while (root->childCount() > wanted) {
        QSGNode *last = root->lastChild();
        root->removeChildNode(last);
        delete last;
    }
    if (m_dirtyCount > 0) {
        for (QSGNode *t = root->firstChild(); t; t = t->nextSibling()) {
            auto *node = static_cast<PulseNode *>(t->firstChild());
            copySlots(m_slots, node->vertices(), m_dirtyFrom, m_dirtyCount);
            node->markDirty(QSGNode::DirtyGeometry);
        }
        m_dirtyCount = 0;
    }
    while (root->childCount() < wanted) {
        auto *transform = new QSGTransformNode;
        auto *node = new PulseNode(capacity());
        copySlots(m_slots, node->vertices(), 0, capacity());
        transform->appendChildNode(node);
        root->appendChildNode(transform);
    }

    PulseMaterial::Params params;
    params.timeS = m_hasOrigin ? float(double(clockMs() - m_originMs) / 1000.0) : 0.0F;
    params.fadeS = float(m_fadeSeconds);
    params.pixelRatio = window() ? float(window()->effectiveDevicePixelRatio()) : 1.0F;
    const double zoomSteps = std::clamp(cam->zoom() - cam->minimumZoom(), 0.0, kMaxZoomSteps);
    params.sizeScale = float(m_pulseScale * (1.0 + kZoomGrowth * zoomSteps));
    params.ringS = kRingSeconds;
    params.popS = kPopSeconds;
    params.ringRadius = kRingRadiusPx;
    for (int type = 0; type < kMaxTypes; ++type) {
        const QColor c = typeColor(type);
        params.colors[size_t(type)] = {float(c.redF()), float(c.greenF()), float(c.blueF()),
                                       isTypeVisible(type) ? 1.0F : 0.0F};
    }
    int copy = firstCopy;
    for (QSGNode *t = root->firstChild(); t; t = t->nextSibling(), ++copy) {
        static_cast<QSGTransformNode *>(t)->setMatrix(cam->worldMatrix(copy));
        auto *node = static_cast<PulseNode *>(t->firstChild());
        node->pulseMaterial()->params = params;
        node->markDirty(QSGNode::DirtyMaterial);
    }
    return root;
}

} // namespace pulsemap
