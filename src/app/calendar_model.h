// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/calendar_series.h"
#include "type_list_model.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QStringList>
#include <QVariantMap>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

class QQuickItem;

namespace pulsemap {

// The calendar view's series: a campaign file (the replayed one, or the file being recorded) counted per local
// bucket of a time zone (hour ... year), with a dimmer series of the previous period or of the same period a
// week, month or year earlier, over the whole file or a zoomed range. Events come from the rollups.
//
// Threading: a QObject of the GUI thread. The file is opened and queried only on the model's own worker
// thread (the GUI thread never touches SQLite): a change of any property asks it for a new series, the latest
// request wins, and the answer replaces the series in one piece (the chart keeps the old one meanwhile).
class CalendarModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString path READ path WRITE setPath NOTIFY requestChanged FINAL)
    // IANA name; empty means the system's zone.
    Q_PROPERTY(QString timeZone READ timeZone WRITE setTimeZone NOTIFY requestChanged FINAL)
    // Only this campaign id counts (the replay's campaign filter); empty: every event.
    Q_PROPERTY(QString campaignFilter READ campaignFilter WRITE setCampaignFilter NOTIFY requestChanged FINAL)
    // The legend's toggles (AppController.live.types and .visibleTypeMask, bit t for type t): types hidden there
    // are left out of the events and the visitors, as on the map and the trend charts. hiddenTypes is what
    // that makes of them, the names sent with the query; a change of it asks again.
    Q_PROPERTY(pulsemap::TypeListModel *types READ types WRITE setTypes NOTIFY typesChanged FINAL)
    Q_PROPERTY(int typeMask READ typeMask WRITE setTypeMask NOTIFY typesChanged FINAL)
    Q_PROPERTY(QStringList hiddenTypes READ hiddenTypes NOTIFY requestChanged FINAL)
    Q_PROPERTY(Granularity granularity READ granularity WRITE setGranularity NOTIFY requestChanged FINAL)
    Q_PROPERTY(Metric metric READ metric WRITE setMetric NOTIFY requestChanged FINAL)
    Q_PROPERTY(Overlay overlay READ overlay WRITE setOverlay NOTIFY requestChanged FINAL)
    // Whether the overlay fits the granularity (a month has no "week earlier"); when not, none is drawn.
    Q_PROPERTY(bool overlayFits READ overlayFits NOTIFY requestChanged FINAL)
    Q_PROPERTY(bool zoomed READ zoomed NOTIFY requestChanged FINAL)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged FINAL)
    Q_PROPERTY(QString lastError READ lastError NOTIFY seriesChanged FINAL)
    Q_PROPERTY(int count READ count NOTIFY seriesChanged FINAL)
    // The top of the value axis: 1, 2 or 5 x 10^n at or above every value of both series.
    Q_PROPERTY(double maxValue READ maxValue NOTIFY seriesChanged FINAL)
    Q_PROPERTY(double total READ total NOTIFY seriesChanged FINAL)
    Q_PROPERTY(double comparedTotal READ comparedTotal NOTIFY seriesChanged FINAL)
    Q_PROPERTY(QString rangeLabel READ rangeLabel NOTIFY seriesChanged FINAL)
    Q_PROPERTY(QString zoneName READ zoneName NOTIFY seriesChanged FINAL)

public:
    enum Granularity { Hour, Day, Week, Month, Quarter, Year };
    Q_ENUM(Granularity)
    enum Metric { Events, Visitors, NewVisitors, ReturningVisitors };
    Q_ENUM(Metric)
    enum Overlay { NoOverlay, PreviousPeriod, WeekEarlier, MonthEarlier, YearEarlier };
    Q_ENUM(Overlay)

    explicit CalendarModel(QObject *parent = nullptr);
    ~CalendarModel() override;
    CalendarModel(const CalendarModel &) = delete;
    CalendarModel &operator=(const CalendarModel &) = delete;

    [[nodiscard]] QString path() const { return m_path; }
    void setPath(const QString &path);
    [[nodiscard]] QString timeZone() const { return m_timeZone; }
    void setTimeZone(const QString &zone);
    [[nodiscard]] QString campaignFilter() const { return m_campaignFilter; }
    void setCampaignFilter(const QString &campaign);
    [[nodiscard]] TypeListModel *types() const { return m_types; }
    void setTypes(TypeListModel *types);
    [[nodiscard]] int typeMask() const { return static_cast<int>(m_typeMask); }
    void setTypeMask(int mask);
    [[nodiscard]] QStringList hiddenTypes() const { return m_hiddenTypes; }
    [[nodiscard]] Granularity granularity() const { return m_granularity; }
    void setGranularity(Granularity granularity);
    [[nodiscard]] Metric metric() const { return m_metric; }
    void setMetric(Metric metric);
    [[nodiscard]] Overlay overlay() const { return m_overlay; }
    void setOverlay(Overlay overlay);
    [[nodiscard]] bool overlayFits() const;
    [[nodiscard]] bool zoomed() const { return !m_zoomStack.empty(); }
    [[nodiscard]] bool busy() const { return m_busy; }
    [[nodiscard]] QString lastError() const { return m_error; }
    [[nodiscard]] int count() const { return static_cast<int>(m_series.starts.size()); }
    [[nodiscard]] double maxValue() const { return m_maxValue; }
    [[nodiscard]] double total() const;
    [[nodiscard]] double comparedTotal() const;
    [[nodiscard]] QString rangeLabel() const;
    [[nodiscard]] QString zoneName() const { return m_zoneName; }

    // The series, for the chart and the tooltip (GUI thread).
    [[nodiscard]] const CalendarSeries &series() const { return m_series; }
    [[nodiscard]] bool hasOverlay() const { return m_hasOverlay; }
    // One bucket: label, value, compared, hasCompared, change (absolute) and percent (NaN when compared is 0).
    [[nodiscard]] Q_INVOKABLE QVariantMap point(int index) const;
    [[nodiscard]] Q_INVOKABLE QString label(int index) const;

    // Zooms into buckets first..last (inclusive, either order); zoomOut() goes back one step, resetZoom() to
    // the whole file.
    Q_INVOKABLE void zoomTo(int first, int last);
    Q_INVOKABLE void zoomOut();
    Q_INVOKABLE void resetZoom();
    // Asks for the series again (a file being recorded grows).
    Q_INVOKABLE void refresh();

    // Exports: CSV of the series values, SVG drawn from them (not a raster), PNG of a chart item as drawn.
    // Each returns the error, empty on success (PNG: the picture is written when the grab is ready, then
    // exported() is emitted). A sensible path when none is chosen: defaultExportPath().
    [[nodiscard]] Q_INVOKABLE QString exportCsv(const QString &path) const;
    [[nodiscard]] Q_INVOKABLE QString exportSvg(const QString &path, const QString &title, bool bars) const;
    Q_INVOKABLE QString exportPng(QQuickItem *item, const QString &path);
    // ~/Pictures (or the home directory) / pulsemap-calendar-<granularity>-<time>.<extension>, or in
    // exportDirectory when set.
    [[nodiscard]] Q_INVOKABLE QString defaultExportPath(const QString &extension) const;
    Q_PROPERTY(
        QString exportDirectory READ exportDirectory WRITE setExportDirectory NOTIFY exportDirectoryChanged FINAL)
    [[nodiscard]] QString exportDirectory() const { return m_exportDirectory; }
    void setExportDirectory(const QString &directory);

signals:
    void requestChanged();
    void typesChanged();
    void busyChanged();
    void seriesChanged();
    void exportDirectoryChanged();
    // A file was written by an export (PNG: once the grab was saved); error empty on success.
    void exported(const QString &path, const QString &error);

private:
    struct Request
    {
        std::string path;
        std::string zone;
        bool systemZone = false; // the zone is the system's (none chosen)
        CalendarRequest query;
        uint64_t generation = 0;
    };
    struct Answer
    {
        CalendarSeries series;
        std::vector<QString> labels;
        std::string zoneName;
        std::string error;
        bool overlay = false;
    };

    void ask();
    void updateHiddenTypes();
    void run();
    void accept(uint64_t generation, Answer answer);
    static Answer answer(const Request &request);

    QString m_path;
    QString m_timeZone;
    QString m_campaignFilter;
    QPointer<TypeListModel> m_types;
    uint32_t m_typeMask = ~0U;
    QStringList m_hiddenTypes;
    Granularity m_granularity = Day;
    Metric m_metric = Events;
    Overlay m_overlay = NoOverlay;
    std::vector<std::pair<int64_t, int64_t>> m_zoomStack; // ranges zoomed into, the current one last
    bool m_busy = false;
    QString m_error;
    CalendarSeries m_series;
    std::vector<QString> m_labels;
    QString m_zoneName;
    bool m_hasOverlay = false;
    double m_maxValue = 1;
    QString m_exportDirectory;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Request> m_pending; // guarded by m_mutex
    bool m_stopping = false;          // guarded by m_mutex
    uint64_t m_generation = 0;        // GUI thread: of the latest request
    std::thread m_thread;
};

} // namespace pulsemap
