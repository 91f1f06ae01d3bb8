// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// CampaignReader (the one way events are read back) and the exports built on it, on real campaign files.
#include "analytics/campaign_query.h"
#include "analytics/event_export.h"
#include "core/campaign_reader.h"
#include "core/campaign_store.h"

#include <QtTest>

#include <cstdio>
#include <random>

using namespace pulsemap;

namespace {

constexpr int64_t kStartMs = 1'431'857'103'000; // 2015-05-17T10:05:03Z

// Event i: at kStartMs + (i / 2) * 1000 (two events per second, so equal times exist), type click on even
// i and open on odd, campaign "a" / "b" / none in turn, seq i (to check order and completeness).
EventBatch numberedEvents(int count, int firstSeq = 0)
{
    EventBatch batch;
    for (int i = firstSeq; i < firstSeq + count; ++i) {
        Event &event = batch.append();
        event.tsMs = kStartMs + (i / 2) * 1000;
        event.type = batch.store(i % 2 == 0 ? "click" : "open");
        if (i % 3 == 0) {
            event.campaign = batch.store("a");
        } else if (i % 3 == 1) {
            event.campaign = batch.store("b");
        }
        event.seq = i;
    }
    return batch;
}

std::unique_ptr<CampaignStore> createCampaign(const QString &path, const std::vector<EventBatch> &batches)
{
    auto store = CampaignStore::openOrCreate(path.toStdString());
    if (!store) {
        qWarning("%s", store.message().c_str());
        return nullptr;
    }
    for (const EventBatch &batch : batches) {
        if (Status appended = (*store)->append(batch); !appended) {
            qWarning("%s", appended.message().c_str());
            return nullptr;
        }
    }
    return std::move(*store);
}

// Reads everything a reader selects, batchSize at a time; the seqs in the order they came.
std::vector<int64_t> readSeqs(CampaignReader &reader, size_t batchSize)
{
    std::vector<int64_t> seqs;
    EventBatch batch;
    while (true) {
        batch.clear();
        const Result<size_t> read = reader.next(batch, batchSize);
        if (!read || *read > batchSize) {
            return {-1};
        }
        for (const Event &event : batch.events()) {
            seqs.push_back(event.seq);
        }
        if (*read == 0) {
            return seqs;
        }
    }
}

std::vector<int64_t> range(int64_t from, int64_t to)
{
    std::vector<int64_t> values;
    for (int64_t i = from; i < to; ++i) {
        values.push_back(i);
    }
    return values;
}

QByteArray exportToBytes(const CampaignStore &store, ExportFormat format, const EventFilter &filter, int64_t &written)
{
    char *buffer = nullptr;
    size_t size = 0;
    std::FILE *out = open_memstream(&buffer, &size);
    const Result<int64_t> result = exportEvents(store, format, filter, out);
    std::fclose(out);
    QByteArray bytes(buffer, static_cast<qsizetype>(size));
    std::free(buffer); // NOLINT(cppcoreguidelines-no-malloc): open_memstream's buffer
    written = result ? *result : -1;
    return bytes;
}

} // namespace

class TstCampaignReader : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void readsEverythingInTimeOrderAcrossBatchBoundaries_data()
    {
        QTest::addColumn<int>("batchSize");
        for (const int size : {1, 2, 3, 7, 100, 1000}) {
            QTest::addRow("batch %d", size) << size;
        }
    }

    void readsEverythingInTimeOrderAcrossBatchBoundaries()
    {
        QFETCH(int, batchSize);
        // Appended out of time order: the second half first. The reader returns time order, and
        // events at the same time in the order they were stored.
        const QString file = path(QStringLiteral("order-%1.pulsemap").arg(batchSize));
        auto store = createCampaign(file, {numberedEvents(50, 50), numberedEvents(50, 0)});
        QVERIFY(store);
        CampaignReader reader(*store, {});
        QCOMPARE(readSeqs(reader, static_cast<size_t>(batchSize)), range(0, 100));
        QVERIFY(reader.atEnd());
    }

    void batchKeepsStringsAndValues()
    {
        EventBatch batch;
        Event &event = batch.append();
        event.tsMs = kStartMs;
        event.lat = 48.8566;
        event.lon = 2.3522;
        event.country = {'F', 'R'};
        event.type = batch.store("open");
        event.city = batch.store("Paris");
        event.campaign = batch.store("spring");
        event.ip = batch.store("192.0.2.1");
        event.path = batch.store("/spring-sale");
        event.visitor = 0x7123456789abcdefULL;
        event.weight = 2.5F;
        event.seq = 7;
        Event &bare = batch.append();
        bare.tsMs = kStartMs + 1;
        auto store = createCampaign(path("values.pulsemap"), {batch});
        QVERIFY(store);

        CampaignReader reader(*store, {});
        EventBatch read;
        read.append().tsMs = 1; // next() appends, it does not clear
        std::vector<int64_t> ids;
        const Result<size_t> count = reader.next(read, 10, &ids);
        QVERIFY2(count, count.message().c_str());
        QCOMPARE(*count, size_t(2));
        QCOMPARE(read.size(), size_t(3));
        QCOMPARE(ids, (std::vector<int64_t>{1, 2}));
        const Event &paris = read.events()[1];
        QCOMPARE(paris.tsMs, kStartMs);
        QCOMPARE(paris.lat, 48.8566);
        QCOMPARE(paris.lon, 2.3522);
        QCOMPARE(paris.country[0], 'F');
        QCOMPARE(paris.country[1], 'R');
        QCOMPARE(read.text(paris.type), std::string_view("open"));
        QCOMPARE(read.text(paris.city), std::string_view("Paris"));
        QCOMPARE(read.text(paris.campaign), std::string_view("spring"));
        QCOMPARE(read.text(paris.ip), std::string_view("192.0.2.1"));
        QCOMPARE(read.text(paris.path), std::string_view("/spring-sale")); // a replay's pages and visitors
        QCOMPARE(paris.visitor, uint64_t{0x7123456789abcdefULL});
        QCOMPARE(paris.weight, 2.5F);
        QCOMPARE(paris.seq, int64_t(7));
        const Event &unlocated = read.events()[2];
        QVERIFY(!unlocated.located());
        QVERIFY(!unlocated.hasCountry());
        QVERIFY(unlocated.city.empty() && unlocated.campaign.empty() && unlocated.ip.empty() && unlocated.path.empty());
        QCOMPARE(unlocated.visitor, uint64_t{0});
        QCOMPARE(read.typeName(unlocated), kDefaultEventType); // stored as the default type
        QCOMPARE(unlocated.seq, int64_t(-1));
        QCOMPARE(unlocated.weight, 1.0F);
    }

    void filtersSelect_data()
    {
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<QStringList>("campaigns");
        QTest::addColumn<qint64>("fromSecond"); // -1: none
        QTest::addColumn<qint64>("toSecond");
        QTest::addColumn<int>("modulo"); // expected: seqs i with predicate below
        QTest::newRow("everything") << QStringList{} << QStringList{} << qint64(-1) << qint64(-1) << 0;
        QTest::newRow("type click") << QStringList{"click"} << QStringList{} << qint64(-1) << qint64(-1) << 1;
        QTest::newRow("types click, open")
            << QStringList{"click", "open"} << QStringList{} << qint64(-1) << qint64(-1) << 0;
        QTest::newRow("campaign a") << QStringList{} << QStringList{"a"} << qint64(-1) << qint64(-1) << 2;
        QTest::newRow("campaigns a, b") << QStringList{} << QStringList{"a", "b"} << qint64(-1) << qint64(-1) << 3;
        QTest::newRow("time range") << QStringList{} << QStringList{} << qint64(10) << qint64(20) << 4;
        QTest::newRow("all at once") << QStringList{"open"} << QStringList{"a"} << qint64(10) << qint64(40) << 5;
        QTest::newRow("matching nothing") << QStringList{"nope"} << QStringList{} << qint64(-1) << qint64(-1) << 6;
    }

    void filtersSelect()
    {
        QFETCH(QStringList, types);
        QFETCH(QStringList, campaigns);
        QFETCH(qint64, fromSecond);
        QFETCH(qint64, toSecond);
        QFETCH(int, modulo);
        const QString file = path(QStringLiteral("filter-%1.pulsemap").arg(QTest::currentDataTag()));
        auto store = createCampaign(file, {numberedEvents(100)});
        QVERIFY(store);
        EventFilter filter;
        for (const QString &type : types) {
            filter.types.push_back(type.toStdString());
        }
        for (const QString &campaign : campaigns) {
            filter.campaigns.push_back(campaign.toStdString());
        }
        if (fromSecond >= 0) {
            filter.fromMs = kStartMs + fromSecond * 1000;
            filter.toMs = kStartMs + toSecond * 1000;
        }
        // What each row expects, from the same numbering numberedEvents() uses.
        auto expected = [&](int64_t i) {
            const int64_t second = i / 2;
            switch (modulo) {
            case 1:
                return i % 2 == 0;
            case 2:
                return i % 3 == 0;
            case 3:
                return i % 3 != 2;
            case 4:
                return second >= 10 && second < 20;
            case 5:
                return i % 2 == 1 && i % 3 == 0 && second >= 10 && second < 40;
            case 6:
                return false;
            default:
                return true;
            }
        };
        std::vector<int64_t> wanted;
        for (int64_t i = 0; i < 100; ++i) {
            if (expected(i)) {
                wanted.push_back(i);
            }
        }
        CampaignReader reader(*store, filter);
        QCOMPARE(readSeqs(reader, 3), wanted);
        const Result<EventSpan> span = reader.span();
        QVERIFY(span);
        QCOMPARE(span->count, static_cast<int64_t>(wanted.size()));
        if (!wanted.empty()) {
            QCOMPARE(span->firstMs, kStartMs + wanted.front() / 2 * 1000);
            QCOMPARE(span->lastMs, kStartMs + wanted.back() / 2 * 1000);
        }
        // The breakdowns share the filter: their total is the reader's count.
        const auto byType = countBy(*store, Dimension::Type, filter, 0);
        QVERIFY(byType);
        int64_t total = 0;
        for (const GroupCount &group : *byType) {
            total += group.count;
        }
        QCOMPARE(total, static_cast<int64_t>(wanted.size()));
    }

    void seekStartsAtATimeAndRewindGoesBack()
    {
        auto store = createCampaign(path("seek.pulsemap"), {numberedEvents(40)});
        QVERIFY(store);
        CampaignReader reader(*store, {});
        reader.seek(kStartMs + 5 * 1000); // both events of second 5: seqs 10 and 11
        EventBatch batch;
        QCOMPARE(*reader.next(batch, 3), size_t(3));
        QCOMPARE(batch.events()[0].seq, int64_t(10));
        QCOMPARE(batch.events()[2].seq, int64_t(12));
        reader.seek(kStartMs + 5 * 1000 + 1); // between seconds: the next one
        QCOMPARE(readSeqs(reader, 4), range(12, 40));
        reader.seek(kStartMs + 1000 * 1000); // after the end
        QCOMPARE(readSeqs(reader, 4), std::vector<int64_t>{});
        QVERIFY(reader.atEnd());
        reader.rewind();
        QVERIFY(!reader.atEnd());
        QCOMPARE(readSeqs(reader, 16), range(0, 40));
    }

    void resumesWhereItStoppedWhileTheFileGrows()
    {
        auto store = createCampaign(path("grow.pulsemap"), {numberedEvents(10)});
        QVERIFY(store);
        auto readerStore = CampaignStore::open(path("grow.pulsemap").toStdString(), CampaignStore::Access::ReadOnly);
        QVERIFY(readerStore);
        CampaignReader reader(**readerStore, {});
        QCOMPARE(readSeqs(reader, 4), range(0, 10));
        QVERIFY(store->append(numberedEvents(5, 10)));
        EventBatch batch;
        QCOMPARE(*reader.next(batch, 100), size_t(5));
        QCOMPARE(batch.events().front().seq, int64_t(10));
    }

    void emptyCampaign()
    {
        auto store = createCampaign(path("empty.pulsemap"), {});
        QVERIFY(store);
        CampaignReader reader(*store, {});
        EventBatch batch;
        const Result<size_t> read = reader.next(batch, 10);
        QVERIFY(read);
        QCOMPARE(*read, size_t(0));
        QVERIFY(reader.atEnd());
        const Result<EventSpan> span = reader.span();
        QVERIFY(span);
        QCOMPARE(span->count, int64_t(0));
        int64_t written = 0;
        QCOMPARE(exportToBytes(*store, ExportFormat::Csv, {}, written),
                 QByteArray("id,ts,time,type,lat,lon,country,city,campaign,weight,seq,ip,path,visitor\n"));
        QCOMPARE(written, int64_t(0));
        QCOMPARE(exportToBytes(*store, ExportFormat::NdJson, {}, written), QByteArray());
    }

    void corruptCampaignFailsWithAMessage()
    {
        const QString file = path("corrupt.pulsemap");
        {
            auto store = createCampaign(file, {numberedEvents(20000)});
            QVERIFY(store);
        }
        auto store = CampaignStore::open(file.toStdString(), CampaignStore::Access::ReadOnly);
        QVERIFY(store);
        // Scribble over the events' pages behind the open connection's back (header and schema intact).
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadWrite));
        const qint64 size = raw.size();
        for (qint64 offset = 8192; offset < size; offset += 4096) {
            raw.seek(offset);
            raw.write(QByteArray(512, char(0xA5)));
        }
        raw.close();
        CampaignReader reader(**store, {});
        EventBatch batch;
        Result<size_t> read = size_t{0};
        for (int i = 0; i < 100 && read; ++i) {
            read = reader.next(batch, 1000);
            if (read && *read == 0) {
                break;
            }
        }
        QVERIFY2(!read, "reading scribbled pages must fail");
        QVERIFY2(read.message().find("corrupt.pulsemap") != std::string::npos, read.message().c_str());
        int64_t written = 0;
        exportToBytes(**store, ExportFormat::Csv, {}, written);
        QCOMPARE(written, int64_t(-1));
    }

    void csvQuotesOnlyWhatMustBeQuoted()
    {
        EventBatch batch;
        auto add = [&](const char *city, const char *campaign) {
            Event &event = batch.append();
            event.tsMs = kStartMs + static_cast<int64_t>(batch.size());
            event.type = batch.store("click");
            event.city = batch.store(city);
            event.campaign = batch.store(campaign);
        };
        add("Paris", "plain");
        add("Washington, D.C.", "say \"hi\"");
        add("two\nlines", "cr\rhere");
        Event &located = batch.append();
        located.tsMs = kStartMs + 10;
        located.lat = 55.75;
        located.lon = 37.62;
        located.country = {'R', 'U'};
        located.weight = 0.5F;
        located.seq = 42;
        located.ip = batch.store("192.0.2.7");
        located.path = batch.store("/a,b");
        located.visitor = 0x7fffffffffffffffULL; // hex text, exact in a spreadsheet
        auto store = createCampaign(path("csv.pulsemap"), {batch});
        QVERIFY(store);
        int64_t written = 0;
        const QByteArray csv = exportToBytes(*store, ExportFormat::Csv, {}, written);
        QCOMPARE(written, int64_t(4));
        QCOMPARE(csv, QByteArray("id,ts,time,type,lat,lon,country,city,campaign,weight,seq,ip,path,visitor\n"
                                 "1,1431857103001,2015-05-17T10:05:03.001Z,click,,,,Paris,plain,1,,,,\n"
                                 "2,1431857103002,2015-05-17T10:05:03.002Z,click,,,,\"Washington, D.C.\","
                                 "\"say \"\"hi\"\"\",1,,,,\n"
                                 "3,1431857103003,2015-05-17T10:05:03.003Z,click,,,,\"two\nlines\",\"cr\rhere\",1,,,,\n"
                                 "4,1431857103010,2015-05-17T10:05:03.010Z,hit,55.75,37.62,RU,,,0.5,42,192.0.2.7,"
                                 "\"/a,b\",7fffffffffffffff\n"));
    }

    void ndjsonEscapesAndLeavesOutWhatIsAbsent()
    {
        EventBatch batch;
        Event &event = batch.append();
        event.tsMs = kStartMs;
        event.type = batch.store("open");
        event.city = batch.store("back\\slash \"quoted\"\ttab\x01");
        Event &located = batch.append();
        located.tsMs = kStartMs + 1000;
        located.lat = -33.8688;
        located.lon = 151.2093;
        located.country = {'A', 'U'};
        located.seq = 3;
        located.path = batch.store("/pricing");
        located.visitor = 42;
        auto store = createCampaign(path("ndjson.pulsemap"), {batch});
        QVERIFY(store);
        int64_t written = 0;
        const QByteArray ndjson = exportToBytes(*store, ExportFormat::NdJson, {}, written);
        QCOMPARE(written, int64_t(2));
        QCOMPARE(ndjson,
                 QByteArray("{\"id\":1,\"ts\":1431857103000,\"time\":\"2015-05-17T10:05:03Z\",\"type\":\"open\","
                            "\"city\":\"back\\\\slash \\\"quoted\\\"\\ttab\\u0001\",\"weight\":1}\n"
                            "{\"id\":2,\"ts\":1431857104000,\"time\":\"2015-05-17T10:05:04Z\",\"type\":\"hit\","
                            "\"lat\":-33.8688,\"lon\":151.2093,\"country\":\"AU\",\"weight\":1,\"seq\":3,"
                            "\"path\":\"/pricing\",\"visitor\":\"2a\"}\n"));
        for (const QByteArray &line : ndjson.split('\n')) {
            if (!line.isEmpty()) {
                QJsonParseError error{};
                QJsonDocument::fromJson(line, &error);
                QCOMPARE(error.error, QJsonParseError::NoError);
            }
        }
    }

    void exportsApplyTheFilterAcrossBatches()
    {
        // More events than one export batch, so the filter and order hold across batch boundaries.
        auto store = createCampaign(path("export-filter.pulsemap"), {numberedEvents(10000)});
        QVERIFY(store);
        EventFilter filter;
        filter.types = {"open"};
        filter.fromMs = kStartMs + 1000 * 1000;
        int64_t written = 0;
        const QByteArray ndjson = exportToBytes(*store, ExportFormat::NdJson, filter, written);
        // Seconds 1000..4999 hold seqs 2000..9999, of which the odd ones are "open".
        QCOMPARE(written, int64_t(4000));
        const QList<QByteArray> lines = ndjson.trimmed().split('\n');
        QCOMPARE(lines.size(), 4000);
        int64_t expectedSeq = 2001;
        for (const QByteArray &line : lines) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            QCOMPARE(object["type"].toString(), QStringLiteral("open"));
            QCOMPARE(object["seq"].toInteger(), expectedSeq);
            expectedSeq += 2;
        }
    }

    // Stats read rollups when their span fits the question, the events otherwise: the answers are equal.
    void statsFromRollupsEqualStatsFromEvents()
    {
        std::vector<EventBatch> batches;
        std::mt19937 random(9);
        const char *countries[] = {"DE", "US", "JP", ""};
        for (int b = 0; b < 4; ++b) {
            EventBatch batch;
            for (int i = 0; i < 3000; ++i) {
                Event &event = batch.append();
                event.tsMs = kStartMs + int64_t(random() % (3 * 86'400'000)); // three days, any order
                event.type = batch.store(random() % 3 ? "open" : "click");
                event.campaign = batch.store(random() % 2 ? "a" : "");
                const char *country = countries[random() % 4];
                event.country = {country[0], country[0] != 0 ? country[1] : '\0'};
            }
            batches.push_back(std::move(batch));
        }
        auto store = createCampaign(path("stats.pulsemap"), batches);
        QVERIFY(store);
        // The same questions asked of the events alone: a version-1 view of the same rows.
        auto countEvents = [&](const std::string &sql) {
            SqliteStatement query(store->db(), sql);
            std::vector<std::pair<std::string, int64_t>> rows;
            while (query.step() == SQLITE_ROW) {
                rows.emplace_back(std::string(query.columnText(0)), query.columnInt(1));
            }
            return rows;
        };
        for (const bool aligned : {true, false}) {
            EventFilter filter;
            filter.fromMs = kStartMs - kStartMs % 3'600'000 + 3'600'000 + (aligned ? 0 : 1234);
            filter.toMs = *filter.fromMs + 40 * 3'600'000;
            filter.types = {"open"};
            const auto hours = countByBucket(*store, civil::Bucket::Hour, filter, false);
            QVERIFY(hours);
            const auto expectedHours =
                countEvents("SELECT ts - ts % 3600000, count(*) FROM events WHERE type = 'open' AND ts >= " +
                            std::to_string(*filter.fromMs) + " AND ts < " + std::to_string(*filter.toMs) +
                            " GROUP BY 1 ORDER BY 1");
            QCOMPARE(hours->size(), expectedHours.size());
            for (size_t i = 0; i < hours->size(); ++i) {
                QCOMPARE(std::to_string((*hours)[i].startMs), expectedHours[i].first);
                QCOMPARE((*hours)[i].count, expectedHours[i].second);
            }
            const auto countriesCounted = countBy(*store, Dimension::Country, filter, 0);
            QVERIFY(countriesCounted);
            const auto expectedCountries =
                countEvents("SELECT coalesce(country, ''), count(*) AS n FROM events WHERE type = 'open' AND ts >= " +
                            std::to_string(*filter.fromMs) + " AND ts < " + std::to_string(*filter.toMs) +
                            " GROUP BY 1 ORDER BY n DESC, 1");
            QCOMPARE(countriesCounted->size(), expectedCountries.size());
            for (size_t i = 0; i < countriesCounted->size(); ++i) {
                QCOMPARE((*countriesCounted)[i].key, expectedCountries[i].first);
                QCOMPARE((*countriesCounted)[i].count, expectedCountries[i].second);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TstCampaignReader)
#include "tst_campaign_reader.moc"
