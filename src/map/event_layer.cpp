// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event_layer.h"

#include "core/clock.h"

namespace pulsemap {

namespace {
// Vivid hues that stay apart on a dark basemap and from the heat ramp's purples: cyan, amber, lime,
// pink, violet, gold, teal, coral, then lighter variants; one per type the map tells apart.
QList<QColor> defaultPalette()
{
    QList<QColor> palette = {QColor(0x38, 0xd6, 0xff), QColor(0xff, 0xb0, 0x3a), QColor(0x8d, 0xff, 0x5c),
                             QColor(0xff, 0x5c, 0xb8), QColor(0xa8, 0x8c, 0xff), QColor(0xff, 0xe0, 0x4a),
                             QColor(0x3d, 0xff, 0xc8), QColor(0xff, 0x6e, 0x5a), QColor(0x9c, 0xe8, 0xff),
                             QColor(0xff, 0xd0, 0x9a), QColor(0xc8, 0xff, 0xa8), QColor(0xff, 0xa8, 0xd8)};
    Q_ASSERT(palette.size() == EventLayer::kMaxTypes);
    return palette;
}
} // namespace

EventLayer::EventLayer(QQuickItem *parent) : MapLayer(parent), m_typeColors(defaultPalette())
{
    m_epochAtStart = systemNowMs();
    m_monotonic.start();
}

void EventLayer::setModel(EventFeed *model)
{
    if (model == m_model) {
        return;
    }
    if (m_model) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    if (model) {
        connect(model, &EventFeed::eventsAdded, this, &EventLayer::appendEvents);
        connect(model, &EventFeed::heatReplaced, this, &EventLayer::replaceHeat);
        // A frozen model pins the clock where it is; thawing returns to the running clock.
        connect(model, &EventFeed::frozenChanged, this, [this, model] {
            if (model->frozen()) {
                setClockMs(clockMs());
            } else {
                resetClock();
            }
        });
        connect(model, &EventFeed::typeColorsChanged, this, [this, model] { setTypeColors(model->typeColors()); });
        connect(model, &EventFeed::visibleTypeMaskChanged, this,
                [this, model] { setVisibleTypeMask(model->visibleTypeMask()); });
        if (!model->typeColors().isEmpty()) {
            setTypeColors(model->typeColors());
        }
        setVisibleTypeMask(model->visibleTypeMask());
        if (model->frozen()) {
            setClockMs(clockMs()); // a model paused before this layer came (a compared replay opened paused)
        }
        followModel(model);
    }
    emit modelChanged();
}

void EventLayer::setTypeColors(const QList<QColor> &colors)
{
    if (colors == m_typeColors) {
        return;
    }
    m_typeColors = colors.mid(0, kMaxTypes);
    emit typeColorsChanged();
    viewChanged();
}

QColor EventLayer::typeColor(int typeIndex) const
{
    if (m_typeColors.isEmpty()) {
        return QColor(Qt::white);
    }
    return m_typeColors.at(typeIndex % m_typeColors.size());
}

void EventLayer::setVisibleTypeMask(int mask)
{
    if (uint32_t(mask) == m_visibleMask) {
        return;
    }
    m_visibleMask = uint32_t(mask);
    emit visibleTypeMaskChanged();
    viewChanged();
}

void EventLayer::setTypeVisible(int typeIndex, bool visible)
{
    if (typeIndex < 0 || typeIndex >= kMaxTypes) {
        return;
    }
    const uint32_t bit = 1U << typeIndex;
    setVisibleTypeMask(int(visible ? (m_visibleMask | bit) : (m_visibleMask & ~bit)));
}

bool EventLayer::isTypeVisible(int typeIndex) const
{
    return typeIndex >= 0 && typeIndex < kMaxTypes && (m_visibleMask & (1U << typeIndex)) != 0;
}

qint64 EventLayer::clockMs() const
{
    if (m_clock) {
        return m_clock();
    }
    if (m_pinnedMs >= 0) {
        return m_pinnedMs;
    }
    return m_epochAtStart + m_monotonic.elapsed();
}

void EventLayer::setClockMs(qint64 ms)
{
    m_clock = {};
    m_pinnedMs = ms;
    emit clockChanged();
    viewChanged();
}

void EventLayer::resetClock()
{
    setClock({});
}

void EventLayer::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_pinnedMs = -1;
    emit clockChanged();
    viewChanged();
}

} // namespace pulsemap
