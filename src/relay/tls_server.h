// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <QSslConfiguration>
#include <QString>
#include <QTcpServer>

#include <optional>

namespace pulsemap {

// The relay's server certificate: a PEM chain (the server's certificate first, then intermediates) and its PEM
// private key (RSA, EC or DSA, unencrypted). Refuses, with one line that names the file and the reason, a file
// that cannot be read, holds no certificate or no key, a certificate that has expired or is not yet valid, and a
// key that does not belong to the certificate (checked by one TLS handshake with itself on loopback, which runs a
// local event loop for at most a few seconds: call it at start, before serving).
// Threading: any thread with an event loop; not while that thread serves connections.
Result<QSslConfiguration> loadServerTls(const QString &certFile, const QString &keyFile);

// A QTcpServer that hands out QSslSocket connections, not yet encrypted, when it has a TLS configuration, and
// plain QTcpSocket ones otherwise. The handshake is started by the caller (HttpServer::accept) once the
// connection is admitted, so a connection is counted and timed from accept, handshake included.
// Threading: the thread it was created on, as QTcpServer.
class TlsTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    using QTcpServer::QTcpServer;
    void setTls(std::optional<QSslConfiguration> configuration) { m_tls = std::move(configuration); }
    [[nodiscard]] bool secure() const { return m_tls.has_value(); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::optional<QSslConfiguration> m_tls;
};

} // namespace pulsemap
