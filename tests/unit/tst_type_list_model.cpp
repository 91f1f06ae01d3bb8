// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "app/type_list_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace pulsemap;

class TstTypeListModel : public QObject
{
    Q_OBJECT
private slots:
    void typesColorsCountsVisibility()
    {
        TypeListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy visibility(&model, &TypeListModel::visibilityChanged);
        QCOMPARE(model.indexOf("click"), 0);
        QCOMPARE(model.indexOf("open"), 1);
        QCOMPARE(model.indexOf("click"), 0);
        QCOMPARE(model.rowCount(), 2);
        // Well-known names keep their colors in every campaign.
        QCOMPARE(model.color(1), QColor(0x38d9ff));
        QCOMPARE(model.color(0), QColor(0xff9f1c));
        QVERIFY(model.color(0) != model.color(1));
        model.addCounts({5, 2});
        model.addCounts({1, 0});
        QCOMPARE(model.data(model.index(0), TypeListModel::CountRole).toLongLong(), 6);
        QCOMPARE(model.data(model.index(1), TypeListModel::NameRole).toString(), QString("open"));
        QVERIFY(model.isVisible(0));
        model.toggle(0);
        QVERIFY(!model.isVisible(0));
        QCOMPARE(visibility.count(), 1);
        QCOMPARE(visibility.first().at(0).toInt(), 0);
        QCOMPARE(visibility.first().at(1).toBool(), false);
        model.setVisible(0, false); // no change, no signal
        QCOMPARE(visibility.count(), 1);
        model.setVisible(7, false); // out of range is ignored
        QCOMPARE(visibility.count(), 1);
    }

    void boundedNumberOfTypes()
    {
        TypeListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 100; ++i) {
            QVERIFY(model.indexOf("type-" + std::to_string(i)) < TypeListModel::kMaxTypes);
        }
        QCOMPARE(model.rowCount(), TypeListModel::kMaxTypes);
        QCOMPARE(model.data(model.index(TypeListModel::kMaxTypes - 1), TypeListModel::NameRole).toString(),
                 QString("other"));
        QCOMPARE(model.colors().size(), TypeListModel::kMaxTypes);
    }
};

QTEST_APPLESS_MAIN(TstTypeListModel)
#include "tst_type_list_model.moc"
