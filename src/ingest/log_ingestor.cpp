// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_ingestor.h"

#include "batch_queue.h"
#include "log_ingestor_p.h"
#include "log_producer.h"

#include <sys/stat.h>

namespace pulsemap {

using SteadyClock = std::chrono::steady_clock;

namespace {

int64_t totalInputBytes(const std::vector<std::string> &inputs)
{
    int64_t total = 0;
    for (const std::string &input : inputs) {
        struct stat info
        {
        };
        if (input != "-" && ::stat(input.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
            total += info.st_size;
        }
    }
    return total;
}

} // namespace

LogIngestor::LogIngestor(ImportOptions options, CheckpointLookup checkpoints)
    : m_options(std::move(options)), m_checkpoints(std::move(checkpoints)), m_shared(std::make_unique<Shared>()),
      m_queue(std::make_unique<BatchQueue>(3)) // one batch being filled, one being consumed, one spare for bursts
{}

LogIngestor::~LogIngestor()
{
    stop();
    if (m_worker.joinable()) {
        // Drain so a worker waiting for a free batch can reach its end; nobody consumes any more.
        while (!m_queue->closedAndEmpty()) {
            if (auto batch = m_queue->pop(std::chrono::milliseconds(10))) {
                m_queue->recycle(std::move(batch));
            }
        }
        m_worker.join();
    }
}

Status LogIngestor::start()
{
    m_started = SteadyClock::now();
    m_bytesTotal = m_options.follow ? 0 : totalInputBytes(m_options.inputs);
    m_producer = std::make_unique<Producer>(m_options, m_checkpoints, *m_queue, *m_shared);
    if (Status prepared = m_producer->prepare(); !prepared) {
        return prepared;
    }
    m_worker = std::thread([this] { m_producer->run(); });
    return {};
}

std::unique_ptr<EventBatch> LogIngestor::take(std::chrono::milliseconds timeout)
{
    return m_queue->pop(timeout);
}

void LogIngestor::recycle(std::unique_ptr<EventBatch> batch)
{
    m_queue->recycle(std::move(batch));
}

void LogIngestor::stop()
{
    m_shared->stop.store(true);
}

bool LogIngestor::finished() const
{
    return m_queue->closedAndEmpty();
}

ImportReport LogIngestor::report() const
{
    std::lock_guard lock(m_shared->mutex);
    ImportReport copy = m_shared->report;
    copy.seconds = std::chrono::duration<double>(SteadyClock::now() - m_started).count();
    return copy;
}

std::string LogIngestor::error() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->report.error;
}

ImportProgress LogIngestor::progress() const
{
    ImportProgress status;
    status.bytesTotal = m_bytesTotal;
    status.bytesRead = m_shared->bytesRead.load(std::memory_order_relaxed);
    status.lines = m_shared->lines.load(std::memory_order_relaxed);
    status.events = m_shared->events.load(std::memory_order_relaxed);
    status.seconds = std::chrono::duration<double>(SteadyClock::now() - m_started).count();
    status.following = m_shared->caughtUp.load(std::memory_order_relaxed);
    return status;
}

} // namespace pulsemap
