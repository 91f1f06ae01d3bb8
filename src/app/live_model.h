// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/clock.h"
#include "core/event.h"
#include "core/rollup_query.h"
#include "hotspot_index.h"
#include "map/event_feed.h"
#include "map/live_event.h"
#include "trend_model.h"
#include "type_list_model.h"

#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <span>
#include <vector>

namespace pulsemap {

// The live state of the map: receives batches from the current source (at most one per frame), projects
// them once and publishes them as an EventFeed, which the heat and pulse layers observe (`model: live`);
// keeps the legend's types and counters, the hotspot index for hover and the wall tour, and the trend charts'
// counts (TrendModel). Knows nothing of the layers or of Qt Quick.
//
// Threading: GUI thread only (a QObject with a timer; sources deliver batches by queued or direct
// connection on that thread). Observers of eventsAdded() run synchronously inside addBatch().
//
// The base is named with its namespace: Qt 6.4's qmltyperegistrar leaves an unqualified one out of the
// qmltypes, and qmllint then knows none of the inherited properties.
class LiveModel : public pulsemap::EventFeed
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(pulsemap::TypeListModel *types READ types CONSTANT FINAL)
    Q_PROPERTY(qint64 totalEvents READ totalEvents NOTIFY countsChanged FINAL)
    Q_PROPERTY(qint64 unlocatedEvents READ unlocatedEvents NOTIFY countsChanged FINAL)
    // Whether any event has come since the start (or clear()): a bool, which Qt 6.4's qmllint can type.
    Q_PROPERTY(bool hasEvents READ hasEvents NOTIFY countsChanged FINAL)
    Q_PROPERTY(double eventsPerSecond READ eventsPerSecond NOTIFY rateChanged FINAL)
    Q_PROPERTY(pulsemap::TrendModel *trends READ trends CONSTANT FINAL)
    // The campaign ids seen so far (at most kMaxCampaigns, in order of appearance), and the one shown ("":
    // all): events of other campaigns are left out of the map, the counters and the charts alike.
    Q_PROPERTY(QStringList campaigns READ campaigns NOTIFY campaignsChanged FINAL)
    Q_PROPERTY(QString campaignFilter READ campaignFilter WRITE setCampaignFilter NOTIFY campaignFilterChanged FINAL)

public:
    // How often the rate and the legend's counts are brought up to date.
    static constexpr int kRateIntervalMs = 500;
    static constexpr int kMaxCampaigns = 100;

    explicit LiveModel(QObject *parent = nullptr);
    // For tests and replays: where "now" comes from (empty: the system clock).
    explicit LiveModel(Clock clock, QObject *parent = nullptr);
    ~LiveModel() override;

    [[nodiscard]] TypeListModel *types() { return &m_types; }
    // The trend charts' counts: every event of every batch, located or not.
    [[nodiscard]] TrendModel *trends() { return &m_trends; }
    [[nodiscard]] qint64 totalEvents() const { return m_total; }
    [[nodiscard]] qint64 unlocatedEvents() const { return m_unlocated; }
    [[nodiscard]] bool hasEvents() const { return m_total > 0; }
    [[nodiscard]] double eventsPerSecond() const { return m_rate; }
    void setHalfLifeSeconds(double seconds) override;
    [[nodiscard]] QStringList campaigns() const { return m_campaignNames; }
    [[nodiscard]] QString campaignFilter() const { return QString::fromStdString(m_campaignFilter); }
    void setCampaignFilter(const QString &campaign);

    void setClock(Clock clock);
    [[nodiscard]] int64_t now() const { return m_clock(); }

    // The campaign times of a batch's events, index for index (empty: use the events' own times).
    using BatchTimes = std::function<std::span<const int64_t>(const EventBatch &batch)>;
    // Runs the trend charts on another timeline while owner lives (a replay: its playhead and its events'
    // campaign times; the map keeps the events' own times): their counts start over at clock's now. A null owner
    // (or its destruction) goes back to the model's clock, also starting over. The live path is unchanged.
    void setTrendTimeline(QObject *owner, Clock clock, BatchTimes times);
    // Replaces the trend counts with a replay's snapshot of the windows ending at its new moment.
    void replaceTrends(const TrendSnapshot &snapshot);

    // Takes one batch from a source. Events without coordinates count but are not drawn.
    void addBatch(const EventBatch &batch);
    // Replaces the heat with the picture of another moment (a replay's seek): the snapshot's cells as of
    // now, and the recent events as pulses placed in the present (campaign ms before positionMs, sped up by
    // speed). Counts do not change: nothing new happened.
    void replaceHeat(const HeatSnapshot &heat, const EventBatch &recent, int64_t positionMs, double speed);
    // Starts over: no counts, no heat, no pulses (another campaign was opened). The legend's types stay.
    void clear();
    // Stops (or restarts) the layers' clocks: a paused replay.
    void setFrozen(bool frozen) { EventFeed::setFrozen(frozen); }

    // The legend color of a type by name (the timeline's histogram stacks by type).
    Q_INVOKABLE QColor typeColor(const QString &name) { return m_types.color(m_types.indexOf(name.toStdString())); }
    // Whether a type is shown (the legend's toggles filter the map and the timeline alike).
    Q_INVOKABLE bool typeShown(const QString &name) { return m_types.isVisible(m_types.indexOf(name.toStdString())); }

    // {city, country, count} of the busiest spot under a world position (for the hover tooltip).
    Q_INVOKABLE QVariantMap hotspotAt(QPointF world) const;
    // Up to n busiest regions, [{latitude, longitude, count, city, country}], for the wall tour.
    Q_INVOKABLE QVariantList busiestRegions(int n) const;

signals:
    void countsChanged();
    void rateChanged();
    void campaignsChanged();
    void campaignFilterChanged();

private:
    void updateRate();
    void updateVisibility();
    // Notes a campaign id (cheap when it is the last one seen: batches rarely mix many).
    void noteCampaign(std::string_view campaign);

    TypeListModel m_types;
    HotspotIndex m_hotspots;
    Clock m_clock;
    QPointer<QObject> m_timelineOwner; // the trend charts' timeline while it lives (setTrendTimeline)
    Clock m_timelineClock;
    BatchTimes m_batchTimes;
    TrendModel m_trends; // after m_types, m_clock and the timeline, which it uses
    QTimer m_rateTimer;
    std::vector<LiveEvent> m_scratch; // reused: no allocation per batch once warm
    std::vector<int64_t> m_perType;   // counts since the last legend update
    std::vector<std::string> m_campaignIds;
    QStringList m_campaignNames;
    std::string m_lastCampaign;
    std::string m_campaignFilter;
    qint64 m_total = 0;
    qint64 m_unlocated = 0;
    qint64 m_countAtLastRate = 0;
    int64_t m_lastRateMs = 0;
    double m_rate = 0;
};

} // namespace pulsemap
