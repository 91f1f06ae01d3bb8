// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "replay_source.h"

#include "core/campaign_store.h"
#include "core/clock.h"

namespace pulsemap {

namespace {
constexpr int kTickMs = 16;
// A frame never takes more than this many events, so a dense second cannot stall the GUI; the rest
// follow on the next frames.
constexpr int kMaxEventsPerTick = 20000;
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
    // What is plainly not a campaign file fails at once (100 bytes read, no SQLite), so a caller can tell
    // straight after start(); anything found later (corrupt pages) arrives as Failed from the reader.
    if (Status header = checkCampaignHeader(m_path.toStdString()); !header) {
        failed(QString::fromStdString(header.message()));
        return;
    }
    m_reader = std::make_unique<ReplayReader>(m_path.toStdString(), ReplayReader::Options{m_options.loop});
    m_reader->start();
    setState(State::Connecting, tr("opening %1").arg(name()));
    m_timer.start();
}

void ReplaySource::stop()
{
    m_timer.stop();
    m_reader.reset(); // stops and joins the reader thread
    m_chunk.reset();
    setState(State::Idle, {});
}

void ReplaySource::opened(const EventSpan &span)
{
    m_open = true;
    m_firstMs = span.firstMs;
    m_lastMs = span.lastMs;
    const double spanSeconds = static_cast<double>(m_lastMs - m_firstMs) / 1000.0;
    m_speed =
        m_options.speed > 0 ? m_options.speed : std::max(1.0, spanSeconds / std::max(1.0, m_options.targetSeconds));
    rewind();
    setState(State::Live, tr("replaying %1 at %2×").arg(name()).arg(m_speed, 0, 'f', 0));
}

void ReplaySource::rewind()
{
    m_played = 0;
    m_wall.start();
}

void ReplaySource::failed(const QString &message)
{
    m_timer.stop();
    m_reader.reset();
    m_chunk.reset();
    setState(State::Failed, message);
    emit errorOccurred(message);
}

void ReplaySource::takeDue(int64_t campaignNow, int64_t wallNow, int &taken)
{
    const EventBatch &source = m_chunk->events;
    const std::vector<Event> &events = source.events();
    while (m_next < events.size() && events[m_next].tsMs <= campaignNow && taken < kMaxEventsPerTick) {
        const Event &event = events[m_next++];
        Event &copy = m_batch.appendCopy(source, event);
        // Into the present: an event 2 s of campaign time ago (at this speed) shows as 2/speed s old.
        copy.tsMs = wallNow - static_cast<int64_t>(static_cast<double>(campaignNow - event.tsMs) / m_speed);
        copy.ip = {}; // a replay shows places, never addresses
        ++taken;
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
        opened(first->span);
    }
    const auto campaignNow =
        static_cast<int64_t>(static_cast<double>(m_firstMs) + static_cast<double>(m_wall.elapsed()) * m_speed);
    const int64_t wallNow = systemNowMs();
    m_batch.clear();
    int taken = 0;
    std::optional<ReplayChunk::Kind> boundary;
    while (taken < kMaxEventsPerTick) {
        if (!m_chunk) {
            m_chunk = m_reader->take();
            m_next = 0;
            if (!m_chunk) {
                break; // the reader is behind; what it has not read yet cannot be due for long
            }
        }
        if (m_chunk->kind != ReplayChunk::Kind::Events) {
            boundary = m_chunk->kind;
            break;
        }
        takeDue(campaignNow, wallNow, taken);
        if (m_next < m_chunk->events.size()) {
            break; // the rest is not due yet (or this frame is full)
        }
        m_chunk.reset();
    }
    m_played += taken;
    if (!m_batch.empty()) {
        emit batchReady(m_batch);
    }
    if (!boundary) {
        return;
    }
    const ReplayChunk chunk = std::move(*m_chunk);
    m_chunk.reset();
    switch (*boundary) {
    case ReplayChunk::Kind::LapEnd:
        rewind();
        break;
    case ReplayChunk::Kind::End:
        m_timer.stop();
        m_reader.reset();
        setState(State::Finished, tr("replayed %1: %L2 events").arg(name()).arg(m_played));
        break;
    case ReplayChunk::Kind::Failed:
        failed(QString::fromStdString(chunk.error));
        break;
    default:
        break;
    }
}

} // namespace pulsemap
