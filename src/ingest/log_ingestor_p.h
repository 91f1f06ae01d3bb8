// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Internals of LogIngestor shared by its worker's parts (log_producer, ingest_batcher).

#include "import_pipeline.h"
#include "log_ingestor.h"

#include <atomic>
#include <cstdint>
#include <mutex>

namespace pulsemap {

// State shared between the worker and the consumer thread.
struct LogIngestor::Shared
{
    std::atomic<int64_t> bytesRead{0};
    std::atomic<int64_t> lines{0};
    std::atomic<int64_t> events{0};
    std::atomic<bool> caughtUp{false};
    std::atomic<bool> stop{false};
    mutable std::mutex mutex; // guards the report the worker fills
    ImportReport report;
};

} // namespace pulsemap
