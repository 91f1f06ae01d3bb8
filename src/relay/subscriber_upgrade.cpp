// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "subscriber_upgrade.h"

namespace pulsemap {

bool isWebSocketUpgrade(const HttpRequest &request)
{
    return request.header("upgrade").toLower() == "websocket";
}

bool admitSubscriber(const HttpRequest &request, const QByteArray &token, HttpResponse &refusal)
{
    if (request.path != "/" && request.path != "/stream") {
        refusal = {404, "text/plain", "subscribers connect to / (or /stream)\n", {}};
        return false;
    }
    if (!token.isEmpty()) {
        const bool ok = request.header("authorization") == "Bearer " + token || request.parameter("token") == token;
        if (!ok) {
            refusal = {401, "text/plain", "a valid token is required\n", {{"WWW-Authenticate", "Bearer"}}};
            return false;
        }
    }
    return true;
}

} // namespace pulsemap
