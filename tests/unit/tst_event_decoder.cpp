// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Out-of-class test bodies: Qt 6.4's moc stops parsing at raw strings that contain quotes.
#include "stream/event_decoder.h"
#include "stream/event_json.h"

#include <QtTest>

#include <cmath>

using namespace pulsemap;

class TestEventDecoder : public QObject
{
    Q_OBJECT

private:
    static constexpr int64_t kArrival = 1700000000000;
    EventBatch batch;
    std::vector<ControlMessage> controls;
    DecodeResult decode(std::string_view message, EventDecoder decoder = EventDecoder());
    QString text(StrRef ref) const { return QString::fromStdString(std::string(batch.text(ref))); }

private slots:
    void oneObjectWithEveryField();

    void defaults();

    void timestamps_data();
    void timestamps();

    void impossibleTimesAreMalformed_data();
    void impossibleTimesAreMalformed();

    void arraysAndNewlineDelimited();

    void malformedIsCountedAndSkipped_data();
    void malformedIsCountedAndSkipped();

    void oversizedIsRefused();

    void controlMessages();

    void roundTripThroughEncoder();

    void problemsAreListedByIndex();
};

// The push API's view: which objects were skipped, counted from 0 over lines and array elements together, and
// control messages refused as events when asked.
void TestEventDecoder::problemsAreListedByIndex()
{
    DecodeLimits limits;
    limits.maxProblemsListed = 3;
    const std::string message =
        "{\"type\":\"a\"}\nnope\n[{\"type\":\"b\"},{\"lat\":1},7]\n{\"viewers\":2}\n{\"ts\":-1}";
    auto r = decode(message, EventDecoder(limits));
    QCOMPARE(r.events, size_t{2});
    QCOMPARE(r.malformed, size_t{4});
    QCOMPARE(r.controls, size_t{1});
    QCOMPARE(r.problems.size(), size_t{3}); // the first three of four
    QCOMPARE(r.problems[0].index, size_t{1});
    QCOMPARE(r.problems[0].reason, std::string("not JSON"));
    QCOMPARE(r.problems[1].index, size_t{3});
    QCOMPARE(r.problems[1].reason, std::string("lat without lon"));
    QCOMPARE(r.problems[2].index, size_t{4});
    limits.maxProblemsListed = 10;
    limits.refuseControls = true;
    r = decode(message, EventDecoder(limits));
    QCOMPARE(r.controls, size_t{0});
    QCOMPARE(r.malformed, size_t{5});
    QCOMPARE(r.problems.size(), size_t{5});
    QCOMPARE(r.problems[3].index, size_t{5});
    QVERIFY(QString::fromStdString(r.problems[3].reason).contains("control"));
    QCOMPARE(r.problems[4].index, size_t{6});
    QCOMPARE(r.problems[4].reason, std::string("ts out of range"));
    QVERIFY(controls.empty());
    QVERIFY(DecodeResult().problems.empty() && DecodeLimits().maxProblemsListed == 0); // the stream lists none
}

DecodeResult TestEventDecoder::decode(std::string_view message, EventDecoder decoder)
{
    batch.clear();
    controls.clear();
    return decoder.decode(message, kArrival, batch, &controls);
}

void TestEventDecoder::oneObjectWithEveryField()
{
    const auto r = decode(R"({"ts":1431857103123,"type":"open","lat":48.137,"lon":11.575,"country":"de",)"
                          R"("city":"M\u00fcnchen","campaign":"spring","weight":2.5,"seq":42,"extra":[1,{"a":2}]})");
    QCOMPARE(r.events, size_t{1});
    QCOMPARE(r.malformed, size_t{0});
    const Event &e = batch.events().front();
    QCOMPARE(e.tsMs, int64_t{1431857103123});
    QCOMPARE(text(e.type), QString("open"));
    QCOMPARE(e.lat, 48.137);
    QCOMPARE(e.lon, 11.575);
    QCOMPARE(QString::fromLatin1(e.country.data(), 2), QString("DE"));
    QCOMPARE(text(e.city), QString::fromUtf8("München"));
    QCOMPARE(text(e.campaign), QString("spring"));
    QCOMPARE(e.weight, 2.5F);
    QCOMPARE(e.seq, int64_t{42});
}

void TestEventDecoder::defaults()
{
    QCOMPARE(decode(R"({"ip":"81.2.69.160"})").events, size_t{1});
    const Event &e = batch.events().front();
    QCOMPARE(e.tsMs, kArrival);
    QCOMPARE(batch.text(e.type), kDefaultEventType);
    QVERIFY(!e.located());
    QCOMPARE(text(e.ip), QString("81.2.69.160"));
    QCOMPARE(e.seq, int64_t{-1});
    QCOMPARE(e.weight, 1.0F);
}

void TestEventDecoder::timestamps_data()
{
    QTest::addColumn<QByteArray>("ts");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("ms") << QByteArray("1431857103123") << qint64(1431857103123);
    QTest::newRow("seconds") << QByteArray("1431857103") << qint64(1431857103000);
    QTest::newRow("iso Z") << QByteArray("\"2015-05-17T10:05:03Z\"") << qint64(1431857103000);
    QTest::newRow("iso offset ms") << QByteArray("\"2015-05-17T12:05:03.250+02:00\"") << qint64(1431857103250);
    QTest::newRow("null") << QByteArray("null") << qint64(kArrival);
}

void TestEventDecoder::timestamps()
{
    QFETCH(QByteArray, ts);
    QFETCH(qint64, expected);
    QCOMPARE(decode(("{\"ts\":" + ts + "}").toStdString()).events, size_t{1});
    QCOMPARE(batch.events().front().tsMs, expected);
}

void TestEventDecoder::impossibleTimesAreMalformed_data()
{
    // The contract of core/event.h: [1970-01-01, 2100-01-01) UTC, refused (not clamped) outside.
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("malformed");
    QTest::newRow("1953 iso (fuzz reproducer)") << QByteArray(R"([{"q]":3,"ts":"1953-02-17T10:05:03Z"}])") << 0 << 1;
    QTest::newRow("9999 iso") << QByteArray(R"({"ts":"9999-12-31T23:59:59Z"})") << 0 << 1;
    QTest::newRow("negative ms") << QByteArray(R"({"ts":-1431857103123})") << 0 << 1;
    QTest::newRow("negative s") << QByteArray(R"({"ts":-1})") << 0 << 1;
    QTest::newRow("1969 last ms iso") << QByteArray(R"({"ts":"1969-12-31T23:59:59.999Z"})") << 0 << 1;
    QTest::newRow("epoch iso") << QByteArray(R"({"ts":"1970-01-01T00:00:00Z"})") << 1 << 0;
    QTest::newRow("epoch number") << QByteArray(R"({"ts":0})") << 1 << 0;
    QTest::newRow("2099 last second iso") << QByteArray(R"({"ts":"2099-12-31T23:59:59Z"})") << 1 << 0;
    QTest::newRow("2099 last ms") << QByteArray(R"({"ts":4102444799999})") << 1 << 0;
    QTest::newRow("2100 iso") << QByteArray(R"({"ts":"2100-01-01T00:00:00Z"})") << 0 << 1;
    QTest::newRow("2100 ms") << QByteArray(R"({"ts":4102444800000})") << 0 << 1;
    QTest::newRow("bad next to good") << QByteArray(R"([{"ts":"1953-02-17T10:05:03Z"},{"ts":1431857103}])") << 1 << 1;
}

void TestEventDecoder::impossibleTimesAreMalformed()
{
    QFETCH(QByteArray, message);
    QFETCH(int, events);
    QFETCH(int, malformed);
    const auto r = decode(message.toStdString());
    QCOMPARE(int(r.events), events);
    QCOMPARE(int(batch.size()), events);
    for (const Event &event : batch.events()) {
        QVERIFY(plausibleEventTime(event.tsMs));
    }
    QCOMPARE(int(r.malformed), malformed);
    if (malformed > 0) {
        QVERIFY2(QString::fromStdString(r.firstError).contains("ts out of range"), r.firstError.c_str());
    }
}

void TestEventDecoder::arraysAndNewlineDelimited()
{
    auto r = decode(R"([{"type":"open","lat":1,"lng":2},{"type":"click"} , {"seq":3}])");
    QCOMPARE(r.events, size_t{3});
    QCOMPARE(batch.events()[0].lon, 2.0); // DynMap-style lng
    QCOMPARE(text(batch.events()[1].type), QString("click"));
    r = decode("{\"type\":\"a\"}\n{\"type\":\"b\"}\r\n\n{\"type\":\"c\"}\n");
    QCOMPARE(r.events, size_t{3});
    QCOMPARE(text(batch.events()[2].type), QString("c"));
    QCOMPARE(decode("[]").events, size_t{0});
    QCOMPARE(decode("   ").malformed, size_t{0});
}

void TestEventDecoder::malformedIsCountedAndSkipped_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("malformed");
    QTest::newRow("not json") << QByteArray("hello") << 0 << 1;
    QTest::newRow("truncated") << QByteArray(R"({"type":"open")") << 0 << 1;
    QTest::newRow("scalar") << QByteArray("42") << 0 << 1;
    QTest::newRow("bad lat") << QByteArray(R"({"lat":91,"lon":0})") << 0 << 1;
    QTest::newRow("lat only") << QByteArray(R"({"lat":10})") << 0 << 1;
    QTest::newRow("bad ts") << QByteArray(R"({"ts":"yesterday"})") << 0 << 1;
    QTest::newRow("neg seq") << QByteArray(R"({"seq":-1})") << 0 << 1;
    QTest::newRow("type number") << QByteArray(R"({"type":5})") << 0 << 1;
    QTest::newRow("empty type") << QByteArray(R"({"type":""})") << 0 << 1;
    QTest::newRow("bad number") << QByteArray(R"({"lat":-,"lon":1})") << 0 << 1;
    QTest::newRow("one bad in array") << QByteArray(R"([{"type":"a"},{"lat":"x","lon":1},7,{"type":"b"}])") << 2 << 2;
    QTest::newRow("bad line in ndjson") << QByteArray("{\"type\":\"a\"}\n{oops\n{\"type\":\"b\"}") << 2 << 1;
    QTest::newRow("string coords ok") << QByteArray(R"({"lat":"48.1","lon":"11.5"})") << 1 << 0;
    QTest::newRow("bad country ignored") << QByteArray(R"({"country":"Germany"})") << 1 << 0;
    QTest::newRow("numeric campaign") << QByteArray(R"({"campaign":1234})") << 1 << 0;
    QTest::newRow("visitor not hex") << QByteArray(R"({"visitor":"xyz"})") << 0 << 1;
    QTest::newRow("visitor too long") << QByteArray(R"({"visitor":"12345678901234567"})") << 0 << 1;
    QTest::newRow("visitor negative") << QByteArray(R"({"visitor":-3})") << 0 << 1;
    QTest::newRow("path not text") << QByteArray(R"({"path":["/"]})") << 0 << 1;
}

void TestEventDecoder::malformedIsCountedAndSkipped()
{
    QFETCH(QByteArray, message);
    QFETCH(int, events);
    QFETCH(int, malformed);
    const auto r = decode(message.toStdString());
    QCOMPARE(int(r.events), events);
    QCOMPARE(int(r.malformed), malformed);
    QCOMPARE(int(batch.size()), events);
    if (malformed > 0) {
        QVERIFY(!r.firstError.empty());
    }
}

void TestEventDecoder::oversizedIsRefused()
{
    DecodeLimits limits;
    limits.maxMessageBytes = 64;
    const std::string big = "[" + std::string(100, ' ') + "]";
    const auto r = decode(big, EventDecoder(limits));
    QVERIFY(r.refused);
    QCOMPARE(r.events, size_t{0});
    QVERIFY(QString::fromStdString(r.firstError).contains("limit"));
    limits.maxEventsPerMessage = 2;
    QCOMPARE(decode(R"([{},{},{}])", EventDecoder(limits)).events, size_t{2});
}

void TestEventDecoder::controlMessages()
{
    auto r = decode(R"({"viewers":3})");
    QCOMPARE(r.events, size_t{0});
    QCOMPARE(r.controls, size_t{1});
    QCOMPARE(controls[0].kind, ControlMessage::Kind::Viewers);
    QCOMPARE(controls[0].value, int64_t{3});
    decode(R"({"error":"unauthorized"})");
    QCOMPARE(controls[0].kind, ControlMessage::Kind::Error);
    QCOMPARE(controls[0].text, std::string("unauthorized"));
    decode(R"({"hello":{"server":"pulsemap-relay","stream":"ab12","seq":99}})");
    QCOMPARE(controls[0].kind, ControlMessage::Kind::Hello);
    QCOMPARE(controls[0].text, std::string("ab12"));
    QCOMPARE(controls[0].value, int64_t{99});
    decode(R"([{"gap":5},{"type":"x","seq":1}])");
    QCOMPARE(controls[0].kind, ControlMessage::Kind::Gap);
    QCOMPARE(batch.size(), size_t{1});
    // The relay's confirmation of a subscription is not an event.
    r = decode(R"({"subscribed":["open","click"]})");
    QCOMPARE(r.events, size_t{0});
    QCOMPARE(controls[0].kind, ControlMessage::Kind::Subscribed);
    // An event that happens to carry a "viewers" field is still an event.
    QCOMPARE(decode(R"({"type":"open","viewers":2})").events, size_t{1});
}

void TestEventDecoder::roundTripThroughEncoder()
{
    decode(R"({"seq":7,"ts":1431857103000,"type":"o\"pen","lat":48.1,"lon":-11.25,"country":"DE",)"
           R"("city":"Tab\there","campaign":"c","weight":0.5})");
    std::string json;
    appendEventJson(batch, batch.events().front(), json);
    QCOMPARE(QString::fromStdString(json),
             QString(R"({"seq":7,"ts":1431857103000,"type":"o\"pen","lat":48.1,"lon":-11.25,"country":"DE",)"
                     R"("city":"Tab\there","campaign":"c","weight":0.5})"));
    EventBatch copy = batch;
    decode(json);
    QCOMPARE(text(batch.events().front().city), QString("Tab\there"));
    QCOMPARE(batch.events().front().weight, 0.5F);
    // Times before 1973-03-03 would read back as seconds if written as milliseconds: they go as text.
    for (const int64_t ts : {int64_t{0}, int64_t{14310317000}, int64_t{14310317123}, kTsSecondsBelow - 1}) {
        decode(R"({"type":"x"})");
        batch.events().front().tsMs = ts;
        json.clear();
        appendEventJson(batch, batch.events().front(), json);
        const auto r = decode(json);
        QCOMPARE(r.events, size_t{1});
        QCOMPARE(batch.events().front().tsMs, ts);
    }
    // Path and visitor: the path without its query string, the visitor as hex text (63 bits, exact in JavaScript
    // too), or as a plain integer from another producer.
    decode(R"({"type":"open","path":"/pricing?plan=pro#faq","visitor":"7fffffffffffffff"})");
    QCOMPARE(text(batch.events().front().path), QString("/pricing"));
    QCOMPARE(batch.events().front().visitor, uint64_t{0x7fffffffffffffff});
    json.clear();
    appendEventJson(batch, batch.events().front(), json);
    QVERIFY2(json.find(R"("path":"/pricing","visitor":"7fffffffffffffff")") != std::string::npos, json.c_str());
    decode(json);
    QCOMPARE(batch.events().front().visitor, uint64_t{0x7fffffffffffffff});
    QCOMPARE(decode(R"({"visitor":4242})").events, size_t{1});
    QCOMPARE(batch.events().front().visitor, uint64_t{4242});
    decode(R"({"ts":100000000000})");
    json.clear();
    appendEventJson(batch, batch.events().front(), json);
    QVERIFY2(json.find(R"("ts":100000000000,)") != std::string::npos, json.c_str()); // from 1973 on, a number
}

QTEST_APPLESS_MAIN(TestEventDecoder)
#include "tst_event_decoder.moc"
