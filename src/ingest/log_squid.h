// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Squid's native access.log ("squid"): "1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET
// http://www.google.com/ - DIRECT/74.125.45.100 text/html". Internal to pulsemap_ingest.

#include "log_format.h"

namespace pulsemap::logfmt {

class SquidParser final : public LogParser
{
public:
    ParseError parse(std::string_view line, ParsedLine &out) override;
    [[nodiscard]] bool hasForwardedFor() const override { return false; }
};

} // namespace pulsemap::logfmt
