// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace pulsemap {

// The simulators' random numbers: xoshiro256** seeded through SplitMix64, with the few distributions they
// need written out here rather than taken from <random>, whose distributions differ between standard
// libraries. So a seed gives the same events with any compiler, on any platform.
//
// Threading: one thread at a time (plain state, no locking).
class SimRandom
{
public:
    explicit SimRandom(uint64_t seed)
    {
        for (uint64_t &word : m_state) {
            seed += 0x9E3779B97F4A7C15ULL;
            uint64_t z = seed;
            z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
            word = z ^ (z >> 31U);
        }
    }

    uint64_t next()
    {
        const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const uint64_t t = m_state[1] << 17U;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    bool chance(double probability) { return uniform() < probability; }
    // Exponential with the given mean.
    double exponential(double mean) { return -mean * std::log1p(-uniform()); }
    // Standard normal (Box-Muller; the second value of each pair is kept for the next call).
    double normal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double radius = std::sqrt(-2.0 * std::log1p(-uniform()));
        const double angle = 2.0 * std::numbers::pi * uniform();
        m_spare = radius * std::sin(angle);
        m_hasSpare = true;
        return radius * std::cos(angle);
    }

private:
    static uint64_t rotl(uint64_t x, unsigned k) { return (x << k) | (x >> (64U - k)); }

    uint64_t m_state[4]{};
    double m_spare = 0;
    bool m_hasSpare = false;
};

} // namespace pulsemap
