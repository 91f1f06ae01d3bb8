// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"

#include <cstddef>
#include <cstdint>

namespace pulsemap {

class GeoIp;

// Locates the events of a batch that carry only an address (Event::ip, as the stream decoder leaves them)
// with a GeoIp database, then drops the address unless asked to keep it. An event that already has
// coordinates keeps them, and its country and city; a lookup fills only what the event lacks. Allocates
// nothing per event once the batch's arena has grown (cities go into the batch's arena).
// Threading: not thread-safe (GeoIp is not); use one per thread, on the thread that owns the GeoIp.
class GeoEnricher
{
public:
    // geoip may be null: addresses are then only dropped (or kept).
    explicit GeoEnricher(GeoIp *geoip, bool keepIp = false) : m_geoip(geoip), m_keepIp(keepIp) {}

    // Enriches events [first, size) of batch.
    void enrich(EventBatch &batch, size_t first = 0);

    [[nodiscard]] uint64_t located() const { return m_located; } // events placed by a lookup so far

private:
    GeoIp *m_geoip;
    bool m_keepIp;
    uint64_t m_located = 0;
};

} // namespace pulsemap
