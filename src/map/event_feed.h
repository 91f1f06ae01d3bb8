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

signals:
    // New events since the last emission, at most one emission per source batch.
    void eventsAdded(std::span<const pulsemap::LiveEvent> events);
    void typeColorsChanged();
    void visibleTypeMaskChanged();
    void halfLifeSecondsChanged();

protected:
    void publishEvents(std::span<const LiveEvent> events);
    void setTypeColors(const QList<QColor> &colors);
    void setVisibleTypeMask(uint32_t mask);

private:
    QList<QColor> m_typeColors;
    uint32_t m_visibleMask = kAllEventTypes;
    double m_halfLifeSeconds = 600;
};

} // namespace pulsemap
