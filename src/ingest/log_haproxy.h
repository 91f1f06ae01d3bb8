// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// HAProxy's HTTP log ("haproxy", option httplog): "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in
// static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"", with or
// without the syslog header a log file or a syslog relay puts before it. Internal to pulsemap_ingest.

#include "log_format.h"

namespace pulsemap::logfmt {

class HaproxyParser final : public LogParser
{
public:
    ParseError parse(std::string_view line, ParsedLine &out) override;
    [[nodiscard]] bool hasForwardedFor() const override { return false; }
};

} // namespace pulsemap::logfmt
