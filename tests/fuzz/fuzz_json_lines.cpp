// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// JSON lines with the default field names, or (first byte odd) with custom ones that share keys between
// values, which is the one way a line could ask for more unescaped text than scratch holds.

#include "fuzz_check.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

pulsemap::JsonFieldNames sharedNames()
{
    pulsemap::JsonFieldNames names;
    names.time = "t,time";
    names.address = "a,ip";
    names.forwardedFor = "a,x";
    names.target = "u,request";
    names.method = "u,m";
    names.status = "s,t";
    names.vhost = "a,u";
    names.referer = "r,u";
    names.userAgent = "u,ua";
    return names;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const auto defaults = [] {
        auto parser = pulsemap::makeLogParser("json", pulsemap::JsonFieldNames{});
        return parser ? std::move(*parser) : nullptr;
    }();
    static const auto shared = [] {
        auto parser = pulsemap::makeLogParser("json", sharedNames());
        return parser ? std::move(*parser) : nullptr;
    }();
    if (size == 0 || !defaults || !shared) {
        return 0;
    }
    pulsemap::LogParser &parser = (data[0] & 1) != 0 ? *shared : *defaults;
    std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
    pulsemap::ParsedLine out;
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        pulsemap::fuzz::checkResult(line, out, parser.parse(line, out));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    }
    return 0;
}
