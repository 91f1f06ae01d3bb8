// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "live_model.h"

#include "core/event.h"
#include "core/rollup_grid.h"
#include "map/mercator.h"

#include <algorithm>
#include <cmath>

namespace pulsemap {

LiveModel::LiveModel(QObject *parent) : LiveModel(Clock(), parent) {}

LiveModel::LiveModel(Clock clock, QObject *parent)
    : EventFeed(parent), m_clock(orSystemClock(std::move(clock))),
      m_trends([this] { return m_timelineOwner ? m_timelineClock() : m_clock(); }, &m_types)
{
    m_perType.assign(TypeListModel::kMaxTypes, 0);
    m_lastRateMs = m_clock();
    m_rateTimer.setInterval(kRateIntervalMs);
    connect(&m_rateTimer, &QTimer::timeout, this, &LiveModel::updateRate);
    m_rateTimer.start();
    connect(&m_types, &TypeListModel::visibilityChanged, this, &LiveModel::updateVisibility);
    connect(&m_types, &TypeListModel::colorsChanged, this, [this] { setTypeColors(m_types.colors()); });
}

LiveModel::~LiveModel() = default;

void LiveModel::setHalfLifeSeconds(double seconds)
{
    if (seconds > 0 && seconds != halfLifeSeconds()) {
        m_hotspots.setHalfLife(seconds);
    }
    EventFeed::setHalfLifeSeconds(seconds);
}

void LiveModel::setClock(Clock clock)
{
    m_clock = orSystemClock(std::move(clock));
    m_lastRateMs = m_clock();
}

void LiveModel::setTrendTimeline(QObject *owner, Clock clock, BatchTimes times)
{
    m_timelineOwner = owner;
    m_timelineClock = owner ? orSystemClock(std::move(clock)) : Clock();
    m_batchTimes = owner ? std::move(times) : BatchTimes();
    LiveTrends &trends = m_trends.counts();
    const int64_t now = trends.now();
    trends.restart(now, now);
    m_trends.refresh();
}

void LiveModel::replaceTrends(const TrendSnapshot &snapshot)
{
    std::vector<int> columns; // a seek's few types
    columns.reserve(snapshot.types.size());
    for (const std::string &type : snapshot.types) {
        columns.push_back(m_types.indexOf(type));
    }
    m_trends.replaceCounts(snapshot, columns);
}

void LiveModel::addBatch(const EventBatch &batch)
{
    if (batch.empty()) {
        return;
    }
    const int64_t now = m_clock();
    m_scratch.clear();
    LiveTrends &trends = m_trends.counts();
    trends.advance();
    // A replay's events count at their campaign times (setTrendTimeline); the map places them at their own.
    const std::span<const int64_t> trendTimes =
        m_timelineOwner && m_batchTimes ? m_batchTimes(batch) : std::span<const int64_t>();
    const bool retimed = trendTimes.size() == batch.size();
    size_t index = 0;
    qint64 kept = 0;
    for (const Event &event : batch.events()) {
        const int64_t trendMs = retimed ? trendTimes[index] : event.tsMs;
        ++index;
        const std::string_view campaign = batch.text(event.campaign);
        if (!campaign.empty()) {
            noteCampaign(campaign);
        }
        if (!m_campaignFilter.empty() && campaign != m_campaignFilter) {
            continue;
        }
        ++kept;
        const int typeIndex = m_types.indexOf(batch.typeName(event));
        ++m_perType[static_cast<size_t>(typeIndex)];
        trends.add(trendMs, typeIndex, event.country,
                   {batch.text(event.city), campaign, batch.text(event.path), event.visitor});
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
    m_total += kept;
    publishEvents(m_scratch);
    emit countsChanged();
}

void LiveModel::noteCampaign(std::string_view campaign)
{
    if (campaign == m_lastCampaign) {
        return;
    }
    m_lastCampaign.assign(campaign);
    if (std::find(m_campaignIds.begin(), m_campaignIds.end(), campaign) != m_campaignIds.end() ||
        m_campaignIds.size() >= size_t(kMaxCampaigns)) {
        return;
    }
    m_campaignIds.emplace_back(campaign);
    m_campaignNames.append(QString::fromUtf8(campaign.data(), qsizetype(campaign.size())));
    emit campaignsChanged();
}

void LiveModel::setCampaignFilter(const QString &campaign)
{
    std::string filter = campaign.toStdString();
    if (filter != m_campaignFilter) {
        m_campaignFilter = std::move(filter);
        emit campaignFilterChanged();
    }
}

void LiveModel::replaceHeat(const HeatSnapshot &heat, const EventBatch &recent, int64_t positionMs, double speed)
{
    const int64_t now = m_clock();
    m_scratch.clear();
    std::vector<int> typeIndex;
    typeIndex.reserve(heat.types.size());
    for (const std::string &type : heat.types) {
        typeIndex.push_back(m_types.indexOf(type));
    }
    for (const HeatSnapshot::Cell &cell : heat.cells) {
        LiveEvent live;
        live.worldX = float(rollup::cellCenterX(cell.cell));
        live.worldY = float(rollup::cellCenterY(cell.cell));
        live.tsMs = now;
        live.weight = cell.weight;
        live.typeIndex = uint8_t(typeIndex[cell.type]);
        m_scratch.push_back(live);
    }
    publishHeat(m_scratch);
    m_scratch.clear();
    for (const Event &event : recent.events()) {
        if (!event.located()) {
            continue;
        }
        const QPointF world = mercator::project(event.lat, event.lon);
        LiveEvent live;
        live.worldX = float(world.x());
        live.worldY = float(world.y());
        live.tsMs = now - int64_t(double(positionMs - event.tsMs) / std::max(speed, 1e-6));
        live.weight = event.weight;
        live.typeIndex = uint8_t(m_types.indexOf(recent.typeName(event)));
        live.pulseOnly = true;
        m_scratch.push_back(live);
    }
    publishEvents(m_scratch);
}

void LiveModel::clear()
{
    m_total = 0;
    m_unlocated = 0;
    m_countAtLastRate = 0;
    m_rate = 0;
    m_hotspots = HotspotIndex(halfLifeSeconds());
    std::fill(m_perType.begin(), m_perType.end(), 0);
    m_campaignIds.clear();
    m_campaignNames.clear();
    m_lastCampaign.clear();
    m_campaignFilter.clear();
    emit campaignsChanged();
    emit campaignFilterChanged();
    setFrozen(false);
    publishHeat({});
    emit countsChanged();
    emit rateChanged();
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

void LiveModel::updateVisibility()
{
    // Types not seen yet stay shown: a newcomer must appear.
    uint32_t mask = kAllEventTypes;
    for (int i = 0; i < m_types.rowCount(); ++i) {
        if (!m_types.isVisible(i)) {
            mask &= ~(1U << i);
        }
    }
    setVisibleTypeMask(mask);
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
