// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// What the relay itself decides about a WebSocket subscriber. The handshake proper (Sec-WebSocket-Key,
// version, the 101 answer) is Qt's QWebSocketServer and is not fuzzed here; ours are the upgrade request's
// parsing and admission (upgrade detection, path, token) and the subscriber's control messages (subscribe,
// resume_from). The input is an upgrade request head followed by one control message.

#include "relay/control_request.h"
#include "relay/http_request_parser.h"
#include "relay/subscriber_upgrade.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

void checkControl(const QString &message)
{
    const pulsemap::ControlRequest request = pulsemap::parseControlRequest(message);
    if (request.resumeFrom) {
        check(*request.resumeFrom >= 0 && *request.resumeFrom <= pulsemap::kMaxResumeSeq);
    }
    if (request.subscribe) {
        check(request.subscribe->all == request.subscribe->types.isEmpty());
    }
    // Either understood or answered with an error; an error never comes with a refused subscribe's leftovers.
    check(!request.error.isEmpty() || request.subscribe || request.resumeFrom);
    if (request.error == QLatin1String("subscribe takes an array of event types") ||
        request.error == QLatin1String("request is not a JSON object")) {
        check(!request.subscribe && !request.resumeFrom);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const pulsemap::HttpParseResult parsed = pulsemap::parseHttpRequest(input);
    std::string_view message = input;
    if (parsed.state == pulsemap::HttpParseResult::State::Complete) {
        const pulsemap::HttpRequest request = pulsemap::toHttpRequest(parsed.head, QHostAddress::LocalHost);
        for (const auto &[name, value] : request.headers) {
            check(name == name.toLower());
        }
        if (pulsemap::isWebSocketUpgrade(request)) {
            for (const QByteArray &token : {QByteArray(), QByteArray("s3cret")}) {
                pulsemap::HttpResponse refusal;
                const bool admitted = pulsemap::admitSubscriber(request, token, refusal);
                check(admitted ? refusal.status == 200 : (refusal.status == 404 || refusal.status == 401));
                check(!admitted || request.path == "/" || request.path == "/stream");
                if (admitted && !token.isEmpty()) {
                    check(request.header("authorization") == "Bearer s3cret" || request.parameter("token") == token);
                }
            }
        }
        message = input.substr(parsed.head.headBytes);
    }
    checkControl(QString::fromUtf8(message.data(), static_cast<qsizetype>(message.size())));
    return 0;
}
