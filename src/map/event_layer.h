// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/clock.h"
#include "event_feed.h"
#include "live_event.h"
#include "map_layer.h"

#include <QColor>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <span>

namespace pulsemap {

// What the pulse and heat layers share: the clock they animate by, the per-type colors and visibility,
// and the feed they observe (`model`: new events, colors, visibility; HeatLayer also takes its half-life
// from it). Colors and visibility can also be written directly (tests, a layer without a model); a model
// overwrites them whenever its own change. Not creatable from QML.
//
// Threading: properties, appendEvents() and the model's signals run on the GUI thread. updatePaintNode()
// of the subclasses runs on the render thread while the GUI thread is blocked in the scene graph's sync:
// only then may it read and write the layer's state (events kept, colors, mask, clock), without locks.
// Nothing is shared with the render thread outside that sync: the nodes get copies.
//
// The base is named with its namespace: Qt 6.4's qmltyperegistrar leaves an unqualified one out of the
// qmltypes, and qmllint then knows none of the inherited properties.
class EventLayer : public pulsemap::MapLayer
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(pulsemap::EventFeed *model READ model WRITE setModel NOTIFY modelChanged FINAL)
    Q_PROPERTY(QList<QColor> typeColors READ typeColors WRITE setTypeColors NOTIFY typeColorsChanged FINAL)
    Q_PROPERTY(int visibleTypeMask READ visibleTypeMask WRITE setVisibleTypeMask NOTIFY visibleTypeMaskChanged FINAL)
    Q_PROPERTY(qint64 clockMs READ clockMs WRITE setClockMs RESET resetClock NOTIFY clockChanged FINAL)

public:
    static constexpr int kMaxTypes = kMaxEventTypes;

    explicit EventLayer(QQuickItem *parent = nullptr);

    // The feed this layer draws: its events are appended as they come, its colors, visibility (and, for
    // the heat, half-life) replace the layer's. Null: nothing arrives (appendEvents() still works).
    [[nodiscard]] EventFeed *model() const { return m_model; }
    void setModel(EventFeed *model);

    [[nodiscard]] QList<QColor> typeColors() const { return m_typeColors; }
    void setTypeColors(const QList<QColor> &colors);
    // The color of a type; types beyond the table reuse it cyclically.
    [[nodiscard]] QColor typeColor(int typeIndex) const;

    [[nodiscard]] int visibleTypeMask() const { return int(m_visibleMask); }
    void setVisibleTypeMask(int mask);
    Q_INVOKABLE void setTypeVisible(int typeIndex, bool visible);
    [[nodiscard]] Q_INVOKABLE bool isTypeVisible(int typeIndex) const;

    // The layer's notion of "now" in Unix ms. By default a monotonic clock anchored to the wall clock at
    // construction, so an NTP step never makes pulses jump; tests pin it (writing clockMs, which redraws)
    // or inject a function (then call update() after moving it). Resetting goes back to the default.
    [[nodiscard]] qint64 clockMs() const;
    void setClockMs(qint64 ms);
    void resetClock();
    void setClock(Clock clock);

    // New events since the last call: from the model's eventsAdded() on the GUI thread, at most once per frame.
    // Costs O(events) and allocates nothing in steady state.
    virtual void appendEvents(std::span<const LiveEvent> events) = 0;
    // Forgets every event (a new campaign, a replay seek).
    Q_INVOKABLE virtual void clear() = 0;

signals:
    void modelChanged();
    void typeColorsChanged();
    void visibleTypeMaskChanged();
    void clockChanged();

protected:
    // Where an event starts on the layer's clock: its own timestamp when it is recent (so one frame's
    // batch keeps its natural stagger), "now" when it is late or replayed from the past (so it still
    // shows) or claims to come from the future.
    [[nodiscard]] int64_t startTimeMs(int64_t eventMs, int64_t nowMs) const
    {
        return (eventMs > nowMs || nowMs - eventMs > kMaxLagMs) ? nowMs : eventMs;
    }
    // Called on the GUI thread when the camera moved, the clock was set or colors/visibility changed.
    virtual void viewChanged() { update(); }
    void cameraMoved() override { viewChanged(); }
    // GUI thread: a new model was set (never null); the base already follows its events, colors and
    // visibility. Subclasses connect what else they need (with `this` as context: setModel() disconnects).
    virtual void followModel(EventFeed *model) { Q_UNUSED(model); }
    // GUI thread: the model replaced the heat (a seek). By default the layer starts over empty.
    virtual void replaceHeat(std::span<const LiveEvent> heat)
    {
        Q_UNUSED(heat);
        clear();
    }

private:
    static constexpr int64_t kMaxLagMs = 1000;

    QPointer<EventFeed> m_model;
    QList<QColor> m_typeColors;
    uint32_t m_visibleMask = 0xffffffffU;
    Clock m_clock; // empty: the monotonic default below
    qint64 m_pinnedMs = -1;
    int64_t m_epochAtStart = 0;
    QElapsedTimer m_monotonic;
};

} // namespace pulsemap
