// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event_feed.h"

namespace pulsemap {

EventFeed::EventFeed(QObject *parent) : QObject(parent) {}

void EventFeed::setHalfLifeSeconds(double seconds)
{
    if (!(seconds > 0) || seconds == m_halfLifeSeconds) {
        return;
    }
    m_halfLifeSeconds = seconds;
    emit halfLifeSecondsChanged();
}

void EventFeed::publishEvents(std::span<const LiveEvent> events)
{
    if (!events.empty()) {
        emit eventsAdded(events);
    }
}

void EventFeed::setFrozen(bool frozen)
{
    if (frozen != m_frozen) {
        m_frozen = frozen;
        emit frozenChanged();
    }
}

void EventFeed::setTypeColors(const QList<QColor> &colors)
{
    if (colors == m_typeColors) {
        return;
    }
    m_typeColors = colors;
    emit typeColorsChanged();
}

void EventFeed::setVisibleTypeMask(uint32_t mask)
{
    if (mask == m_visibleMask) {
        return;
    }
    m_visibleMask = mask;
    emit visibleTypeMaskChanged();
}

} // namespace pulsemap
