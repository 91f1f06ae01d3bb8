// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// ConnectionBudget: the total and per-address caps, exact at the boundary, counted refusals, release.

#include "relay/connection_budget.h"

#include <QtTest>

using namespace pulsemap;
using Refusal = ConnectionBudget::Refusal;

class TestConnectionBudget : public QObject
{
    Q_OBJECT

private slots:
    void perAddressCap()
    {
        ConnectionBudget budget(100, 3);
        const QHostAddress a("10.0.0.1");
        const QHostAddress b("10.0.0.2");
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(budget.acquire(a), Refusal::None);
        }
        QCOMPARE(budget.acquire(a), Refusal::PerAddress); // the 4th
        QCOMPARE(budget.acquire(b), Refusal::None);       // another address is not affected
        QCOMPARE(budget.open(), 4);
        QCOMPARE(budget.openFrom(a), 3);
        QCOMPARE(budget.refusedPerAddress(), int64_t(1));
        budget.release(a);
        QCOMPARE(budget.acquire(a), Refusal::None); // room again
        QCOMPARE(budget.refusedTotal(), int64_t(0));
    }

    void totalCap()
    {
        ConnectionBudget budget(2, 10);
        QCOMPARE(budget.acquire(QHostAddress("10.0.0.1")), Refusal::None);
        QCOMPARE(budget.acquire(QHostAddress("10.0.0.2")), Refusal::None);
        QCOMPARE(budget.acquire(QHostAddress("10.0.0.3")), Refusal::Total);
        QCOMPARE(budget.refusedTotal(), int64_t(1));
        QCOMPARE(budget.open(), 2);
        budget.release(QHostAddress("10.0.0.1"));
        budget.release(QHostAddress("10.0.0.1")); // an extra release of a gone address changes nothing
        QCOMPARE(budget.open(), 1);
        QCOMPARE(budget.openFrom(QHostAddress("10.0.0.1")), 0);
        QCOMPARE(budget.acquire(QHostAddress("10.0.0.3")), Refusal::None);
    }
};

QTEST_GUILESS_MAIN(TestConnectionBudget)
#include "tst_connection_budget.moc"
