// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Caddy's JSON access log ("caddy"): one object per request with the request nested in it,
// {"ts":1646861401.52,"status":200,"request":{"client_ip":"...","method":"GET","uri":"/","headers":{...}}}.
// Internal to pulsemap_ingest.

#include "log_format.h"

namespace pulsemap::logfmt {

class CaddyParser final : public LogParser
{
public:
    ParseError parse(std::string_view line, ParsedLine &out) override;
    // request.headers.X-Forwarded-For, when the request had one.
    [[nodiscard]] bool hasForwardedFor() const override { return true; }
};

} // namespace pulsemap::logfmt
