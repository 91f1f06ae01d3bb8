// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "import_pipeline.h"

#include "core/campaign_store.h"
#include "log_ingestor.h"

namespace pulsemap {

void ImportReport::addNotice(std::string notice)
{
    if (notices.size() >= kMaxNotices) {
        notices.erase(notices.begin()); // a hundred strings: cheap, and rare (a rotation, a truncation)
        ++droppedNotices;
    }
    notices.push_back(std::move(notice));
}

ImportPipeline::ImportPipeline(ImportOptions options, CampaignStore &store)
    : m_options(std::move(options)), m_store(store)
{}

bool ImportPipeline::run(const std::atomic<bool> &stop, ImportReport &report, const ProgressCallback &progress)
{
    using SteadyClock = std::chrono::steady_clock;
    LogIngestor ingestor(m_options, [this](const std::string &path) { return m_store.checkpoints(path); });
    if (Status started = ingestor.start(); !started) {
        report = ingestor.report();
        report.error = started.message();
        return false;
    }
    auto lastProgress = SteadyClock::now();
    std::string writeError;
    while (!ingestor.finished()) {
        if (stop.load(std::memory_order_relaxed)) {
            ingestor.stop(); // the worker flushes what it has read; those batches are still written below
        }
        if (auto batch = ingestor.take(std::chrono::milliseconds(200))) {
            if (writeError.empty()) {
                if (Status appended = m_store.append(*batch); !appended) {
                    writeError = appended.message();
                    ingestor.stop(); // what was committed stays committed; nothing after the failure is claimed
                }
            }
            ingestor.recycle(std::move(batch));
        }
        if (progress && SteadyClock::now() - lastProgress >= std::chrono::milliseconds(200)) {
            progress(ingestor.progress());
            lastProgress = SteadyClock::now();
        }
    }
    report = ingestor.report();
    report.interrupted = stop.load();
    if (!writeError.empty()) {
        report.error = writeError;
    }
    return report.error.empty();
}

} // namespace pulsemap
