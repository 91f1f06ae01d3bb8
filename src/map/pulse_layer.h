// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_layer.h"
#include "pulse_material.h"

#include <vector>

namespace pulsemap {

// Each new event as a pulse: a white-hot pop, an expanding ring, a colored dot fading over fadeSeconds.
// Pulses live in a fixed ring of `capacity` point sprites; aging happens in the shader from a time
// uniform, so a frame costs the same whether ten or ten thousand events arrive per second. Above what
// the ring can show within fadeSeconds (capacity / fadeSeconds pulses a second), a stride sample of each
// batch becomes pulses (the heat layer shows the density); only events in view and of shown types
// compete for that budget, and only some pulses get a ring (rings dominate the fill rate).
// Redraws only while a pulse is alive.
//
// Threading: events, properties and clear() run on the GUI thread and write the slot ring and its dirty
// range. updatePaintNode() runs on the render thread while the GUI thread is blocked: it copies the dirty
// slots into the nodes' vertex buffers and sets the material's uniforms (the sync protects the ring, no
// lock). The window's frameSwapped, emitted on the render thread, reaches onFrameSwapped() queued on the
// GUI thread. PulseNode and PulseMaterial live on the render thread.
//
// The base is named with its namespace: Qt 6.4's qmltyperegistrar leaves an unqualified one out of the
// qmltypes, and qmllint then knows none of the inherited properties.
class PulseLayer : public pulsemap::EventLayer
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(double fadeSeconds READ fadeSeconds WRITE setFadeSeconds NOTIFY fadeSecondsChanged FINAL)
    Q_PROPERTY(int capacity READ capacity WRITE setCapacity NOTIFY capacityChanged FINAL)
    Q_PROPERTY(double pulseScale READ pulseScale WRITE setPulseScale NOTIFY pulseScaleChanged FINAL)
    Q_PROPERTY(int maxRings READ maxRings WRITE setMaxRings NOTIFY maxRingsChanged FINAL)

public:
    explicit PulseLayer(QQuickItem *parent = nullptr);

    void appendEvents(std::span<const LiveEvent> events) override;
    Q_INVOKABLE void clear() override;

    [[nodiscard]] double fadeSeconds() const { return m_fadeSeconds; }
    void setFadeSeconds(double seconds);
    [[nodiscard]] int capacity() const { return int(m_slots.size()); }
    void setCapacity(int capacity); // clears the pulses
    [[nodiscard]] double pulseScale() const { return m_pulseScale; }
    void setPulseScale(double scale);
    // Rings alive at once, at most (each is a large sprite).
    [[nodiscard]] int maxRings() const { return m_maxRings; }
    void setMaxRings(int rings);

    // Pulses alive at the layer's clock (for tests and the status line).
    [[nodiscard]] Q_INVOKABLE int alivePulses() const;

signals:
    void fadeSecondsChanged();
    void capacityChanged();
    void pulseScaleChanged();
    void maxRingsChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void itemChange(ItemChange change, const ItemChangeData &value) override;

private:
    void store(const LiveEvent &event, int64_t birthMs, bool ring);
    void moveOrigin(int64_t nowMs);
    void onFrameSwapped();
    [[nodiscard]] bool anyAlive(int64_t nowMs) const { return nowMs < m_lastBirthMs + int64_t(m_fadeSeconds * 1000); }
    uint32_t random();

    std::vector<PulseVertex> m_slots;
    int m_next = 0;
    int m_dirtyFrom = 0;  // first slot written since the last sync
    int m_dirtyCount = 0; // slots written since the last sync (wrapping), capacity = all
    bool m_resetNodes = false;
    int64_t m_originMs = 0;
    bool m_hasOrigin = false;
    int64_t m_lastBirthMs = INT64_MIN / 2;
    int64_t m_lastRefillMs = 0;
    double m_tokens = 0;
    double m_ringTokens = 0;
    uint32_t m_rng = 0x9e3779b9U;
    double m_fadeSeconds = 5;
    double m_pulseScale = 1;
    int m_maxRings = 128;
    QMetaObject::Connection m_frameConnection;
};

} // namespace pulsemap
