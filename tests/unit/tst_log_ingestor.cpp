// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The ingest on real files: access logs in, a real campaign file out (ImportPipeline over LogIngestor),
// and EventBuilder, the line -> event step, with a real parser, rules and GeoIP database.
#include "core/campaign_reader.h"
#include "core/campaign_store.h"
#include "ingest/event_builder.h"
#include "ingest/event_rules.h"
#include "ingest/geoip.h"
#include "ingest/import_pipeline.h"
#include "ingest/log_format.h"
#include "ingest/log_ingestor.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace pulsemap;

namespace {

constexpr const char *kAgent = "\"-\" \"Mozilla/5.0\"";

// A combined-format line at 2015-05-17T10:05:SS, second given.
std::string combinedLine(const char *address, int second, const char *path, int status = 200)
{
    char line[512];
    std::snprintf(line, sizeof line, "%s - - [17/May/2015:10:05:%02d +0000] \"GET %s HTTP/1.1\" %d 512 %s\n", address,
                  second, path, status, kAgent);
    return line;
}

bool appendToFile(const QString &path, const std::string &text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        return false;
    }
    return file.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
}

QString fixture(const char *name)
{
    return qEnvironmentVariable("PULSEMAP_TEST_DATA") + QLatin1Char('/') + QLatin1String(name);
}

std::vector<std::string> typesInCampaign(CampaignStore &store)
{
    std::vector<std::string> types;
    CampaignReader reader(store, {});
    EventBatch batch;
    while (reader.next(batch, 100).value() > 0) {
        for (const Event &event : batch.events()) {
            types.emplace_back(batch.typeName(event));
        }
        batch.clear();
    }
    return types;
}

} // namespace

class TstLogIngestor : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void importsALogFileIntoACampaign()
    {
        const QString log = m_dir.filePath("access.log");
        std::string text;
        text += combinedLine("83.149.9.216", 1, "/o.gif?utm_campaign=spring");
        text += combinedLine("10.0.0.1", 2, "/c/42");
        text += "this is not an access log line\n";
        text += combinedLine("83.149.9.216", 3, "/robots.txt");
        text += combinedLine("83.149.9.216", 4, "/index.html", 404);
        text += "83.149.9.216 - - [17/May/2015:10:05:99 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\n";
        QVERIFY(appendToFile(log, text));
        auto store = CampaignStore::openOrCreate(m_dir.filePath("import.pulsemap").toStdString());
        QVERIFY(store);

        ImportOptions options;
        options.inputs = {log.toStdString()};
        options.typeRules = {"open=/o.gif", "click=~^/c/[0-9]+", "-=/robots.txt", "notfound=status:404"};
        options.geoipPath = fixture("city-maxmind.mmdb").toStdString();
        ImportPipeline pipeline(options, **store);
        ImportReport report;
        std::atomic<bool> stop{false};
        QVERIFY2(pipeline.run(stop, report), report.error.c_str());
        QCOMPARE(report.lines, int64_t(6));
        QCOMPARE(report.events, int64_t(3));
        QCOMPARE(report.filtered, int64_t(1));
        QCOMPARE(report.skipped, int64_t(2));   // the prose and the 99th second
        QCOMPARE(report.unlocated, int64_t(1)); // 10.0.0.1, a private address
        QCOMPARE(report.badLines.size(), size_t(2));
        QVERIFY2(report.badLines[0].find("access.log:3: ") != std::string::npos, report.badLines[0].c_str());
        QVERIFY2(report.badLines[1].find("access.log:6: ") != std::string::npos, report.badLines[1].c_str());
        QVERIFY(!report.geoip.empty());
        QVERIFY(!report.interrupted);

        QCOMPARE((*store)->eventCount(), int64_t(3));
        QCOMPARE(typesInCampaign(**store), (std::vector<std::string>{"open", "click", "notfound"}));
        CampaignReader reader(**store, {});
        EventBatch batch;
        QCOMPARE(reader.next(batch, 10).value(), size_t(3));
        const Event &open = batch.events()[0];
        QCOMPARE(open.tsMs, int64_t(1'431'857'101'000));
        QVERIFY(open.located());
        QVERIFY(open.hasCountry());
        QCOMPARE(batch.text(open.campaign), std::string_view("spring"));
        QVERIFY(open.ip.empty()); // not kept unless asked
        QVERIFY(!batch.events()[1].located());
    }

    void badSetupFailsBeforeReading_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("geoip");
        QTest::addColumn<QString>("expected");
        QTest::newRow("format") << "$status" << QString() << QString() << "no client address";
        QTest::newRow("rule") << "combined"
                              << "open" << QString() << "bad type rule";
        QTest::newRow("geoip") << "combined" << QString() << "missing.mmdb"
                               << "missing.mmdb";
    }

    void badSetupFailsBeforeReading()
    {
        QFETCH(QString, format);
        QFETCH(QString, rule);
        QFETCH(QString, geoip);
        QFETCH(QString, expected);
        const QString log = m_dir.filePath("setup.log");
        QVERIFY(appendToFile(log, combinedLine("83.149.9.216", 1, "/")));
        ImportOptions options;
        options.inputs = {log.toStdString()};
        options.format = format.toStdString();
        if (!rule.isEmpty()) {
            options.typeRules = {rule.toStdString()};
        }
        if (!geoip.isEmpty()) {
            options.geoipPath = m_dir.filePath(geoip).toStdString();
        }
        LogIngestor ingestor(options);
        const Status started = ingestor.start();
        QVERIFY(!started);
        QVERIFY2(QString::fromStdString(started.message()).contains(expected), started.message().c_str());
        QCOMPARE(ingestor.report().error, started.message());
    }

    void followStopsAndResumesFromTheCheckpoint()
    {
        const QString log = m_dir.filePath("follow.log");
        const QString campaign = m_dir.filePath("follow.pulsemap");
        std::string first;
        for (int i = 0; i < 3; ++i) {
            first += combinedLine("83.149.9.216", i, "/first");
        }
        QVERIFY(appendToFile(log, first));
        ImportOptions options;
        options.inputs = {log.toStdString()};
        options.follow = true;
        options.pollInterval = std::chrono::milliseconds(10);
        options.flushInterval = std::chrono::milliseconds(10);

        // Follows until everything so far is committed, then stops as Ctrl-C would.
        auto followUntil = [&](int64_t events, ImportReport &report) {
            auto store = CampaignStore::openOrCreate(campaign.toStdString());
            if (!store) {
                return false;
            }
            std::atomic<bool> stop{false};
            ImportPipeline pipeline(options, **store);
            bool ok = false;
            std::thread watcher([&] {
                auto reader = CampaignStore::open(campaign.toStdString(), CampaignStore::Access::ReadOnly);
                for (int i = 0; i < 1000 && reader && (*reader)->eventCount() < events; ++i) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
                stop = true;
            });
            ok = pipeline.run(stop, report);
            watcher.join();
            return ok && (*store)->close().ok();
        };

        ImportReport report;
        QVERIFY2(followUntil(3, report), report.error.c_str());
        QVERIFY(report.interrupted);
        QCOMPARE(report.events, int64_t(3));

        // Written while nobody followed: the next run starts after the last committed line.
        std::string second;
        for (int i = 0; i < 2; ++i) {
            second += combinedLine("83.149.9.216", 10 + i, "/second");
        }
        second += "not a line\n";
        QVERIFY(appendToFile(log, second));
        ImportReport resumed;
        QVERIFY2(followUntil(5, resumed), resumed.error.c_str());
        QCOMPARE(resumed.lines, int64_t(3)); // only the new lines were read again
        QCOMPARE(resumed.events, int64_t(2));
        QCOMPARE(resumed.skipped, int64_t(1));
        QVERIFY2(resumed.badLines.front().find("follow.log:6: ") != std::string::npos,
                 resumed.badLines.front().c_str()); // line numbers continue too

        auto store = CampaignStore::open(campaign.toStdString(), CampaignStore::Access::ReadOnly);
        QVERIFY(store);
        QCOMPARE((*store)->eventCount(), int64_t(5));
        const auto checkpoints = (*store)->checkpoints(log.toStdString());
        QCOMPARE(checkpoints.size(), size_t(1));
        QCOMPARE(checkpoints[0].offset, static_cast<int64_t>(first.size() + second.size()));
        QCOMPARE(checkpoints[0].lineNumber, int64_t(6));
    }

    void liveIngestCountsVisitorsWithoutACampaignFile()
    {
        // The app's followed log and the relay's --follow have no campaign file to hold a key: the run's own key
        // still tells visitors apart (same address and agent: one visitor; another address: another).
        const QString log = m_dir.filePath("visitors.log");
        QVERIFY(appendToFile(log, combinedLine("83.149.9.216", 1, "/a") + combinedLine("83.149.9.216", 2, "/b") +
                                      combinedLine("24.236.252.67", 3, "/a")));
        ImportOptions options;
        options.inputs = {log.toStdString()};
        LogIngestor ingestor(options);
        QVERIFY(ingestor.start());
        std::vector<uint64_t> visitors;
        for (int i = 0; i < 200 && visitors.size() < 3; ++i) {
            if (std::unique_ptr<EventBatch> batch = ingestor.take(std::chrono::milliseconds(50))) {
                for (const Event &event : batch->events()) {
                    visitors.push_back(event.visitor);
                }
                ingestor.recycle(std::move(batch));
            }
        }
        QCOMPARE(visitors.size(), size_t(3));
        QVERIFY(visitors[0] != 0);
        QCOMPARE(visitors[1], visitors[0]);
        QVERIFY(visitors[2] != 0 && visitors[2] != visitors[0]);
    }

    void noticesAreBounded()
    {
        ImportReport report;
        for (size_t i = 0; i < ImportReport::kMaxNotices + 50; ++i) {
            report.addNotice("rotated " + std::to_string(i));
        }
        QCOMPARE(report.notices.size(), ImportReport::kMaxNotices);
        QCOMPARE(report.droppedNotices, int64_t(50));
        QCOMPARE(report.notices.front(), std::string("rotated 50"));
        QCOMPARE(report.notices.back(), "rotated " + std::to_string(ImportReport::kMaxNotices + 49));
    }

    void eventBuilderOutcomes()
    {
        auto parser = makeLogParser("combined", {});
        QVERIFY(parser);
        EventRules rules;
        QVERIFY(rules.addRule("-=/health"));
        auto geoip = GeoIp::open(fixture("city-maxmind.mmdb").toStdString());
        QVERIFY2(geoip, geoip.message().c_str());
        int clockCalls = 0;
        EventBuilder builder(**parser, rules, geoip->get(), {false, true, VisitorHasher::randomKey()}, [&] {
            ++clockCalls;
            return int64_t(42);
        });
        EventBatch batch;
        ParseError error = ParseError::None;
        QCOMPARE(builder.add(combinedLine("83.149.9.216", 3, "/a?utm_campaign=x%20y"), batch, error),
                 EventBuilder::Outcome::Added);
        QVERIFY(builder.lastLocated());
        QCOMPARE(builder.add(combinedLine("10.1.2.3", 4, "/b"), batch, error), EventBuilder::Outcome::Added);
        QVERIFY(!builder.lastLocated());
        QCOMPARE(builder.add(combinedLine("83.149.9.216", 5, "/health"), batch, error),
                 EventBuilder::Outcome::Filtered);
        QCOMPARE(builder.add("garbage", batch, error), EventBuilder::Outcome::Skipped);
        QVERIFY(error != ParseError::None);
        QCOMPARE(
            builder.add(std::string("83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /\0 HTTP/1.1\" 200 1", 60),
                        batch, error),
            EventBuilder::Outcome::Skipped);
        QCOMPARE(error, ParseError::BinaryData);
        QCOMPARE(clockCalls, 0); // combined lines carry their time: the clock is never asked
        QCOMPARE(batch.size(), size_t(2));
        const Event &first = batch.events()[0];
        QCOMPARE(first.tsMs, int64_t(1'431'857'103'000));
        QCOMPARE(batch.typeName(first), kDefaultEventType);
        QCOMPARE(batch.text(first.campaign), std::string_view("x y"));
        QCOMPARE(batch.text(first.ip), std::string_view("83.149.9.216")); // keepIp
        QVERIFY(first.located() && first.hasCountry() && !first.city.empty());
        QCOMPARE(batch.text(batch.events()[1].ip), std::string_view("10.1.2.3"));
        // The path without its query string, and a visitor id that is not the address.
        QCOMPARE(batch.text(first.path), std::string_view("/a"));
        QCOMPARE(batch.text(batch.events()[1].path), std::string_view("/b"));
        QVERIFY(first.visitor != 0 && first.visitor != batch.events()[1].visitor);

        // A format without a time: the event is stamped with its arrival, from the clock.
        auto timeless = makeLogParser("$remote_addr \"$request\"", {});
        QVERIFY2(timeless, timeless.message().c_str());
        EventBuilder arrival(**timeless, rules, nullptr, {}, [&] {
            ++clockCalls;
            return int64_t(1'700'000'000'000);
        });
        batch.clear();
        QCOMPARE(arrival.add("192.0.2.1 \"GET / HTTP/1.1\"", batch, error), EventBuilder::Outcome::Added);
        QCOMPARE(clockCalls, 1);
        QCOMPARE(batch.events()[0].tsMs, int64_t(1'700'000'000'000));
        QVERIFY(batch.events()[0].ip.empty());
    }
};

QTEST_GUILESS_MAIN(TstLogIngestor)
#include "tst_log_ingestor.moc"
