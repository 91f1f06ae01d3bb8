#pragma once

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

bool resolveStreamUrl(const QString &text, StreamEndpoint &out, QString &error);

} // namespace pulsemap
