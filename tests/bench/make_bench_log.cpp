// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Writes a large combined-format access log for benchmarks, built from real lines: the sample log is
// repeated with its timestamps shifted forward by the sample's span each round, so the result reads
// like weeks of real traffic. With --distinct-addresses every line gets its own public IPv4 address
// (a cache-hostile GeoIP workload).
#include "core/civil_time.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

constexpr const char *kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Line
{
    std::string address;
    std::string beforeTime; // " - - ["
    int64_t tsSeconds;
    std::string afterTime; // "] \"GET ...
};

bool parse(const std::string &text, Line &line)
{
    const size_t open = text.find('[');
    const size_t close = text.find(']', open);
    const size_t space = text.find(' ');
    if (open == std::string::npos || close == std::string::npos || close - open != 27) {
        return false;
    }
    const std::string time = text.substr(open + 1, 20); // 17/May/2015:10:05:03
    int month = 0;
    while (month < 12 && time.compare(3, 3, kMonths[month]) != 0) {
        ++month;
    }
    const int64_t days = pulsemap::civil::daysFromCivil(std::atoll(time.c_str() + 7), month + 1,
                                                        static_cast<unsigned>(std::atoi(time.c_str())));
    line.tsSeconds = days * 86400 + std::atoi(time.c_str() + 12) * 3600 + std::atoi(time.c_str() + 15) * 60 +
                     std::atoi(time.c_str() + 18);
    line.address = text.substr(0, space);
    line.beforeTime = text.substr(space, open + 1 - space);
    line.afterTime = text.substr(open + 21); // " +0000] ..."
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s SAMPLE.log LINES OUT.log [--distinct-addresses]\n", argv[0]);
        return 2;
    }
    const bool distinct = argc > 4 && std::strcmp(argv[4], "--distinct-addresses") == 0;
    const long long total = std::atoll(argv[2]);
    std::ifstream in(argv[1]);
    std::vector<Line> sample;
    std::string text;
    while (std::getline(in, text)) {
        Line line;
        if (parse(text, line)) {
            sample.push_back(std::move(line));
        }
    }
    if (sample.empty()) {
        std::fprintf(stderr, "no usable lines in %s\n", argv[1]);
        return 1;
    }
    int64_t first = sample.front().tsSeconds;
    int64_t last = first;
    for (const Line &line : sample) {
        first = std::min(first, line.tsSeconds);
        last = std::max(last, line.tsSeconds);
    }
    const int64_t span = last - first + 1;
    std::FILE *out = std::fopen(argv[3], "wb");
    if (out == nullptr) {
        std::perror(argv[3]);
        return 1;
    }
    char address[32];
    for (long long i = 0; i < total; ++i) {
        const Line &line = sample[static_cast<size_t>(i % static_cast<long long>(sample.size()))];
        const int64_t ts = line.tsSeconds + span * (i / static_cast<long long>(sample.size()));
        const auto date = pulsemap::civil::civilFromDays(ts / 86400);
        const int64_t seconds = ts % 86400;
        const char *client = line.address.c_str();
        if (distinct) {
            // The low 24 bits are a bijection of the line number (distinct for 16M lines); the first
            // octet cycles through public unicast ranges, so every address is a real lookup.
            static constexpr unsigned kFirstOctets[] = {2,   5,   23,  24,  31,  37,  41,  45,  46,  49,  50,  58,
                                                        62,  66,  70,  77,  78,  81,  83,  85,  88,  91,  93,  95,
                                                        101, 103, 109, 112, 118, 121, 130, 141, 151, 176, 178, 185,
                                                        188, 190, 195, 200, 201, 209, 212, 213, 217};
            const auto n = static_cast<uint32_t>(i * 2654435761LL) & 0xFFFFFFU;
            const unsigned o1 = kFirstOctets[static_cast<size_t>(i) % std::size(kFirstOctets)];
            std::snprintf(address, sizeof address, "%u.%u.%u.%u", o1, n >> 16, (n >> 8) & 255, n & 255);
            client = address;
        }
        std::fprintf(out, "%s%s%02u/%s/%04lld:%02lld:%02lld:%02lld%s\n", client, line.beforeTime.c_str(), date.day,
                     kMonths[date.month - 1], static_cast<long long>(date.year), static_cast<long long>(seconds / 3600),
                     static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60),
                     line.afterTime.c_str());
    }
    return std::fclose(out) == 0 ? 0 : 1;
}
