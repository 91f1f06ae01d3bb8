// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>
#include <string_view>

namespace pulsemap {

// Parses a log timestamp to Unix milliseconds UTC, applying the offset the text carries.
// Accepted, detected from the text:
//   CLF / Apache / nginx $time_local   "17/May/2015:10:05:03 +0000" (optionally inside [ ])
//   ISO 8601 / nginx $time_iso8601     "2015-05-17T10:05:03+00:00", "...Z", "2015-05-17 10:05:03", fractions
//   Unix seconds / nginx $msec         "1431857103.123" (also integer milliseconds when > 10^11)
// Text without an offset is taken as UTC. Returns false for anything else, including impossible dates.
bool parseTimestamp(std::string_view text, int64_t &tsMs);

// Parses "+hhmm", "-hh:mm" or "Z" to an offset in minutes.
bool parseUtcOffset(std::string_view text, int &minutes);

} // namespace pulsemap
