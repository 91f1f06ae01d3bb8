// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "core/result.h"
#include "import_pipeline.h"

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace pulsemap {

class BatchQueue;
class Producer;

// Reads log inputs on its own worker thread (read, parse, geolocate) and hands out batches of events,
// each with the checkpoints of the lines it covers. The consumer decides what to do with them: write a
// campaign file (pulsemap-cli import), feed the live map (the app), fan out to subscribers (the relay).
// At most three batches exist, so a slow consumer slows the reader instead of growing memory.
//
// Threading: construct, start(), take() and recycle() from one consumer thread; stop() from any thread.
class LogIngestor
{
public:
    // Saved checkpoints for a followed file's absolute path (newest first), to resume where it stopped.
    using CheckpointLookup = std::function<std::vector<SourceCheckpoint>(const std::string &path)>;
    struct Shared;

    explicit LogIngestor(ImportOptions options, CheckpointLookup checkpoints = {});
    ~LogIngestor(); // stops the worker and waits for it
    LogIngestor(const LogIngestor &) = delete;
    LogIngestor &operator=(const LogIngestor &) = delete;

    // Opens the format, rules and GeoIP database, then starts reading; a one-line error when one of them
    // cannot be used.
    Status start();

    // The next filled batch, waiting up to timeout; nullptr when none came (or all is done: finished()).
    std::unique_ptr<EventBatch> take(std::chrono::milliseconds timeout);
    // Gives a consumed batch back for reuse.
    void recycle(std::unique_ptr<EventBatch> batch);

    // Asks the worker to end: it hands over what it has read, then finishes. Safe from any thread.
    void stop();
    // True once the worker has ended and every batch was taken.
    [[nodiscard]] bool finished() const;

    // Snapshots, safe to call while running.
    [[nodiscard]] ImportReport report() const;
    [[nodiscard]] ImportProgress progress() const;
    // The fatal error, empty while all is well (cheaper than report() for polling every frame).
    [[nodiscard]] std::string error() const;

private:
    ImportOptions m_options;
    CheckpointLookup m_checkpoints;
    std::unique_ptr<Shared> m_shared;
    std::unique_ptr<BatchQueue> m_queue;
    std::unique_ptr<Producer> m_producer;
    std::thread m_worker;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    int64_t m_bytesTotal = 0;
};

} // namespace pulsemap
