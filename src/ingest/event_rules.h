// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "core/result.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap {

struct ParsedLine;

// Turns a parsed request into an event type and campaign, the way an email-tracking server tells its
// open pixel from its click redirect. Rules are tried in order; the first that matches names the type.
//
// A rule is "TYPE=COND[,COND...]" (all conditions must hold), each condition one of:
//   /prefix         the request path starts with /prefix
//   ~REGEX          PCRE2 regular expression searched in the request target (path and query)
//   status:404      the status is 404; also status:4xx and status:200-299
// The type "-" drops matching lines (counted as filtered, not as errors).
// Not thread-safe (regex match data is reused): one instance per thread.
class EventRules
{
public:
    EventRules();
    ~EventRules();
    EventRules(const EventRules &) = delete;
    EventRules &operator=(const EventRules &) = delete;

    // Adds a rule after those already added; a one-line error when it cannot be read.
    Status addRule(std::string_view spec);
    void setDefaultType(std::string type) { m_defaultType = std::move(type); }
    // Query parameter holding the campaign id (e.g. utm_campaign); empty disables it.
    void setCampaignParameter(std::string name) { m_campaignParameter = std::move(name); }

    // The type for a request; "-" means drop the line.
    [[nodiscard]] std::string_view typeFor(const ParsedLine &line) const;
    // The percent-decoded campaign id from the target's query string, written into out; false when absent.
    bool campaignFor(std::string_view target, std::string &out) const;

    [[nodiscard]] static bool isDrop(std::string_view type) { return type == "-"; }

private:
    struct Condition;
    struct Rule;
    std::vector<Rule> m_rules;
    std::string m_defaultType{kDefaultEventType};
    std::string m_campaignParameter = "utm_campaign";
};

// Decodes %XX and '+' (as a space) from a URL component into out.
void percentDecode(std::string_view text, std::string &out);

} // namespace pulsemap
