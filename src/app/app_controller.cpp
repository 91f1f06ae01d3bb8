// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "app_controller.h"

#include <QJSEngine>
#include <QQmlEngine>

namespace pulsemap {

namespace {
AppController *g_instance = nullptr;
} // namespace

AppController::AppController(LiveModel *live, EventSource *source, const Settings &settings, QObject *parent)
    : QObject(parent), m_live(live), m_source(source), m_settings(settings), m_recorder(source)
{
    m_live->setHalfLifeSeconds(settings.halfLifeSeconds);
    connect(source, &EventSource::batchReady, live, &LiveModel::addBatch);
    if (ReplaySource *replay = this->replay()) {
        followReplay(replay);
    }
}

void AppController::followReplay(ReplaySource *replay)
{
    // The replay rebuilds heat with the map's half-life; a window mode without decay turns the fading off.
    constexpr double kNoDecaySeconds = 1e9;
    replay->setHeatHalfLifeSeconds(m_settings.halfLifeSeconds);
    auto applyWindow = [this, replay] {
        m_live->setHalfLifeSeconds(replay->windowMode() == ReplaySource::WindowMode::Decay ? m_settings.halfLifeSeconds
                                                                                           : kNoDecaySeconds);
    };
    applyWindow();
    connect(replay, &ReplaySource::windowChanged, m_live, applyWindow);
    connect(replay, &ReplaySource::heatReady, m_live, &LiveModel::replaceHeat);
    connect(replay, &ReplaySource::freezeRequested, m_live, &LiveModel::setFrozen);
}

AppController *AppController::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT_X(g_instance, "AppController", "main() must call AppController::setInstance before loading QML");
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void AppController::setInstance(AppController *instance)
{
    g_instance = instance;
}

void AppController::setWallMode(bool on)
{
    if (m_settings.wallMode != on) {
        m_settings.wallMode = on;
        emit wallModeChanged();
    }
}

void AppController::setTour(bool on)
{
    if (m_settings.tour != on) {
        m_settings.tour = on;
        emit tourChanged();
    }
}

} // namespace pulsemap
