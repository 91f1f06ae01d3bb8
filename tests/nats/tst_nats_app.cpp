// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The desktop app (a real window under Xvfb) reading a NATS JetStream stream directly (--source nats://...),
// recording what reaches its map: with a subscription by type (--subscribe) and from the stream's first sequence,
// the campaign holds exactly the events of that type, each once, numbered with their stream sequence; the app's
// consumer is gone once it exits; a bad nats:// URL is a usage error before any window.

#include "nats/nats_connection.h"
#include "nats_test_util.h"

#include <QTemporaryDir>

using namespace pulsemap;
using namespace pulsemap::test;

namespace {

// Event n of the tests is an "open" when n % 3 == 0, else a "click".
QByteArray mixedType(int n)
{
    return n % 3 == 0 ? "open" : "click";
}

int consumerCount(const QString &url)
{
    NatsConnectOptions options;
    options.reconnectForever = false;
    auto connection = NatsConnection::connect(*parseNatsUrl(url.toStdString()), options);
    jsStreamInfo *info = nullptr;
    if (!connection || js_GetStreamInfo(&info, (*connection)->jetStream(), "PULSEMAP", nullptr, nullptr) != NATS_OK) {
        return -1;
    }
    const int count = int(info->State.Consumers);
    jsStreamInfo_Destroy(info);
    return count;
}

} // namespace

class TestNatsApp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (natsServerPath().isEmpty()) {
            QSKIP("nats-server is not installed (scripts/setup-deps installs it)");
        }
        QVERIFY2(m_nats.start(), m_nats.logs().constData());
        QCOMPARE(natsSetup({m_nats.url()}).exitCode, 0);
    }

    void appRecordsTheSubscribedTypeFromTheStream()
    {
        Relay collector;
        QVERIFY(collector.start({"--collect", "127.0.0.1:0", "--publish", m_nats.url(), "-q"}));
        QCOMPARE(pushNumbered(collector.collect, 0, 150, "app", mixedType),
                 200); // before the app: it starts at sequence 1
        QTRY_COMPARE_WITH_TIMEOUT(metricValue(collector.collect, "pulsemap_relay_nats_published_total"), qint64(150),
                                  15000);
        QTemporaryDir dir;
        const QString file = dir.filePath("nats.pulsemap");
        QProcess app;
        app.setProcessChannelMode(QProcess::ForwardedChannels);
        app.start(qEnvironmentVariable("PULSEMAP_APP"),
                  {"--source", m_nats.url("from=1"), "--subscribe", "open", "--record", file, "--screenshot",
                   dir.filePath("shot.png"), "--after", "6", "--size", "640x360", "--hide-charts"});
        QVERIFY(app.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(consumerCount(m_nats.url()), 1, 20000);           // the app reads
        QCOMPARE(pushNumbered(collector.collect, 150, 300, "app", mixedType), 200); // and more while it does
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        QCOMPARE(runCli({"check", file}).exitCode, 0);
        // Opens are events 0, 3, 6, ... and stream sequences 1, 4, 7, ... (one message an event, in order).
        QCOMPARE(queryInt(file, "SELECT count(*) FROM events"), qint64(100));
        QCOMPARE(queryInt(file, "SELECT count(DISTINCT seq) FROM events"), qint64(100));
        QCOMPARE(queryInt(file, "SELECT count(*) FROM events WHERE seq % 3 <> 1"), qint64(0));
        QCOMPARE(queryInt(file, "SELECT min(seq) FROM events"), qint64(1));
        QCOMPARE(queryInt(file, "SELECT max(seq) FROM events"), qint64(298));
        QCOMPARE(queryStrings(file, "SELECT DISTINCT type FROM events"), QStringList{"open"});
        QCOMPARE(consumerCount(m_nats.url()), 0); // deleted as the app stopped
    }

    void badUrlIsAUsageError()
    {
        QProcess app;
        app.start(qEnvironmentVariable("PULSEMAP_APP"), {"--source", "nats://127.0.0.1:1?durabel=x"});
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitCode(), 2);
        const QByteArray err = app.readAllStandardError();
        QVERIFY2(err.contains("unknown parameter durabel"), err);
    }

private:
    NatsCluster m_nats{1};
};

QTEST_GUILESS_MAIN(TestNatsApp)
#include "tst_nats_app.moc"
