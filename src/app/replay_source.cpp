// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "replay_source.h"

#include "core/campaign_store.h"
#include "core/clock.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace pulsemap {

namespace {
constexpr int kTickMs = 16;
// A frame never takes more than this many events, so a dense second cannot stall the GUI; the rest
// follow on the next frames.
constexpr int kMaxEventsPerTick = 20000;
// Sliding windows are rebuilt from the rollups this often while playing (events leave the window).
constexpr int kSlidingRefreshMs = 400;
// After a seek, the events of this much wall time before the moment pulse (at the current speed).
constexpr double kRecentWallMs = 4000;

int64_t steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

ReplaySource::ReplaySource(QString path, Options options, const QString &displayName, QObject *parent)
    : EventSource(displayName.isEmpty() ? path : displayName, parent), m_path(std::move(path)), m_options(options)
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &ReplaySource::tick);
}

ReplaySource::~ReplaySource() = default;

void ReplaySource::start()
{
    m_chunk.reset();
    m_open = false;
    m_atEnd = false;
    m_generation = 0;
    m_awaitingPicture = false;
    m_selectionChanged = !m_campaignFilter.isEmpty(); // a new reader reads everything until told
    // What is plainly not a campaign file fails at once (100 bytes read, no SQLite), so a caller can tell
    // straight after start(); anything found later (corrupt pages) arrives as Failed from the reader.
    if (Status header = checkCampaignHeader(m_path.toStdString()); !header) {
        failed(QString::fromStdString(header.message()));
        return;
    }
    m_reader = std::make_unique<ReplayReader>(m_path.toStdString(), ReplayReader::Options{});
    if (m_playing == m_options.paused) {
        m_playing = !m_options.paused;
        emit playingChanged();
    }
    if (!m_playing) {
        emit freezeRequested(true);
    }
    m_reader->start();
    setState(State::Connecting, tr("opening %1").arg(name()));
    m_tickClock.start();
    m_slidingClock.start();
    m_timer.start();
}

void ReplaySource::stop()
{
    m_timer.stop();
    m_reader.reset(); // stops and joins the reader thread
    m_chunk.reset();
    setState(State::Idle, {});
}

void ReplaySource::opened(const ReplayChunk &chunk)
{
    m_open = true;
    m_firstMs = chunk.span.firstMs;
    m_lastMs = chunk.span.lastMs;
    m_count = chunk.span.count;
    m_bucketMs = chunk.bucketMs;
    m_campaigns.clear();
    for (const std::string &campaign : chunk.campaigns) {
        m_campaigns.append(QString::fromStdString(campaign));
    }
    setHistogram(chunk.buckets);
    const double spanSeconds = static_cast<double>(m_lastMs - m_firstMs) / 1000.0;
    m_speed = std::clamp(m_options.speed > 0 ? m_options.speed
                                             : std::max(1.0, spanSeconds / std::max(1.0, m_options.targetSeconds)),
                         kMinSpeed, kMaxSpeed);
    m_position = double(m_firstMs);
    m_trendClockMs = m_firstMs;
    m_played = 0;
    emit openedChanged();
    emit speedChanged();
    // The charts start over at the campaign's start: nothing counted yet, nothing known before it.
    TrendSnapshot start;
    start.atMs = m_firstMs;
    start.knownFromMs = m_firstMs;
    emit trendsReady(start);
    if (m_options.atMs) {
        seek(double(*m_options.atMs));
    } else if (m_options.atFraction) {
        seekFraction(*m_options.atFraction);
    } else if (m_options.window == WindowMode::Sliding || m_selectionChanged) {
        requestPicture(Picture::Seek);
    }
    updateStatus();
}

void ReplaySource::setHistogram(const std::vector<TypeBucket> &buckets)
{
    m_histogram.clear();
    m_histogram.reserve(qsizetype(buckets.size()));
    for (const TypeBucket &bucket : buckets) {
        m_histogram.append(QVariantMap{{QStringLiteral("t"), qint64(bucket.startMs)},
                                       {QStringLiteral("type"), QString::fromStdString(bucket.type)},
                                       {QStringLiteral("n"), qint64(bucket.events)}});
    }
    emit histogramChanged();
}

void ReplaySource::setCampaignFilter(const QString &campaign)
{
    if (campaign == m_campaignFilter) {
        return;
    }
    m_campaignFilter = campaign;
    m_selectionChanged = true;
    emit campaignFilterChanged();
    if (m_open) {
        requestPicture(Picture::Seek); // the moment as this campaign alone made it
    }
}

void ReplaySource::updateStatus()
{
    if (!m_open || state() == State::Failed) {
        return;
    }
    if (m_atEnd) {
        setState(State::Finished, tr("replayed %1: %L2 events").arg(name()).arg(m_played));
    } else if (!m_playing) {
        setState(State::Live, tr("paused %1 at %2").arg(name(), formatTime(positionMs())));
    } else {
        setState(State::Live, tr("replaying %1 at %2×").arg(name()).arg(m_speed, 0, 'g', 4));
    }
}

void ReplaySource::failed(const QString &message)
{
    m_timer.stop();
    m_reader.reset();
    m_chunk.reset();
    setState(State::Failed, message);
    emit errorOccurred(message);
}

HeatWindow ReplaySource::heatWindow() const
{
    switch (m_options.window) {
    case WindowMode::Cumulative:
        return {HeatWindow::Mode::Cumulative, 0, 0};
    case WindowMode::Sliding:
        return {HeatWindow::Mode::Sliding, 0, m_options.windowMs};
    case WindowMode::Decay:
        break;
    }
    // The map fades with its half-life in wall time: in campaign time that is `speed` times longer.
    return {HeatWindow::Mode::Decay, m_halfLifeS * m_speed, 0};
}

void ReplaySource::requestPicture(Picture kind)
{
    const bool keepHeat = kind == Picture::Lap;
    if (!m_reader) {
        return;
    }
    m_slidingClock.restart();
    SeekRequest request;
    request.atMs = int64_t(m_position);
    request.window = heatWindow();
    // A sliding window's refresh brings no recent events: they are pulsing already, and would start again.
    request.recentMs = kind == Picture::Refresh ? 0 : std::max<int64_t>(1000, int64_t(kRecentWallMs * m_speed));
    request.lap = keepHeat;
    // The charts' counts, unless they stand at this moment already with this selection (play resumed, another
    // window mode): a rebuild would empty what only the events fill (cities, paths, visitors).
    request.trends = kind == Picture::Lap ||
                     (kind == Picture::Seek && (m_selectionChanged || int64_t(m_position) != m_trendClockMs));
    request.requestedNs = steadyNowNs();
    if (m_selectionChanged && !keepHeat) {
        EventFilter selection;
        if (!m_campaignFilter.isEmpty()) {
            selection.campaigns.push_back(m_campaignFilter.toStdString());
        }
        request.selection = std::move(selection);
        m_selectionChanged = false;
    }
    m_generation = m_reader->seek(request);
    m_chunk.reset();
    m_keepHeat = keepHeat;
    m_awaitingPicture = !keepHeat && m_options.window != WindowMode::Sliding;
    if (m_awaitingPicture) {
        emit freezeRequested(true); // nothing moves until the moment's picture is there
    }
}

// A picture the reader made for an older seek, of a moment the dragged playhead passed: shown at that moment
// while the map stays frozen for the latest seek's.
void ReplaySource::applyPassedPicture(const ReplayChunk &chunk)
{
    showPicture(chunk, chunk.atMs);
}

void ReplaySource::showPicture(const ReplayChunk &chunk, int64_t atMs)
{
    m_shownGeneration = chunk.generation;
    if (chunk.newHistogram) {
        setHistogram(chunk.buckets);
    }
    m_trendClockMs = atMs;
    if (chunk.trends) {
        emit trendsReady(*chunk.trends);
    }
    emit heatReady(chunk.heat, chunk.events, atMs, m_speed);
    emit pictureShown(double(steadyNowNs() - chunk.requestedNs) / 1e6);
}

void ReplaySource::applySnapshot(const ReplayChunk &chunk)
{
    const bool wasWaiting = m_awaitingPicture;
    m_awaitingPicture = false;
    if (!m_keepHeat) {
        if (m_playing) {
            emit freezeRequested(false); // first: the picture is placed at the running clock's now
        }
        showPicture(chunk, int64_t(m_position));
    } else {
        m_shownGeneration = chunk.generation; // a lap's bare restart: the heat carries on
        if (chunk.newHistogram) {
            setHistogram(chunk.buckets);
        }
        if (chunk.trends) {
            m_trendClockMs = int64_t(m_position);
            emit trendsReady(*chunk.trends); // the charts start the lap over
        }
    }
    m_keepHeat = false;
    if (wasWaiting) {
        // The answer to the latest seek (only a seek waits for its picture): its request time is the chunk's.
        emit seekApplied(double(steadyNowNs() - chunk.requestedNs) / 1e6);
    }
    m_tickClock.restart(); // the wait is not playing time
}

void ReplaySource::seek(double ms)
{
    if (!std::isfinite(ms)) {
        return;
    }
    if (!m_open) {
        m_options.atMs = int64_t(ms);
        return;
    }
    m_position = double(std::clamp<int64_t>(int64_t(ms), m_firstMs, std::max(m_firstMs, m_lastMs)));
    m_atEnd = false;
    requestPicture(Picture::Seek);
    emit positionChanged();
    emit jumped(m_position);
    updateStatus();
}

void ReplaySource::seekFraction(double fraction)
{
    if (!m_open) {
        m_options.atFraction = fraction;
        return;
    }
    const double clamped = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
    seek(double(m_firstMs) + clamped * double(m_lastMs - m_firstMs));
}

void ReplaySource::step(double ms)
{
    if (m_playing) {
        m_playing = false;
        emit playingChanged();
    }
    seek(m_position + ms);
}

void ReplaySource::setPlaying(bool playing)
{
    if (playing == m_playing) {
        return;
    }
    m_playing = playing;
    emit playingChanged();
    if (!playing) {
        emit freezeRequested(true);
    } else if (m_open) {
        if (m_atEnd) {
            m_position = double(m_firstMs); // play again from the start
            m_atEnd = false;
            emit jumped(m_position);
        }
        requestPicture(Picture::Seek); // the paused picture aged on the wall clock: rebuild it, then run
    }
    updateStatus();
}

void ReplaySource::setSpeed(double speed)
{
    const double clamped = std::clamp(std::isfinite(speed) ? speed : 1.0, kMinSpeed, kMaxSpeed);
    if (clamped == m_speed) {
        return;
    }
    m_speed = clamped;
    emit speedChanged();
    updateStatus();
}

void ReplaySource::fitInto(double seconds)
{
    if (seconds > 0 && m_open) {
        setSpeed(double(m_lastMs - m_firstMs) / 1000.0 / seconds);
    }
}

void ReplaySource::setLoop(bool loop)
{
    if (loop != m_options.loop) {
        m_options.loop = loop;
        emit loopChanged();
    }
}

void ReplaySource::setWindowMode(WindowMode mode)
{
    if (mode == m_options.window) {
        return;
    }
    m_options.window = mode;
    emit windowChanged();
    if (m_open) {
        requestPicture(Picture::Seek);
    }
}

void ReplaySource::setWindowMs(int64_t ms)
{
    if (ms <= 0 || ms == m_options.windowMs) {
        return;
    }
    m_options.windowMs = ms;
    emit windowChanged();
    if (m_open && m_options.window == WindowMode::Sliding) {
        requestPicture(Picture::Seek);
    }
}

void ReplaySource::setHeatHalfLifeSeconds(double seconds)
{
    if (seconds > 0 && seconds != m_halfLifeS) {
        m_halfLifeS = seconds;
        emit windowChanged();
    }
}

QString ReplaySource::formatTime(double ms, const QString &zone) const
{
    const QTimeZone tz = zone.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(zone.toUtf8());
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(qint64(ms), tz.isValid() ? tz : QTimeZone::utc());
    return when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + ' ' + when.timeZoneAbbreviation();
}

void ReplaySource::reachedEnd()
{
    if (m_options.loop && m_count > 0) {
        // A lap: back to the start, the heat carried over (a wall keeps its glow from lap to lap).
        m_position = double(m_firstMs);
        requestPicture(Picture::Lap);
        emit jumped(m_position);
        return;
    }
    m_atEnd = true;
    m_playing = false;
    emit playingChanged();
    emit freezeRequested(true); // the last moment stays on screen as it was
    updateStatus();
}

void ReplaySource::takeDue(int64_t wallNow, int &taken)
{
    const EventBatch &source = m_chunk->events;
    const std::vector<Event> &events = source.events();
    const auto campaignNow = int64_t(m_position);
    while (m_next < events.size() && events[m_next].tsMs <= campaignNow && taken < kMaxEventsPerTick) {
        const Event &event = events[m_next++];
        Event &copy = m_batch.appendCopy(source, event);
        m_campaignTimes.push_back(event.tsMs);
        // Into the present: an event 2 s of campaign time ago (at this speed) shows as 2/speed s old.
        // The wall clock and the tick clock round apart by a millisecond now and then: never let that put an
        // event before the one handed over last.
        copy.tsMs = std::max(m_lastWallMs,
                             wallNow - static_cast<int64_t>(static_cast<double>(campaignNow - event.tsMs) / m_speed));
        m_lastWallMs = copy.tsMs;
        copy.ip = {}; // a replay shows places, never addresses
        ++taken;
        ++m_played;
    }
}

void ReplaySource::tick()
{
    if (!m_open) {
        std::optional<ReplayChunk> first = m_reader->take();
        if (!first) {
            return; // still opening
        }
        if (first->kind != ReplayChunk::Kind::Opened) {
            failed(QString::fromStdString(first->error));
            return;
        }
        opened(*first);
    }
    const auto elapsed = static_cast<double>(m_tickClock.restart());
    if (m_playing && !m_awaitingPicture && !m_atEnd) {
        m_position += elapsed * m_speed;
        m_trendClockMs = int64_t(m_position);
        emit positionChanged();
        if (m_options.window == WindowMode::Sliding && m_slidingClock.elapsed() >= kSlidingRefreshMs) {
            requestPicture(Picture::Refresh);
        }
    }
    const int64_t wallNow = systemNowMs();
    m_batch.clear();
    m_campaignTimes.clear(); // keeps its capacity: no allocation per event once warm
    int taken = 0;
    while (taken < kMaxEventsPerTick) {
        if (!m_chunk) {
            m_chunk = m_reader->take();
            m_next = 0;
            if (!m_chunk) {
                break; // the reader is behind; what it has not read yet cannot be due for long
            }
        }
        if (m_chunk->kind == ReplayChunk::Kind::Failed) {
            failed(QString::fromStdString(m_chunk->error));
            return;
        }
        if (m_chunk->generation != m_generation || m_chunk->kind == ReplayChunk::Kind::Opened) {
            // An answer to an older seek: only a picture of a moment the playhead passed is still worth showing.
            if (m_chunk->picture && m_awaitingPicture && !m_keepHeat && m_chunk->generation > m_shownGeneration &&
                m_chunk->generation < m_generation) {
                applyPassedPicture(*m_chunk);
            }
            m_chunk.reset();
            continue;
        }
        if (m_chunk->kind == ReplayChunk::Kind::Snapshot) {
            applySnapshot(*m_chunk);
            m_chunk.reset();
            continue;
        }
        if (m_awaitingPicture || (!m_playing && m_chunk->kind != ReplayChunk::Kind::Events)) {
            break;
        }
        if (m_chunk->kind == ReplayChunk::Kind::End || m_chunk->kind == ReplayChunk::Kind::LapEnd) {
            m_chunk.reset();
            reachedEnd();
            break;
        }
        takeDue(wallNow, taken);
        if (m_next < m_chunk->events.size()) {
            break; // the rest is not due yet (or this frame is full)
        }
        m_chunk.reset();
    }
    if (!m_batch.empty()) {
        emit batchReady(m_batch);
    }
}

} // namespace pulsemap
