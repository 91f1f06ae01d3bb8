// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The alert rule grammar (docs/alerts.md): the issue's three examples, every comparison, any-type rules,
// spacing, canonical round trips, and bad texts with errors that say what is wrong.
#include "alerts/alert_rule.h"

#include <QtTest>

using namespace pulsemap;

class TestAlertRule : public QObject
{
    Q_OBJECT

private slots:
    void issueExamples()
    {
        Result<AlertRule> burst = parseAlertRule("burst: click per 10s > 50");
        QVERIFY2(burst.ok(), burst.message().c_str());
        QCOMPARE(burst->name, std::string("burst"));
        QVERIFY(burst->kind == AlertRule::Kind::Rate);
        QCOMPARE(burst->type, std::string("click"));
        QCOMPARE(burst->windowMs, 10000);
        QVERIFY(burst->comparison == AlertRule::Comparison::Above);
        QCOMPARE(burst->threshold, 50);
        QVERIFY(!burst->lowMark());

        Result<AlertRule> quiet = parseAlertRule("quiet: open per 5m < 10");
        QVERIFY(quiet.ok());
        QCOMPARE(quiet->windowMs, 300000);
        QVERIFY(quiet->lowMark());
        QCOMPARE(quiet->threshold, 10);

        Result<AlertRule> down = parseAlertRule("down: source down 30s");
        QVERIFY(down.ok());
        QVERIFY(down->kind == AlertRule::Kind::SourceDown);
        QCOMPARE(down->windowMs, 30000);
        QCOMPARE(down->threshold, 30);
        QVERIFY(!down->lowMark());
    }

    void comparisonsAndAnyType()
    {
        const auto rule = [](const char *text) {
            Result<AlertRule> parsed = parseAlertRule(text);
            if (!parsed) {
                qFatal("%s", parsed.message().c_str());
            }
            return *parsed;
        };
        QVERIFY(rule("a: * per 1h >= 5").holdsFor(5));
        QVERIFY(!rule("a: * per 1h >= 5").holdsFor(4));
        QVERIFY(!rule("a: * per 1h > 5").holdsFor(5));
        QVERIFY(rule("a: * per 1h < 5").holdsFor(4));
        QVERIFY(!rule("a: * per 1h < 5").holdsFor(5));
        QVERIFY(rule("a: * per 1h <= 5").holdsFor(5));
        QVERIFY(rule("a: * per 1h <= 0").lowMark());
        QCOMPARE(rule("a: * per 1m > 1").type, std::string());
        QCOMPARE(rule("a: any per 1m > 1").type, std::string());
        // Spacing is free, operators may touch their neighbours.
        QCOMPARE(rule("  spiky-2.x :click   per 90s>50 ").condition(), std::string("click per 90s > 50"));
        QCOMPARE(rule("n:open per 60s<=3").condition(), std::string("open per 1m <= 3"));
        QCOMPARE(rule("n: any per 7200s > 1").condition(), std::string("* per 2h > 1"));
        QCOMPARE(rule("n: source down 120s").condition(), std::string("source down 2m"));
        // The canonical condition parses back to the same rule.
        const AlertRule original = rule("r: signup per 45s >= 12");
        const AlertRule again = rule(("r: " + original.condition()).c_str());
        QCOMPARE(again.condition(), original.condition());
        QCOMPARE(again.windowMs, original.windowMs);
    }

    void badTexts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("no colon") << "click per 10s > 50"
                                  << "expected NAME: CONDITION";
        QTest::newRow("empty name") << ": click per 10s > 50"
                                    << "the name before ':'";
        QTest::newRow("name with blank") << "my rule: click per 10s > 50"
                                         << "the name before ':'";
        QTest::newRow("empty condition") << "burst:"
                                         << "expected 'TYPE per WINDOW OP COUNT'";
        QTest::newRow("missing per") << "burst: click in 10s > 50"
                                     << "expected 'TYPE per WINDOW OP COUNT'";
        QTest::newRow("trailing words") << "burst: click per 10s > 50 please"
                                        << "expected 'TYPE per WINDOW";
        QTest::newRow("no unit") << "burst: click per 10 > 50"
                                 << "'10' is not a window";
        QTest::newRow("bad unit") << "burst: click per 10d > 50"
                                  << "the unit is s, m or h";
        QTest::newRow("ms unit") << "burst: click per 500ms > 50"
                                 << "the unit is s, m or h";
        QTest::newRow("zero window") << "burst: click per 0s > 50"
                                     << "windows go from 1s to 24h";
        QTest::newRow("too long") << "burst: click per 25h > 50"
                                  << "windows go from 1s to 24h";
        QTest::newRow("fraction") << "burst: click per 1.5m > 50"
                                  << "whole number before the unit";
        QTest::newRow("bad operator") << "burst: click per 10s = 50"
                                      << "expected one of > >= < <=";
        QTest::newRow("double op") << "burst: click per 10s >> 50"
                                   << "expected 'TYPE per WINDOW";
        QTest::newRow("negative") << "burst: click per 10s > -5"
                                  << "whole number of events";
        QTest::newRow("float threshold") << "burst: click per 10s > 2.5"
                                         << "whole number of events";
        QTest::newRow("never holds") << "quiet: click per 10s < 0"
                                     << "can never happen";
        QTest::newRow("bad type") << "burst: cl/ick per 10s > 5"
                                  << "is not an event type";
        QTest::newRow("down without window") << "down: source down"
                                             << "expected 'TYPE per WINDOW";
        QTest::newRow("down bad window") << "down: source down soon"
                                         << "'soon' is not a window";
    }
    void badTexts()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        const Result<AlertRule> rule = parseAlertRule(text.toStdString());
        QVERIFY(!rule.ok());
        const QString message = QString::fromStdString(rule.message());
        QVERIFY2(message.contains(says), qPrintable(message));
        // Every error names the rule it is about, so a list of --alert options points at the bad one.
        QVERIFY2(message.startsWith("alert rule '" + text.trimmed() + "'"), qPrintable(message));
    }

    void windows()
    {
        QCOMPARE(*parseAlertWindow("1s"), 1000);
        QCOMPARE(*parseAlertWindow("24h"), 86400000);
        QCOMPARE(*parseAlertWindow("1440m"), 86400000);
        QVERIFY(!parseAlertWindow("86401s").ok());
        QVERIFY(!parseAlertWindow("s").ok());
        QVERIFY(!parseAlertWindow("").ok());
        QVERIFY(!parseAlertWindow("99999999999999999999s").ok());
        QCOMPARE(formatAlertWindow(86400000), std::string("24h"));
        QCOMPARE(formatAlertWindow(61000), std::string("61s"));
    }
};

QTEST_GUILESS_MAIN(TestAlertRule)
#include "tst_alert_rule.moc"
