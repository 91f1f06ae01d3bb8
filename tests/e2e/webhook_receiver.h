// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace pulsemap::test {

// A real HTTP server on loopback that takes webhook POSTs (QTcpServer, HTTP/1.1, Content-Length bodies) and
// keeps every request. The first refuseFirst requests are answered 503, the rest 204. Runs in the test's
// event loop, so the test waits with QTRY_* (never a blocking wait) while the command under test posts.
class WebhookReceiver : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray contentType;
        QByteArray body;
        bool refused = false;
        [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    QList<Request> requests;
    int refuseFirst = 0;

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    m_buffers.remove(socket);
                    socket->deleteLater();
                });
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    [[nodiscard]] QString url(const QString &path = QStringLiteral("/hooks/alerts")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    // The accepted requests' JSON bodies, in arrival order.
    [[nodiscard]] QList<QJsonObject> accepted() const
    {
        QList<QJsonObject> out;
        for (const Request &request : requests) {
            if (!request.refused) {
                out << request.json();
            }
        }
        return out;
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        Request request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        qsizetype length = 0;
        for (const QByteArray &line : lines.mid(1)) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                length = value.toLongLong();
            } else if (name == "content-type") {
                request.contentType = value;
            }
        }
        if (buffer.size() < headerEnd + 4 + length) {
            return; // the body is still on its way
        }
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.clear();
        request.refused = requests.size() < refuseFirst;
        requests << request;
        socket->write(request.refused ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
                                      : "HTTP/1.1 204 No Content\r\n\r\n");
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace pulsemap::test
