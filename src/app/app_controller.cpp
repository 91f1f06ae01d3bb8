// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "app_controller.h"

#include "trend_chart.h"

#include <QJSEngine>
#include <QQmlEngine>
#include <QSettings>

namespace pulsemap {

namespace {
AppController *g_instance = nullptr;
constexpr auto kChartsShownKey = "charts/shown";
constexpr auto kChartStyleKey = "charts/style";
bool isChartStyle(int style)
{
    return style >= TrendChart::StackedArea && style <= TrendChart::Lines; // the panel's choices
}
} // namespace

AppController::AppController(LiveModel *live, EventSource *source, const Settings &settings, QObject *parent)
    : QObject(parent), m_live(live), m_source(source), m_settings(settings)
{
    m_live->setHalfLifeSeconds(settings.halfLifeSeconds);
    connect(source, &EventSource::batchReady, live, &LiveModel::addBatch);
    const QSettings remembered;
    m_chartsShown = !settings.hideCharts && remembered.value(kChartsShownKey, true).toBool();
    const int style = remembered.value(kChartStyleKey, int(TrendChart::StackedArea)).toInt();
    m_chartStyle = isChartStyle(style) ? style : int(TrendChart::StackedArea);
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

void AppController::setChartsShown(bool shown)
{
    if (m_chartsShown != shown) {
        m_chartsShown = shown;
        // Only the user's own toggles are remembered: --hide-charts for one run does not change the next.
        QSettings().setValue(kChartsShownKey, shown);
        emit chartsShownChanged();
    }
}

void AppController::setChartStyle(int style)
{
    if (m_chartStyle != style && isChartStyle(style)) {
        m_chartStyle = style;
        QSettings().setValue(kChartStyleKey, style);
        emit chartStyleChanged();
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
