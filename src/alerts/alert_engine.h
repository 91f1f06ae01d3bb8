// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "alert_rule.h"
#include "core/clock.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pulsemap {

// A rule changing state: what AlertEngine::evaluate() reports.
struct AlertTransition
{
    enum class State { Firing, Resolved };

    size_t rule = 0; // index into AlertEngine::rules()
    State state = State::Firing;
    int64_t value = 0; // events in the window (SourceDown: whole seconds down) when the state changed
    int64_t atMs = 0;  // Unix ms, from the engine's clock
};

// Evaluates alert rules against events as they arrive (counted at the engine clock's "now", not at the events'
// own timestamps: a replayed or late batch is "what arrives now") and against the source being up or down.
//
// Hysteresis, per rule: it fires when its condition holds; once firing it resolves only after the condition
// has not held for one whole window (every evaluation in that window saw it clear), and it never fires twice
// without resolving in between. Low-mark rules (< and <=) cannot fire during the first window after the engine
// starts. The source counts as down from the start until setSourceUp(true); a source-down rule starts its
// quiet window when the source comes back up, other rules at the first evaluation that finds them clear.
//
// Rate windows are counted in kSlots slices of the window, so a window slides in steps of 1/kSlots of its
// length and what is counted covers between (kSlots-1)/kSlots of the window and the whole window. Memory is
// fixed per rule, whatever the rate and the run time.
// Threading: not thread-safe; one owner thread calls everything (and the clock).
class AlertEngine
{
public:
    static constexpr int64_t kSlots = 50;

    explicit AlertEngine(std::vector<AlertRule> rules, Clock clock = {});

    // count events of this type arrived now.
    void count(std::string_view type, int64_t events = 1);
    void setSourceUp(bool up);
    // Checks every rule now; the transitions in rule order (at most one per rule).
    std::vector<AlertTransition> evaluate();

    [[nodiscard]] const std::vector<AlertRule> &rules() const { return m_rules; }
    [[nodiscard]] bool firing(size_t rule) const { return m_states[rule].firing; }
    // The rule's current value (events in its window, or seconds down), as of now.
    [[nodiscard]] int64_t value(size_t rule);

private:
    struct RuleState
    {
        std::array<int64_t, kSlots> counts{}; // ring of per-slice counts, indexed by absolute slice % kSlots
        int64_t slice = 0;                    // absolute index (now / slice length) of the newest slice
        bool firing = false;
        int64_t clearSinceMs = -1; // first evaluation, while firing, at which the condition did not hold
    };

    void advance(RuleState &state, int64_t sliceMs, int64_t nowMs);
    int64_t valueAt(size_t rule, int64_t nowMs);

    std::vector<AlertRule> m_rules;
    std::vector<RuleState> m_states;
    Clock m_clock;
    int64_t m_startMs;
    bool m_sourceUp = false;
    int64_t m_downSinceMs;
};

} // namespace pulsemap
