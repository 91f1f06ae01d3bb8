// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event.h"
#include "event_filter.h"
#include "result.h"
#include "sqlite_statement.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace pulsemap {

class CampaignStore;

// Where a filter's events lie in time, and how many there are.
struct EventSpan
{
    int64_t firstMs = 0; // 0 when there are no events
    int64_t lastMs = 0;
    int64_t count = 0;
};

// The one way to read a campaign's events: those a filter selects, in time order (ties in the order they
// were stored), a batch of up to N at a time. Each batch is its own short query that continues after
// the last event returned, so reading is resumable, holds no read transaction between batches (a
// recorder appending to the file meanwhile is neither blocked nor missed) and memory does not depend
// on the campaign's size.
//
// Threading: like the store it reads (one thread at a time); the store must outlive the reader.
class CampaignReader
{
public:
    CampaignReader(const CampaignStore &store, EventFilter filter);

    // Appends up to maxEvents events to the batch (the batch is not cleared) and returns how many; 0 at
    // the end. With ids, each event's row id is appended there too (exports list it).
    Result<size_t> next(EventBatch &batch, size_t maxEvents, std::vector<int64_t> *ids = nullptr);
    // The next batch starts at the first selected event at or after tsMs.
    void seek(int64_t tsMs);
    // Back to the first event.
    void rewind() { seek(std::numeric_limits<int64_t>::min()); }
    // True once next() found nothing more (until seek/rewind; a file still growing may have more later).
    [[nodiscard]] bool atEnd() const { return m_atEnd; }

    // First and last time and number of the selected events.
    [[nodiscard]] Result<EventSpan> span() const;

    [[nodiscard]] const EventFilter &filter() const { return m_filter; }

private:
    [[nodiscard]] Error queryError() const;

    const CampaignStore &m_store;
    EventFilter m_filter;
    SqliteStatement m_query;
    // The position: events after (m_afterTs, m_afterId) in (ts, id) order.
    int64_t m_afterTs = std::numeric_limits<int64_t>::min();
    int64_t m_afterId = std::numeric_limits<int64_t>::min();
    bool m_atEnd = false;
};

} // namespace pulsemap
