// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/clock.h"
#include "core/event.h"
#include "core/visitor_id.h"
#include "log_format.h"

#include <optional>
#include <string>
#include <string_view>

namespace pulsemap {

class EventRules;
class GeoIp;

// Turns one log line into an event in a batch: parse, choose the type and campaign, geolocate.
// Holds reusable scratch space, so a steady stream of lines allocates nothing. Not thread-safe.
class EventBuilder
{
public:
    struct Options
    {
        bool useForwardedFor = false;                 // client = first hop of X-Forwarded-For when present
        bool keepIp = false;                          // store the client address in the event
        std::optional<VisitorHasher::Key> visitorKey; // set: visitor ids from address and user agent
    };

    // Directive: a header line the format consumed (W3C "#Fields:"), neither an event nor a bad line.
    enum class Outcome { Added, Filtered, Skipped, Directive };

    // The clock gives the time of lines whose format has none (their arrival); it is asked only for those.
    EventBuilder(LogParser &parser, const EventRules &rules, GeoIp *geoip, const Options &options,
                 Clock clock = systemClock());

    // Appends an event for the line to batch (Added), or explains why not: Filtered (a rule dropped it),
    // Directive (a header line) or Skipped (unparseable; error says why).
    Outcome add(std::string_view line, EventBatch &batch, ParseError &error);

    // Whether the last Added event got coordinates.
    [[nodiscard]] bool lastLocated() const { return m_lastLocated; }

private:
    [[nodiscard]] std::string_view clientAddress() const;

    LogParser &m_parser; // not const: W3C parsers learn their layout from the lines
    const EventRules &m_rules;
    GeoIp *m_geoip;
    Options m_options;
    Clock m_clock;
    std::optional<VisitorHasher> m_visitors;
    ParsedLine m_parsed;
    std::string m_campaign;
    bool m_lastLocated = false;
};

} // namespace pulsemap
