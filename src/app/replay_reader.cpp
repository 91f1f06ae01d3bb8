// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "replay_reader.h"

#include "core/campaign_store.h"
#include "core/rollup_grid.h"
#include "replay_trends.h"

#include <sys/resource.h>
#include <unistd.h>

namespace pulsemap {

namespace {
// The reader thread's nice value (Linux schedules threads one by one; elsewhere this is a no-op).
constexpr int kReaderNice = 10;
ReplayChunk chunkOf(ReplayChunk::Kind kind)
{
    ReplayChunk chunk;
    chunk.kind = kind;
    return chunk;
}
} // namespace

ReplayReader::ReplayReader(std::string path, Options options) : m_path(std::move(path)), m_options(options) {}

ReplayReader::~ReplayReader()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void ReplayReader::start()
{
    m_thread = std::thread([this] { run(); });
}

std::optional<ReplayChunk> ReplayReader::take()
{
    std::unique_lock lock(m_mutex);
    if (m_queue.empty()) {
        return std::nullopt;
    }
    ReplayChunk chunk = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_wake.notify_all();
    return chunk;
}

uint64_t ReplayReader::seek(const SeekRequest &request)
{
    uint64_t generation = 0;
    {
        const std::lock_guard lock(m_mutex);
        // Keep what the consumer cannot do without: the Opened chunk, if it has not taken it yet.
        std::erase_if(m_queue, [](const ReplayChunk &chunk) { return chunk.kind != ReplayChunk::Kind::Opened; });
        // A selection not yet taken up survives the seeks that follow it (a filter set, then a drag).
        std::optional<EventFilter> selection = request.selection;
        if (!selection && m_pending) {
            selection = std::move(m_pending->selection);
        }
        m_pending = request;
        m_pending->selection = std::move(selection);
        generation = ++m_generation;
    }
    m_wake.notify_all();
    return generation;
}

ReplayReader::Push ReplayReader::push(ReplayChunk chunk)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [this] { return m_stopping || m_pending || m_queue.size() < m_options.queueChunks; });
    if (m_stopping) {
        return Push::Stopping;
    }
    // Stale before it was queued, except a picture: while the playhead is dragged a new seek arrives before
    // each picture is done, and dropping them all would leave the map still until the mouse stops.
    if (m_pending && !chunk.picture && chunk.kind != ReplayChunk::Kind::Opened &&
        chunk.kind != ReplayChunk::Kind::Failed) {
        return Push::Seeking;
    }
    chunk.generation = m_working;
    m_queue.push_back(std::move(chunk));
    return Push::Pushed;
}

void ReplayReader::pushFailure(const std::string &message)
{
    ReplayChunk chunk;
    chunk.kind = ReplayChunk::Kind::Failed;
    chunk.error = message;
    push(std::move(chunk));
}

void ReplayReader::run()
{
    // Behind the frames: on a machine with few cores the reader competes with the renderer (a software
    // renderer's threads above all), and a smooth playhead matters more than one more picture per second.
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kReaderNice);
    auto store = CampaignStore::open(m_path, CampaignStore::Access::ReadOnly);
    if (!store) {
        pushFailure(store.message());
        return;
    }
    std::optional<CampaignReader> reader(std::in_place, **store, EventFilter{});
    const Result<EventSpan> span = reader->span();
    if (!span) {
        pushFailure(span.message());
        return;
    }
    // Opened once for the thread: an older file computes its rollups here, and every seek reuses them.
    Result<RollupQuery> rollups = RollupQuery::open(**store);
    if (!rollups) {
        pushFailure(rollups.message());
        return;
    }
    ReplayChunk opened;
    opened.kind = ReplayChunk::Kind::Opened;
    opened.span = *span;
    m_firstMs = span->firstMs;
    if (span->count > 0) {
        // The histogram: whole minutes per bucket, as many as fit the requested number.
        const int64_t minutes = (span->lastMs - span->firstMs) / rollup::kMinuteMs + 1;
        const auto perBucket = int64_t((minutes + int64_t(m_options.histogramBuckets) - 1) /
                                       int64_t(std::max<size_t>(1, m_options.histogramBuckets)));
        opened.bucketMs = std::max<int64_t>(1, perBucket) * rollup::kMinuteMs;
        Result<std::vector<TypeBucket>> buckets = rollups->histogram(opened.bucketMs, {});
        if (!buckets) {
            pushFailure(buckets.message());
            return;
        }
        opened.buckets = std::move(*buckets);
    }
    Result<std::vector<std::string>> campaigns = rollups->campaigns();
    if (!campaigns) {
        pushFailure(campaigns.message());
        return;
    }
    opened.campaigns = std::move(*campaigns);
    const int64_t bucketMs = opened.bucketMs;
    if (push(std::move(opened)) == Push::Stopping) {
        return;
    }
    while (true) {
        std::optional<SeekRequest> request;
        {
            const std::lock_guard lock(m_mutex);
            if (m_stopping) {
                return;
            }
            request.swap(m_pending);
            m_working = m_generation;
        }
        if (request && request->selection) {
            EventFilter selection = *request->selection;
            selection.fromMs.reset();
            selection.toMs.reset();
            reader.emplace(**store, std::move(selection));
        }
        if (request && !answerSeek(**store, *rollups, *reader, *request, bucketMs)) {
            return;
        }
        // After the first picture is out: later seeks sum the hours in memory (a no-op once held).
        if (request && span->count > 0) {
            if (Status held = rollups->holdHourCells(reader->filter()); !held) {
                pushFailure(held.message());
                return;
            }
        }
        if (span->count == 0) {
            push(chunkOf(ReplayChunk::Kind::End));
        }
        if (span->count == 0 || !readOn(*reader)) {
            if (!waitForSeek()) {
                return;
            }
        }
    }
}

bool ReplayReader::answerSeek(CampaignStore &store, const RollupQuery &rollups, CampaignReader &reader,
                              const SeekRequest &request, int64_t bucketMs)
{
    std::optional<TrendSnapshot> trends;
    if (request.trends) {
        Result<TrendSnapshot> counted =
            ReplayTrends::read(store, reader.filter(), request.atMs, !request.lap, m_firstMs);
        if (!counted) {
            pushFailure(counted.message());
            return false;
        }
        trends = std::move(*counted);
    }
    if (request.lap) {
        reader.seek(request.atMs);
        ReplayChunk restart = chunkOf(ReplayChunk::Kind::Snapshot);
        restart.trends = std::move(trends);
        return push(std::move(restart)) != Push::Stopping;
    }
    Result<HeatSnapshot> heat = rollups.heatAt(request.atMs, request.window, reader.filter());
    if (!heat) {
        pushFailure(heat.message());
        return false;
    }
    ReplayChunk snapshot;
    snapshot.kind = ReplayChunk::Kind::Snapshot;
    snapshot.heat = std::move(*heat);
    snapshot.picture = true;
    snapshot.atMs = request.atMs;
    snapshot.requestedNs = request.requestedNs;
    snapshot.trends = std::move(trends);
    if (request.selection && bucketMs > 0) {
        Result<std::vector<TypeBucket>> buckets = rollups.histogram(bucketMs, reader.filter());
        if (!buckets) {
            pushFailure(buckets.message());
            return false;
        }
        snapshot.buckets = std::move(*buckets);
        snapshot.bucketMs = bucketMs;
        snapshot.newHistogram = true;
    }
    if (request.recentMs > 0) {
        EventFilter recentFilter = reader.filter();
        recentFilter.fromMs = request.atMs - request.recentMs;
        recentFilter.toMs = request.atMs + 1;
        CampaignReader recent(store, recentFilter);
        while (true) {
            const Result<size_t> read = recent.next(snapshot.events, m_options.batchEvents);
            if (!read) {
                pushFailure(read.message());
                return false;
            }
            if (*read == 0 || snapshot.events.size() >= 4 * m_options.batchEvents) {
                break; // the most recent few thousand are plenty to pulse
            }
        }
    }
    reader.seek(request.atMs + 1);
    return push(std::move(snapshot)) != Push::Stopping;
}

bool ReplayReader::readOn(CampaignReader &reader)
{
    while (true) {
        ReplayChunk chunk;
        const Result<size_t> read = reader.next(chunk.events, m_options.batchEvents);
        if (!read) {
            pushFailure(read.message());
            return false;
        }
        if (*read > 0) {
            const Push pushed = push(std::move(chunk));
            if (pushed != Push::Pushed) {
                return pushed == Push::Seeking;
            }
        }
        if (!reader.atEnd()) {
            continue;
        }
        if (!m_options.loop) {
            const Push pushed = push(chunkOf(ReplayChunk::Kind::End));
            return pushed == Push::Seeking;
        }
        const Push pushed = push(chunkOf(ReplayChunk::Kind::LapEnd));
        if (pushed != Push::Pushed) {
            return pushed == Push::Seeking;
        }
        reader.rewind();
    }
}

bool ReplayReader::waitForSeek()
{
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [this] { return m_stopping || m_pending; });
    return !m_stopping;
}

} // namespace pulsemap
