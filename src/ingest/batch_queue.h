// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

namespace pulsemap {

// Hands batches from a producer thread to a consumer with bounded memory: at most `capacity` batches
// exist at all, recycled through a free list, so a fast reader waits for a slow writer instead of
// buffering without limit.
class BatchQueue
{
public:
    explicit BatchQueue(size_t capacity)
    {
        for (size_t i = 0; i < capacity; ++i) {
            m_free.push_back(std::make_unique<EventBatch>());
        }
    }

    // Producer: an empty batch to fill (blocks while all are in flight).
    std::unique_ptr<EventBatch> acquire()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_free.empty(); });
        auto batch = std::move(m_free.front());
        m_free.pop_front();
        return batch;
    }

    void push(std::unique_ptr<EventBatch> batch)
    {
        {
            std::lock_guard lock(m_mutex);
            m_full.push_back(std::move(batch));
        }
        m_changed.notify_all();
    }

    // Producer: no more batches will come.
    void close()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_changed.notify_all();
    }

    // Consumer: the next filled batch; nullptr on timeout, or when closed and drained (then closedAndEmpty()).
    std::unique_ptr<EventBatch> pop(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, timeout, [&] { return !m_full.empty() || m_closed; });
        if (m_full.empty()) {
            return nullptr;
        }
        auto batch = std::move(m_full.front());
        m_full.pop_front();
        return batch;
    }

    void recycle(std::unique_ptr<EventBatch> batch)
    {
        batch->clear();
        {
            std::lock_guard lock(m_mutex);
            m_free.push_back(std::move(batch));
        }
        m_changed.notify_all();
    }

    [[nodiscard]] bool closedAndEmpty()
    {
        std::lock_guard lock(m_mutex);
        return m_closed && m_full.empty();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<EventBatch>> m_free;
    std::deque<std::unique_ptr<EventBatch>> m_full;
    bool m_closed = false;
};

} // namespace pulsemap
