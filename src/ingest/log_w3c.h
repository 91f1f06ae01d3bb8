// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// W3C extended log files: IIS ("w3c") and CloudFront standard logs ("cloudfront"). Their layout is declared in
// the file by a "#Fields:" directive, so the parser keeps the layout of the last one it read; before any, it
// uses the server's documented default field order. Internal to pulsemap_ingest.

#include "log_format.h"

#include <cstdint>
#include <vector>

namespace pulsemap::logfmt {

class W3cParser final : public LogParser
{
public:
    enum class Flavor : uint8_t {
        Iis,        // fields separated by spaces (or tabs); default: IIS's default W3C field set
        CloudFront, // fields separated by tabs; default: the 33 fields of CloudFront's standard log
    };

    explicit W3cParser(Flavor flavor);
    ParseError parse(std::string_view line, ParsedLine &out) override;
    // CloudFront always writes x-forwarded-for; IIS can, as the custom field cs(X-Forwarded-For).
    [[nodiscard]] bool hasForwardedFor() const override { return true; }

    enum class Column : uint8_t {
        Ignore,
        Date,
        Time,
        Address,
        ForwardedFor,
        Method,
        UriStem,
        UriQuery,
        Uri,
        Status,
        Host,         // x-host-header (CloudFront: the Host header the viewer sent), cs-host
        HostFallback, // cs(Host) (CloudFront: the distribution's own domain)
        Referer,
        UserAgent,
        Protocol,
        Count,
    };

private:
    void setLayout(std::string_view names);

    Flavor m_flavor;
    std::vector<Column> m_columns;
    size_t m_needed = 0; // fields a line must have: one past the last column read
};

} // namespace pulsemap::logfmt
