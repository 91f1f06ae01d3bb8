// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "http_request.h"

#include <QByteArray>

namespace pulsemap {

// Whether a request asks for a WebSocket (Upgrade: websocket, any case). Such a request is handed to the
// subscriber checks below and then to QWebSocketServer, which validates the handshake itself.
bool isWebSocketUpgrade(const HttpRequest &request);

// The relay's own checks on a subscriber's upgrade request: the path (/ or /stream) and, when the relay has a
// token, "Authorization: Bearer TOKEN" or ?token=TOKEN. Fills refusal (404 or 401) and returns false, or
// returns true. Pure, so the fuzzer can reach it.
// Threading: a pure function, safe on any thread.
bool admitSubscriber(const HttpRequest &request, const QByteArray &token, HttpResponse &refusal);

} // namespace pulsemap
