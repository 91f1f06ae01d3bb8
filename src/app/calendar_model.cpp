// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "calendar_model.h"

#include "core/campaign_store.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {

civil::Bucket bucketOf(CalendarModel::Granularity granularity)
{
    static constexpr civil::Bucket kBuckets[] = {civil::Bucket::Hour,  civil::Bucket::Day,     civil::Bucket::Week,
                                                 civil::Bucket::Month, civil::Bucket::Quarter, civil::Bucket::Year};
    return kBuckets[granularity];
}

std::optional<Comparison> comparisonOf(CalendarModel::Overlay overlay)
{
    switch (overlay) {
    case CalendarModel::PreviousPeriod:
        return Comparison::Previous;
    case CalendarModel::WeekEarlier:
        return Comparison::Week;
    case CalendarModel::MonthEarlier:
        return Comparison::Month;
    case CalendarModel::YearEarlier:
        return Comparison::Year;
    case CalendarModel::NoOverlay:
        break;
    }
    return std::nullopt;
}

// 1, 2 or 5 x 10^n, at least 1: an axis that does not creep with every value.
double roundUp(double value)
{
    double step = 1;
    while (step < value) {
        for (const double factor : {2.0, 2.5, 2.0}) {
            step *= factor;
            if (step >= value) {
                break;
            }
        }
    }
    return step;
}

// The bucket's name on the local calendar (the offset only where it tells the two hours of a fall-back apart).
QString labelOf(int64_t startMs, civil::Bucket bucket, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(startMs, zone);
    const QDate date = local.date();
    switch (bucket) {
    case civil::Bucket::Hour:
        return local.toString("ddd d MMM yyyy HH:mm ") + local.timeZoneAbbreviation();
    case civil::Bucket::Week:
        return QString("Week %1 of %2 (from %3)").arg(date.weekNumber()).arg(date.year()).arg(date.toString("d MMM"));
    case civil::Bucket::Month:
        return date.toString("MMMM yyyy");
    case civil::Bucket::Quarter:
        return QString("Q%1 %2").arg((date.month() - 1) / 3 + 1).arg(date.year());
    case civil::Bucket::Year:
        return QString::number(date.year());
    default:
        return date.toString("ddd d MMM yyyy");
    }
}

} // namespace

CalendarModel::CalendarModel(QObject *parent) : QObject(parent)
{
    m_thread = std::thread([this] { run(); });
}

CalendarModel::~CalendarModel()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void CalendarModel::setPath(const QString &path)
{
    if (path != m_path) {
        m_path = path;
        m_zoomStack.clear();
        ask();
    }
}

void CalendarModel::setTimeZone(const QString &zone)
{
    if (zone != m_timeZone) {
        m_timeZone = zone;
        ask();
    }
}

void CalendarModel::setCampaignFilter(const QString &campaign)
{
    if (campaign != m_campaignFilter) {
        m_campaignFilter = campaign;
        ask();
    }
}

void CalendarModel::setTypes(TypeListModel *types)
{
    if (types == m_types) {
        return;
    }
    if (m_types) {
        disconnect(m_types, nullptr, this, nullptr);
    }
    m_types = types;
    if (types) {
        // A type seen for the first time is shown, but a cleared list may leave hidden names behind.
        connect(types, &TypeListModel::countChanged, this, &CalendarModel::updateHiddenTypes);
        connect(types, &QObject::destroyed, this, &CalendarModel::updateHiddenTypes);
    }
    emit typesChanged();
    updateHiddenTypes();
}

void CalendarModel::setTypeMask(int mask)
{
    if (static_cast<uint32_t>(mask) != m_typeMask) {
        m_typeMask = static_cast<uint32_t>(mask);
        emit typesChanged();
        updateHiddenTypes();
    }
}

void CalendarModel::updateHiddenTypes()
{
    QStringList hidden;
    const int rows = m_types ? std::min(m_types->rowCount(), 32) : 0;
    for (int t = 0; t < rows; ++t) {
        if ((m_typeMask >> static_cast<uint32_t>(t) & 1U) == 0) {
            hidden << m_types->data(m_types->index(t), TypeListModel::NameRole).toString();
        }
    }
    if (hidden != m_hiddenTypes) {
        m_hiddenTypes = hidden;
        ask();
    }
}

void CalendarModel::setGranularity(Granularity granularity)
{
    if (granularity != m_granularity) {
        m_granularity = granularity;
        ask();
    }
}

void CalendarModel::setMetric(Metric metric)
{
    if (metric != m_metric) {
        m_metric = metric;
        ask();
    }
}

void CalendarModel::setOverlay(Overlay overlay)
{
    if (overlay != m_overlay) {
        m_overlay = overlay;
        ask();
    }
}

bool CalendarModel::overlayFits() const
{
    const auto comparison = comparisonOf(m_overlay);
    return !comparison || comparisonFits(*comparison, bucketOf(m_granularity));
}

void CalendarModel::setExportDirectory(const QString &directory)
{
    if (directory != m_exportDirectory) {
        m_exportDirectory = directory;
        emit exportDirectoryChanged();
    }
}

double CalendarModel::total() const
{
    double sum = 0;
    for (const int64_t value : m_series.values) {
        sum += static_cast<double>(value);
    }
    return sum;
}

double CalendarModel::comparedTotal() const
{
    double sum = 0;
    for (const int64_t value : m_series.compared) {
        sum += static_cast<double>(value);
    }
    return sum;
}

QString CalendarModel::rangeLabel() const
{
    if (m_labels.empty()) {
        return {};
    }
    return m_labels.size() == 1 ? m_labels.front() : m_labels.front() + QStringLiteral(" – ") + m_labels.back();
}

QString CalendarModel::label(int index) const
{
    return index >= 0 && index < count() ? m_labels[static_cast<size_t>(index)] : QString();
}

QVariantMap CalendarModel::point(int index) const
{
    if (index < 0 || index >= count()) {
        return {};
    }
    const auto i = static_cast<size_t>(index);
    const auto value = static_cast<double>(m_series.values[i]);
    const auto compared = static_cast<double>(m_series.compared[i]);
    const bool hasCompared = m_hasOverlay && m_series.hasCompared[i] != 0;
    return {{"label", m_labels[i]},
            {"startMs", static_cast<double>(m_series.starts[i])},
            {"value", value},
            {"compared", compared},
            {"hasCompared", hasCompared},
            {"change", value - compared},
            {"percent", hasCompared && compared != 0 ? (value - compared) / compared * 100 : std::nan("")}};
}

void CalendarModel::zoomTo(int first, int last)
{
    if (first > last) {
        std::swap(first, last);
    }
    first = std::max(first, 0);
    last = std::min(last, count() - 1);
    if (first > last || (first == 0 && last == count() - 1)) {
        return;
    }
    m_zoomStack.emplace_back(m_series.starts[static_cast<size_t>(first)], m_series.ends[static_cast<size_t>(last)]);
    ask();
}

void CalendarModel::zoomOut()
{
    if (!m_zoomStack.empty()) {
        m_zoomStack.pop_back();
        ask();
    }
}

void CalendarModel::resetZoom()
{
    if (!m_zoomStack.empty()) {
        m_zoomStack.clear();
        ask();
    }
}

void CalendarModel::refresh()
{
    ask();
}

void CalendarModel::ask()
{
    emit requestChanged();
    Request request;
    request.path = m_path.toStdString();
    request.systemZone = m_timeZone.isEmpty();
    request.zone = request.systemZone ? QTimeZone::systemTimeZoneId().toStdString() : m_timeZone.toStdString();
    request.query.bucket = bucketOf(m_granularity);
    request.query.metric = static_cast<CalendarMetric>(m_metric);
    request.query.comparison = overlayFits() ? comparisonOf(m_overlay) : std::nullopt;
    if (!m_campaignFilter.isEmpty()) {
        request.query.selection.campaigns = {m_campaignFilter.toStdString()};
    }
    for (const QString &type : m_hiddenTypes) {
        request.query.hiddenTypes.push_back(type.toStdString());
    }
    if (!m_zoomStack.empty()) {
        request.query.fromMs = m_zoomStack.back().first;
        request.query.toMs = m_zoomStack.back().second;
    }
    request.generation = ++m_generation;
    if (m_path.isEmpty()) {
        accept(request.generation, Answer{});
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_pending = std::move(request);
    }
    m_wake.notify_all();
    if (!m_busy) {
        m_busy = true;
        emit busyChanged();
    }
}

void CalendarModel::run()
{
    for (;;) {
        Request request;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || m_pending; });
            if (m_stopping) {
                return;
            }
            request = std::move(*m_pending);
            m_pending.reset();
        }
        Answer result = answer(request);
        // Queued to the GUI thread; dropped with the model if it is gone by then (the destructor joins first).
        QMetaObject::invokeMethod(
            this,
            [this, generation = request.generation, result = std::move(result)]() mutable {
                accept(generation, std::move(result));
            },
            Qt::QueuedConnection);
    }
}

CalendarModel::Answer CalendarModel::answer(const Request &request)
{
    Answer out;
    auto calendar = LocalCalendar::forZone(request.zone);
    out.zoneName = request.zone;
    if (!calendar && request.systemZone) {
        // A system zone the tz database does not list by that name (containers often say "Etc/UTC"): UTC, said so.
        calendar = LocalCalendar::utc();
        out.zoneName = "UTC";
    }
    if (!calendar) {
        out.error = calendar.message();
        return out;
    }
    auto store = CampaignStore::open(request.path, CampaignStore::Access::ReadOnly);
    if (!store) {
        out.error = store.message();
        return out;
    }
    auto series = calendarSeries(**store, *calendar, request.query);
    if (!series) {
        out.error = series.message();
        return out;
    }
    out.series = std::move(*series);
    out.overlay = request.query.comparison.has_value();
    const QTimeZone zone =
        out.zoneName == "UTC" ? QTimeZone::utc() : QTimeZone(QByteArray::fromStdString(request.zone));
    out.labels.reserve(out.series.starts.size());
    for (const int64_t start : out.series.starts) {
        out.labels.push_back(labelOf(start, request.query.bucket, zone));
    }
    return out;
}

void CalendarModel::accept(uint64_t generation, Answer answer)
{
    if (generation != m_generation) {
        return; // a newer request is on its way
    }
    m_busy = false;
    emit busyChanged();
    m_error = QString::fromStdString(answer.error);
    if (answer.error.empty()) {
        m_series = std::move(answer.series);
        m_labels = std::move(answer.labels);
        m_hasOverlay = answer.overlay;
        m_zoneName = QString::fromStdString(answer.zoneName);
    } else {
        // An error keeps nothing stale on screen.
        m_series = {};
        m_labels.clear();
    }
    double largest = 0;
    for (size_t i = 0; i < m_series.values.size(); ++i) {
        largest = std::max(largest, static_cast<double>(m_series.values[i]));
        if (m_hasOverlay) {
            largest = std::max(largest, static_cast<double>(m_series.compared[i]));
        }
    }
    m_maxValue = roundUp(largest);
    emit seriesChanged();
}

} // namespace pulsemap
