// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RelayServer with --tls-cert/--tls-key, in-process, on loopback, with a certificate made at test time: a wss://
// subscriber trusting that CA gets every event sent through the https beacon; plain ws:// and http:// clients on
// the TLS ports get nothing and do not disturb it; a client that never starts its handshake is closed at the header
// timeout and gives its connection slot back; unusable certificate or key files stop start() with one line.

#include "relay/relay_server.h"
#include "stream/stream_client.h"
#include "test_certificate.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

using namespace pulsemap;
using namespace pulsemap::test;

namespace {

RelayOptions tlsOptions(const TestCertificate &certificate)
{
    RelayOptions options;
    options.collect = true;
    options.tlsCertFile = certificate.cert;
    options.tlsKeyFile = certificate.key;
    return options;
}

// GET over https with only the test CA trusted (and the host name checked): the status, or -1 with the error.
int httpsGet(const QString &url, const QString &caFile, QByteArray *body = nullptr)
{
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(url)};
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(caFile));
    request.setSslConfiguration(ssl);
    QNetworkReply *reply = manager.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000)) {
        return -2;
    }
    reply->deleteLater();
    if (body != nullptr) {
        *body = reply->readAll();
    }
    if (reply->error() != QNetworkReply::NoError) {
        qWarning() << url << reply->errorString();
        return -1;
    }
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

class TestRelayTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_certificate = makeTestCertificate(m_dir.path());
        QVERIFY2(!m_certificate.cert.isEmpty(), "openssl could not make a certificate");
        m_other = makeTestCertificate(m_dir.path(), QStringLiteral("other"));
        QVERIFY(!m_other.cert.isEmpty());
    }

    void wssSubscriberGetsEveryHttpsBeaconHit()
    {
        RelayServer relay(tlsOptions(m_certificate));
        const Status started = relay.start();
        QVERIFY2(started.ok(), started.message().c_str());
        StreamClientOptions options;
        options.url = QStringLiteral("wss://127.0.0.1:%1/").arg(relay.listenPort());
        options.caFile = m_certificate.cert;
        options.flushIntervalMs = 5;
        StreamClient display(options);
        std::vector<int64_t> seqs;
        connect(&display, &StreamClient::batchReady, this, [&](const EventBatch &batch) {
            for (const Event &event : batch.events()) {
                seqs.push_back(event.seq);
            }
        });
        QVERIFY(display.start().ok());
        QTRY_COMPARE(relay.hub().viewers(), 1);
        constexpr int kHits = 40;
        for (int i = 0; i < kHits; ++i) {
            QByteArray pixel;
            QCOMPARE(
                httpsGet(QStringLiteral("https://127.0.0.1:%1/collect?campaign=tls&type=open").arg(relay.collectPort()),
                         m_certificate.cert, &pixel),
                200);
            QVERIFY(pixel.startsWith("GIF89a"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(seqs.size(), size_t(kHits), 10000);
        for (int i = 0; i < kHits; ++i) {
            QCOMPARE(seqs[size_t(i)], int64_t(i + 1)); // every event once, in order
        }
        QByteArray health;
        QCOMPARE(httpsGet(QStringLiteral("https://localhost:%1/healthz").arg(relay.listenPort()), m_certificate.cert,
                          &health),
                 200);
        QVERIFY2(health.contains("\"clients\":1"), health.constData());
        // The certificate is checked: a client that does not trust it refuses the relay.
        QCOMPARE(httpsGet(QStringLiteral("https://127.0.0.1:%1/healthz").arg(relay.listenPort()), m_other.cert), -1);
        relay.stop();
    }

    void plainClientsOnTheTlsPortGetNothing()
    {
        RelayServer relay(tlsOptions(m_certificate));
        QVERIFY(relay.start().ok());
        StreamClientOptions options;
        options.url = QStringLiteral("wss://127.0.0.1:%1/").arg(relay.listenPort());
        options.caFile = m_certificate.cert;
        options.flushIntervalMs = 5;
        StreamClient display(options);
        int64_t received = 0;
        connect(&display, &StreamClient::batchReady, this,
                [&](const EventBatch &batch) { received += int64_t(batch.size()); });
        QVERIFY(display.start().ok());
        QTRY_COMPARE(relay.hub().viewers(), 1);

        QWebSocket plain;
        int plainMessages = 0;
        bool plainConnected = false;
        connect(&plain, &QWebSocket::connected, this, [&] { plainConnected = true; });
        connect(&plain, &QWebSocket::textMessageReceived, this, [&] { ++plainMessages; });
        plain.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(relay.listenPort())));
        QTcpSocket http;
        QByteArray answer;
        connect(&http, &QTcpSocket::readyRead, this, [&] { answer += http.readAll(); });
        http.connectToHost(QHostAddress::LocalHost, relay.collectPort());
        http.write("GET /collect?campaign=plain HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_COMPARE(http.state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(plain.state(), QAbstractSocket::UnconnectedState);
        QVERIFY(!plainConnected);
        QVERIFY2(!answer.contains("HTTP/1.1"), answer.constData()); // no plaintext answer, no pixel
        QCOMPARE(relay.hub().lastSeq(), int64_t(0));                // the plaintext hit recorded nothing
        QVERIFY(relay.metrics().contains("pulsemap_relay_tls_handshake_failures_total 2\n"));

        // The relay goes on: the wss display still gets what the https beacon takes, the plain one nothing.
        QCOMPARE(httpsGet(QStringLiteral("https://127.0.0.1:%1/collect?campaign=after").arg(relay.collectPort()),
                          m_certificate.cert),
                 200);
        QTRY_COMPARE(received, int64_t(1));
        QCOMPARE(plainMessages, 0);
        QTRY_COMPARE(relay.metrics().contains("pulsemap_relay_connections 1\n"), true); // only the display
        relay.stop();
    }

    void silentClientIsClosedAtTheHeaderTimeout()
    {
        RelayOptions options = tlsOptions(m_certificate);
        options.http.headerTimeout = std::chrono::milliseconds(300);
        options.maxConnectionsPerAddress = 1;
        RelayServer relay(options);
        QVERIFY(relay.start().ok());
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, relay.listenPort());
        QVERIFY(silent.waitForConnected(5000));
        QTRY_VERIFY(relay.metrics().contains("pulsemap_relay_connections 1\n"));
        // It holds the one slot this address has: a second client is refused until the silent one is gone.
        QCOMPARE(httpsGet(QStringLiteral("https://127.0.0.1:%1/healthz").arg(relay.collectPort()), m_certificate.cert),
                 -1);
        QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 5000);
        QTRY_VERIFY(relay.metrics().contains("pulsemap_relay_connections 0\n"));
        QVERIFY(relay.metrics().contains("pulsemap_relay_timeouts_total{kind=\"tls_handshake\"} 1\n"));
        QVERIFY(relay.metrics().contains("pulsemap_relay_connections_refused_total{limit=\"per_address\"} 1\n"));
        QCOMPARE(httpsGet(QStringLiteral("https://127.0.0.1:%1/healthz").arg(relay.collectPort()), m_certificate.cert),
                 200);
        relay.stop();
    }

    void unusableFilesStopTheStart_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        const QString missing = m_dir.filePath("missing.pem");
        QTest::newRow("missing cert") << missing << m_certificate.key << "--tls-cert " + missing + ": ";
        QTest::newRow("missing key") << m_certificate.cert << missing << "--tls-key " + missing + ": ";
        QTest::newRow("key as cert") << m_certificate.key << m_certificate.key
                                     << "--tls-cert " + m_certificate.key + ": no PEM certificate in it";
        QTest::newRow("cert as key") << m_certificate.cert << m_certificate.cert
                                     << "--tls-key " + m_certificate.cert + ": no unencrypted PEM private key";
        QTest::newRow("another key") << m_certificate.cert << m_other.key
                                     << "--tls-key " + m_other.key + " does not go with --tls-cert " +
                                            m_certificate.cert + ": ";
        QTest::newRow("cert alone") << m_certificate.cert << QString()
                                    << QString("TLS needs both --tls-cert and --tls-key");
    }

    void unusableFilesStopTheStart()
    {
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        RelayOptions options;
        options.collect = true;
        options.tlsCertFile = cert;
        options.tlsKeyFile = key;
        RelayServer relay(options);
        const Status started = relay.start();
        QVERIFY(!started.ok());
        const QString message = QString::fromStdString(started.message());
        QVERIFY2(message.startsWith(expected), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
        QCOMPARE(relay.listenPort(), quint16(0)); // nothing listens
    }

private:
    QTemporaryDir m_dir;
    TestCertificate m_certificate;
    TestCertificate m_other;
};

QTEST_GUILESS_MAIN(TestRelayTls)
#include "tst_relay_tls.moc"
