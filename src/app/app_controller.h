// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_source.h"
#include "live_model.h"
#include "recorder.h"
#include "replay_source.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace pulsemap {

// The application's services as QML sees them: the live model, the current source and the display
// settings the command line chose. Built in main() and handed to QML as a singleton instance.
//
// Threading: GUI thread only (lives in main(), read by the QML engine).
class AppController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(pulsemap::LiveModel *live READ live CONSTANT FINAL)
    Q_PROPERTY(pulsemap::EventSource *source READ source CONSTANT FINAL)
    // The playback controls when the source is a campaign replay, null otherwise.
    Q_PROPERTY(pulsemap::ReplaySource *replay READ replay CONSTANT FINAL)
    // Records the live source into a campaign file (refuses replays).
    Q_PROPERTY(pulsemap::Recorder *recorder READ recorder CONSTANT FINAL)
    Q_PROPERTY(bool wallMode READ wallMode WRITE setWallMode NOTIFY wallModeChanged FINAL)
    Q_PROPERTY(bool tour READ tour WRITE setTour NOTIFY tourChanged FINAL)
    Q_PROPERTY(double fadeSeconds READ fadeSeconds CONSTANT FINAL)
    Q_PROPERTY(QString title READ title CONSTANT FINAL)

public:
    struct Settings
    {
        bool wallMode = false;
        bool tour = false;
        double fadeSeconds = 5;
        double halfLifeSeconds = 600;
        QString title = QStringLiteral("Pulsemap");
    };

    AppController(LiveModel *live, EventSource *source, const Settings &settings, QObject *parent = nullptr);

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

signals:
    void wallModeChanged();
    void tourChanged();

private:
    void followReplay(ReplaySource *replay);

    LiveModel *m_live;
    EventSource *m_source;
    Settings m_settings;
    Recorder m_recorder;
};

} // namespace pulsemap
