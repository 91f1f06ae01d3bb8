// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "compare_session.h"
#include "event_source.h"
#include "live_model.h"
#include "recorder.h"
#include "replay_source.h"

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QQmlEngine;
class QJSEngine;

namespace pulsemap {

// The application's services as QML sees them: the live model, the current source and the display
// settings the command line chose. Built in main() and handed to QML as a singleton instance. Opening a
// campaign (File › Open, a file dropped on the window, a recent file) replaces the source with its replay;
// the recent files are kept in the user's settings.
//
// Threading: GUI thread only (lives in main(), read by the QML engine).
class AppController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(pulsemap::LiveModel *live READ live CONSTANT FINAL)
    Q_PROPERTY(pulsemap::EventSource *source READ source NOTIFY sourceChanged FINAL)
    // The playback controls when the source is a campaign replay, null otherwise.
    Q_PROPERTY(pulsemap::ReplaySource *replay READ replay NOTIFY sourceChanged FINAL)
    Q_PROPERTY(QStringList recentCampaigns READ recentCampaigns NOTIFY recentCampaignsChanged FINAL)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged FINAL)
    // Records the live source into a campaign file (refuses replays).
    Q_PROPERTY(pulsemap::Recorder *recorder READ recorder CONSTANT FINAL)
    Q_PROPERTY(bool wallMode READ wallMode WRITE setWallMode NOTIFY wallModeChanged FINAL)
    Q_PROPERTY(bool tour READ tour WRITE setTour NOTIFY tourChanged FINAL)
    Q_PROPERTY(double fadeSeconds READ fadeSeconds CONSTANT FINAL)
    Q_PROPERTY(QString title READ title NOTIFY titleChanged FINAL)
    // The trend charts' panel beside the map: shown or collapsed, remembered across runs (QSettings).
    Q_PROPERTY(bool chartsShown READ chartsShown WRITE setChartsShown NOTIFY chartsShownChanged FINAL)
    // How the panel draws its charts (TrendChart.Style), remembered too.
    Q_PROPERTY(int chartStyle READ chartStyle WRITE setChartStyle NOTIFY chartStyleChanged FINAL)
    // The campaign ids of the source (a replay's file, or those a live source has sent so far) and the one
    // shown ("" all): the map, the timeline and the charts show that campaign alone.
    Q_PROPERTY(QStringList campaigns READ campaigns NOTIFY campaignsChanged FINAL)
    Q_PROPERTY(QString campaignFilter READ campaignFilter WRITE setCampaignFilter NOTIFY campaignFilterChanged FINAL)
    // The time zone the timeline's clock is read in (an IANA name; "" the system's), remembered.
    Q_PROPERTY(QString timeZone READ timeZone WRITE setTimeZone NOTIFY timeZoneChanged FINAL)
    // A/B compare: a second campaign on its own map at the replay's moment (null when not comparing).
    Q_PROPERTY(pulsemap::CompareSession *compare READ compare NOTIFY compareChanged FINAL)
    // The bundled demo is playing (no campaign or source was given, none opened since).
    Q_PROPERTY(bool demo READ demo NOTIFY sourceChanged FINAL)
    // The first-run card over the demo ("how to open a campaign, follow a log, connect a stream") was
    // dismissed; remembered, so it greets a user once.
    Q_PROPERTY(
        bool welcomeDismissed READ welcomeDismissed WRITE setWelcomeDismissed NOTIFY welcomeDismissedChanged FINAL)

public:
    struct Settings
    {
        bool wallMode = false;
        bool tour = false;
        double fadeSeconds = 5;
        double halfLifeSeconds = 600;
        QString title = QStringLiteral("Pulsemap");
        bool hideCharts = false; // --hide-charts: start with the panel collapsed, whatever was remembered
        bool demo = false;       // the source is the bundled demo
        QString campaignFilter;  // --campaign: show only this campaign from the start
        QString timeZone;        // --tz: the timeline's zone for this run (empty: the remembered one)
        QString comparePath;     // --compare FILE: compare the replay with this campaign from the start
        CompareSession::Align compareAlign = CompareSession::Align::Start;
    };

    AppController(LiveModel *live, EventSource *source, const Settings &settings, QObject *parent = nullptr);
    ~AppController() override;

    // QML singleton factory: returns the instance main() registered with setInstance().
    static AppController *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
    static void setInstance(AppController *instance);

    [[nodiscard]] LiveModel *live() const { return m_live; }
    [[nodiscard]] EventSource *source() const { return m_source; }
    [[nodiscard]] ReplaySource *replay() const { return qobject_cast<ReplaySource *>(m_source); }
    [[nodiscard]] Recorder *recorder() { return &m_recorder; }
    [[nodiscard]] bool wallMode() const { return m_settings.wallMode; }
    void setWallMode(bool on);
    [[nodiscard]] bool tour() const { return m_settings.tour; }
    void setTour(bool on);
    [[nodiscard]] double fadeSeconds() const { return m_settings.fadeSeconds; }
    [[nodiscard]] QString title() const { return m_settings.title; }
    [[nodiscard]] QStringList recentCampaigns() const { return m_recent; }
    [[nodiscard]] QString lastError() const { return m_lastError; }

    // Replays the campaign at url (a local file) instead of the current source, which stops; the map starts
    // over. A file that is not a campaign is refused (lastError) and the current source goes on.
    Q_INVOKABLE bool openCampaign(const QUrl &url);
    // Remembers a campaign at the top of the recent files (at most kMaxRecent).
    void rememberCampaign(const QString &path);
    static constexpr int kMaxRecent = 10;
    [[nodiscard]] bool chartsShown() const { return m_chartsShown; }
    void setChartsShown(bool shown);
    [[nodiscard]] int chartStyle() const { return m_chartStyle; }
    void setChartStyle(int style);
    [[nodiscard]] QString timeZone() const { return m_timeZone; }
    // Refuses a name that is not a known zone (lastError); "" is the system's.
    void setTimeZone(const QString &zone);
    [[nodiscard]] CompareSession *compare() const { return m_compare.get(); }
    // Replays the campaign at url beside the current replay (B beside A); a file that is not a campaign, or
    // a source that is not a replay, is refused (lastError). Replaces an earlier comparison.
    Q_INVOKABLE bool openCompare(const QUrl &url, int align = 0);
    Q_INVOKABLE void closeCompare();
    [[nodiscard]] QStringList campaigns() const;
    [[nodiscard]] QString campaignFilter() const;
    void setCampaignFilter(const QString &campaign);
    [[nodiscard]] bool demo() const { return m_settings.demo; }
    [[nodiscard]] bool welcomeDismissed() const { return m_welcomeDismissed; }
    void setWelcomeDismissed(bool dismissed);

signals:
    void sourceChanged();
    void titleChanged();
    void recentCampaignsChanged();
    void lastErrorChanged();
    void wallModeChanged();
    void tourChanged();
    void chartsShownChanged();
    void chartStyleChanged();
    void welcomeDismissedChanged();
    void campaignsChanged();
    void compareChanged();
    void timeZoneChanged();
    void campaignFilterChanged();

private:
    void followReplay(ReplaySource *replay);

    void setLastError(const QString &error);

    LiveModel *m_live;
    EventSource *m_source;
    std::unique_ptr<EventSource> m_opened; // a source this controller made (openCampaign)
    Settings m_settings;
    QStringList m_recent;
    QString m_lastError;
    bool m_chartsShown = true;
    int m_chartStyle = 0;
    bool m_welcomeDismissed = false;
    QString m_timeZone;
    Recorder m_recorder;
    std::unique_ptr<CompareSession> m_compare;
};

} // namespace pulsemap
