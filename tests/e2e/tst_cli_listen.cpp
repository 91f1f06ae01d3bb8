// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli listen against real servers on loopback: the npm socket.io server, a ws server that cuts the
// connection every few thousand events, misbehaving servers, a server that is down at start, TLS with a custom CA.

#include "cli_runner.h"
#include "peer_process.h"

#include <QTemporaryDir>

using namespace pulsemap::test;

class TestCliListen : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(cliPath()));
        if (const QString missing = peersMissing(); !missing.isEmpty()) {
            QSKIP(qPrintable("stream peers unavailable: " + missing));
        }
    }

    void socketIoServerDeliversEveryEvent()
    {
        Peer peer;
        QVERIFY(peer.start("socketio_server.js", {"--events", "3000", "--namespace", "/map"}));
        const QString campaign = path("sio.pulsemap");
        const CliResult result =
            runCli({"listen", QStringLiteral("socketio://127.0.0.1:%1/map").arg(peer.port), "--count", "3000",
                    "--timeout", "60", "--geoip", testData("city-maxmind.mmdb"), "-o", campaign, "-q"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject s = summary(result);
        QCOMPARE(s.value("received").toInt(), 3000);
        QCOMPARE(s.value("malformed").toInt(), 0);
        QCOMPARE(s.value("reconnects").toInt(), 0); // pings (every 300 ms) were answered
        QCOMPARE(s.value("recorded").toInt(), 3000);
        QCOMPARE(queryInt(campaign, "SELECT count(DISTINCT seq) FROM events WHERE seq BETWEEN 1 AND 3000"), 3000);
        // DynMap-style {lat, lng}; every tenth carries only an ip, located through the database.
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE lat IS NOT NULL"), 3000);
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events WHERE city = 'London'"), 300);
        // The event name is the type (the payload has none).
        QCOMPARE(queryStrings(campaign, "SELECT DISTINCT type FROM events ORDER BY type"),
                 QStringList({"click", "open"}));
    }

    void socketIoSubscribeJoinsRooms()
    {
        Peer peer;
        QVERIFY(peer.start("socketio_server.js", {"--events", "1000", "--start-delay-ms", "500"}));
        const QString campaign = path("rooms.pulsemap");
        const CliResult result = runCli({"listen", QStringLiteral("socketio://127.0.0.1:%1").arg(peer.port),
                                         "--subscribe", "click", "--timeout", "4", "--no-geoip", "-o", campaign, "-q"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(summary(result).value("received").toInt(), 500);
        QCOMPARE(queryStrings(campaign, "SELECT DISTINCT type FROM events"), QStringList({"click"}));
    }

    void cutsEveryFewThousandEventsStillExactlyOnce()
    {
        Peer peer;
        QVERIFY(peer.start("ws_server.js", {"--events", "20000", "--cut-every", "3000", "--overlap", "25"}));
        const QString campaign = path("cuts.pulsemap");
        const CliResult result = runCli({"listen", QStringLiteral("ws://127.0.0.1:%1/").arg(peer.port), "--count",
                                         "20000", "--timeout", "90", "--no-geoip", "-o", campaign, "-q"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject s = summary(result);
        QCOMPARE(s.value("received").toInt(), 20000);
        QVERIFY2(s.value("reconnects").toInt() >= 6, result.out.constData());
        QVERIFY(s.value("duplicates").toInt() > 0); // the server resends an overlap after each resume
        QCOMPARE(queryInt(campaign, "SELECT count(*) FROM events"), 20000);
        QCOMPARE(queryInt(campaign, "SELECT count(DISTINCT seq) FROM events"), 20000);
        QCOMPARE(queryInt(campaign, "SELECT max(seq) - min(seq) FROM events"), 19999);
    }

    void subscribeFiltersPlainWebSocket()
    {
        Peer peer;
        QVERIFY(peer.start("ws_server.js", {"--events", "3000", "--types", "open,click,signup"}));
        const CliResult result = runCli({"listen", QStringLiteral("ws://127.0.0.1:%1/").arg(peer.port), "--subscribe",
                                         "open,signup", "--count", "2000", "--timeout", "30", "--no-geoip", "-q"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(summary(result).value("received").toInt(), 2000);
    }

    void malformedAndOversizedAreSkipped()
    {
        Peer peer;
        QVERIFY(peer.start("ws_server.js",
                           {"--events", "2000", "--malformed-every", "10", "--oversized-bytes", "3000000"}));
        const CliResult result =
            runCli({"listen", QStringLiteral("ws://127.0.0.1:%1/").arg(peer.port), "--count", "2000", "--timeout", "30",
                    "--no-geoip", "--max-message-bytes", "1000000", "-q"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject s = summary(result);
        QCOMPARE(s.value("received").toInt(), 2000);
        QCOMPARE(s.value("refused").toInt(), 1);
        QCOMPARE(s.value("malformed").toInt(), 8);  // 40 messages, two bad ones after every tenth
        QCOMPARE(s.value("reconnects").toInt(), 0); // never a disconnect for a bad message
    }

    void serverDownAtStartIsWaitedFor()
    {
        const quint16 port = freePort();
        QProcess listen;
        listen.start(cliPath(), {"listen", QStringLiteral("ws://127.0.0.1:%1/").arg(port), "--count", "500",
                                 "--timeout", "40", "--no-geoip"});
        QVERIFY(listen.waitForStarted());
        QTest::qWait(2500); // several refused attempts with growing backoff
        Peer peer;
        QVERIFY(peer.start("ws_server.js", {"--port", QString::number(port), "--events", "500"}));
        QVERIFY(listen.waitForFinished(40000));
        QCOMPARE(listen.exitCode(), 0);
        const QByteArray err = listen.readAllStandardError();
        QVERIFY2(err.contains("reconnecting in"), err.constData());
        const QJsonObject s = summary({listen.exitCode(), listen.readAllStandardOutput(), err});
        QCOMPARE(s.value("received").toInt(), 500);
    }

    void bearerTokenAndHeaders()
    {
        Peer peer;
        QVERIFY(peer.start("ws_server.js", {"--events", "100", "--token", "s3cret"}));
        const QString url = QStringLiteral("ws://127.0.0.1:%1/").arg(peer.port);
        CliResult result = runCli({"listen", url, "--count", "100", "--timeout", "2", "--no-geoip", "-q"});
        QCOMPARE(result.exitCode, 1); // refused with 401, retried until the timeout
        QCOMPARE(summary(result).value("received").toInt(), 0);
        result = runCli({"listen", url, "--count", "100", "--timeout", "20", "--token", "s3cret", "--no-geoip", "-q"});
        QCOMPARE(result.exitCode, 0);
        result = runCli({"listen", url, "--count", "100", "--timeout", "20", "--header", "Authorization: Bearer s3cret",
                         "--no-geoip", "-q"});
        QCOMPARE(result.exitCode, 0);
    }

    void tlsWithCustomCa()
    {
        const QString openssl = QStandardPaths::findExecutable("openssl");
        if (openssl.isEmpty()) {
            QSKIP("openssl is not installed: cannot make a throwaway CA for the TLS test");
        }
        const auto run = [&](const QStringList &arguments) {
            QProcess process;
            process.setWorkingDirectory(m_dir.path());
            process.start(openssl, arguments);
            return process.waitForFinished(30000) && process.exitCode() == 0;
        };
        QVERIFY(writeFile(path("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"));
        QVERIFY(run({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days",
                     "2", "-subj", "/CN=Pulsemap Test CA"}));
        QVERIFY(run({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                     "/CN=localhost"}));
        QVERIFY(run({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "server.pem", "-days", "2", "-extfile", "san.ext"}));
        Peer peer;
        QVERIFY(
            peer.start("ws_server.js", {"--events", "300", "--cert", path("server.pem"), "--key", path("server.key")}));
        const QString url = QStringLiteral("wss://localhost:%1/").arg(peer.port);
        CliResult result =
            runCli({"listen", url, "--count", "300", "--timeout", "20", "--ca", path("ca.pem"), "--no-geoip", "-q"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(summary(result).value("received").toInt(), 300);
        // Without the CA the certificate is not trusted: nothing arrives and the error says why.
        result = runCli({"listen", url, "--count", "300", "--timeout", "2", "--no-geoip", "-q"});
        QCOMPARE(result.exitCode, 1);
        QCOMPARE(summary(result).value("received").toInt(), 0);
        QVERIFY2(summary(result).value("last_error").toString().contains("certificate", Qt::CaseInsensitive),
                 result.out.constData());
    }

    void badArguments()
    {
        QCOMPARE(runCli({"listen"}).exitCode, 2);
        QCOMPARE(runCli({"listen", "http://example.invalid/"}).exitCode, 2);
        QCOMPARE(runCli({"listen", "ws://127.0.0.1:1/", "--count", "x"}).exitCode, 2);
        QCOMPARE(runCli({"listen", "wss://127.0.0.1:1/", "--ca", path("missing.pem")}).exitCode, 2);
        QVERIFY(runCli({"listen", "--help"}).out.contains("--subscribe"));
    }
};

QTEST_GUILESS_MAIN(TestCliListen)
#include "tst_cli_listen.moc"
