// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// CityTable: the last hour's busiest cities in fixed memory; names with their country, empty names, late events,
// long UTF-8 names cut at a character boundary, places given back when a city's hour is empty, and a full table
// counting newcomers as unplaced.
#include "charts/city_table.h"

#include <QtTest>

#include <string>

using namespace pulsemap;

namespace {
constexpr int64_t kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z: not on a minute boundary
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr std::array<char, 2> kFrance{'F', 'R'};
} // namespace

class TstCityTable : public QObject
{
    Q_OBJECT
private slots:
    void topCitiesOfTheLastHour()
    {
        CityTable cities(kT0);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(cities.add(kT0, "Paris", kFrance));
        }
        QVERIFY(cities.add(kT0, "Paris", {'U', 'S'})); // Paris, Texas: another city
        QVERIFY(cities.add(kT0, "Lyon", kFrance));
        QVERIFY(cities.add(kT0, "Lyon", kFrance));
        QVERIFY(!cities.add(kT0, "", kFrance));                 // no name: not a city
        QVERIFY(!cities.add(kT0 - 2 * kHour, "Nice", kFrance)); // before the hour
        std::array<CityTable::CityCount, 4> top{};
        QCOMPARE(cities.top(top), size_t(3));
        QCOMPARE(top[0].cityName(), std::string_view("Paris"));
        QCOMPARE(QByteArray(top[0].country.data(), 2), QByteArray("FR"));
        QCOMPARE(top[0].count, 3U);
        QCOMPARE(top[1].cityName(), std::string_view("Lyon"));
        QCOMPARE(top[2].cityName(), std::string_view("Paris"));
        QCOMPARE(QByteArray(top[2].country.data(), 2), QByteArray("US"));
        QCOMPARE(cities.size(), 3); // Nice, before the hour, took no place
        QCOMPARE(cities.top({}), size_t(0));

        // Long names are cut at a character boundary: "é" is two bytes and must not be split.
        const std::string longName = std::string(30, 'x') + "\xc3\xa9" + "tail";
        QVERIFY(cities.add(kT0, longName, kFrance));
        QVERIFY(cities.add(kT0, std::string(30, 'x') + "\xc3\xa9" + "other", kFrance)); // same 30-byte prefix
        std::array<CityTable::CityCount, 8> all{};
        const size_t n = cities.top(all);
        bool found = false;
        for (size_t i = 0; i < n; ++i) {
            if (all[i].cityName() == std::string_view(std::string(30, 'x'))) {
                found = true;
                QCOMPARE(all[i].count, 2U);
            }
        }
        QVERIFY(found);

        // An hour later every city has left, and its place is free again.
        cities.advanceTo(kT0 + kHour + kMinute);
        QCOMPARE(cities.size(), 0);
        QCOMPARE(cities.top(all), size_t(0));
    }

    void aFullCityTableCountsTheRestAsUnplaced()
    {
        CityTable cities(kT0);
        for (int i = 0; i < CityTable::kCapacity; ++i) {
            QVERIFY(cities.add(kT0, "city " + std::to_string(i), kFrance));
        }
        QCOMPARE(cities.size(), CityTable::kCapacity);
        QVERIFY(!cities.add(kT0, "one too many", kFrance));
        QVERIFY(!cities.add(kT0, "one too many", kFrance));
        QCOMPARE(cities.unplaced(), 2U);
        QVERIFY(cities.add(kT0, "city 7", kFrance)); // known cities still count
        // Half an hour later only city 7 has new events; once the first events leave the hour, the others make
        // room and a newcomer gets a place.
        cities.advanceTo(kT0 + 30 * kMinute);
        QVERIFY(cities.add(kT0 + 30 * kMinute, "city 7", kFrance));
        cities.advanceTo(kT0 + kHour);
        QCOMPARE(cities.size(), 1);
        QCOMPARE(cities.unplaced(), 0U);
        QVERIFY(cities.add(kT0 + kHour, "one too many", kFrance));
        std::array<CityTable::CityCount, 2> top{};
        QCOMPARE(cities.top(top), size_t(2));
        QCOMPARE(top[0].cityName(), std::string_view("city 7"));
    }
};

QTEST_GUILESS_MAIN(TstCityTable)
#include "tst_city_table.moc"
