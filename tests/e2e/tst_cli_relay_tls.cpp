// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli relay --tls-cert/--tls-key with a certificate made at test time: `pulsemap-cli listen wss://... --ca`
// receives every hit of the https beacon, `listen ws://` on the same port receives nothing, and unusable files are
// refused at start with one line on stderr and exit code 2.

#include "../unit/test_certificate.h"
#include "relay_process.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>

using namespace pulsemap::test;

namespace {

// GET over https trusting only caFile: the status, -1 on a network or TLS error.
int httpsGet(QNetworkAccessManager &manager, const QString &url, const QString &caFile, QByteArray *body = nullptr)
{
    QNetworkRequest request{QUrl(url)};
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(caFile));
    request.setSslConfiguration(ssl);
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000)) {
        return -2;
    }
    if (body != nullptr) {
        *body = reply->readAll();
    }
    return reply->error() == QNetworkReply::NoError ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()
                                                    : -1;
}

} // namespace

class TestCliRelayTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_certificate = makeTestCertificate(m_dir.path());
        QVERIFY2(!m_certificate.cert.isEmpty(), "openssl could not make a certificate");
    }

    void listenWithTheCaGetsEveryHit()
    {
        Relay relay;
        QVERIFY(relay.start(
            {"--collect", "127.0.0.1:0", "--tls-cert", m_certificate.cert, "--tls-key", m_certificate.key, "-q"}));
        constexpr int kHits = 25;
        QProcess listen;
        listen.start(cliPath(),
                     {"listen", QStringLiteral("wss://localhost:%1/").arg(relay.listen), "--ca", m_certificate.cert,
                      "--count", QString::number(kHits), "--timeout", "60", "--no-geoip", "-q"});
        QVERIFY(listen.waitForStarted());
        QProcess plain;
        plain.start(cliPath(), {"listen", QStringLiteral("ws://127.0.0.1:%1/").arg(relay.listen), "--count", "1",
                                "--timeout", "4", "--no-geoip", "-q"});
        QVERIFY(plain.waitForStarted());
        QNetworkAccessManager manager;
        QByteArray health;
        QTRY_VERIFY_WITH_TIMEOUT(httpsGet(manager, QStringLiteral("https://localhost:%1/healthz").arg(relay.listen),
                                          m_certificate.cert, &health) == 200 &&
                                     health.contains("\"clients\":1"),
                                 15000);
        for (int i = 0; i < kHits; ++i) {
            QCOMPARE(httpsGet(manager, QStringLiteral("https://localhost:%1/collect?campaign=tls").arg(relay.collect),
                              m_certificate.cert),
                     200);
        }
        QVERIFY(listen.waitForFinished(30000));
        QCOMPARE(listen.exitCode(), 0);
        const QJsonObject summary = QJsonDocument::fromJson(listen.readAllStandardOutput().trimmed()).object();
        QCOMPARE(summary.value("received").toInteger(), qint64(kHits));
        QCOMPARE(summary.value("last_seq").toInteger(), qint64(kHits));
        QCOMPARE(summary.value("duplicates").toInteger(), qint64(0));
        QVERIFY(plain.waitForFinished(30000));
        QCOMPARE(plain.exitCode(), 1); // --count 1 not met before --timeout
        const QJsonObject plainSummary = QJsonDocument::fromJson(plain.readAllStandardOutput().trimmed()).object();
        QCOMPARE(plainSummary.value("received").toInteger(), qint64(0));
        QByteArray metrics;
        QCOMPARE(httpsGet(manager, QStringLiteral("https://localhost:%1/metrics").arg(relay.collect),
                          m_certificate.cert, &metrics),
                 200);
        QVERIFY2(metrics.contains("pulsemap_relay_beacon_requests_total 25\n"), metrics.constData());
        QVERIFY(!metrics.contains("pulsemap_relay_tls_handshake_failures_total 0\n")); // the plain listen's tries
    }

    void unusableFilesAreOneLineAtStart()
    {
        const QString missing = m_dir.filePath("nope.pem");
        const CliResult noCert =
            runCli({"relay", "--collect", ":0", "--no-geoip", "--tls-cert", missing, "--tls-key", m_certificate.key});
        QCOMPARE(noCert.exitCode, 2);
        QCOMPARE(noCert.err.count('\n'), 1);
        QVERIFY2(noCert.err.contains("--tls-cert " + missing.toUtf8() + ": "), noCert.err.constData());
        const CliResult swapped = runCli({"relay", "--collect", ":0", "--no-geoip", "--tls-cert", m_certificate.key,
                                          "--tls-key", m_certificate.cert});
        QCOMPARE(swapped.exitCode, 2);
        QVERIFY2(swapped.err.contains("no PEM certificate"), swapped.err.constData());
        const CliResult alone = runCli({"relay", "--collect", ":0", "--tls-cert", m_certificate.cert});
        QCOMPARE(alone.exitCode, 2);
        QVERIFY2(alone.err.contains("--tls-cert and --tls-key go together"), alone.err.constData());
    }

private:
    QTemporaryDir m_dir;
    TestCertificate m_certificate;
};

QTEST_GUILESS_MAIN(TestCliRelayTls)
#include "tst_cli_relay_tls.moc"
