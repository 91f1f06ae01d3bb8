// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "live_event.h"

#include <QColor>
#include <QList>
#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <span>

namespace pulsemap {

// What the event layers (HeatLayer, PulseLayer) observe: new events, already projected, and the state
// that decides how they are drawn (per-type colors and visibility, the heat's half-life). The model side
// (the app's LiveModel) derives from it and knows nothing of the layers; a layer follows a feed through
// its `model` property (`heat.model: live` in QML). Plain QtCore/QtGui: no Qt Quick needed to publish.
//
// Threading: GUI thread only. eventsAdded() is delivered by direct connection while the span is valid
// (the span points into the publisher's reusable buffer: observers copy what they keep, and must not be
// connected across threads).
class EventFeed : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(QList<QColor> typeColors READ typeColors NOTIFY typeColorsChanged FINAL)
    Q_PROPERTY(int visibleTypeMask READ visibleTypeMask NOTIFY visibleTypeMaskChanged FINAL)
    Q_PROPERTY(double halfLifeSeconds READ halfLifeSeconds WRITE setHalfLifeSeconds NOTIFY halfLifeSecondsChanged FINAL)
    Q_PROPERTY(bool frozen READ frozen NOTIFY frozenChanged FINAL)

public:
    explicit EventFeed(QObject *parent = nullptr);

    // Color of type index i at i (fewer than kMaxEventTypes when fewer types were seen).
    [[nodiscard]] QList<QColor> typeColors() const { return m_typeColors; }
    // Bit i set: type index i is shown. Types never seen are shown.
    [[nodiscard]] int visibleTypeMask() const { return int(m_visibleMask); }
    // How fast the heat fades; the feed's own observers (hotspots) follow it too.
    [[nodiscard]] double halfLifeSeconds() const { return m_halfLifeSeconds; }
    // Ignores values that are not positive.
    virtual void setHalfLifeSeconds(double seconds);
    // True while the picture must stand still (a paused replay, a seek in flight): the layers stop their
    // clocks, so the heat neither fades nor do pulses move.
    [[nodiscard]] bool frozen() const { return m_frozen; }

signals:
    // New events since the last emission, at most one emission per source batch.
    void eventsAdded(std::span<const pulsemap::LiveEvent> events);
    // The heat is replaced by these (a seek: the picture of another moment, rebuilt); pulses are cleared.
    // Each event's weight is what it adds as of its time. Same delivery rules as eventsAdded().
    void heatReplaced(std::span<const pulsemap::LiveEvent> heat);
    void frozenChanged();
    void typeColorsChanged();
    void visibleTypeMaskChanged();
    void halfLifeSecondsChanged();

protected:
    void publishEvents(std::span<const LiveEvent> events);
    void publishHeat(std::span<const LiveEvent> heat) { emit heatReplaced(heat); }
    void setFrozen(bool frozen);
    void setTypeColors(const QList<QColor> &colors);
    void setVisibleTypeMask(uint32_t mask);

private:
    QList<QColor> m_typeColors;
    uint32_t m_visibleMask = kAllEventTypes;
    double m_halfLifeSeconds = 600;
    bool m_frozen = false;
};

} // namespace pulsemap
