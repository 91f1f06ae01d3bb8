// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// parseControlRequest: what a subscriber may say (subscribe, resume_from, both) and every refusal.

#include "relay/control_request.h"

#include <QtTest>

using namespace pulsemap;

class TestControlRequest : public QObject
{
    Q_OBJECT

private slots:
    void subscribe()
    {
        const ControlRequest request = parseControlRequest(R"({"subscribe":["open","click"]})");
        QVERIFY(request.error.isEmpty());
        QVERIFY(request.subscribe.has_value());
        QVERIFY(!request.subscribe->all);
        QCOMPARE(request.subscribe->types, (QJsonArray{"open", "click"}));
        QVERIFY(!request.resumeFrom.has_value());
        QVERIFY(parseControlRequest(R"({"subscribe":[]})").subscribe->all);
        QVERIFY(parseControlRequest(R"({"subscribe":null})").subscribe->all);
    }

    void resumeAndBoth()
    {
        QCOMPARE(parseControlRequest(R"({"resume_from":42})").resumeFrom.value(), int64_t(42));
        QCOMPARE(parseControlRequest(R"({"resume_from":0})").resumeFrom.value(), int64_t(0));
        const ControlRequest both = parseControlRequest(R"({"subscribe":["open"],"resume_from":7})");
        QVERIFY(both.subscribe.has_value());
        QCOMPARE(both.resumeFrom.value(), int64_t(7));
        QVERIFY(both.error.isEmpty());
        QCOMPARE(parseControlRequest(R"({"resume_from":9007199254740992})").resumeFrom.value(), kMaxResumeSeq);
    }

    void refusals()
    {
        QCOMPARE(parseControlRequest("not json").error, QString("request is not a JSON object"));
        QCOMPARE(parseControlRequest("[1,2]").error, QString("request is not a JSON object"));
        QCOMPARE(parseControlRequest(R"({"hello":1})").error,
                 QString("unknown request (expected subscribe or resume_from)"));
        const ControlRequest badSubscribe = parseControlRequest(R"({"subscribe":"open","resume_from":3})");
        QCOMPARE(badSubscribe.error, QString("subscribe takes an array of event types"));
        QVERIFY(!badSubscribe.subscribe && !badSubscribe.resumeFrom); // refused whole
        for (const char *bad : {R"({"resume_from":-1})", R"({"resume_from":"12"})", R"({"resume_from":1e300})",
                                R"({"resume_from":9007199254740994})"}) {
            QCOMPARE(parseControlRequest(bad).error, QString("resume_from takes a sequence number"));
            QVERIFY(!parseControlRequest(bad).resumeFrom.has_value());
        }
        // A valid subscribe next to a bad resume_from still takes effect (the relay always worked so).
        const ControlRequest half = parseControlRequest(R"({"subscribe":["open"],"resume_from":-5})");
        QVERIFY(half.subscribe.has_value());
        QVERIFY(!half.error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestControlRequest)
#include "tst_control_request.moc"
