// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "trend_model.h"

#include "map/live_event.h"
#include "type_list_model.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace pulsemap {

static_assert(LiveTrends::kMaxTypes == kMaxEventTypes, "one series per type the map tells apart");

TrendModel::TrendModel(Clock clock, const TypeListModel *types, QObject *parent)
    : QObject(parent), m_types(types), m_trends(std::move(clock))
{
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &TrendModel::refresh);
    m_timer.start();
    connect(types, &TypeListModel::colorsChanged, this, [this] {
        m_summaryStale = true;
        emit colorsChanged();
    });
    rebuildSummary();
}

QList<QColor> TrendModel::colors() const
{
    return m_types->colors();
}

qint64 TrendModel::lastMinute() const
{
    return static_cast<qint64>(m_trends.series(LiveTrends::Window::Second).total());
}

qint64 TrendModel::lastHour() const
{
    return static_cast<qint64>(m_trends.series(LiveTrends::Window::Minute).total());
}

qint64 TrendModel::lastDay() const
{
    return static_cast<qint64>(m_trends.series(LiveTrends::Window::Hour).total());
}

void TrendModel::replaceCounts(const TrendSnapshot &snapshot, std::span<const int> typeColumns)
{
    m_trends.rebuild(snapshot, typeColumns);
    // Nothing before the campaign's start is missing: a replay from its start counts the whole hour.
    constexpr int64_t kHourMs = 3'600'000;
    m_sinceSeekUntilMs =
        snapshot.atMs > snapshot.knownFromMs ? snapshot.atMs + kHourMs : std::numeric_limits<int64_t>::min();
    m_summaryStale = true;         // the flag may have changed with no count changing
    m_msSinceSummary = kSummaryMs; // the summary follows now, not half a second later
    refresh();
}

void TrendModel::refresh()
{
    m_trends.advance();
    bool changed = false;
    for (int w = 0; w < LiveTrends::kWindows; ++w) {
        const uint64_t serial = m_trends.series(static_cast<LiveTrends::Window>(w)).serial();
        changed = changed || serial != m_emittedSerials[static_cast<size_t>(w)];
        m_emittedSerials[static_cast<size_t>(w)] = serial;
    }
    if (changed) {
        emit seriesChanged();
    }
    m_msSinceSummary += kRefreshMs;
    const uint64_t summarySerial =
        m_emittedSerials[0] + m_emittedSerials[1] + m_emittedSerials[2] + m_trends.countries().serial();
    if (m_msSinceSummary >= kSummaryMs && (summarySerial != m_summarySerial || m_summaryStale)) {
        m_msSinceSummary = 0;
        m_summarySerial = summarySerial;
        m_summaryStale = false;
        rebuildSummary();
    }
}

void TrendModel::setAutoRefresh(bool on)
{
    if (on) {
        m_timer.start();
    } else {
        m_timer.stop();
    }
}

int TrendModel::typeCount() const
{
    return std::min(m_types->rowCount(), LiveTrends::kMaxTypes);
}

QString TrendModel::typeName(int type) const
{
    return m_types->data(m_types->index(type), TypeListModel::NameRole).toString();
}

void TrendModel::rebuildSummary()
{
    // A few hundred bytes of QVariants twice a second: what QML needs, never per event.
    m_legends.clear();
    for (int w = 0; w < LiveTrends::kWindows; ++w) {
        const RollingCounts &series = m_trends.series(static_cast<LiveTrends::Window>(w));
        QVariantList legend;
        for (int t = 0; t < typeCount(); ++t) {
            legend.append(QVariantMap{{"name", typeName(t)},
                                      {"color", m_types->color(t)},
                                      {"total", static_cast<qint64>(series.columnTotal(t))}});
        }
        m_legends.append(QVariant(legend));
    }

    const RollingCounts &countries = m_trends.countries();
    const auto hourTotal = static_cast<double>(countries.total());
    std::array<LiveTrends::CountryCount, kTopCountries> top{};
    const size_t n = m_trends.topCountries(top);
    m_topCountries.clear();
    for (size_t i = 0; i < n; ++i) {
        const QString code = QString::fromLatin1(top[i].code.data(), 2);
        const QLocale::Territory territory = QLocale::codeToTerritory(code);
        m_topCountries.append(
            QVariantMap{{"code", code},
                        {"label", territory == QLocale::AnyTerritory ? code : QLocale::territoryToString(territory)},
                        {"count", static_cast<qint64>(top[i].count)},
                        {"share", hourTotal > 0 ? static_cast<double>(top[i].count) / hourTotal : 0}});
    }

    std::array<CityTable::CityCount, kTopCountries> cities{};
    const size_t citiesListed = m_trends.cities().top(cities);
    m_topCities.clear();
    for (size_t i = 0; i < citiesListed; ++i) {
        const std::string_view name = cities[i].cityName();
        QString label = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
        if (cities[i].country[0] != 0) {
            label += QStringLiteral(", ") + QString::fromLatin1(cities[i].country.data(), 2);
        }
        m_topCities.append(
            QVariantMap{{"label", label},
                        {"count", static_cast<qint64>(cities[i].count)},
                        {"share", hourTotal > 0 ? static_cast<double>(cities[i].count) / hourTotal : 0}});
    }

    const RollingCounts &hour = m_trends.series(LiveTrends::Window::Minute);
    const auto typeTotal = static_cast<double>(hour.total());
    m_typeShares.clear();
    for (int t = 0; t < typeCount(); ++t) {
        const auto count = static_cast<double>(hour.columnTotal(t));
        m_typeShares.append(QVariantMap{{"name", typeName(t)},
                                        {"color", m_types->color(t)},
                                        {"count", static_cast<qint64>(hour.columnTotal(t))},
                                        {"share", typeTotal > 0 ? count / typeTotal : 0}});
    }
    rebuildBreakdowns(hourTotal);
    emit summaryChanged();
}

void TrendModel::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    m_summaryStale = true;
    rebuildSummary();
}

void TrendModel::rebuildBreakdowns(double hourTotal)
{
    const auto names = [hourTotal](const NameTable &table) {
        std::array<NameTable::NameCount, kTopNames> top{};
        const size_t n = table.top(top);
        QVariantList rows;
        for (size_t i = 0; i < n; ++i) {
            const std::string_view name = top[i].text();
            rows.append(QVariantMap{{"label", QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()))},
                                    {"count", static_cast<qint64>(top[i].count)},
                                    {"share", hourTotal > 0 ? static_cast<double>(top[i].count) / hourTotal : 0}});
        }
        return rows;
    };
    m_topCampaigns = names(m_trends.campaigns());
    m_topPaths = names(m_trends.paths());
    m_week = weekSummary();
}

size_t TrendModel::scatterPoints(int window, std::span<ScatterPoint> out) const
{
    if (window != kScatterMinutes && window != kScatterHours) {
        return 0;
    }
    const RollingCounts &series =
        m_trends.series(window == kScatterMinutes ? LiveTrends::Window::Minute : LiveTrends::Window::Hour);
    const auto distinct =
        window == kScatterMinutes ? LiveTrends::DistinctWindow::Minute : LiveTrends::DistinctWindow::Hour;
    const DistinctCounts &visitors = m_trends.visitors(distinct);
    const DistinctCounts &places = m_trends.places(distinct);
    const size_t n = std::min(out.size(), static_cast<size_t>(series.bucketCount()));
    for (size_t i = 0; i < n; ++i) {
        const int b = static_cast<int>(i);
        out[i] = {series.bucketStartMs(b), static_cast<double>(series.bucketTotal(b)), std::round(visitors.estimate(b)),
                  std::round(places.estimate(b))};
    }
    return n;
}

QVariantMap TrendModel::scatterPoint(int window, int bucket) const
{
    std::array<ScatterPoint, 60> points{};
    const size_t n = scatterPoints(window, points);
    if (bucket < 0 || static_cast<size_t>(bucket) >= n) {
        return {};
    }
    const ScatterPoint &p = points[static_cast<size_t>(bucket)];
    return {{"start", static_cast<double>(p.startMs)},
            {"events", p.events},
            {"visitors", p.visitors},
            {"places", p.places}};
}

QVariantMap TrendModel::weekSummary() const
{
    // Midnight and "the same time last week" on the local calendar: across a DST change the span a week ago is
    // the same wall-clock span, an hour longer or shorter.
    const SpanTotals &spans = m_trends.spans();
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(spans.nowMs(), m_zone);
    const QDate today = now.date();
    const QDateTime midnight = today.startOfDay(m_zone);
    const QDateTime weekAgo = now.addDays(-7);
    const WeekComparison week =
        compareWithLastWeek(spans, midnight.toMSecsSinceEpoch(),
                            today.addDays(-7).startOfDay(m_zone).toMSecsSinceEpoch(), weekAgo.toMSecsSinceEpoch() + 1);
    return {{"today", static_cast<double>(week.today)},
            {"lastWeek", static_cast<double>(week.lastWeek)},
            {"change", week.changePercent},
            {"complete", week.todayComplete},
            {"known", week.lastWeekKnown},
            {"since",
             week.todayComplete ? QString() : QDateTime::fromMSecsSinceEpoch(week.sinceMs, m_zone).toString("HH:mm")}};
}

QVariantMap TrendModel::valuesAt(int window, int bucket) const
{
    if (window < 0 || window >= LiveTrends::kWindows) {
        return {};
    }
    const RollingCounts &series = m_trends.series(static_cast<LiveTrends::Window>(window));
    if (bucket < 0 || bucket >= series.bucketCount()) {
        return {};
    }
    QVariantList values;
    for (int t = 0; t < typeCount(); ++t) {
        values.append(QVariantMap{{"name", typeName(t)},
                                  {"color", m_types->color(t)},
                                  {"value", static_cast<qint64>(series.value(bucket, t))}});
    }
    const qint64 start = series.bucketStartMs(bucket);
    return {{"start", start},
            {"end", start + series.bucketMs()},
            {"total", static_cast<qint64>(series.bucketTotal(bucket))},
            {"series", values}};
}

} // namespace pulsemap
