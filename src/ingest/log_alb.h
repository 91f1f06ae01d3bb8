// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// AWS Elastic Load Balancing access logs ("alb"): Application Load Balancer entries ("https 2018-07-02T22:23:00.186641Z
// app/my-lb/... 192.168.131.39:2817 ...") and Classic Load Balancer entries (the same without the leading type),
// told apart line by line. Internal to pulsemap_ingest.

#include "log_format.h"

namespace pulsemap::logfmt {

class AlbParser final : public LogParser
{
public:
    ParseError parse(std::string_view line, ParsedLine &out) override;
    [[nodiscard]] bool hasForwardedFor() const override { return false; }
};

} // namespace pulsemap::logfmt
