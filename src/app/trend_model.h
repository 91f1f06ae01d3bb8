// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "charts/live_trends.h"
#include "core/clock.h"

#include <QColor>
#include <QList>
#include <QObject>
#include <QTimeZone>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <array>
#include <limits>
#include <span>

namespace pulsemap {

class TypeListModel;

// The live trend charts' side of the LiveModel (`AppController.live.trends` in QML): the rolling counts
// (LiveTrends, plain C++), fed event by event by the LiveModel, and what QML reads of them: totals of the
// last minute, hour and day, a legend per window, the top countries, cities, campaigns and paths and the share
// by type of the last hour, today against the same time last week, and for the breakdowns' scatter the events
// and distinct visitors and places per bucket.
// TrendChart items draw the series themselves; this object only tells them when to.
//
// Cost on the GUI thread: counting is a few array increments per event, with no allocation. A timer moves
// the windows and signals seriesChanged() at most every kRefreshMs (so charts redraw at most 10 times a
// second, and only when a count changed or a bucket moved); the QVariant summaries are rebuilt every
// kSummaryMs only.
//
// Threading: GUI thread only. TrendChart reads counts() in updatePaintNode(), while the GUI thread is
// blocked in the scene graph's sync.
class TrendModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by LiveModel")
    Q_PROPERTY(qint64 lastMinute READ lastMinute NOTIFY summaryChanged FINAL)
    Q_PROPERTY(qint64 lastHour READ lastHour NOTIFY summaryChanged FINAL)
    Q_PROPERTY(qint64 lastDay READ lastDay NOTIFY summaryChanged FINAL)
    // Per window (0 second, 1 minute, 2 hour): [{name, color, total}], one per type seen.
    Q_PROPERTY(QVariantList legends READ legends NOTIFY summaryChanged FINAL)
    // Last hour, busiest first: [{code, count, share}] (share of all events of the hour, 0..1).
    Q_PROPERTY(QVariantList topCountries READ topCountries NOTIFY summaryChanged FINAL)
    // Last hour, busiest first: [{label, count, share}] ("Paris, FR").
    Q_PROPERTY(QVariantList topCities READ topCities NOTIFY summaryChanged FINAL)
    // Last hour, per type seen: [{name, color, count, share}].
    Q_PROPERTY(QVariantList typeShares READ typeShares NOTIFY summaryChanged FINAL)
    // Last hour, busiest first: [{label, count, share}], campaign ids and request paths (no query string).
    Q_PROPERTY(QVariantList topCampaigns READ topCampaigns NOTIFY summaryChanged FINAL)
    Q_PROPERTY(QVariantList topPaths READ topPaths NOTIFY summaryChanged FINAL)
    // Today so far against the same span a week ago, in the local zone: {today, lastWeek, change (%),
    // complete (false: counting started after midnight), known (last week's span was counted), since ("14:02",
    // when counting started today)}. Numbers are doubles: QML has no 64-bit integers.
    Q_PROPERTY(QVariantMap week READ week NOTIFY summaryChanged FINAL)
    // After a replay's seek, the tables only the events fill (cities, campaigns, pages, visitors) count from the
    // seek on, not the whole hour, until an hour has been played: the panel says so instead of "last hour".
    Q_PROPERTY(bool breakdownsSinceSeek READ breakdownsSinceSeek NOTIFY summaryChanged FINAL)

public:
    static constexpr int kRefreshMs = 100;
    static constexpr int kSummaryMs = 500;
    static constexpr int kTopCountries = 8;
    static constexpr int kTopNames = 8; // campaigns and paths

    TrendModel(Clock clock, const TypeListModel *types, QObject *parent = nullptr);

    // For the LiveModel: advance once per batch, then add each event (LiveTrends::add).
    [[nodiscard]] LiveTrends &counts() { return m_trends; }
    [[nodiscard]] const LiveTrends &counts() const { return m_trends; }
    // Starts the counts over with a replay's snapshot of the windows ending at its new moment (typeColumns: its
    // types' legend indices), and shows them at once.
    void replaceCounts(const TrendSnapshot &snapshot, std::span<const int> typeColumns);
    // The legend's colors, by type index (the map's, EventFeed::typeColors).
    [[nodiscard]] QList<QColor> colors() const;

    [[nodiscard]] qint64 lastMinute() const;
    [[nodiscard]] qint64 lastHour() const;
    [[nodiscard]] qint64 lastDay() const;
    [[nodiscard]] QVariantList legends() const { return m_legends; }
    [[nodiscard]] QVariantList topCountries() const { return m_topCountries; }
    [[nodiscard]] QVariantList topCities() const { return m_topCities; }
    [[nodiscard]] QVariantList typeShares() const { return m_typeShares; }
    [[nodiscard]] QVariantList topCampaigns() const { return m_topCampaigns; }
    [[nodiscard]] QVariantList topPaths() const { return m_topPaths; }
    // The breakdowns' scatter: per minute of the last hour (window 0, 60 points) or per hour of the last day
    // (window 1, 24 points), oldest first, the bucket's events and its distinct visitors and places (estimates,
    // DistinctCounts: 4.6 % standard error). ScatterChart reads these straight, with no QVariant per point.
    struct ScatterPoint
    {
        int64_t startMs = 0;
        double events = 0;
        double visitors = 0;
        double places = 0;
    };
    static constexpr int kScatterMinutes = 0;
    static constexpr int kScatterHours = 1;
    // Fills out (oldest first) and returns how many points were written (0 for an unknown window).
    [[nodiscard]] size_t scatterPoints(int window, std::span<ScatterPoint> out) const;
    // One point for a tooltip: {start (Unix ms), events, visitors, places}; empty when out of range.
    [[nodiscard]] Q_INVOKABLE QVariantMap scatterPoint(int window, int bucket) const;
    [[nodiscard]] QVariantMap week() const { return m_week; }
    [[nodiscard]] bool breakdownsSinceSeek() const { return m_trends.now() < m_sinceSeekUntilMs; }
    // The zone whose midnight starts "today" (the system's unless a test sets one).
    void setTimeZone(const QTimeZone &zone);

    // For a chart's tooltip: {start (Unix ms), end, total, series: [{name, color, value}]} of one bucket of a
    // window (0 second, 1 minute, 2 hour; bucket 0 the oldest), every type seen, in legend order.
    [[nodiscard]] Q_INVOKABLE QVariantMap valuesAt(int window, int bucket) const;

    // Moves the windows to now and signals what changed; the timer calls it, tests call it directly.
    void refresh();
    // Off: only explicit refresh() calls move the windows (benchmarks time them one by one).
    void setAutoRefresh(bool on);

signals:
    // A count changed or a bucket moved in some window (charts compare their window's serial).
    void seriesChanged();
    void colorsChanged();
    void summaryChanged();

private:
    void rebuildSummary();
    void rebuildBreakdowns(double hourTotal);
    [[nodiscard]] QVariantMap weekSummary() const;
    [[nodiscard]] int typeCount() const;
    [[nodiscard]] QString typeName(int type) const;

    const TypeListModel *m_types;
    LiveTrends m_trends;
    QTimer m_timer;
    std::array<uint64_t, LiveTrends::kWindows> m_emittedSerials{};
    int m_msSinceSummary = 0;
    uint64_t m_summarySerial = 0; // the counts' serials when the summary was last built
    bool m_summaryStale = true;   // new type names or colors
    int64_t m_sinceSeekUntilMs = std::numeric_limits<int64_t>::min(); // see breakdownsSinceSeek
    QVariantList m_legends;
    QVariantList m_topCountries;
    QVariantList m_topCities;
    QVariantList m_typeShares;
    QVariantList m_topCampaigns;
    QVariantList m_topPaths;
    QVariantMap m_week;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};

} // namespace pulsemap
