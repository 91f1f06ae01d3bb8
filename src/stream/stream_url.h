// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <QString>
#include <QUrl>

namespace pulsemap {

// Where a stream URL points. socketio://host:port[/namespace] (socketios:// for TLS) becomes the Engine.IO 4
// WebSocket endpoint ws://host:port/socket.io/?EIO=4&transport=websocket plus the namespace to join;
// ws:// and wss:// are used as given.
struct StreamEndpoint
{
    QUrl webSocketUrl;
    bool socketIo = false;
    QString nsp = "/"; // Socket.IO namespace
    bool tls = false;
};

// The endpoint of a ws://, wss://, socketio:// or socketios:// URL; a one-line error for anything else.
// Threading: pure, any thread.
Result<StreamEndpoint> resolveStreamUrl(const QString &text);

} // namespace pulsemap
