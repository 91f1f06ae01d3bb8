// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// AlertEngine on an injected clock: firing, never twice without resolving, resolution only after a whole
// window without the condition (and the quiet window starting over when it holds again), the low-mark start
// delay, source-down rules, windows that slide and forget, clocks that jump or step back, and rolling counts
// against an independent count over random traffic.
#include "alerts/alert_engine.h"

#include <QtTest>

#include <deque>
#include <random>

using namespace pulsemap;

namespace {

std::vector<AlertRule> rules(std::initializer_list<const char *> texts)
{
    std::vector<AlertRule> out;
    for (const char *text : texts) {
        Result<AlertRule> rule = parseAlertRule(text);
        if (!rule) {
            qFatal("%s", rule.message().c_str());
        }
        out.push_back(*rule);
    }
    return out;
}

} // namespace

class TestAlertEngine : public QObject
{
    Q_OBJECT

private:
    int64_t m_now = 1'700'000'000'000;
    Clock clock()
    {
        return [this] { return m_now; };
    }

private slots:
    void init() { m_now = 1'700'000'000'000; }

    void firesWhenTheHighMarkIsPassed()
    {
        AlertEngine engine(rules({"burst: click per 10s > 50"}), clock());
        engine.count("click", 50);
        engine.count("open", 500); // another type does not count
        QVERIFY(engine.evaluate().empty());
        QCOMPARE(engine.value(0), 50);
        m_now += 1000;
        engine.count("click");
        const std::vector<AlertTransition> fired = engine.evaluate();
        QCOMPARE(fired.size(), size_t(1));
        QCOMPARE(fired[0].rule, size_t(0));
        QVERIFY(fired[0].state == AlertTransition::State::Firing);
        QCOMPARE(fired[0].value, 51);
        QCOMPARE(fired[0].atMs, m_now);
        QVERIFY(engine.firing(0));
    }

    void neverFiresTwiceWithoutResolving()
    {
        AlertEngine engine(rules({"burst: * per 10s >= 5"}), clock());
        int firings = 0;
        for (int i = 0; i < 600; ++i) { // a minute of steady traffic far above the mark
            engine.count("anything", 10);
            for (const AlertTransition &t : engine.evaluate()) {
                QVERIFY(t.state == AlertTransition::State::Firing);
                ++firings;
            }
            m_now += 100;
        }
        QCOMPARE(firings, 1);
    }

    void resolvesOnlyAfterAWholeWindowClear()
    {
        AlertEngine engine(rules({"burst: click per 10s > 50"}), clock());
        engine.count("click", 100);
        QCOMPARE(engine.evaluate().size(), size_t(1));
        // Evaluate every 100 ms; the burst leaves the window about 10 s later.
        int64_t clearedAt = -1;
        int64_t resolvedAt = -1;
        for (int i = 0; i < 400 && resolvedAt < 0; ++i) {
            m_now += 100;
            if (clearedAt < 0 && engine.value(0) <= 50) {
                clearedAt = m_now;
            }
            for (const AlertTransition &t : engine.evaluate()) {
                QVERIFY(t.state == AlertTransition::State::Resolved);
                QCOMPARE(t.value, 0);
                resolvedAt = t.atMs;
            }
        }
        QVERIFY(clearedAt > 0);
        QVERIFY(clearedAt - 1'700'000'000'000 >= 9800); // counted in slices of 200 ms
        QCOMPARE(resolvedAt - clearedAt, 10000);
        QVERIFY(!engine.firing(0));
        // And it can fire again after resolving.
        engine.count("click", 51);
        QCOMPARE(engine.evaluate().size(), size_t(1));
    }

    void holdingAgainRestartsTheQuietWindow()
    {
        AlertEngine engine(rules({"burst: click per 10s > 50"}), clock());
        engine.count("click", 60);
        QCOMPARE(engine.evaluate().size(), size_t(1));
        m_now += 11000;                     // the burst has left the window
        QVERIFY(engine.evaluate().empty()); // first clear evaluation
        m_now += 9000;
        QVERIFY(engine.evaluate().empty()); // 9 s clear: not yet
        engine.count("click", 60);          // holds again, briefly
        QVERIFY(engine.evaluate().empty()); // still firing, no second firing
        m_now += 10500;
        QVERIFY(engine.evaluate().empty()); // clear again: the quiet window starts here
        m_now += 9999;
        QVERIFY(engine.evaluate().empty());
        m_now += 1;
        const std::vector<AlertTransition> resolved = engine.evaluate();
        QCOMPARE(resolved.size(), size_t(1));
        QVERIFY(resolved[0].state == AlertTransition::State::Resolved);
    }

    void lowMarkWaitsOneWindowAfterStart()
    {
        AlertEngine engine(rules({"quiet: open per 5m < 10"}), clock());
        for (int s = 0; s < 299; ++s) {
            m_now += 1000;
            QVERIFY2(engine.evaluate().empty(), qPrintable(QString::number(s))); // zero counted, but too early
        }
        m_now += 999;
        QVERIFY(engine.evaluate().empty());
        m_now += 1; // exactly one window after start
        const std::vector<AlertTransition> fired = engine.evaluate();
        QCOMPARE(fired.size(), size_t(1));
        QCOMPARE(fired[0].value, 0);
        // Traffic comes back at 1 event/s: resolved one whole window after the count reached the mark.
        int64_t clearedAt = -1;
        for (int s = 0; s < 400; ++s) {
            m_now += 1000;
            engine.count("open");
            if (clearedAt < 0 && engine.value(0) >= 10) {
                clearedAt = m_now;
            }
            const std::vector<AlertTransition> resolved = engine.evaluate();
            if (!resolved.empty()) {
                QVERIFY(resolved[0].state == AlertTransition::State::Resolved);
                QCOMPARE(resolved[0].atMs - clearedAt, 300'000);
                QVERIFY(resolved[0].value >= 294); // 1/s over the window, counted in 6 s slices
                return;
            }
        }
        QFAIL("never resolved");
    }

    void lowMarkWithTrafficAtStartDoesNotFire()
    {
        AlertEngine engine(rules({"quiet: * per 10s <= 3"}), clock());
        for (int i = 0; i < 300; ++i) { // 30 s at 10 events/s
            engine.count("click");
            QVERIFY(engine.evaluate().empty());
            m_now += 100;
        }
        // Then silence: the window empties and the rule fires once it reads 3 or fewer.
        int firings = 0;
        for (int i = 0; i < 200; ++i) {
            m_now += 100;
            firings += static_cast<int>(engine.evaluate().size());
        }
        QCOMPARE(firings, 1);
    }

    void sourceDown()
    {
        AlertEngine engine(rules({"down: source down 30s"}), clock());
        m_now += 29'999; // never connected yet: down since start
        QVERIFY(engine.evaluate().empty());
        m_now += 1;
        std::vector<AlertTransition> t = engine.evaluate();
        QCOMPARE(t.size(), size_t(1));
        QCOMPARE(t[0].value, 30);
        engine.setSourceUp(true);
        QCOMPARE(engine.value(0), 0);
        m_now += 29'000;
        QVERIFY(engine.evaluate().empty()); // up, but not for a whole window yet
        m_now += 2000;
        t = engine.evaluate();
        QCOMPARE(t.size(), size_t(1));
        QVERIFY(t[0].state == AlertTransition::State::Resolved);
        // A short outage does not fire; a long one does, counted from when it went down.
        engine.setSourceUp(false);
        m_now += 20'000;
        QVERIFY(engine.evaluate().empty());
        engine.setSourceUp(true);
        engine.setSourceUp(false);
        m_now += 29'000;
        QVERIFY(engine.evaluate().empty());
        m_now += 1000;
        QCOMPARE(engine.evaluate().size(), size_t(1));
    }

    void windowsForgetAfterLongGapsAndSurviveClockSteps()
    {
        AlertEngine engine(rules({"burst: click per 10s > 5"}), clock());
        engine.count("click", 100);
        m_now += 3'600'000; // an hour later: every slice was reused or cleared
        QCOMPARE(engine.value(0), 0);
        engine.count("click", 3);
        m_now -= 60'000; // the clock steps back a minute: counts keep going into the newest slice
        engine.count("click", 3);
        QCOMPARE(engine.value(0), 6);
        QCOMPARE(engine.evaluate().size(), size_t(1));
    }

    void matchesAnIndependentCountOverRandomTraffic()
    {
        AlertEngine engine(rules({"r: click per 10s > 1000000", "s: * per 1m > 1000000"}), clock());
        std::mt19937 random(9);
        std::deque<std::pair<int64_t, bool>> arrivals; // (time, is click)
        for (int step = 0; step < 20000; ++step) {
            m_now += std::uniform_int_distribution<int>(0, 40)(random);
            const bool click = random() % 3 == 0;
            engine.count(click ? "click" : "open");
            arrivals.emplace_back(m_now, click);
            if (step % 97 != 0) {
                continue;
            }
            // The counted span is between the last (kSlots-1)/kSlots of the window and the whole window.
            for (const auto &[rule, windowMs, clicksOnly] : {std::tuple{0, 10000, true}, {1, 60000, false}}) {
                const int64_t slice = windowMs / AlertEngine::kSlots;
                int64_t atMost = 0;
                int64_t atLeast = 0;
                for (const auto &[at, isClick] : arrivals) {
                    if (clicksOnly && !isClick) {
                        continue;
                    }
                    atMost += static_cast<int64_t>(at > m_now - windowMs);
                    atLeast += static_cast<int64_t>(at > m_now - windowMs + slice);
                }
                const int64_t value = engine.value(static_cast<size_t>(rule));
                QVERIFY2(value >= atLeast && value <= atMost,
                         qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(value).arg(atLeast).arg(atMost)));
            }
            while (!arrivals.empty() && arrivals.front().first < m_now - 70000) {
                arrivals.pop_front();
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAlertEngine)
#include "tst_alert_engine.moc"
