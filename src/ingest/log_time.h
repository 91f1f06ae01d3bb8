// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Pieces of timestamp parsing that the log-format parsers need beyond timestamp.h. Internal to pulsemap_ingest.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pulsemap::logtime {

// Parses the longest timestamp (any form parseTimestamp accepts) at the start of text and returns how many
// characters it took, or 0. Lets a time that is the last field of a format end wherever the timestamp ends,
// since CLF and ISO times may contain a space.
size_t parseTimestampPrefix(std::string_view text, int64_t &tsMs);

// A date alone, "17/May/2015" or "2015-05-17", to days since 1970-01-01.
bool parseDate(std::string_view text, int64_t &days);

// A time of day alone, "10:05:03" with an optional ".fff" fraction, to milliseconds since midnight.
bool parseTimeOfDay(std::string_view text, int64_t &ms);

} // namespace pulsemap::logtime
