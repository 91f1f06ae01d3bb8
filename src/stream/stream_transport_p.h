// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Private to pulsemap_stream: the WebSocket under a StreamClient.

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <QWebSocket>

#include <string_view>

namespace pulsemap {

// One WebSocket connection at a time: TLS trust (the system's plus a CA file), the handshake headers and
// the bearer token. Knows nothing of what the messages mean: framing and session are StreamClient's.
// Threading: lives on its owner's thread and signals there (direct connections); views passed by the
// message signals are valid during the call only.
class StreamTransport : public QObject
{
    Q_OBJECT

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    StreamTransport(QByteArray token, Headers headers, QObject *parent = nullptr);
    ~StreamTransport() override;

    // Trusts caFile's PEM or DER certificates in addition to the system's (for wss:// and socketios://);
    // caps incoming messages far above maxMessageBytes (the decoder refuses ordinary oversized ones itself).
    Status configure(bool tls, const QString &caFile, quint64 maxMessageBytes);

    void open(const QUrl &url);
    void send(std::string_view text);
    void abort();
    void close();
    [[nodiscard]] bool isOpen() const { return m_socket.state() != QAbstractSocket::UnconnectedState; }

signals:
    void connected();
    // A socket or TLS error; closed tells whether the socket is already gone (no disconnected() follows).
    void errorSeen(const QString &message, bool closed);
    void disconnected(const QString &reason);
    void textReceived(std::string_view utf8);
    void binaryReceived(std::string_view bytes);

private:
    QWebSocket m_socket;
    QByteArray m_token;
    Headers m_headers;
    QByteArray m_utf8; // text messages as UTF-8, reusing its capacity
};

} // namespace pulsemap
