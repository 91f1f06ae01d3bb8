// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>
#include <random>

namespace pulsemap {

// Delays between reconnection attempts: exponential from initialMs, capped at maxMs, each drawn uniformly from
// [delay/2, delay] ("equal jitter") so that many displays cut off by one server restart do not all come back in
// the same millisecond. Never gives up: after the cap every attempt waits about maxMs.
// Threading: not thread-safe; one owner thread (the StreamClient's).
class Backoff
{
public:
    Backoff(int initialMs, int maxMs, uint32_t seed) : m_initialMs(initialMs), m_maxMs(maxMs), m_random(seed) {}

    int next()
    {
        int64_t ceiling = m_initialMs;
        for (int i = 0; i < m_attempts && ceiling < m_maxMs; ++i) {
            ceiling *= 2;
        }
        ceiling = ceiling < m_maxMs ? ceiling : m_maxMs;
        ++m_attempts;
        std::uniform_int_distribution<int64_t> pick(ceiling / 2, ceiling);
        return static_cast<int>(pick(m_random));
    }
    void reset() { m_attempts = 0; }
    [[nodiscard]] int attempts() const { return m_attempts; }

private:
    int m_initialMs;
    int m_maxMs;
    int m_attempts = 0;
    std::mt19937 m_random;
};

} // namespace pulsemap
