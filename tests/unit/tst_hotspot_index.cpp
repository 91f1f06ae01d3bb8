// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "app/hotspot_index.h"
#include "map/mercator.h"

#include <QtTest>

using namespace pulsemap;

class TstHotspotIndex : public QObject
{
    Q_OBJECT
private slots:
    void countsDecayAndNames()
    {
        HotspotIndex index(600);
        const QPointF paris = mercator::project(48.86, 2.35);
        const QPointF tokyo = mercator::project(35.68, 139.69);
        const int64_t t0 = 1'700'000'000'000;
        for (int i = 0; i < 100; ++i) {
            index.add(paris.x(), paris.y(), 1, t0, "Paris", "FR");
        }
        index.add(tokyo.x(), tokyo.y(), 3, t0, "Tokyo", "JP");
        HotspotIndex::Hotspot spot = index.at(paris.x(), paris.y(), t0);
        QVERIFY(std::abs(spot.count - 100) < 1e-3);
        QCOMPARE(spot.city, std::string("Paris"));
        QCOMPARE(spot.country, std::string("FR"));
        // One half-life later, half.
        spot = index.at(paris.x(), paris.y(), t0 + 600'000);
        QVERIFY(std::abs(spot.count - 50) < 1e-3);
        // Nothing elsewhere.
        QCOMPARE(index.at(0.01, 0.99, t0).count, 0.0);
        const auto top = index.busiest(5, t0);
        QCOMPARE(top.size(), size_t(2));
        QCOMPARE(top[0].city, std::string("Paris"));
        QCOMPARE(top[1].city, std::string("Tokyo"));
        QVERIFY(std::abs(mercator::latitudeFromY(top[1].worldY) - 35.68) < 1.0);
    }

    void rebasesWithoutLosingTheRatio()
    {
        HotspotIndex index(1); // one-second half-life: exponents grow fast
        const int64_t t0 = 0;
        index.add(0.5, 0.5, 1, t0, "", "");
        // Far in the future: the internal scale is rebased; recent events dominate as they should.
        const int64_t later = t0 + 200'000;
        index.add(0.5, 0.5, 1, later, "", "");
        const double count = index.at(0.5, 0.5, later).count;
        QVERIFY2(std::abs(count - 1) < 1e-3, qPrintable(QString::number(count)));
        QVERIFY(std::isfinite(index.at(0.5, 0.5, later + 3'600'000).count));
    }

    void busiestKeepsRegionsApart()
    {
        HotspotIndex index;
        const QPointF a = mercator::project(40.71, -74.01);
        for (int i = 0; i < 10; ++i) {
            // New York and a neighbouring cell: the tour should not visit the city twice.
            index.add(a.x(), a.y(), 10, 0, "New York", "US");
            index.add(a.x() + 1.0 / HotspotIndex::kColumns, a.y(), 9, 0, "Newark", "US");
        }
        index.add(mercator::project(51.5, -0.1).x(), mercator::project(51.5, -0.1).y(), 5, 0, "London", "GB");
        const auto top = index.busiest(3, 0);
        QCOMPARE(top.size(), size_t(2));
        QCOMPARE(top[0].city, std::string("New York"));
        QCOMPARE(top[1].city, std::string("London"));
    }

    void hostileInput()
    {
        HotspotIndex index;
        index.add(std::nan(""), 0.5, 1, 0, "x", "XX");
        index.add(0.5, std::numeric_limits<double>::infinity(), 1, 0, "x", "XX");
        index.add(-7.25, 12.0, 1, 0, std::string(100000, 'c'), "TOOLONG"); // wraps and clamps
        QCOMPARE(index.at(std::nan(""), 0.5, 0).count, 0.0);
        QVERIFY(index.at(0.75, 1.0, 0).count > 0.99);
        for (int i = 0; i < 70000; ++i) { // more distinct names than kept: bounded, no crash
            index.add(0.25, 0.25, 1, 0, "city-" + std::to_string(i), "");
        }
        QVERIFY(!index.at(0.25, 0.25, 0).city.empty());
    }
};

QTEST_APPLESS_MAIN(TstHotspotIndex)
#include "tst_hotspot_index.moc"
