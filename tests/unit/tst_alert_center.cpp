// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// AlertCenter, the app's alerts, on an injected clock with the real SimulatedSource: rules checked, saved and
// loaded back (QSettings), a burst firing and resolving on the source's batches, a source-down rule following
// the source's state, the log; desktop notifications over a real D-Bus session bus (the test runs under
// dbus-run-session) to a notification service this test registers, and the in-app fallback without it.
#include "app/alert_center.h"
#include "app/simulated_source.h"
#include "app/threshold_lines.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSettings>
#include <QtTest>

using namespace pulsemap;

// The freedesktop notification service, as a notification daemon implements it (what this test receives).
class NotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Shown
    {
        QString app;
        QString summary;
        QString body;
        uchar urgency = 0;
        int timeout = 0;
    };
    QList<Shown> shown;

public slots:
    uint Notify(const QString &app, uint, const QString &, const QString &summary, const QString &body,
                const QStringList &, const QVariantMap &hints, int timeout)
    {
        shown << Shown{app, summary, body, hints.value("urgency").value<uchar>(), timeout};
        return static_cast<uint>(shown.size());
    }
};

class TestAlertCenter : public QObject
{
    Q_OBJECT

private:
    int64_t m_now = 1'700'000'000'000;
    Clock clock()
    {
        return [this] { return m_now; };
    }
    static void emitEvents(SimulatedSource &source, int n, int64_t atMs)
    {
        EventBatch batch;
        source.generate(batch, n, atMs);
        emit source.batchReady(batch);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("pulsemap-tests");
        QCoreApplication::setApplicationName("tst_alert_center");
    }
    void init()
    {
        QSettings().clear();
        m_now = 1'700'000'000'000;
    }

    void rulesAreCheckedSavedAndLoaded()
    {
        {
            AlertCenter center(clock(), 1000);
            QSignalSpy changed(&center, &AlertCenter::rulesChanged);
            QVERIFY(center.addRule("burst: click per 10 > 50").contains("'10' is not a window"));
            QVERIFY(center.addRule("no colon").contains("expected NAME: CONDITION"));
            QCOMPARE(changed.count(), 0);
            QCOMPARE(center.addRule("burst:click per 60s>50"), QString());
            QCOMPARE(center.addRule("quiet: * per 5m < 10"), QString());
            QVERIFY(center.addRule("burst: open per 1m > 1").contains("already named burst"));
            QCOMPARE(changed.count(), 2);
            QCOMPARE(center.rules(), QStringList({"burst: click per 1m > 50", "quiet: * per 5m < 10"}));
        }
        AlertCenter again(clock(), 1000); // the next run
        QCOMPARE(again.rules(), QStringList({"burst: click per 1m > 50", "quiet: * per 5m < 10"}));
        again.removeRule(0);
        again.removeRule(7); // out of range: nothing
        QCOMPARE(QSettings().value("alerts/rules").toStringList(), QStringList({"quiet: * per 5m < 10"}));
    }

    void burstFiresAndResolvesOnTheSourcesBatches()
    {
        SimulatedSource source(100);
        AlertCenter center(clock(), 1000);
        center.setSource(&source);
        QCOMPARE(center.addRule("burst: * per 10s > 50"), QString());
        QSignalSpy alerts(&center, &AlertCenter::alertChanged);
        emitEvents(source, 50, m_now);
        QVERIFY(center.firing().isEmpty());
        emitEvents(source, 10, m_now);
        QCOMPARE(alerts.count(), 1);
        QCOMPARE(alerts[0][0].toString(), QString("burst"));
        QCOMPARE(alerts[0][1].toBool(), true);
        QCOMPARE(center.firing().size(), 1);
        QVERIFY(center.firing()[0].startsWith("burst is firing: 60 events in the last 10s"));
        QVERIFY(center.notice().startsWith("burst is firing"));
        emitEvents(source, 500, m_now); // still firing: not twice
        QCOMPARE(alerts.count(), 1);

        m_now += 10'500; // the burst has left the window: clear from here
        center.evaluate();
        m_now += 9'000;
        center.evaluate();
        QCOMPARE(center.firing().size(), 1);
        m_now += 1'000;
        center.evaluate();
        QCOMPARE(alerts.count(), 2);
        QCOMPARE(alerts[1][1].toBool(), false);
        QVERIFY(center.firing().isEmpty());
        QCOMPARE(center.log().size(), 2);
        QVERIFY(center.log()[0].contains("burst resolved: 0 events")); // newest first
        QVERIFY(center.log()[1].contains("burst is firing"));
    }

    void rateRulesCarryTheRulesAndTheirFiringState()
    {
        // What the trend charts draw as thresholds: the burst and quiet rules (not source-down), in rule order, with
        // whether each fires, following the engine.
        SimulatedSource source(100);
        AlertCenter center(clock(), 1000);
        center.setSource(&source);
        QSignalSpy changed(&center, &AlertCenter::rateRulesChanged);
        QCOMPARE(center.addRule("burst: * per 10s > 50"), QString());
        QCOMPARE(center.addRule("down: source down 30s"), QString());
        QCOMPARE(center.addRule("quiet: open per 5m <= 10"), QString());
        QCOMPARE(changed.count(), 3);
        QVariantList rules = center.rateRules();
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules[0].toMap(), (QVariantMap{{"name", "burst"},
                                                {"type", ""},
                                                {"windowMs", 10'000.0},
                                                {"comparison", ">"},
                                                {"threshold", 50.0},
                                                {"firing", false}}));
        QCOMPARE(rules[1].toMap().value("name").toString(), QString("quiet"));
        QCOMPARE(rules[1].toMap().value("type").toString(), QString("open"));
        QCOMPARE(rules[1].toMap().value("comparison").toString(), QString("<="));
        QCOMPARE(rules[1].toMap().value("windowMs").toDouble(), 300'000.0);

        changed.clear();
        emitEvents(source, 60, m_now);
        QVERIFY(changed.count() >= 1);
        rules = center.rateRules();
        QCOMPARE(rules[0].toMap().value("firing").toBool(), true);
        QCOMPARE(rules[1].toMap().value("firing").toBool(), false);
        center.removeRule(0);
        QCOMPARE(center.rateRules().size(), 1);
        QCOMPARE(center.rateRules()[0].toMap().value("name").toString(), QString("quiet"));
    }

    void thresholdLinesPerBucketOfEachWindow_data()
    {
        QTest::addColumn<qint64>("bucketMs");
        QTest::addColumn<double>("burst"); // click per 10s > 50
        QTest::addColumn<double>("quiet"); // * per 5m < 10
        QTest::newRow("per second") << qint64(1000) << 5.0 << 10.0 / 300;
        QTest::newRow("per minute") << qint64(60'000) << 300.0 << 2.0;
        QTest::newRow("per hour") << qint64(3'600'000) << 18'000.0 << 120.0;
    }
    void thresholdLinesPerBucketOfEachWindow()
    {
        // N events per W seconds on a chart of B-second buckets: N * B / W per bucket, labelled as written.
        QFETCH(qint64, bucketMs);
        QFETCH(double, burst);
        QFETCH(double, quiet);
        const QVariantList rules{rateRuleEntry(*parseAlertRule("burst: click per 10s > 50"), true),
                                 rateRuleEntry(*parseAlertRule("quiet: * per 5m < 10"), false)};
        const std::vector<ThresholdLine> lines = thresholdLines(rules, bucketMs, {"open", "click"}, ~0U);
        QCOMPARE(lines.size(), size_t(2));
        QCOMPARE(lines[0].value, burst);
        QCOMPARE(lines[0].label, QString("click > 50/10s"));
        QCOMPARE(lines[0].type, 1);
        QVERIFY(lines[0].firing);
        QVERIFY(qFuzzyCompare(lines[1].value, quiet));
        QCOMPARE(lines[1].label, QString("all types < 10/5m"));
        QCOMPARE(lines[1].type, -1);
        QVERIFY(!lines[1].firing);
        // Red while firing, else the type's color, neutral for every type.
        const QList<QColor> colors{Qt::green, Qt::blue};
        QCOMPARE(thresholdColor(lines[0], colors), kThresholdFiringColor);
        QCOMPARE(thresholdColor(lines[1], colors), kThresholdNeutralColor);
        ThresholdLine calm = lines[0];
        calm.firing = false;
        QCOMPARE(thresholdColor(calm, colors), QColor(Qt::blue));
    }

    void thresholdLinesLeaveOutHiddenAndUnseenTypes()
    {
        const QVariantList rules{rateRuleEntry(*parseAlertRule("a: open per 1m > 5"), false),
                                 rateRuleEntry(*parseAlertRule("b: click per 1m > 5"), false),
                                 rateRuleEntry(*parseAlertRule("c: * per 1m > 5"), false),
                                 rateRuleEntry(*parseAlertRule("d: signup per 1m > 5"), false),
                                 QVariantMap{{"name", "broken"}},
                                 QVariant(42)};
        const QStringList types{"open", "click"};
        const auto labels = [](const std::vector<ThresholdLine> &lines) {
            QStringList out;
            for (const ThresholdLine &line : lines) {
                out << line.label.section(' ', 0, 0);
            }
            return out;
        };
        // "signup" has no series (not seen yet); a source-down rule has no line; malformed entries are skipped.
        QCOMPARE(labels(thresholdLines(rules, 1000, types, ~0U)), QStringList({"open", "click", "all"}));
        QCOMPARE(labels(thresholdLines(rules, 1000, types, 0b10)), QStringList({"click", "all"}));
        QCOMPARE(labels(thresholdLines(rules, 1000, types, 0b01)), QStringList({"open", "all"}));
        QCOMPARE(labels(thresholdLines(rules, 1000, types, 0)), QStringList({"all"}));
        QCOMPARE(labels(thresholdLines(rules, 1000, {}, ~0U)), QStringList({"all"}));
        QVERIFY(thresholdLines(rules, 0, types, ~0U).empty());
    }

    void sourceDownFollowsTheSourcesState()
    {
        SimulatedSource source(10);
        AlertCenter center(clock(), 1000);
        center.setSource(&source); // idle: down since the center started
        QCOMPARE(center.addRule("down: source down 30s"), QString());
        m_now += 30'000;
        center.evaluate();
        QCOMPARE(center.firing().size(), 1);
        QVERIFY(center.firing()[0].contains("has been down for 30s"));
        source.start();
        m_now += 30'000;
        center.evaluate();
        QVERIFY(center.firing().isEmpty());
        source.stop();
    }

    void desktopNotificationsOverDBusThenInAppFallback()
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected()) {
            // No session bus: the first alert finds out and the window shows it instead.
            AlertCenter center(clock(), 1000);
            QCOMPARE(center.addRule("any: * per 1s >= 1"), QString());
            SimulatedSource source(10);
            center.setSource(&source);
            emitEvents(source, 1, m_now);
            QVERIFY(!center.desktopNotifications());
            QVERIFY(!center.notice().isEmpty());
            QSKIP("no D-Bus session bus: run under dbus-run-session (ctest does) for the desktop half");
        }
        NotificationService service;
        QVERIFY(bus.registerObject("/org/freedesktop/Notifications", &service, QDBusConnection::ExportAllSlots));
        QVERIFY(bus.registerService("org.freedesktop.Notifications"));
        {
            SimulatedSource source(10);
            AlertCenter center(clock(), 1000);
            center.setSource(&source);
            QCOMPARE(center.addRule("burst: * per 10s > 5"), QString());
            emitEvents(source, 6, m_now);
            QTRY_COMPARE(service.shown.size(), 1);
            QCOMPARE(service.shown[0].app, QString("Pulsemap"));
            QCOMPARE(service.shown[0].summary, QString("Pulsemap alert: burst firing"));
            QVERIFY(service.shown[0].body.startsWith("burst is firing: 6 events"));
            QCOMPARE(service.shown[0].urgency, uchar(2)); // critical: stays until dismissed
            QCOMPARE(service.shown[0].timeout, 0);
            QVERIFY(center.desktopNotifications());
            m_now += 11'000;
            center.evaluate();
            m_now += 10'000;
            center.evaluate();
            QTRY_COMPARE(service.shown.size(), 2);
            QCOMPARE(service.shown[1].summary, QString("Pulsemap alert: burst resolved"));
            QCOMPARE(service.shown[1].urgency, uchar(1));
        }
        // The service goes away: the next alert fails over to the window, once.
        QVERIFY(bus.unregisterService("org.freedesktop.Notifications"));
        bus.unregisterObject("/org/freedesktop/Notifications");
        QSettings().clear(); // the rule above was saved
        SimulatedSource source(10);
        AlertCenter center(clock(), 1000);
        center.setSource(&source);
        QSignalSpy fallback(&center, &AlertCenter::desktopNotificationsChanged);
        QCOMPARE(center.addRule("burst: * per 10s > 5"), QString());
        emitEvents(source, 6, m_now);
        QTRY_COMPARE(fallback.count(), 1);
        QVERIFY(!center.desktopNotifications());
        QVERIFY(center.notice().startsWith("burst is firing")); // in the window instead
        QCOMPARE(service.shown.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestAlertCenter)
#include "tst_alert_center.moc"
