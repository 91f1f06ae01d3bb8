// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The syslog framing of relay --syslog, without sockets: message headers (RFC 5424, RFC 3164 and what real senders
// write) and the TCP stream decoder (RFC 6587 octet counting and non-transparent framing), fed whole and byte by
// byte.
#include "relay/syslog_framing.h"

#include <QtTest>

#include <string>
#include <vector>

class TstSyslogFraming : public QObject
{
    Q_OBJECT
private slots:
    void rfc5424_data();
    void rfc5424();
    void rfc3164_data();
    void rfc3164();
    void refusedHeaders_data();
    void refusedHeaders();
    void octetCountingAndLines();
    void splitAnywhereGivesTheSameFrames();
    void oversizedFramesAreSkipped();
    void peerClosingMidFrame();
    void digitsThatAreNoCount();
};

using namespace pulsemap;

namespace {

QByteArray b(std::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

std::vector<std::string> decode(SyslogStreamDecoder &decoder, std::string_view bytes, size_t chunk)
{
    std::vector<std::string> frames;
    for (size_t at = 0; at < bytes.size(); at += chunk) {
        decoder.feed(bytes.substr(at, chunk), [&](std::string_view frame) { frames.emplace_back(frame); });
    }
    return frames;
}

} // namespace

void TstSyslogFraming::rfc5424_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("priority");
    QTest::addColumn<QByteArray>("app");
    QTest::addColumn<QByteArray>("msg");
    // The examples of RFC 5424 section 6.5.
    QTest::newRow("example 1") << QByteArray("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
                                             "\xEF\xBB\xBF'su root' failed for lonvick on /dev/pts/8")
                               << 34 << QByteArray("su") << QByteArray("'su root' failed for lonvick on /dev/pts/8");
    QTest::newRow("example 2") << QByteArray("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - "
                                             "%% It's time to make the do-nuts.")
                               << 165 << QByteArray("myproc") << QByteArray("%% It's time to make the do-nuts.");
    QTest::newRow("example 3 sd") << QByteArray("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - "
                                                "ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" "
                                                "eventID=\"1011\"] \xEF\xBB\xBF"
                                                "An application event log entry...")
                                  << 165 << QByteArray("evntslog") << QByteArray("An application event log entry...");
    QTest::newRow("example 4 no msg") << QByteArray("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - "
                                                    "ID47 [exampleSDID@32473 iut=\"3\"][examplePriority@32473 "
                                                    "class=\"high\"]")
                                      << 165 << QByteArray("evntslog") << QByteArray();
    QTest::newRow("escapes in sd") << QByteArray("<0>1 - - - - - [a@1 x=\"q\\\"] [\\]\"] 1.2.3.4 - - [x]\r\n") << 0
                                   << QByteArray() << QByteArray("1.2.3.4 - - [x]");
}

void TstSyslogFraming::rfc5424()
{
    QFETCH(QByteArray, frame);
    SyslogMessage message;
    QVERIFY(parseSyslogMessage(std::string_view(frame.constData(), size_t(frame.size())), message));
    QCOMPARE(int(message.format), int(SyslogMessage::Format::Rfc5424));
    QTEST(message.priority, "priority");
    QTEST(b(message.appName), "app");
    QTEST(b(message.msg), "msg");
}

void TstSyslogFraming::rfc3164_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("app");
    QTest::addColumn<QByteArray>("msg");
    const QByteArray line = "203.0.113.9 - - [17/May/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"x\"";
    // nginx access_log syslog:server=...: "<190>Nov 28 15:00:00 host nginx: LINE".
    QTest::newRow("nginx") << "<190>Nov 28 15:00:00 web1 nginx: " + line << QByteArray("nginx") << line;
    // HAProxy sends no hostname by default.
    QTest::newRow("haproxy") << QByteArray("<134>Feb  6 12:14:14 haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:"
                                           "14.655] x")
                             << QByteArray("haproxy") << QByteArray("10.0.1.2:33317 [06/Feb/2009:12:14:14.655] x");
    QTest::newRow("rfc 3164 example") << QByteArray("<34>Oct 11 22:14:15 mymachine su: 'su root' failed")
                                      << QByteArray("su") << QByteArray("'su root' failed");
    QTest::newRow("rsyslog iso time") << "<13>2024-03-12T16:45:02.123+01:00 web1 apache: " + line
                                      << QByteArray("apache") << line;
    QTest::newRow("no tag") << QByteArray("<13>Feb 16 17:32:18 web1 just a message") << QByteArray()
                            << QByteArray("just a message");
    QTest::newRow("bare line") << "<13>" + line << QByteArray() << line;
    QTest::newRow("tag only") << "<13>nginx: " + line + "\n" << QByteArray("nginx") << line;
}

void TstSyslogFraming::rfc3164()
{
    QFETCH(QByteArray, frame);
    SyslogMessage message;
    QVERIFY(parseSyslogMessage(std::string_view(frame.constData(), size_t(frame.size())), message));
    QCOMPARE(int(message.format), int(SyslogMessage::Format::Rfc3164));
    QTEST(b(message.appName), "app");
    QTEST(b(message.msg), "msg");
}

void TstSyslogFraming::refusedHeaders_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no pri") << QByteArray("Nov 28 15:00:00 host nginx: x");
    QTest::newRow("pri too big") << QByteArray("<192>x");
    QTest::newRow("pri leading zero") << QByteArray("<01>x");
    QTest::newRow("pri not closed") << QByteArray("<13 x");
    QTest::newRow("pri four digits") << QByteArray("<1234>x");
    QTest::newRow("5424 short header") << QByteArray("<13>1 2003-10-11T22:14:15Z host app");
    QTest::newRow("5424 empty field") << QByteArray("<13>1 2003-10-11T22:14:15Z  app - - - x");
    QTest::newRow("5424 sd not ended") << QByteArray("<13>1 - - - - - [a x=\"]\"");
    QTest::newRow("5424 sd then junk") << QByteArray("<13>1 - - - - - [a]x");
    QTest::newRow("5424 no sd") << QByteArray("<13>1 - - - - x");
}

void TstSyslogFraming::refusedHeaders()
{
    QFETCH(QByteArray, frame);
    SyslogMessage message;
    QVERIFY(!parseSyslogMessage(std::string_view(frame.constData(), size_t(frame.size())), message));
}

void TstSyslogFraming::octetCountingAndLines()
{
    SyslogStreamDecoder decoder(1024);
    using namespace std::string_literals;
    const std::string bytes = "11 <13>counted\n<13>line one\r\n\n<13>line two\0"
                              "5 <1>ab"
                              "<13>after"s;
    const auto frames = decode(decoder, bytes, bytes.size());
    QCOMPARE(frames.size(), size_t(4));
    QCOMPARE(frames[0], std::string("<13>counted"));
    QCOMPARE(frames[1], std::string("<13>line one"));
    QCOMPARE(frames[2], std::string("<13>line two"));
    QCOMPARE(frames[3], std::string("<1>ab"));
    // The last line has no LF: it comes with finish().
    QCOMPARE(std::string(decoder.finish()), std::string("<13>after"));
    QCOMPARE(decoder.truncated(), int64_t(0));
}

void TstSyslogFraming::splitAnywhereGivesTheSameFrames()
{
    std::string bytes;
    for (int i = 0; i < 200; ++i) {
        const std::string message = "<13>1 - - - - - - message " + std::to_string(i);
        bytes += i % 2 == 0 ? std::to_string(message.size()) + " " + message : message + "\n";
    }
    SyslogStreamDecoder whole(1024);
    const auto expected = decode(whole, bytes, bytes.size());
    QCOMPARE(expected.size(), size_t(200));
    for (const size_t chunk : {size_t(1), size_t(2), size_t(3), size_t(7), size_t(64)}) {
        SyslogStreamDecoder split(1024);
        QCOMPARE(decode(split, bytes, chunk), expected);
    }
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(expected[i], "<13>1 - - - - - - message " + std::to_string(i));
    }
}

void TstSyslogFraming::oversizedFramesAreSkipped()
{
    SyslogStreamDecoder decoder(16);
    const std::string big(40, 'x');
    const std::string bytes = "40 " + big + "<13>ok\n" + big + "\n" + "6 <13>ok" + big + big + "\n<1>end\n";
    const auto frames = decode(decoder, bytes, 5);
    QCOMPARE(frames, (std::vector<std::string>{"<13>ok", "<13>ok", "<1>end"}));
    QCOMPARE(decoder.oversized(), int64_t(3));
}

void TstSyslogFraming::peerClosingMidFrame()
{
    SyslogStreamDecoder counted(1024);
    QCOMPARE(decode(counted, "30 <13>only part", 4).size(), size_t(0));
    QVERIFY(counted.finish().empty());
    QCOMPARE(counted.truncated(), int64_t(1));
    SyslogStreamDecoder count(1024);
    decode(count, "12", 1);
    QVERIFY(count.finish().empty());
    QCOMPARE(count.truncated(), int64_t(1));
    SyslogStreamDecoder skipping(8);
    decode(skipping, "100 <13>xxxxxx", 3);
    QVERIFY(skipping.finish().empty());
    QCOMPARE(skipping.oversized(), int64_t(1));
    QCOMPARE(skipping.truncated(), int64_t(0)); // counted once, as oversized
}

void TstSyslogFraming::digitsThatAreNoCount()
{
    // A raw line starting with digits (a sender without PRI): one line, refused later by the header parser.
    SyslogStreamDecoder decoder(1024);
    const auto frames = decode(decoder, "203.0.113.9 - - x\n0 <13>zero\n12345678901 x\n", 1);
    QCOMPARE(frames, (std::vector<std::string>{"203.0.113.9 - - x", "0 <13>zero", "12345678901 x"}));
}

QTEST_GUILESS_MAIN(TstSyslogFraming)
#include "tst_syslog_framing.moc"
