// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// GeoEnricher with a real MMDB written by tests/fixtures/make_mmdb.pl (city-maxmind.mmdb): what a lookup
// fills, what it leaves alone, and when the address goes.

#include "ingest/geoip.h"
#include "stream/geo_enricher.h"

#include <QtTest>

#include <cmath>

using namespace pulsemap;

class TestGeoEnricher : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GeoIp> m_geoip;
    EventBatch m_batch;

    Event &addressed(const char *ip)
    {
        Event &event = m_batch.append();
        event.tsMs = 1'700'000'000'000;
        event.ip = m_batch.store(ip);
        return event;
    }
    QString text(StrRef ref) const { return QString::fromStdString(std::string(m_batch.text(ref))); }
    static QString country(const Event &e) { return e.hasCountry() ? QString::fromLatin1(e.country.data(), 2) : ""; }

private slots:
    void initTestCase()
    {
        auto opened = GeoIp::open((qEnvironmentVariable("PULSEMAP_TEST_DATA") + "/city-maxmind.mmdb").toStdString());
        QVERIFY2(opened, opened.message().c_str());
        m_geoip = std::move(*opened);
    }
    void init() { m_batch.clear(); }

    void locatesAddressOnlyEventsAndDropsTheAddress()
    {
        addressed("81.2.69.160");
        addressed("2001:4860::1");
        GeoEnricher enricher(m_geoip.get());
        enricher.enrich(m_batch);
        const Event &london = m_batch.events()[0];
        QVERIFY(london.located());
        QCOMPARE(london.lat, 51.5142);
        QCOMPARE(london.lon, -0.0931);
        QCOMPARE(country(london), QString("GB"));
        QCOMPARE(text(london.city), QString("London"));
        QVERIFY(london.ip.empty());
        QCOMPARE(text(m_batch.events()[1].city), QString("Mountain View"));
        QCOMPARE(enricher.located(), uint64_t{2});
    }

    void keepsTheAddressWhenAsked()
    {
        addressed("81.2.69.160");
        GeoEnricher(m_geoip.get(), true).enrich(m_batch);
        QVERIFY(m_batch.events()[0].located());
        QCOMPARE(text(m_batch.events()[0].ip), QString("81.2.69.160"));
    }

    void fillsOnlyWhatTheEventLacks()
    {
        Event &placed = addressed("81.2.69.160"); // the producer's own coordinates win
        placed.lat = 10;
        placed.lon = 20;
        Event &named = addressed("81.2.69.160"); // a country and city the producer gave stay
        named.country = {'F', 'R'};
        named.city = m_batch.store("Paris");
        GeoEnricher enricher(m_geoip.get());
        enricher.enrich(m_batch);
        QCOMPARE(m_batch.events()[0].lat, 10.0);
        QCOMPARE(m_batch.events()[0].lon, 20.0);
        QVERIFY(!m_batch.events()[0].hasCountry());
        QVERIFY(m_batch.events()[0].ip.empty()); // dropped even without a lookup
        QCOMPARE(m_batch.events()[1].lat, 51.5142);
        QCOMPARE(country(m_batch.events()[1]), QString("FR"));
        QCOMPARE(text(m_batch.events()[1].city), QString("Paris"));
        QCOMPARE(enricher.located(), uint64_t{1});
    }

    void unlocatableAndBadAddressesStayUnlocated()
    {
        addressed("10.1.2.3");  // private: no database places it
        addressed("192.0.2.1"); // documentation range, not in the fixture
        addressed("not an ip"); // garbage from the producer
        addressed("1.0.0.1");   // the fixture has a country but no coordinates here
        GeoEnricher enricher(m_geoip.get());
        enricher.enrich(m_batch);
        for (const Event &event : m_batch.events()) {
            QVERIFY(!event.located());
            QVERIFY(event.ip.empty());
            QVERIFY(std::isnan(event.lat));
        }
        QCOMPARE(enricher.located(), uint64_t{0});
    }

    void withoutDatabaseOnlyTheAddressGoes()
    {
        addressed("81.2.69.160");
        GeoEnricher(nullptr).enrich(m_batch);
        QVERIFY(!m_batch.events()[0].located());
        QVERIFY(m_batch.events()[0].ip.empty());
        m_batch.clear();
        addressed("81.2.69.160");
        GeoEnricher(nullptr, true).enrich(m_batch);
        QCOMPARE(text(m_batch.events()[0].ip), QString("81.2.69.160"));
    }

    void startsAtTheGivenEvent()
    {
        addressed("81.2.69.160");
        addressed("83.149.9.1");
        GeoEnricher(m_geoip.get()).enrich(m_batch, 1); // the first was handled before
        QVERIFY(!m_batch.events()[0].located());
        QCOMPARE(text(m_batch.events()[0].ip), QString("81.2.69.160"));
        QCOMPARE(text(m_batch.events()[1].city), QString("Moscow"));
    }
};

QTEST_APPLESS_MAIN(TestGeoEnricher)
#include "tst_geo_enricher.moc"
