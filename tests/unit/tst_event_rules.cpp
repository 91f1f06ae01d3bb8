// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "ingest/event_rules.h"
#include "ingest/log_format.h"

#include <QtTest>

using namespace pulsemap;

namespace {
ParsedLine request(std::string_view target, int status = 200)
{
    ParsedLine line;
    line.target = target;
    line.status = status;
    return line;
}
} // namespace

class TstEventRules : public QObject
{
    Q_OBJECT
private slots:
    void firstMatchingRuleWins()
    {
        EventRules rules;
        QVERIFY(rules.addRule("open=/o.gif"));
        QVERIFY(rules.addRule("click=~^/c/[0-9]+"));
        QVERIFY(rules.addRule("-=/robots.txt"));
        QVERIFY(rules.addRule("error=status:5xx"));
        QVERIFY(rules.addRule("notfound=/api,status:404"));
        QVERIFY(rules.addRule("redirect=status:300-399"));
        QCOMPARE(rules.typeFor(request("/o.gif?u=1")), std::string_view("open"));
        QCOMPARE(rules.typeFor(request("/o.gifx")), std::string_view("open")); // a prefix, as documented
        QCOMPARE(rules.typeFor(request("/c/123?x")), std::string_view("click"));
        QCOMPARE(rules.typeFor(request("/c/abc")), std::string_view("hit"));
        QCOMPARE(rules.typeFor(request("/robots.txt")), std::string_view("-"));
        QVERIFY(EventRules::isDrop(rules.typeFor(request("/robots.txt"))));
        QCOMPARE(rules.typeFor(request("/x", 503)), std::string_view("error"));
        QCOMPARE(rules.typeFor(request("/api/v1", 404)), std::string_view("notfound"));
        QCOMPARE(rules.typeFor(request("/web", 404)), std::string_view("hit"));
        QCOMPARE(rules.typeFor(request("/web", 302)), std::string_view("redirect"));
        // The path prefix looks at the path only, the regex at the whole target.
        QCOMPARE(rules.typeFor(request("/x?next=/o.gif")), std::string_view("hit"));
        rules.setDefaultType("-");
        QCOMPARE(rules.typeFor(request("/elsewhere")), std::string_view("-"));
    }

    void regexMayContainCommas()
    {
        EventRules rules;
        const Status added = rules.addRule("click=/r,~id=[0-9]{2,4}$");
        QVERIFY2(added, added.message().c_str());
        QCOMPARE(rules.typeFor(request("/r?id=123")), std::string_view("click"));
        QCOMPARE(rules.typeFor(request("/r?id=1")), std::string_view("hit"));
    }

    void badRules_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::newRow("no equals") << "open";
        QTest::newRow("no type") << "=/o.gif";
        QTest::newRow("no condition") << "open=";
        QTest::newRow("bad regex") << "open=~(";
        QTest::newRow("bad status") << "open=status:abc";
        QTest::newRow("reversed range") << "open=status:500-400";
        QTest::newRow("unknown condition") << "open=o.gif";
    }

    void badRules()
    {
        QFETCH(QString, rule);
        EventRules rules;
        const Status added = rules.addRule(rule.toStdString());
        QVERIFY(!added);
        const std::string &error = added.message();
        QVERIFY(!error.empty());
        QVERIFY(error.find('\n') == std::string::npos);
    }

    void campaignParameter()
    {
        EventRules rules;
        std::string out;
        QVERIFY(rules.campaignFor("/o.gif?a=1&utm_campaign=spring%20sale&b=2", out));
        QCOMPARE(out, std::string("spring sale"));
        QVERIFY(rules.campaignFor("/o.gif?utm_campaign=a+b#frag", out));
        QCOMPARE(out, std::string("a b"));
        QVERIFY(!rules.campaignFor("/o.gif?xutm_campaign=1", out));
        QVERIFY(!rules.campaignFor("/o.gif?utm_campaign=", out));
        QVERIFY(!rules.campaignFor("/o.gif", out));
        QVERIFY(rules.campaignFor("/o.gif?utm_campaign=%zz%4", out)); // broken escapes are kept as text
        QCOMPARE(out, std::string("%zz%4"));
        rules.setCampaignParameter("c");
        QVERIFY(rules.campaignFor("/o.gif?c=42", out));
        QCOMPARE(out, std::string("42"));
        rules.setCampaignParameter("");
        QVERIFY(!rules.campaignFor("/o.gif?c=42", out));
    }
};

QTEST_APPLESS_MAIN(TstEventRules)
#include "tst_event_rules.moc"
