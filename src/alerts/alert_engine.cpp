// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "alert_engine.h"

#include "core/civil_time.h"

#include <algorithm>

namespace pulsemap {

AlertEngine::AlertEngine(std::vector<AlertRule> rules, Clock clock)
    : m_rules(std::move(rules)), m_states(m_rules.size()), m_clock(orSystemClock(std::move(clock))),
      m_startMs(m_clock()), m_downSinceMs(m_startMs)
{
    for (size_t i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].kind == AlertRule::Kind::Rate) {
            m_states[i].slice = civil::floorDiv(m_startMs, m_rules[i].windowMs / kSlots);
        }
    }
}

void AlertEngine::advance(RuleState &state, int64_t sliceMs, int64_t nowMs)
{
    const int64_t slice = civil::floorDiv(nowMs, sliceMs);
    if (slice <= state.slice) {
        return; // the same slice, or a clock that stepped back: keep counting into the newest slice
    }
    // Clear the slices that went by (all of them after a long gap) before they are reused.
    const int64_t passed = std::min(slice - state.slice, kSlots);
    for (int64_t i = 1; i <= passed; ++i) {
        state.counts[static_cast<size_t>((state.slice + i) % kSlots)] = 0;
    }
    state.slice = slice;
}

void AlertEngine::count(std::string_view type, int64_t events)
{
    int64_t nowMs = -1;
    for (size_t i = 0; i < m_rules.size(); ++i) {
        const AlertRule &rule = m_rules[i];
        if (rule.kind != AlertRule::Kind::Rate || (!rule.type.empty() && rule.type != type)) {
            continue;
        }
        if (nowMs < 0) {
            nowMs = m_clock(); // once per call, and only when some rule counts this type
        }
        RuleState &state = m_states[i];
        advance(state, rule.windowMs / kSlots, nowMs);
        state.counts[static_cast<size_t>(state.slice % kSlots)] += events;
    }
}

void AlertEngine::setSourceUp(bool up)
{
    if (up == m_sourceUp) {
        return;
    }
    m_sourceUp = up;
    const int64_t nowMs = m_clock();
    if (!up) {
        m_downSinceMs = nowMs;
        return;
    }
    // A firing source-down rule stopped holding right now, not at the next evaluation.
    for (size_t i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].kind == AlertRule::Kind::SourceDown && m_states[i].firing && m_states[i].clearSinceMs < 0) {
            m_states[i].clearSinceMs = nowMs;
        }
    }
}

int64_t AlertEngine::valueAt(size_t rule, int64_t nowMs)
{
    const AlertRule &r = m_rules[rule];
    if (r.kind == AlertRule::Kind::SourceDown) {
        return m_sourceUp ? 0 : std::max<int64_t>(0, nowMs - m_downSinceMs) / 1000;
    }
    RuleState &state = m_states[rule];
    advance(state, r.windowMs / kSlots, nowMs);
    int64_t sum = 0;
    for (const int64_t slot : state.counts) {
        sum += slot;
    }
    return sum;
}

int64_t AlertEngine::value(size_t rule)
{
    return valueAt(rule, m_clock());
}

std::vector<AlertTransition> AlertEngine::evaluate()
{
    const int64_t nowMs = m_clock();
    std::vector<AlertTransition> transitions;
    for (size_t i = 0; i < m_rules.size(); ++i) {
        const AlertRule &rule = m_rules[i];
        RuleState &state = m_states[i];
        const int64_t value = valueAt(i, nowMs);
        const bool holds = rule.kind == AlertRule::Kind::SourceDown
                               ? !m_sourceUp && nowMs - m_downSinceMs >= rule.windowMs
                               : rule.holdsFor(value);
        if (!state.firing) {
            if (holds && (!rule.lowMark() || nowMs - m_startMs >= rule.windowMs)) {
                state.firing = true;
                state.clearSinceMs = -1;
                transitions.push_back({i, AlertTransition::State::Firing, value, nowMs});
            }
        } else if (holds) {
            state.clearSinceMs = -1; // held again: the quiet window starts over
        } else if (state.clearSinceMs < 0) {
            state.clearSinceMs = nowMs;
        } else if (nowMs - state.clearSinceMs >= rule.windowMs) {
            state.firing = false;
            state.clearSinceMs = -1;
            transitions.push_back({i, AlertTransition::State::Resolved, value, nowMs});
        }
    }
    return transitions;
}

} // namespace pulsemap
