#pragma once

#include "core/event.h"
#include "hotspot_index.h"
#include "map/heat_layer.h"
#include "map/live_event.h"
#include "map/pulse_layer.h"
#include "type_list_model.h"

#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <vector>

namespace pulsemap {

// The live state of the map: receives batches from the current source (on the GUI thread, at most one
// per frame), projects them once, and hands them to the heat and pulse layers; keeps the legend's types
// and counters and the hotspot index for hover and the wall tour.
class LiveModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(pulsemap::TypeListModel *types READ types CONSTANT FINAL)
    Q_PROPERTY(qint64 totalEvents READ totalEvents NOTIFY countsChanged FINAL)
    Q_PROPERTY(qint64 unlocatedEvents READ unlocatedEvents NOTIFY countsChanged FINAL)
    Q_PROPERTY(double eventsPerSecond READ eventsPerSecond NOTIFY rateChanged FINAL)
    Q_PROPERTY(pulsemap::HeatLayer *heatLayer READ heatLayer WRITE setHeatLayer NOTIFY layersChanged FINAL)
    Q_PROPERTY(pulsemap::PulseLayer *pulseLayer READ pulseLayer WRITE setPulseLayer NOTIFY layersChanged FINAL)
    Q_PROPERTY(double halfLifeSeconds READ halfLifeSeconds WRITE setHalfLifeSeconds NOTIFY halfLifeChanged FINAL)

public:
    using Clock = std::function<int64_t()>; // Unix ms

    explicit LiveModel(QObject *parent = nullptr);
    ~LiveModel() override;

    [[nodiscard]] TypeListModel *types() { return &m_types; }
    [[nodiscard]] qint64 totalEvents() const { return m_total; }
    [[nodiscard]] qint64 unlocatedEvents() const { return m_unlocated; }
    [[nodiscard]] double eventsPerSecond() const { return m_rate; }
    [[nodiscard]] HeatLayer *heatLayer() const;
    [[nodiscard]] PulseLayer *pulseLayer() const;
    void setHeatLayer(HeatLayer *layer);
    void setPulseLayer(PulseLayer *layer);
    [[nodiscard]] double halfLifeSeconds() const { return m_halfLifeSeconds; }
    void setHalfLifeSeconds(double seconds);

    // For tests and replays: where "now" comes from.
    void setClock(Clock clock);
    [[nodiscard]] int64_t now() const { return m_clock(); }

    // Takes one batch from a source. Events without coordinates count but are not drawn.
    void addBatch(const EventBatch &batch);

    // {city, country, count} of the busiest spot under a world position (for the hover tooltip).
    Q_INVOKABLE QVariantMap hotspotAt(QPointF world) const;
    // Up to n busiest regions, [{latitude, longitude, count, city, country}], for the wall tour.
    Q_INVOKABLE QVariantList busiestRegions(int n) const;

signals:
    void countsChanged();
    void rateChanged();
    void layersChanged();
    void halfLifeChanged();

private:
    void updateRate();
    void applyVisibility(int index, bool visible);

    TypeListModel m_types;
    HotspotIndex m_hotspots;
    QPointer<HeatLayer> m_heat;
    QPointer<PulseLayer> m_pulse;
    Clock m_clock;
    QTimer m_rateTimer;
    std::vector<LiveEvent> m_scratch; // reused: no allocation per batch once warm
    std::vector<int64_t> m_perType;   // counts since the last legend update
    qint64 m_total = 0;
    qint64 m_unlocated = 0;
    qint64 m_countAtLastRate = 0;
    int64_t m_lastRateMs = 0;
    double m_rate = 0;
    double m_halfLifeSeconds = 600;
};

} // namespace pulsemap
