// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace pulsemap {

// One alert rule, parsed from its text (docs/alerts.md has the grammar):
//
//     burst: click per 10s > 50      a high mark: more than 50 click events in the last 10 s
//     quiet: * per 5m < 10           a low mark: fewer than 10 events of any type in the last 5 min
//     down: source down 30s          the event source has been unreachable for 30 s
//
// The window (10s, 5m, 30s) is also the rule's hysteresis: see AlertEngine.
struct AlertRule
{
    enum class Kind { Rate, SourceDown };
    enum class Comparison { Above, AtLeast, Below, AtMost }; // >, >=, <, <=

    std::string name;
    Kind kind = Kind::Rate;
    std::string type; // the event type counted; empty: any type ("*" or "any" in the text)
    int64_t windowMs = 0;
    Comparison comparison = Comparison::Above;
    int64_t threshold = 0; // events in the window; for SourceDown, the window in seconds

    // Low marks (< and <=) cannot fire before one whole window has passed since the engine started:
    // at start nothing has been counted yet, which is no evidence of a quiet source.
    [[nodiscard]] bool lowMark() const
    {
        return kind == Kind::Rate && (comparison == Comparison::Below || comparison == Comparison::AtMost);
    }
    [[nodiscard]] bool holdsFor(int64_t value) const;
    // The condition in canonical form, without the name: "click per 10s > 50", "source down 30s".
    [[nodiscard]] std::string condition() const;
};

// ">", ">=", "<" or "<=", as rules are written.
const char *comparisonText(AlertRule::Comparison comparison);

// Parses "NAME: CONDITION". The error names the rule text and says what was expected where.
Result<AlertRule> parseAlertRule(std::string_view text);

// "10s", "5m", "1h" (whole seconds, minutes or hours, 1 s to 24 h); the error says why not.
Result<int64_t> parseAlertWindow(std::string_view text);
// The shortest exact spelling of a window parseAlertWindow() accepts: 300000 -> "5m".
std::string formatAlertWindow(int64_t windowMs);

} // namespace pulsemap
