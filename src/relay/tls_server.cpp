// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "tls_server.h"

#include "core/clock.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTimer>

#include <memory>

namespace pulsemap {

namespace {

Result<QByteArray> readFile(const QString &path, const char *what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(QStringLiteral("%1 %2: %3").arg(what, path, file.errorString()).toStdString());
    }
    return file.readAll();
}

// Qt has no call that says whether a private key belongs to a certificate; OpenSSL checks it when a server
// context is made. So the relay makes one: a handshake with itself on loopback, before it serves anyone.
Status checkWithHandshake(const QSslConfiguration &configuration)
{
    TlsTcpServer listener;
    listener.setTls(configuration);
    if (!listener.listen(QHostAddress::LocalHost, 0)) {
        return {}; // no loopback to test on: the first client's handshake will tell
    }
    QEventLoop loop;
    QString error;
    bool ok = false;
    std::unique_ptr<QTcpSocket> accepted;
    QObject::connect(&listener, &QTcpServer::newConnection, &loop, [&] {
        accepted.reset(listener.nextPendingConnection());
        auto *server = qobject_cast<QSslSocket *>(accepted.get());
        QObject::connect(server, &QSslSocket::encrypted, &loop, [&] {
            ok = true;
            loop.quit();
        });
        QObject::connect(server, &QSslSocket::errorOccurred, &loop, [&, server] {
            error = server->errorString();
            loop.quit();
        });
        server->startServerEncryption();
    });
    QSslSocket client;
    QSslConfiguration trustAll = QSslConfiguration::defaultConfiguration();
    trustAll.setPeerVerifyMode(QSslSocket::VerifyNone); // only the server's own key is being checked
    client.setSslConfiguration(trustAll);
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), listener.serverPort());
    QTimer::singleShot(5000, &loop, [&] {
        error = QStringLiteral("no TLS handshake with itself within 5 s");
        loop.quit();
    });
    loop.exec();
    client.abort();
    if (accepted) {
        accepted->disconnect(&loop);
        accepted->abort();
    }
    if (!ok) {
        return fail(error.isEmpty() ? std::string("TLS handshake failed") : error.toStdString());
    }
    return {};
}

} // namespace

Result<QSslConfiguration> loadServerTls(const QString &certFile, const QString &keyFile)
{
    const Result<QByteArray> certPem = readFile(certFile, "--tls-cert");
    if (!certPem) {
        return certPem.error();
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        return fail(QStringLiteral("--tls-cert %1: no PEM certificate in it").arg(certFile).toStdString());
    }
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(systemNowMs(), Qt::UTC);
    const QSslCertificate &leaf = chain.first();
    if (leaf.expiryDate() < now || leaf.effectiveDate() > now) {
        return fail(
            QStringLiteral("--tls-cert %1: valid from %2 to %3 only")
                .arg(certFile, leaf.effectiveDate().toString(Qt::ISODate), leaf.expiryDate().toString(Qt::ISODate))
                .toStdString());
    }
    const Result<QByteArray> keyPem = readFile(keyFile, "--tls-key");
    if (!keyPem) {
        return keyPem.error();
    }
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(*keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull()) {
            break;
        }
    }
    if (key.isNull()) {
        return fail(QStringLiteral("--tls-key %1: no unencrypted PEM private key (RSA, EC or DSA) in it")
                        .arg(keyFile)
                        .toStdString());
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with the bearer token
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (const Status checked = checkWithHandshake(configuration); !checked) {
        return fail(QStringLiteral("--tls-key %1 does not go with --tls-cert %2: %3")
                        .arg(keyFile, certFile, QString::fromStdString(checked.message()))
                        .toStdString());
    }
    return configuration;
}

void TlsTcpServer::incomingConnection(qintptr descriptor)
{
    if (!m_tls) {
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSslConfiguration(*m_tls);
    addPendingConnection(socket);
}

} // namespace pulsemap
