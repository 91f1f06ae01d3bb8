// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// AppController's remembered display state: the trend charts' panel is shown by default, a user's choice is
// saved with QSettings and comes back at the next start, and --hide-charts hides it for one run only; the
// charts' style likewise.
#include "app/app_controller.h"
#include "app/live_model.h"
#include "app/simulated_source.h"
#include "app/trend_chart.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace pulsemap;

class TstAppController : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        // Before the first QSettings: it reads XDG_CONFIG_HOME once.
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
        QCoreApplication::setOrganizationName("pulsemap-test");
        QCoreApplication::setApplicationName("pulsemap-test");
    }

    void chartsPanelStateIsRemembered()
    {
        LiveModel live;
        SimulatedSource source(10);
        {
            AppController first(&live, &source, {});
            QVERIFY(first.chartsShown());
            QSignalSpy changed(&first, &AppController::chartsShownChanged);
            first.setChartsShown(false);
            first.setChartsShown(false);
            QCOMPARE(changed.count(), 1);
        }
        QVERIFY(QFile::exists(m_config.filePath("pulsemap-test/pulsemap-test.conf")));
        {
            AppController second(&live, &source, {});
            QVERIFY(!second.chartsShown());
            second.setChartsShown(true);
        }
        AppController::Settings hide;
        hide.hideCharts = true;
        {
            AppController hidden(&live, &source, hide);
            QVERIFY(!hidden.chartsShown());
        }
        // Hiding for one run did not overwrite what the user chose.
        QVERIFY(QSettings().value("charts/shown").toBool());
        AppController again(&live, &source, {});
        QVERIFY(again.chartsShown());
    }

    void chartStyleIsRememberedAndChecked()
    {
        LiveModel live;
        SimulatedSource source(10);
        {
            AppController first(&live, &source, {});
            QCOMPARE(first.chartStyle(), int(TrendChart::StackedArea));
            first.setChartStyle(TrendChart::StackedBars);
            first.setChartStyle(42);                    // not a style: ignored
            first.setChartStyle(TrendChart::TotalLine); // the wall's sparkline, not a panel choice
            QCOMPARE(first.chartStyle(), int(TrendChart::StackedBars));
        }
        AppController second(&live, &source, {});
        QCOMPARE(second.chartStyle(), int(TrendChart::StackedBars));
        // A damaged settings file falls back to the default.
        QSettings().setValue("charts/style", 99);
        AppController third(&live, &source, {});
        QCOMPARE(third.chartStyle(), int(TrendChart::StackedArea));
    }
};

QTEST_GUILESS_MAIN(TstAppController)
#include "tst_app_controller.moc"
