// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "geo_enricher.h"

#include "ingest/geoip.h"

namespace pulsemap {

void GeoEnricher::enrich(EventBatch &batch, size_t first)
{
    std::vector<Event> &events = batch.events();
    for (size_t i = first; i < events.size(); ++i) {
        Event &event = events[i];
        if (event.ip.empty()) {
            continue;
        }
        GeoResult where;
        if (!event.located() && m_geoip != nullptr &&
            m_geoip->lookup(batch.text(event.ip), where) == GeoIp::Lookup::Located) {
            event.lat = where.lat;
            event.lon = where.lon;
            if (!event.hasCountry()) {
                event.country = where.country;
            }
            if (event.city.empty() && !where.city.empty()) {
                event.city = batch.store(where.city);
            }
            ++m_located;
        }
        if (!m_keepIp) {
            event.ip = {};
        }
    }
}

} // namespace pulsemap
