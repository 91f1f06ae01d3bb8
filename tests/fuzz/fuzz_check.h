// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Invariants every parse result must satisfy, whatever the input: checked by the fuzz targets.

#include "core/event.h"
#include "ingest/log_format.h"

#include <cstdlib>
#include <string_view>

namespace pulsemap::fuzz {

inline bool inside(std::string_view view, std::string_view area)
{
    return view.empty() || (view.data() >= area.data() && view.data() + view.size() <= area.data() + area.size());
}

// Views point into the line or into scratch; a successful parse has a sane status, an address source and, when
// the line carries a time, one an event may have (core/event.h).
inline void checkResult(std::string_view line, const ParsedLine &out, ParseError error)
{
    const std::string_view scratch = out.scratch;
    unsigned sum = 0;
    for (const std::string_view view : {out.clientAddress, out.forwardedFor, out.method, out.target, out.protocol,
                                        out.vhost, out.referer, out.userAgent}) {
        if (!inside(view, line) && !inside(view, scratch)) {
            std::abort(); // a view into storage that scratch has left behind by reallocating
        }
        for (const char c : view) {
            sum += static_cast<unsigned char>(c); // reads every byte, so ASan sees any dangling view
        }
    }
    if (sum == 1u << 31) {
        std::abort(); // unreachable in practice: keeps the loop above from being optimized away
    }
    if (error == ParseError::None) {
        if (out.status != 0 && (out.status < 100 || out.status > 599)) {
            std::abort();
        }
        if (out.hasTime && !plausibleEventTime(out.tsMs)) {
            std::abort(); // the event time contract: an impossible time makes the line malformed (BadTime)
        }
        if ((out.clientAddress.empty() || out.clientAddress == "-") &&
            (out.forwardedFor.empty() || out.forwardedFor == "-")) {
            std::abort();
        }
    }
    if (describe(error) == nullptr) {
        std::abort();
    }
}

} // namespace pulsemap::fuzz
