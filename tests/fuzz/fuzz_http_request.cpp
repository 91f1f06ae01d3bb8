// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The relay's HTTP request parser on arbitrary bytes, pipelined: every parse either completes with views inside
// the input (and inside its own head), waits for more bytes, or refuses with one of the documented statuses;
// a completed head is also complete alone and incomplete one byte short. Checked with the relay's limits and
// with tiny ones, so the 414/431 paths are reached with short inputs.

#include "relay/http_request_parser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using pulsemap::HttpParseResult;
using State = HttpParseResult::State;

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

bool inside(std::string_view view, std::string_view area)
{
    return view.empty() || (view.data() >= area.data() && view.data() + view.size() <= area.data() + area.size());
}

unsigned touch(std::string_view view)
{
    unsigned sum = 0;
    for (const char c : view) {
        sum += static_cast<unsigned char>(c); // every byte read, so ASan sees a view past the input
    }
    return sum;
}

void checkOne(std::string_view input, const pulsemap::HttpParserLimits &limits, unsigned &sum)
{
    for (int request = 0; request < 64; ++request) {
        const HttpParseResult result = pulsemap::parseHttpRequest(input, limits);
        if (result.state == State::Error) {
            check(pulsemap::isHttpParseErrorStatus(result.status));
            check(result.reason != nullptr && result.reason[0] != '\0');
            return;
        }
        if (result.state == State::Incomplete) {
            check(input.size() < limits.maxHeadBytes); // a full window always ends in a verdict
            return;
        }
        const pulsemap::HttpRequestHead &head = result.head;
        check(head.headBytes > 0 && head.headBytes <= input.size() && head.headBytes <= limits.maxHeadBytes);
        const std::string_view own = input.substr(0, head.headBytes);
        check(head.headers.size() <= limits.maxHeaders);
        check(!head.method.empty() && !head.target.empty());
        check(!head.path.empty() || head.target.find("://") != std::string_view::npos); // only "http://host"
        check(head.version == "HTTP/1.1" || head.version == "HTTP/1.0");
        check(head.contentLength < 0 || !head.transferEncoded);
        for (const std::string_view view : {head.method, head.target, head.path, head.query, head.version}) {
            check(inside(view, own));
            sum += touch(view);
        }
        check(inside(head.path, head.target) && inside(head.query, head.target));
        for (const auto &[name, value] : head.headers) {
            check(inside(name, own) && inside(value, own) && !name.empty());
            sum += touch(name) + touch(value);
        }
        // The head alone is complete, and one byte short of it is not.
        const HttpParseResult alone = pulsemap::parseHttpRequest(own, limits);
        check(alone.state == State::Complete && alone.head.headBytes == head.headBytes);
        check(pulsemap::parseHttpRequest(own.substr(0, own.size() - 1), limits).state != State::Complete);
        input.remove_prefix(head.headBytes); // the next pipelined request
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    unsigned sum = 0;
    checkOne(input, pulsemap::HttpParserLimits{}, sum);
    pulsemap::HttpParserLimits tiny;
    tiny.maxHeadBytes = 96;
    tiny.maxRequestLineBytes = 40;
    tiny.maxHeaders = 3;
    checkOne(input, tiny, sum);
    check(sum != 0xdeadbeef || size != 1); // keeps the reads above from being optimized away
    return 0;
}
