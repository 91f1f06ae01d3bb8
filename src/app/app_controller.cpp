// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "app_controller.h"

#include "core/campaign_store.h"
#include "replay_binding.h"
#include "trend_chart.h"

#include <QFileInfo>
#include <QJSEngine>
#include <QQmlEngine>
#include <QSettings>
#include <QTimeZone>

namespace pulsemap {

namespace {
AppController *g_instance = nullptr;
constexpr auto kChartsShownKey = "charts/shown";
constexpr auto kChartStyleKey = "charts/style";
constexpr auto kWelcomeDismissedKey = "welcome/dismissed";
constexpr auto kTimeZoneKey = "timeline/timeZone";
bool isChartStyle(int style)
{
    return style >= TrendChart::StackedArea && style <= TrendChart::Lines; // the panel's choices
}
} // namespace

AppController::AppController(LiveModel *live, EventSource *source, const Settings &settings, QObject *parent)
    : QObject(parent), m_live(live), m_source(source), m_settings(settings), m_recorder(source)
{
    m_live->setHalfLifeSeconds(settings.halfLifeSeconds);
    connect(source, &EventSource::batchReady, live, &LiveModel::addBatch);
    // A live source's campaigns come from the model; a replay's from its file (followReplay).
    connect(live, &LiveModel::campaignsChanged, this, [this] {
        if (!this->replay()) {
            emit campaignsChanged();
        }
    });
    connect(live, &LiveModel::campaignFilterChanged, this, [this] {
        if (!this->replay()) {
            emit campaignFilterChanged();
        }
    });
    if (ReplaySource *replay = this->replay()) {
        followReplay(replay);
    }
    if (!settings.campaignFilter.isEmpty()) {
        setCampaignFilter(settings.campaignFilter);
    }
    if (!settings.comparePath.isEmpty()) {
        openCompare(QUrl::fromLocalFile(settings.comparePath), int(settings.compareAlign));
    }
    const QSettings remembered;
    m_recent = remembered.value(QStringLiteral("recentCampaigns")).toStringList();
    m_chartsShown = !settings.hideCharts && remembered.value(kChartsShownKey, true).toBool();
    const int style = remembered.value(kChartStyleKey, int(TrendChart::StackedArea)).toInt();
    m_chartStyle = isChartStyle(style) ? style : int(TrendChart::StackedArea);
    m_welcomeDismissed = remembered.value(kWelcomeDismissedKey, false).toBool();
    const QString zone = settings.timeZone.isEmpty() ? remembered.value(kTimeZoneKey).toString() : settings.timeZone;
    if (zone.isEmpty() || QTimeZone(zone.toUtf8()).isValid()) {
        m_timeZone = zone;
    }
}

AppController::~AppController()
{
    if (m_opened) {
        m_opened->stop();
    }
}

void AppController::setLastError(const QString &error)
{
    if (error != m_lastError) {
        m_lastError = error;
        emit lastErrorChanged();
    }
}

bool AppController::openCampaign(const QUrl &url)
{
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    if (Status header = checkCampaignHeader(path.toStdString()); !header) {
        setLastError(QString::fromStdString(header.message()));
        return false;
    }
    setLastError({});
    closeCompare(); // B followed the replay being replaced
    // The new replay first, then the old source stops: nothing is shown half of one and half of the other.
    ReplaySource::Options options;
    options.loop = true;
    options.targetSeconds = 120;
    auto replay = std::make_unique<ReplaySource>(path, options, QFileInfo(path).fileName());
    m_source->disconnect(this);
    m_source->disconnect(m_live);
    // A live source being recorded goes on in the background: opening a campaign loses nothing it records.
    if (!(m_recorder.recording() && m_source != m_opened.get())) {
        m_source->stop();
    }
    m_live->clear();
    m_opened = std::move(replay); // the previous one it made, if any, is destroyed here
    m_settings.demo = false;
    m_source = m_opened.get();
    connect(m_source, &EventSource::batchReady, m_live, &LiveModel::addBatch);
    followReplay(qobject_cast<ReplaySource *>(m_source));
    m_settings.title = QStringLiteral("Pulsemap — %1").arg(QFileInfo(path).fileName());
    emit titleChanged();
    emit sourceChanged();
    emit campaignsChanged();
    emit campaignFilterChanged();
    m_source->start();
    rememberCampaign(QFileInfo(path).absoluteFilePath());
    return true;
}

void AppController::rememberCampaign(const QString &path)
{
    m_recent.removeAll(path);
    m_recent.prepend(path);
    while (m_recent.size() > kMaxRecent) {
        m_recent.removeLast();
    }
    QSettings().setValue(QStringLiteral("recentCampaigns"), m_recent);
    emit recentCampaignsChanged();
}

void AppController::followReplay(ReplaySource *replay)
{
    bindReplayToModel(replay, m_live, m_settings.halfLifeSeconds);
    connect(replay, &ReplaySource::openedChanged, this, &AppController::campaignsChanged);
    connect(replay, &ReplaySource::campaignFilterChanged, this, &AppController::campaignFilterChanged);
}

bool AppController::openCompare(const QUrl &url, int align)
{
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    ReplaySource *a = replay();
    if (!a) {
        setLastError(tr("compare: open a campaign first; a live source has nothing to compare with"));
        return false;
    }
    if (Status header = checkCampaignHeader(path.toStdString()); !header) {
        setLastError(QString::fromStdString(header.message()));
        return false;
    }
    setLastError({});
    m_compare.reset();
    m_compare = std::make_unique<CompareSession>(a, path, m_settings.halfLifeSeconds,
                                                 align == int(CompareSession::Align::ClockTime)
                                                     ? CompareSession::Align::ClockTime
                                                     : CompareSession::Align::Start);
    // B fails on its own (a damaged file): said where the user looks; A plays on.
    connect(m_compare->replay(), &EventSource::errorOccurred, this,
            [this](const QString &error) { setLastError(tr("compare: %1").arg(error)); });
    m_compare->start();
    emit compareChanged();
    return true;
}

void AppController::closeCompare()
{
    if (m_compare) {
        m_compare.reset();
        emit compareChanged();
    }
}

QStringList AppController::campaigns() const
{
    return replay() ? replay()->campaigns() : m_live->campaigns();
}

QString AppController::campaignFilter() const
{
    return replay() ? replay()->campaignFilter() : m_live->campaignFilter();
}

void AppController::setCampaignFilter(const QString &campaign)
{
    // A replay reads only that campaign (its heat, histogram and events); a live source's events are
    // filtered as they arrive.
    if (ReplaySource *replay = this->replay()) {
        replay->setCampaignFilter(campaign);
    } else {
        m_live->setCampaignFilter(campaign);
    }
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

void AppController::setWelcomeDismissed(bool dismissed)
{
    if (m_welcomeDismissed != dismissed) {
        m_welcomeDismissed = dismissed;
        QSettings().setValue(kWelcomeDismissedKey, dismissed);
        emit welcomeDismissedChanged();
    }
}

void AppController::setTimeZone(const QString &zone)
{
    if (zone == m_timeZone) {
        return;
    }
    if (!zone.isEmpty() && !QTimeZone(zone.toUtf8()).isValid()) {
        setLastError(tr("%1 is not a time zone (an IANA name such as Europe/Berlin)").arg(zone));
        return;
    }
    setLastError({});
    m_timeZone = zone;
    QSettings().setValue(kTimeZoneKey, zone);
    emit timeZoneChanged();
}

void AppController::setTour(bool on)
{
    if (m_settings.tour != on) {
        m_settings.tour = on;
        emit tourChanged();
    }
}

} // namespace pulsemap
