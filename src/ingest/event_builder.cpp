// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event_builder.h"

#include "event_rules.h"
#include "geoip.h"

#include <cstring>

namespace pulsemap {

namespace {
std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}
} // namespace

EventBuilder::EventBuilder(LogParser &parser, const EventRules &rules, GeoIp *geoip, const Options &options,
                           Clock clock)
    : m_parser(parser), m_rules(rules), m_geoip(geoip), m_options(options), m_clock(orSystemClock(std::move(clock)))
{
    if (options.visitorKey) {
        m_visitors.emplace(*options.visitorKey);
    }
}

std::string_view EventBuilder::clientAddress() const
{
    if (m_options.useForwardedFor) {
        // The first hop is the original client; later hops are proxies.
        const std::string_view first = trim(m_parsed.forwardedFor.substr(0, m_parsed.forwardedFor.find(',')));
        if (!first.empty() && first != "-") {
            return first;
        }
    }
    return m_parsed.clientAddress;
}

EventBuilder::Outcome EventBuilder::add(std::string_view line, EventBatch &batch, ParseError &error)
{
    m_lastLocated = false;
    // Web servers escape control bytes, so a NUL means damage (a crash leaves NUL-filled blocks), and a
    // value cut at it would be stored wrong. memchr costs little next to parsing.
    if (std::memchr(line.data(), 0, line.size()) != nullptr) {
        error = ParseError::BinaryData;
        return Outcome::Skipped;
    }
    error = m_parser.parse(line, m_parsed);
    if (error == ParseError::Directive) {
        return Outcome::Directive;
    }
    if (error != ParseError::None) {
        return Outcome::Skipped;
    }
    const std::string_view type = m_rules.typeFor(m_parsed);
    if (EventRules::isDrop(type)) {
        return Outcome::Filtered;
    }
    Event &event = batch.append();
    event.tsMs = m_parsed.hasTime ? m_parsed.tsMs : m_clock();
    event.type = batch.store(type);
    if (m_rules.campaignFor(m_parsed.target, m_campaign)) {
        event.campaign = batch.store(m_campaign);
    }
    if (const std::string_view path = requestPath(m_parsed.target); !path.empty()) {
        event.path = batch.store(path);
    }
    const std::string_view address = clientAddress();
    if (m_visitors) {
        event.visitor = m_visitors->ofAddress(event.tsMs, address, m_parsed.userAgent);
    }
    if (m_options.keepIp) {
        event.ip = batch.store(address);
    }
    if (m_geoip != nullptr) {
        GeoResult geo;
        const GeoIp::Lookup result = m_geoip->lookup(address, geo);
        event.country = geo.country;
        if (result == GeoIp::Lookup::Located) {
            event.lat = geo.lat;
            event.lon = geo.lon;
            event.city = batch.store(geo.city);
            m_lastLocated = true;
        }
    }
    return Outcome::Added;
}

} // namespace pulsemap
