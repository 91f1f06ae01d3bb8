#include "live_model.h"

#include "core/event.h"
#include "map/heat_layer.h"
#include "map/mercator.h"
#include "map/pulse_layer.h"

#include <chrono>

namespace pulsemap {

namespace {
constexpr int kRateIntervalMs = 500;

int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
} // namespace

LiveModel::LiveModel(QObject *parent) : QObject(parent), m_clock(systemNowMs)
{
    m_perType.assign(TypeListModel::kMaxTypes, 0);
    m_lastRateMs = m_clock();
    m_rateTimer.setInterval(kRateIntervalMs);
    connect(&m_rateTimer, &QTimer::timeout, this, &LiveModel::updateRate);
    m_rateTimer.start();
    connect(&m_types, &TypeListModel::visibilityChanged, this, &LiveModel::applyVisibility);
    connect(&m_types, &TypeListModel::colorsChanged, this, [this] {
        if (m_heat) {
            m_heat->setTypeColors(m_types.colors());
        }
        if (m_pulse) {
            m_pulse->setTypeColors(m_types.colors());
        }
    });
}

LiveModel::~LiveModel() = default;

HeatLayer *LiveModel::heatLayer() const
{
    return m_heat.data();
}

PulseLayer *LiveModel::pulseLayer() const
{
    return m_pulse.data();
}

void LiveModel::setHeatLayer(HeatLayer *layer)
{
    if (m_heat == layer) {
        return;
    }
    m_heat = layer;
    if (m_heat) {
        m_heat->setTypeColors(m_types.colors());
        m_heat->setHalfLifeSeconds(m_halfLifeSeconds);
    }
    emit layersChanged();
}

void LiveModel::setPulseLayer(PulseLayer *layer)
{
    if (m_pulse == layer) {
        return;
    }
    m_pulse = layer;
    if (m_pulse) {
        m_pulse->setTypeColors(m_types.colors());
    }
    emit layersChanged();
}

void LiveModel::setHalfLifeSeconds(double seconds)
{
    if (seconds <= 0 || seconds == m_halfLifeSeconds) {
        return;
    }
    m_halfLifeSeconds = seconds;
    m_hotspots.setHalfLife(seconds);
    if (m_heat) {
        m_heat->setHalfLifeSeconds(seconds);
    }
    emit halfLifeChanged();
}

void LiveModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_lastRateMs = m_clock();
}

void LiveModel::addBatch(const EventBatch &batch)
{
    if (batch.empty()) {
        return;
    }
    const int64_t now = m_clock();
    m_scratch.clear();
    for (const Event &event : batch.events()) {
        const int typeIndex = m_types.indexOf(event.type.empty() ? std::string_view("hit") : batch.text(event.type));
        ++m_perType[static_cast<size_t>(typeIndex)];
        if (!event.located()) {
            ++m_unlocated;
            continue;
        }
        const QPointF world = mercator::project(event.lat, event.lon);
        LiveEvent live;
        live.worldX = static_cast<float>(world.x());
        live.worldY = static_cast<float>(world.y());
        // Sources hand over events as they become current; never in the future, or they would not fade.
        live.tsMs = std::min(event.tsMs, now);
        live.weight = event.weight;
        live.typeIndex = static_cast<uint8_t>(typeIndex);
        m_scratch.push_back(live);
        const std::string_view country =
            event.hasCountry() ? std::string_view(event.country.data(), 2) : std::string_view();
        m_hotspots.add(world.x(), world.y(), event.weight, live.tsMs, batch.text(event.city), country);
    }
    m_total += static_cast<qint64>(batch.size());
    if (m_heat) {
        m_heat->appendEvents(m_scratch);
    }
    if (m_pulse) {
        m_pulse->appendEvents(m_scratch);
    }
    emit countsChanged();
}

void LiveModel::updateRate()
{
    const int64_t now = m_clock();
    const double seconds = static_cast<double>(now - m_lastRateMs) / 1000.0;
    if (seconds <= 0) {
        return;
    }
    const double instant = static_cast<double>(m_total - m_countAtLastRate) / seconds;
    // Smoothed over a couple of seconds: readable on a wall, still reacts to bursts.
    const double rate = m_rate == 0 ? instant : 0.6 * m_rate + 0.4 * instant;
    m_countAtLastRate = m_total;
    m_lastRateMs = now;
    m_types.addCounts(m_perType);
    std::fill(m_perType.begin(), m_perType.end(), 0);
    if (std::abs(rate - m_rate) > 1e-9) {
        m_rate = rate < 0.05 ? 0 : rate;
        emit rateChanged();
    }
}

void LiveModel::applyVisibility(int index, bool visible)
{
    if (m_heat) {
        m_heat->setTypeVisible(index, visible);
    }
    if (m_pulse) {
        m_pulse->setTypeVisible(index, visible);
    }
}

QVariantMap LiveModel::hotspotAt(QPointF world) const
{
    const HotspotIndex::Hotspot spot = m_hotspots.at(world.x(), world.y(), m_clock());
    return {{"city", QString::fromStdString(spot.city)},
            {"country", QString::fromStdString(spot.country)},
            {"count", spot.count}};
}

QVariantList LiveModel::busiestRegions(int n) const
{
    QVariantList regions;
    for (const HotspotIndex::Hotspot &spot : m_hotspots.busiest(static_cast<size_t>(std::max(0, n)), m_clock())) {
        regions.append(QVariantMap{{"latitude", mercator::latitudeFromY(spot.worldY)},
                                   {"longitude", mercator::longitudeFromX(spot.worldX)},
                                   {"count", spot.count},
                                   {"city", QString::fromStdString(spot.city)},
                                   {"country", QString::fromStdString(spot.country)}});
    }
    return regions;
}

} // namespace pulsemap
