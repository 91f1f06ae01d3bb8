// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Out-of-class test bodies: Qt 6.4's moc stops parsing at raw strings that contain quotes.
#include "stream/socketio_codec.h"

#include <QtTest>

using namespace pulsemap;

class TestSocketIoCodec : public QObject
{
    Q_OBJECT

private slots:
    void enginePackets();

    void openPacket();

    void socketPackets_data();
    void socketPackets();

    void badPackets();

    void eventArgs();

    void encoding();
};

void TestSocketIoCodec::enginePackets()
{
    sio::Packet p;
    QCOMPARE(sio::parsePacket("2", p), sio::ParseError::None);
    QCOMPARE(p.engine, sio::EngineType::Ping);
    QCOMPARE(sio::parsePacket("3probe", p), sio::ParseError::None);
    QCOMPARE(p.engine, sio::EngineType::Pong);
    QCOMPARE(p.data, std::string_view("probe"));
    QCOMPARE(sio::parsePacket("", p), sio::ParseError::Empty);
    QCOMPARE(sio::parsePacket("9", p), sio::ParseError::BadEngineType);
    QCOMPARE(sio::parsePacket("4", p), sio::ParseError::Empty);
    QCOMPARE(sio::parsePacket("4x", p), sio::ParseError::BadSocketType);
}

void TestSocketIoCodec::openPacket()
{
    sio::Packet p;
    const std::string frame =
        R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})";
    QCOMPARE(sio::parsePacket(frame, p), sio::ParseError::None);
    QCOMPARE(p.engine, sio::EngineType::Open);
    sio::OpenInfo info;
    QVERIFY(sio::parseOpen(p.data, info));
    QCOMPARE(info.sid, std::string("lv_VI97HAXpY6yYWAAAC"));
    QCOMPARE(info.pingIntervalMs, int64_t{300});
    QCOMPARE(info.pingTimeoutMs, int64_t{200});
    QVERIFY(!sio::parseOpen(R"({"pingInterval":1})", info)); // no sid
    QVERIFY(!sio::parseOpen("not json", info));
    QVERIFY(!sio::parseOpen(R"({"sid":"a","pingInterval":-5})", info));
}

void TestSocketIoCodec::socketPackets_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<qint64>("ack");
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("connect") << QByteArray("40") << 0 << QByteArray("/") << qint64(-1) << QByteArray();
    QTest::newRow("connect ok") << QByteArray(R"(40{"sid":"x"})") << 0 << QByteArray("/") << qint64(-1)
                                << QByteArray(R"({"sid":"x"})");
    QTest::newRow("connect ns") << QByteArray("40/admin,") << 0 << QByteArray("/admin") << qint64(-1) << QByteArray();
    QTest::newRow("ns no comma") << QByteArray("41/admin") << 1 << QByteArray("/admin") << qint64(-1) << QByteArray();
    QTest::newRow("event") << QByteArray(R"(42["open",{"lat":1,"lng":2}])") << 2 << QByteArray("/") << qint64(-1)
                           << QByteArray(R"(["open",{"lat":1,"lng":2}])");
    QTest::newRow("event ns ack") << QByteArray(R"(42/map,17["click",{}])") << 2 << QByteArray("/map") << qint64(17)
                                  << QByteArray(R"(["click",{}])");
    QTest::newRow("ack") << QByteArray("43/map,17[]") << 3 << QByteArray("/map") << qint64(17) << QByteArray("[]");
    QTest::newRow("error") << QByteArray(R"(44{"message":"Not authorized"})") << 4 << QByteArray("/") << qint64(-1)
                           << QByteArray(R"({"message":"Not authorized"})");
    QTest::newRow("binary") << QByteArray(R"(451-["up",{"_placeholder":true,"num":0}])") << 5 << QByteArray("/")
                            << qint64(-1) << QByteArray(R"(["up",{"_placeholder":true,"num":0}])");
}

void TestSocketIoCodec::socketPackets()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, type);
    QFETCH(QByteArray, nsp);
    QFETCH(qint64, ack);
    QFETCH(QByteArray, data);
    sio::Packet p;
    const std::string text = frame.toStdString(); // the packet's views point into it
    QCOMPARE(sio::parsePacket(text, p), sio::ParseError::None);
    QCOMPARE(p.engine, sio::EngineType::Message);
    QVERIFY(p.hasSocket);
    QCOMPARE(int(p.socket), type);
    QCOMPARE(QByteArray(p.nsp.data(), qsizetype(p.nsp.size())), nsp);
    QCOMPARE(qint64(p.ackId), ack);
    QCOMPARE(QByteArray(p.data.data(), qsizetype(p.data.size())), data);
}

void TestSocketIoCodec::badPackets()
{
    sio::Packet p;
    QCOMPARE(sio::parsePacket(R"(42["open",{)", p), sio::ParseError::BadPayload);
    QCOMPARE(sio::parsePacket("45x-[]", p), sio::ParseError::BadAttachments);
    QCOMPARE(sio::parsePacket("4299999999999999999999[]", p), sio::ParseError::BadAckId);
    QCOMPARE(sio::parsePacket(R"(42["a"] trailing)", p), sio::ParseError::BadPayload);
    QVERIFY(std::string_view(sio::describe(sio::ParseError::BadNamespace)).size() > 0);
}

void TestSocketIoCodec::eventArgs()
{
    std::string buffer;
    sio::EventArgs args;
    QVERIFY(args.parse(R"(["cl\"ick", {"lat":1,"lng":2}, [{"a":1}], 5])", buffer));
    QCOMPARE(args.name(), std::string_view("cl\"ick"));
    std::string_view arg;
    QVERIFY(args.next(arg));
    QCOMPARE(arg, std::string_view(R"({"lat":1,"lng":2})"));
    QVERIFY(args.next(arg));
    QCOMPARE(arg, std::string_view(R"([{"a":1}])"));
    QVERIFY(args.next(arg));
    QCOMPARE(arg, std::string_view("5"));
    QVERIFY(!args.next(arg));
    QVERIFY(!args.malformed());
    QVERIFY(!args.parse(R"({"a":1})", buffer));
    QVERIFY(!args.parse(R"([5])", buffer));
    QVERIFY(args.parse(R"(["x" 5])", buffer));
    QVERIFY(!args.next(arg));
    QVERIFY(args.malformed());
}

void TestSocketIoCodec::encoding()
{
    QCOMPARE(sio::encodeConnect("/"), std::string("40"));
    QCOMPARE(sio::encodeConnect("/map"), std::string("40/map,"));
    QCOMPARE(sio::encodeEvent("/", "subscribe", R"(["open"])"), std::string(R"(42["subscribe",["open"]])"));
    QCOMPARE(sio::encodeEvent("/map", "resume_from", "8", 3), std::string(R"(42/map,3["resume_from",8])"));
    QCOMPARE(sio::encodeAck("/", 17), std::string("4317[]"));
    QCOMPARE(sio::encodePong(), std::string("3"));
}

QTEST_APPLESS_MAIN(TestSocketIoCodec)
#include "tst_socketio_codec.moc"
