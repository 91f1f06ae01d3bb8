// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace pulsemap {

// Offers an entry with `count` to out[0, filled): a list sorted by count, most first (among ties the one
// offered first stays first), at most out.size() long. make() builds the entry only when it gets a place, so
// scanning many candidates for a short top list costs a comparison each. Entries have a `count` member.
// Threading: a pure function of its arguments.
template<typename Entry, typename Make> void offerTop(std::span<Entry> out, size_t &filled, uint64_t count, Make make)
{
    if (count == 0 || out.empty() || (filled == out.size() && count <= out[filled - 1].count)) {
        return;
    }
    size_t at = std::min(filled, out.size() - 1);
    if (filled < out.size()) {
        ++filled;
    }
    while (at > 0 && out[at - 1].count < count) {
        out[at] = out[at - 1];
        --at;
    }
    out[at] = make();
}

} // namespace pulsemap
