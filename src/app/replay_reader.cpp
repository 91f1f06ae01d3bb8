// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "replay_reader.h"

#include "core/campaign_store.h"

namespace pulsemap {

ReplayReader::ReplayReader(std::string path, Options options) : m_path(std::move(path)), m_options(options) {}

ReplayReader::~ReplayReader()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_spaceFree.notify_all();
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
    m_spaceFree.notify_one();
    return chunk;
}

bool ReplayReader::push(ReplayChunk chunk)
{
    std::unique_lock lock(m_mutex);
    m_spaceFree.wait(lock, [this] { return m_stopping || m_queue.size() < m_options.queueChunks; });
    if (m_stopping) {
        return false;
    }
    m_queue.push_back(std::move(chunk));
    return true;
}

bool ReplayReader::pushFailure(const std::string &message)
{
    ReplayChunk chunk;
    chunk.kind = ReplayChunk::Kind::Failed;
    chunk.error = message;
    return push(std::move(chunk));
}

void ReplayReader::run()
{
    auto store = CampaignStore::open(m_path, CampaignStore::Access::ReadOnly);
    if (!store) {
        pushFailure(store.message());
        return;
    }
    CampaignReader reader(**store, EventFilter{});
    const Result<EventSpan> span = reader.span();
    if (!span) {
        pushFailure(span.message());
        return;
    }
    ReplayChunk opened;
    opened.kind = ReplayChunk::Kind::Opened;
    opened.span = *span;
    if (!push(std::move(opened))) {
        return;
    }
    if (span->count == 0) {
        push(ReplayChunk{ReplayChunk::Kind::End, {}, {}, {}});
        return;
    }
    readAll(reader);
}

void ReplayReader::readAll(CampaignReader &reader)
{
    while (true) {
        ReplayChunk chunk;
        const Result<size_t> read = reader.next(chunk.events, m_options.batchEvents);
        if (!read) {
            pushFailure(read.message());
            return;
        }
        if (*read > 0 && !push(std::move(chunk))) {
            return;
        }
        if (!reader.atEnd()) {
            continue;
        }
        if (!m_options.loop) {
            push(ReplayChunk{ReplayChunk::Kind::End, {}, {}, {}});
            return;
        }
        if (!push(ReplayChunk{ReplayChunk::Kind::LapEnd, {}, {}, {}})) {
            return;
        }
        reader.rewind();
    }
}

} // namespace pulsemap
