// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "ingest_batcher.h"

#include "batch_queue.h"

namespace pulsemap {

namespace {
// How often (in lines) the line counter shown as progress is refreshed between flushes.
constexpr int64_t kProgressEveryLines = 0x400;
} // namespace

IngestBatcher::IngestBatcher(const ImportOptions &options, BatchQueue &queue, LogIngestor::Shared &shared)
    : m_options(options), m_queue(queue), m_shared(shared), m_report(shared.report)
{}

void IngestBatcher::begin()
{
    m_batch = m_queue.acquire();
}

void IngestBatcher::countLine(EventBuilder::Outcome outcome, bool located, ParseError error)
{
    if (outcome == EventBuilder::Outcome::Skipped) {
        countBadLine(describe(error));
        return;
    }
    ++m_lines;
    if (outcome == EventBuilder::Outcome::Directive) {
        ++m_directives;
    } else if (outcome == EventBuilder::Outcome::Added) {
        ++m_events;
        m_unlocated += located ? 0 : 1;
    } else {
        ++m_filtered;
    }
    if (m_lines % kProgressEveryLines == 0) {
        m_shared.lines.store(m_lines, std::memory_order_relaxed);
    }
}

void IngestBatcher::countBadLine(const char *reason)
{
    ++m_lines;
    ++m_skipped;
    if (m_report.badLines.size() < m_options.badLineSamples || m_options.strict) {
        const std::string where = m_name != nullptr ? *m_name : std::string("input");
        const std::lock_guard lock(m_shared.mutex);
        m_report.badLines.push_back(where + ":" + std::to_string(m_lineNumber) + ": " + reason);
    }
    if (m_options.strict) {
        fatal(m_report.badLines.back() + " (--strict)");
    }
}

void IngestBatcher::coverUpTo(const SourceCheckpoint &after)
{
    // The batch holding the line's event also holds the position after it, so a crash can neither
    // replay nor lose it. A line that stopped --strict is not covered: it is still unread.
    if (!m_fatal) {
        m_batch->setCheckpoint(after);
    }
}

void IngestBatcher::notice(std::string text)
{
    const std::lock_guard lock(m_shared.mutex);
    m_report.addNotice(std::move(text));
}

void IngestBatcher::fatal(const std::string &error)
{
    if (!m_fatal) {
        const std::lock_guard lock(m_shared.mutex);
        m_report.error = error;
    }
    m_fatal = true;
}

void IngestBatcher::flushIfFull()
{
    if (m_batch->size() >= m_options.batchEvents) {
        flush();
    }
}

void IngestBatcher::flush()
{
    m_shared.lines.store(m_lines, std::memory_order_relaxed);
    {
        const std::lock_guard lock(m_shared.mutex);
        m_report.lines = m_lines;
        m_report.events = m_events;
        m_report.skipped = m_skipped;
        m_report.unlocated = m_unlocated;
        m_report.filtered = m_filtered;
        m_report.directives = m_directives;
    }
    if (m_batch->empty() && m_batch->checkpoints().empty()) {
        return;
    }
    m_shared.events.store(m_events, std::memory_order_relaxed);
    m_queue.push(std::move(m_batch));
    m_batch = m_queue.acquire();
}

void IngestBatcher::finish()
{
    flush();
    m_queue.push(std::move(m_batch));
    m_queue.close();
}

} // namespace pulsemap
