// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "charts/trend_snapshot.h"
#include "core/event_filter.h"
#include "core/result.h"

#include <cstdint>

namespace pulsemap {

class CampaignStore;

// Counts the trend charts' windows that end at a moment of a campaign (TrendSnapshot), for the events the
// filter picks (its types and campaigns; its time bounds are ignored), from the file:
// - per minute and type for the day, and per 5 minutes for the 8 days and 2 hours before it, from rollup_minutes
//   (exact: whole minutes), the minute holding the moment from the events;
// - per second and type for the minute before it, from the events (a GROUP BY over the ts index: at most one
//   minute of events is read);
// - per minute and country for the hour before it: from the events (exact) when that hour holds at most
//   kExactCountryEvents events, else each minute's events shared out by its hour's countries (rollup_countries
//   counts per hour only), countriesEstimated then.
// atMs's own events are counted when includeAt (a seek: they are in its picture), not otherwise (a lap: they are
// played next). knownFromMs is where counting "started" (the campaign's first event).
//
// Threading: the store's thread (a replay's reader thread); never the GUI thread.
class ReplayTrends
{
public:
    static constexpr int64_t kExactCountryEvents = 20'000;

    [[nodiscard]] static Result<TrendSnapshot> read(CampaignStore &store, const EventFilter &filter, int64_t atMs,
                                                    bool includeAt, int64_t knownFromMs);
};

} // namespace pulsemap
