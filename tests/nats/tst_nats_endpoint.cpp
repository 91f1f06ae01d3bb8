// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// NATS URLs (servers of one cluster, durable, subject filter, TLS files) and event subjects, pure.

#include "nats/nats_endpoint.h"

#include <QtTest>

using namespace pulsemap;

class TestNatsEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void clusterUrl()
    {
        const Result<NatsEndpoint> e =
            parseNatsUrl("nats://10.0.0.1:4222,10.0.0.2,nats://[::1]:4223/?durable=wall-1&subjects=pulsemap.spring.>");
        QVERIFY2(e.ok(), e.message().c_str());
        QCOMPARE(e->servers.size(), size_t(3));
        QCOMPARE(e->servers[0], std::string("nats://10.0.0.1:4222"));
        QCOMPARE(e->servers[1], std::string("nats://10.0.0.2:4222")); // the default port
        QCOMPARE(e->servers[2], std::string("nats://[::1]:4223"));
        QCOMPARE(e->durable, std::string("wall-1"));
        QCOMPARE(e->filterSubject, std::string("pulsemap.spring.>"));
        QCOMPARE(e->stream, std::string("PULSEMAP"));
        QVERIFY(!e->tls);
    }

    void tlsUrl()
    {
        const Result<NatsEndpoint> e = parseNatsUrl("tls://nats.example.org:4222?ca=/etc/ca%20file.pem&cert=c&key=k");
        QVERIFY2(e.ok(), e.message().c_str());
        QVERIFY(e->tls);
        QCOMPARE(e->servers[0], std::string("tls://nats.example.org:4222"));
        QCOMPARE(e->caFile, std::string("/etc/ca file.pem"));
        QCOMPARE(e->certFile, std::string("c"));
        QVERIFY(isNatsUrl("tls://x"));
        QVERIFY(!isNatsUrl("ws://x"));
    }

    void badUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("scheme") << "ws://h:1"
                                << "expected nats://";
        QTest::newRow("port") << "nats://h:99999"
                              << "bad port";
        QTest::newRow("empty server") << "nats://h:1,,h:2"
                                      << "a server is missing";
        QTest::newRow("durable chars") << "nats://h?durable=a.b"
                                       << "durable must be";
        QTest::newRow("durable long") << "nats://h?durable=" + QString(65, 'a') << "durable must be";
        QTest::newRow("two filters") << "nats://h?subjects=a,b"
                                     << "one subject filter";
        QTest::newRow("unknown") << "nats://h?durabel=x"
                                 << "unknown parameter durabel";
        QTest::newRow("cert alone") << "tls://h?cert=c"
                                    << "cert and key go together";
        QTest::newRow("no types") << "nats://h?types=,"
                                  << "types takes event types";
        QTest::newRow("from zero") << "nats://h?from=0"
                                   << "from takes a stream sequence";
        QTest::newRow("from text") << "nats://h?from=12x"
                                   << "from takes a stream sequence";
        QTest::newRow("refill huge") << "nats://h?durable=a&refill=99999999"
                                     << "refill takes a number of events";
    }

    void badUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        const Result<NatsEndpoint> e = parseNatsUrl(url.toStdString());
        QVERIFY(!e.ok());
        QVERIFY2(QString::fromStdString(e.message()).contains(expected), e.message().c_str());
    }

    // A display's subscription by type: one type is filtered by the server, several by the client.
    void typesAndStart()
    {
        const Result<NatsEndpoint> one = parseNatsUrl("nats://h?types=open&from=42");
        QVERIFY(one.ok());
        QCOMPARE(one->types, std::vector<std::string>{"open"});
        QCOMPARE(one->startSeq, uint64_t(42));
        QCOMPARE(natsFilterSubject(*one), std::string("pulsemap.*.open"));
        const Result<NatsEndpoint> two = parseNatsUrl("nats://h?types=open,,click%20x");
        QVERIFY(two.ok());
        QCOMPARE(two->types, (std::vector<std::string>{"open", "click x"}));
        QCOMPARE(natsFilterSubject(*two), std::string("pulsemap.>"));
        const Result<NatsEndpoint> both = parseNatsUrl("nats://h?types=open&subjects=pulsemap.spring.>");
        QCOMPARE(natsFilterSubject(*both), std::string("pulsemap.spring.>")); // the client still filters by type
        QCOMPARE(natsFilterSubject(*parseNatsUrl("nats://h")), std::string("pulsemap.>"));
        QCOMPARE(parseNatsUrl("nats://h")->startSeq, uint64_t(0));
        QCOMPARE(parseNatsUrl("nats://h?durable=a&refill=65536")->refill, uint64_t(65536));
    }

    void subjects()
    {
        QCOMPARE(natsEventSubject("spring sale", "open"), std::string("pulsemap.spring_sale.open"));
        QCOMPARE(natsEventSubject("a.b*c>d", "x y"), std::string("pulsemap.a_b_c_d.x_y"));
        QCOMPARE(natsEventSubject("", "hit"), std::string("pulsemap._.hit"));
        QCOMPARE(natsSubjectToken("Zürich"), std::string("Z__rich")); // two UTF-8 bytes, two tokens
        QCOMPARE(natsSubjectToken(std::string(100, 'a')).size(), size_t(64));
    }
};

QTEST_GUILESS_MAIN(TestNatsEndpoint)
#include "tst_nats_endpoint.moc"
