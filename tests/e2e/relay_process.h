// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// The relay as the e2e tests drive it: a pulsemap-cli relay process, WebSocket displays, one-shot HTTP gets.

#include "cli_runner.h"
#include "peer_process.h"

#include <QJsonArray>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QWebSocket>

namespace pulsemap::test {

struct Relay
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    quint16 listen = 0;
    quint16 collect = 0;

    bool start(const QStringList &arguments)
    {
        const QStringList geoip = arguments.contains("--geoip") ? QStringList() : QStringList{"--no-geoip"};
        const QJsonObject ready =
            startAndReadReady(*process, cliPath(), QStringList{"relay", "--listen", "127.0.0.1:0"} + geoip + arguments);
        listen = static_cast<quint16>(ready.value("listen").toString().section(':', -1).toUInt());
        collect = static_cast<quint16>(ready.value("collect").toString().section(':', -1).toUInt());
        return listen > 0;
    }
    QString url(const QString &query = {}) const
    {
        return QStringLiteral("ws://127.0.0.1:%1/%2").arg(listen).arg(query);
    }
    ~Relay()
    {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
};

// A display: counts events, checks their order, remembers controls.
class Subscriber : public QObject
{
    Q_OBJECT

public:
    QWebSocket socket;
    QList<QJsonObject> events; // kept unless counting only
    bool keep = true;
    qint64 count = 0;
    qint64 lastSeq = 0;
    bool ordered = true;
    int viewers = -1;
    QList<QJsonObject> controls;
    bool wasConnected = false;

    explicit Subscriber(const QNetworkRequest &request)
    {
        connect(&socket, &QWebSocket::connected, this, [this] { wasConnected = true; });
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
            if (document.isObject()) {
                controls << document.object();
                if (document.object().contains("viewers")) {
                    viewers = document.object().value("viewers").toInt();
                }
                return;
            }
            for (const QJsonValue &value : document.array()) {
                const qint64 seq = value.toObject().value("seq").toInteger();
                ordered = ordered && seq > lastSeq;
                lastSeq = seq;
                ++count;
                if (keep) {
                    events << value.toObject();
                }
            }
        });
        socket.open(request);
    }
    explicit Subscriber(const QString &url) : Subscriber(QNetworkRequest(QUrl(url))) {}
    void send(const QByteArray &json) { socket.sendTextMessage(QString::fromUtf8(json)); }
};

// One beacon hit; returns the whole HTTP response.
inline QByteArray get(quint16 port, const QByteArray &target, const QByteArray &headers = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000)) {
        return {};
    }
    socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(5000)) {
        response += socket.readAll();
    }
    return response + socket.readAll();
}

inline QByteArray body(const QByteArray &response)
{
    return response.mid(response.indexOf("\r\n\r\n") + 4);
}

} // namespace pulsemap::test
