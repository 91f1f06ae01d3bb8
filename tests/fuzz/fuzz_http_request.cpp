// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The relay's HTTP request parser on arbitrary bytes, pipelined: every parse either completes with views inside
// the input (and inside its own head), waits for more bytes, or refuses with one of the documented statuses;
// a completed head is also complete alone and incomplete one byte short. A body follows its head as the server
// reads it: Content-Length bytes, or chunked through ChunkedDecoder, which must give the same body and stop at
// the same byte whether it is fed at once or in two pieces (split where the input says), never hold more than
// its limit, and refuse only with a reason. Checked with the relay's limits and with tiny ones, so the 414/431
// (and 413) paths are reached with short inputs.

#include "relay/http_body.h"
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

// Reads a chunked body at the start of input; returns the bytes it took, or npos when the input ends (or is
// refused) before the body does.
size_t checkChunked(std::string_view input, size_t maxBody, unsigned &sum)
{
    using Chunked = pulsemap::ChunkedDecoder;
    Chunked whole(maxBody, 256);
    const size_t used = whole.feed(input);
    check(used <= input.size() && whole.body().size() <= maxBody);
    check(whole.state() == Chunked::State::NeedMore ? used == input.size() : true);
    check(whole.state() == Chunked::State::Done || whole.state() == Chunked::State::NeedMore ||
          whole.reason()[0] != '\0');
    const size_t split = input.empty() ? 0 : static_cast<unsigned char>(input.front()) % (input.size() + 1);
    Chunked pieces(maxBody, 256);
    size_t piecesUsed = pieces.feed(input.substr(0, split));
    if (pieces.state() == Chunked::State::NeedMore && piecesUsed == split) {
        piecesUsed += pieces.feed(input.substr(split));
    }
    check(pieces.state() == whole.state());
    if (whole.state() != Chunked::State::Done) {
        return std::string_view::npos;
    }
    check(piecesUsed == used && pieces.body() == whole.body());
    sum += touch(whole.body());
    return used;
}

void checkOne(std::string_view input, const pulsemap::HttpParserLimits &limits, size_t maxBody, unsigned &sum)
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
        input.remove_prefix(head.headBytes);
        if (head.transferEncoded) { // the body, as the server reads it; the next pipelined request follows
            const size_t used = checkChunked(input, maxBody, sum);
            if (used == std::string_view::npos) {
                return;
            }
            input.remove_prefix(used);
        } else if (head.contentLength > 0) {
            if (static_cast<uint64_t>(head.contentLength) > input.size()) {
                return;
            }
            input.remove_prefix(static_cast<size_t>(head.contentLength));
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    unsigned sum = 0;
    checkOne(input, pulsemap::HttpParserLimits{}, size_t{1} << 20, sum);
    pulsemap::HttpParserLimits tiny;
    tiny.maxHeadBytes = 96;
    tiny.maxRequestLineBytes = 40;
    tiny.maxHeaders = 3;
    checkOne(input, tiny, 64, sum);
    check(sum != 0xdeadbeef || size != 1); // keeps the reads above from being optimized away
    return 0;
}
