// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "stream_transport_p.h"

#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>

#include <algorithm>

namespace pulsemap {

StreamTransport::StreamTransport(QByteArray token, Headers headers, QObject *parent)
    : QObject(parent), m_token(std::move(token)), m_headers(std::move(headers))
{
    connect(&m_socket, &QWebSocket::connected, this, &StreamTransport::connected);
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        emit disconnected(m_socket.closeReason().isEmpty() ? m_socket.errorString() : m_socket.closeReason());
    });
    connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                emit errorSeen(m_socket.errorString(), m_socket.state() == QAbstractSocket::UnconnectedState);
            });
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        emit errorSeen(errors.isEmpty() ? QStringLiteral("TLS error") : errors.first().errorString(), false);
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        m_utf8 = message.toUtf8(); // reuses the buffer's capacity when it is not shared
        emit textReceived(std::string_view(m_utf8.constData(), static_cast<size_t>(m_utf8.size())));
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        emit binaryReceived(std::string_view(message.constData(), static_cast<size_t>(message.size())));
    });
}

StreamTransport::~StreamTransport()
{
    m_socket.disconnect(this); // no signals into a half-destroyed owner
    m_socket.abort();
}

Status StreamTransport::configure(bool tls, const QString &caFile, quint64 maxMessageBytes)
{
    // A hard ceiling far above the decoder's limit: Qt closes the connection beyond it, so only absurd
    // messages cost a reconnect; ordinary oversized ones are refused one by one by the decoder.
    const auto ceiling = std::max<quint64>(quint64{16} << 20, maxMessageBytes * 4);
    m_socket.setMaxAllowedIncomingMessageSize(ceiling);
    m_socket.setMaxAllowedIncomingFrameSize(ceiling);
    if (!tls && caFile.isEmpty()) {
        return {};
    }
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!caFile.isEmpty()) {
        QList<QSslCertificate> certificates = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (certificates.isEmpty()) {
            certificates = QSslCertificate::fromPath(caFile, QSsl::Der);
        }
        if (certificates.isEmpty()) {
            return fail(caFile.toStdString() + ": no PEM or DER certificate in it");
        }
        ssl.setCaCertificates(ssl.caCertificates() + certificates);
    }
    m_socket.setSslConfiguration(ssl);
    return {};
}

void StreamTransport::open(const QUrl &url)
{
    QNetworkRequest request(url);
    if (!m_token.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_token);
    }
    for (const auto &[name, value] : m_headers) {
        request.setRawHeader(name, value);
    }
    m_socket.open(request);
}

void StreamTransport::send(std::string_view text)
{
    m_socket.sendTextMessage(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
}

void StreamTransport::abort()
{
    m_socket.abort();
}

void StreamTransport::close()
{
    m_socket.close();
}

} // namespace pulsemap
