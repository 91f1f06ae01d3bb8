// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace pulsemap {

// The one way Pulsemap asks "what time is it": Unix time in milliseconds, UTC. Code that needs the
// time takes a Clock (defaulting to systemClock()) so that tests and replays can inject their own.
using Clock = std::function<int64_t()>;

// The wall clock, Unix milliseconds.
inline int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline Clock systemClock()
{
    return &systemNowMs;
}

// A Clock that is never empty: the given one, or the system clock.
inline Clock orSystemClock(Clock clock)
{
    return clock ? std::move(clock) : systemClock();
}

} // namespace pulsemap
