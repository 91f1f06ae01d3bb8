// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The preset log formats (s3, cloudfront, alb, w3c, caddy, traefik, squid, haproxy): the first byte picks the
// preset, the rest is lines to parse, "#Fields:" directives included. A fresh parser per input, since the W3C
// ones keep the layout of the last directive.

#include "fuzz_check.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace {

constexpr std::array<std::string_view, 8> kPresets = {"s3",    "cloudfront", "alb",   "w3c",
                                                      "caddy", "traefik",    "squid", "haproxy"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    auto made = pulsemap::makeLogParser(kPresets[data[0] % kPresets.size()], pulsemap::JsonFieldNames{});
    if (!made) {
        std::abort(); // every preset name makes a parser
    }
    pulsemap::LogParser &parser = **made;
    std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
    pulsemap::ParsedLine out; // reused across the lines, as the importer does
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        const pulsemap::ParseError error = parser.parse(line, out);
        pulsemap::fuzz::checkResult(line, out, error);
        if (error == pulsemap::ParseError::Directive && (line.empty() || line.front() != '#')) {
            std::abort(); // only "#" lines are directives
        }
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    }
    return 0;
}
