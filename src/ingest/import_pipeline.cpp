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
    if (!m_options.visitorKey) {
        Result<VisitorHasher::Key> key = m_store.visitorKey();
        if (!key) {
            report.error = key.message();
            return false;
        }
        m_options.visitorKey = *key;
    }
    LogIngestor ingestor(m_options, [this](const std::string &path) { return m_store.checkpoints(path); });
    if (Status started = ingestor.start(); !started) {
        report = ingestor.report();
        report.error = started.message();
        return false;
    }
    // What the logs hold so far is loaded in bulk (campaign_store.h): out of time order that is several times
    // faster. A store another writer holds refuses it, and the import goes on the usual way.
    (void)m_store.beginBulk();
    auto lastProgress = SteadyClock::now();
    // Commits at most this far apart (and whenever the ingestor has nothing ready): one commit per batch
    // would rewrite the time index's pages once per batch, which made out-of-order logs 3x slower.
    constexpr auto kCommitInterval = std::chrono::milliseconds(500);
    auto transactionStart = SteadyClock::now();
    std::string writeError;
    while (!ingestor.finished()) {
        if (stop.load(std::memory_order_relaxed)) {
            ingestor.stop(); // the worker flushes what it has read; those batches are still written below
        }
        auto fail = [&](const Status &status) {
            writeError = status.message();
            ingestor.stop(); // what was committed stays committed; nothing after the failure is claimed
        };
        auto batch =
            ingestor.take(m_store.uncommitted() ? std::chrono::milliseconds(0) : std::chrono::milliseconds(200));
        if (batch) {
            if (writeError.empty()) {
                if (!m_store.uncommitted()) {
                    transactionStart = SteadyClock::now();
                }
                if (Status appended = m_store.append(*batch, CampaignStore::Commit::Deferred); !appended) {
                    fail(appended);
                }
            }
            ingestor.recycle(std::move(batch));
        }
        if (m_store.bulk() && !batch && ingestor.progress().following) {
            // Caught up: from now on every commit carries its rollups, so readers see new lines at once.
            if (Status ended = m_store.endBulk(); !ended) {
                fail(ended);
            }
        }
        if (m_store.uncommitted() && (!batch || SteadyClock::now() - transactionStart >= kCommitInterval)) {
            if (Status committed = m_store.commit(); !committed) {
                fail(committed);
            }
        }
        if (progress && SteadyClock::now() - lastProgress >= std::chrono::milliseconds(200)) {
            progress(ingestor.progress());
            lastProgress = SteadyClock::now();
        }
    }
    if (Status committed = m_store.endBulk(); !committed && writeError.empty()) {
        writeError = committed.message();
    }
    report = ingestor.report();
    report.interrupted = stop.load();
    if (!writeError.empty()) {
        report.error = writeError;
    }
    return report.error.empty();
}

} // namespace pulsemap
