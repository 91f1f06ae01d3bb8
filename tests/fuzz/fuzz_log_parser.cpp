// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Text log formats: the first byte picks a built-in or custom format, the rest is lines to parse. A first
// byte of 0xFF makes the first line a format string of its own, to fuzz the format compiler too.

#include "fuzz_check.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

constexpr std::array<std::string_view, 12> kFormats = {
    "combined",
    "common",
    "vcombined",
    "json",
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" )"
    R"("$http_user_agent" "$http_x_forwarded_for")",
    R"(${remote_addr} ${host} "${request_method} ${uri} ${args} ${server_protocol}" ${status} ${msec})",
    R"($realip_remote_addr $remote_addr [$time_iso8601] $request_uri $http_host $status $time_local)",
    R"($remote_addr $status $time_local)",
    R"(%h %^[%d:%t %^] "%r" %s %b "%R" "%u")",
    R"(%~%v:%^ %h [%x] "%m %U %q %H" %s %T %D)",
    R"(%d %t %z %h "%r" %s %u)",
    R"(%h %e [%x] "%r" %s %b %R %u)",
};

const std::array<std::unique_ptr<pulsemap::LogParser>, kFormats.size()> &parsers()
{
    static const auto built = [] {
        std::array<std::unique_ptr<pulsemap::LogParser>, kFormats.size()> all;
        for (size_t i = 0; i < kFormats.size(); ++i) {
            auto parser = pulsemap::makeLogParser(kFormats[i], pulsemap::JsonFieldNames{});
            if (!parser) {
                std::abort();
            }
            all[i] = std::move(*parser);
        }
        return all;
    }();
    return built;
}

void parseLines(pulsemap::LogParser &parser, std::string_view text)
{
    pulsemap::ParsedLine out; // reused across the lines, as the importer does
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        pulsemap::fuzz::checkResult(line, out, parser.parse(line, out));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
    if (data[0] == 0xFF) {
        const size_t newline = text.find('\n');
        const auto parser = pulsemap::makeLogParser(text.substr(0, newline), pulsemap::JsonFieldNames{});
        if (!parser && parser.message().empty()) {
            std::abort(); // a refused format always says why
        }
        if (parser && newline != std::string_view::npos) {
            parseLines(**parser, text.substr(newline + 1));
        }
        return 0;
    }
    parseLines(*parsers()[data[0] % kFormats.size()], text);
    return 0;
}
