// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "event_builder.h"
#include "log_ingestor_p.h"

#include <memory>
#include <string>

namespace pulsemap {

class BatchQueue;

// The batching, checkpoint and accounting stage of the ingest worker: fills one batch at a time with
// the events of the lines read and the checkpoints just past them, hands full batches to the queue, and
// keeps the counters and the shared report up to date. Internal to the worker (one thread).
class IngestBatcher
{
public:
    IngestBatcher(const ImportOptions &options, BatchQueue &queue, LogIngestor::Shared &shared);

    // Takes the first empty batch (call once, on the worker thread).
    void begin();
    [[nodiscard]] EventBatch &batch() { return *m_batch; }

    // Where the current line comes from, for the bad-line samples ("access.log:17: ...").
    void setPosition(const std::string *name, int64_t lineNumber)
    {
        m_name = name;
        m_lineNumber = lineNumber;
    }
    [[nodiscard]] int64_t lineNumber() const { return m_lineNumber; }

    // One line's outcome (a line too long is countBadLine alone).
    void countLine(EventBuilder::Outcome outcome, bool located, ParseError error);
    void countBadLine(const char *reason);
    // The batch covers everything up to after (unless --strict stopped at this line: it is still unread).
    void coverUpTo(const SourceCheckpoint &after);

    void notice(std::string text);
    // Stops the work: the first fatal error is the one reported; nothing read after it is stored.
    void fatal(const std::string &error);
    [[nodiscard]] bool failed() const { return m_fatal; }

    // Hands the batch over once it holds batchEvents events.
    void flushIfFull();
    // Hands over what the batch holds (events or only checkpoints) and publishes the counters.
    void flush();
    [[nodiscard]] bool holdsCheckpoints() const { return !m_batch->checkpoints().empty(); }
    // Hands over the last batch and closes the queue: the consumer sees the end.
    void finish();

private:
    const ImportOptions &m_options;
    BatchQueue &m_queue;
    LogIngestor::Shared &m_shared;
    ImportReport &m_report; // m_shared.report, written under m_shared.mutex
    std::unique_ptr<EventBatch> m_batch;
    const std::string *m_name = nullptr;
    int64_t m_lineNumber = 0;
    int64_t m_lines = 0;
    int64_t m_events = 0;
    int64_t m_skipped = 0;
    int64_t m_unlocated = 0;
    int64_t m_filtered = 0;
    int64_t m_directives = 0;
    bool m_fatal = false;
};

} // namespace pulsemap
