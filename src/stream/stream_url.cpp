// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "stream_url.h"

#include <QUrlQuery>

namespace pulsemap {

Result<StreamEndpoint> resolveStreamUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()) {
        return fail(text.toStdString() + ": not a URL (expected ws://, wss:// or socketio://host:port[/namespace])");
    }
    StreamEndpoint out;
    if (scheme == "ws" || scheme == "wss") {
        out.webSocketUrl = url;
        out.tls = scheme == "wss";
        if (out.webSocketUrl.path().isEmpty()) {
            out.webSocketUrl.setPath("/");
        }
        return out;
    }
    if (scheme == "socketio" || scheme == "socketios") {
        out.socketIo = true;
        out.tls = scheme == "socketios";
        const QString path = url.path();
        out.nsp = path.isEmpty() || path == "/" ? QStringLiteral("/") : path;
        if (out.nsp.size() > 1 && out.nsp.endsWith('/')) {
            out.nsp.chop(1);
        }
        QUrl ws;
        ws.setScheme(out.tls ? "wss" : "ws");
        ws.setHost(url.host());
        ws.setPort(url.port(out.tls ? 443 : 80));
        ws.setPath("/socket.io/");
        QUrlQuery query(url.query());
        query.addQueryItem("EIO", "4");
        query.addQueryItem("transport", "websocket");
        ws.setQuery(query);
        out.webSocketUrl = ws;
        return out;
    }
    return fail(QStringLiteral("%1: unsupported scheme '%2' (expected ws, wss, socketio or socketios)")
                    .arg(text, scheme)
                    .toStdString());
}

} // namespace pulsemap
