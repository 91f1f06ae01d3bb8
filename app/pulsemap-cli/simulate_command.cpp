// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_store.h"
#include "core/civil_time.h"
#include "core/traffic_simulation.h"
#include "ingest/batch_queue.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

namespace pulsemap::cli {

namespace {

// A Tuesday, the day mailings favour; fixed so that a seed alone decides the file's events.
constexpr const char *kDefaultStart = "2025-03-04T00:00:00Z";
// Events per batch, and so per transaction: large transactions are what makes SQLite fast.
constexpr size_t kBatchEvents = 100'000;
// Batches in flight between the generator and the writer.
constexpr size_t kBatchesInFlight = 4;
// No fsync at checkpoints: a simulation cut short by a power failure is simply run again.
constexpr const char *kWriterPragmas = "PRAGMA synchronous = OFF";

constexpr const char *kDescription =
    R"(Writes a realistic campaign of one email send to a worldwide list: opens and clicks.

The model (docs/simulation.md):
  - recipients live in about 130 big cities, weighted by population times internet use;
  - each gets the mail between 08:00 and 10:00 local time (standard time from the city's UTC offset),
    on the first such morning at or after --start;
  - opens follow delivery: most within the first hours, a long tail over --hours; 70 % of opens that
    would fall between 00:00 and 06:00 local time happen the next morning instead;
  - 15 % of opens are followed by a click from the same place 3 s to 10 min later;
  - 3 % of opens (and their clicks) are unlocated; the others lie near the city's centre (metro spread
    about 20 km, one in eight up to about 100 km out).
The same --seed (and options) gives the same events on every machine. Events are written in time
order; planning takes about 4 bytes of memory per event.)";

struct Tally
{
    int64_t events = 0;
    int64_t clicks = 0;
    int64_t unlocated = 0;
    int64_t firstMs = 0;
    int64_t lastMs = 0;

    void add(const EventBatch &batch)
    {
        for (const Event &event : batch.events()) {
            firstMs = events == 0 ? event.tsMs : std::min(firstMs, event.tsMs);
            lastMs = events == 0 ? event.tsMs : std::max(lastMs, event.tsMs);
            ++events;
            clicks += batch.typeName(event) == "click" ? 1 : 0;
            unlocated += event.located() ? 0 : 1;
        }
    }
};

std::string isoTime(int64_t ms)
{
    return civil::formatIsoUtc(ms);
}

QString jsonString(const QString &text)
{
    return QString(text).replace('\\', "\\\\").replace('"', "\\\"");
}

// Generates on a second thread while this one writes: SQLite is the bottleneck, generation overlaps it.
Status generateAndWrite(EmailCampaignSimulator &simulator, CampaignStore &store, const std::atomic<bool> &stop,
                        Tally &tally)
{
    BatchQueue queue(kBatchesInFlight);
    std::atomic<bool> writerFailed{false};
    std::thread generator([&] {
        while (!simulator.done() && !stop.load() && !writerFailed.load()) {
            std::unique_ptr<EventBatch> batch = queue.acquire();
            simulator.next(*batch, kBatchEvents);
            queue.push(std::move(batch));
        }
        queue.close();
    });
    Status written;
    while (!queue.closedAndEmpty()) {
        std::unique_ptr<EventBatch> batch = queue.pop(std::chrono::milliseconds(100));
        if (batch == nullptr) {
            continue;
        }
        if (written) {
            written = store.append(*batch);
            if (written) {
                tally.add(*batch);
            } else {
                writerFailed.store(true); // keep draining so the generator can finish
            }
        }
        queue.recycle(std::move(batch));
    }
    generator.join();
    return written;
}

} // namespace

int runSimulate(const QStringList &arguments)
{
    const QString command = "simulate";
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.addOption({{"o", "output"}, "Campaign file to create (must not exist, see --force).", "FILE"});
    parser.addOption({{"n", "events"}, "Number of events (opens plus clicks), required.", "N"});
    parser.addOption({"hours", "Opens spread over this many hours after delivery (default 24).", "H", "24"});
    parser.addOption({"seed", "Random seed (default 1): the same seed gives the same events.", "S", "1"});
    parser.addOption({"start",
                      QStringLiteral("When the send starts, ISO 8601 UTC or Unix ms (default %1).")
                          .arg(QString::fromLatin1(kDefaultStart)),
                      "TIME", kDefaultStart});
    parser.addOption({"campaign", "Campaign id stored in every event (default simulated).", "NAME", "simulated"});
    parser.addOption({"force", "Replace FILE if it exists."});
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    const QString output = parser.value("output");
    bool eventsOk = false;
    bool hoursOk = false;
    bool seedOk = false;
    EmailCampaignSpec spec;
    spec.events = parser.value("events").toLongLong(&eventsOk);
    spec.hours = parser.value("hours").toDouble(&hoursOk);
    spec.seed = parser.value("seed").toULongLong(&seedOk);
    spec.campaign = parser.value("campaign").toStdString();
    const auto start = parseTimeArgument(parser.value("start"));
    if (output.isEmpty() || !parser.isSet("events") || !parser.positionalArguments().isEmpty()) {
        printError(command, "usage: pulsemap-cli simulate -o FILE --events N [options] (see --help)");
        return ExitUsage;
    }
    if (!eventsOk || spec.events < 1 || spec.events > EmailCampaignSimulator::kMaxEvents) {
        printError(command, "--events: expected a positive number, at most 2^31");
        return ExitUsage;
    }
    if (!hoursOk || !(spec.hours > 0 && spec.hours <= 24 * 31)) {
        printError(command, "--hours: expected a number of hours, more than 0 and at most 744");
        return ExitUsage;
    }
    if (!seedOk) {
        printError(command, "--seed: expected a non-negative integer");
        return ExitUsage;
    }
    if (!start || !plausibleEventTime(*start)) {
        printError(command, "--start: not a time between 1970 and 2099: " + parser.value("start"));
        return ExitUsage;
    }
    spec.startMs = *start;
    EmailCampaignSimulator simulator(spec);
    if (!plausibleEventTime(simulator.lastPossibleMs())) {
        printError(command, "--start: the campaign would run past 2099");
        return ExitUsage;
    }
    if (QFileInfo::exists(output)) {
        if (!parser.isSet("force")) {
            printError(command, output + ": exists (use --force to replace it)");
            return ExitUsage;
        }
        for (const char *suffix : {"", "-wal", "-shm"}) {
            QFile::remove(output + suffix);
        }
    }

    const auto began = std::chrono::steady_clock::now();
    auto opened = CampaignStore::openOrCreate(output.toStdString());
    if (!opened) {
        printError(command, QString::fromStdString(opened.message()));
        return ExitFailure;
    }
    std::unique_ptr<CampaignStore> store = std::move(*opened);
    (void)sqliteExec(store->db(), kWriterPragmas); // only speed depends on it
    const std::string parameters = "seed=" + std::to_string(spec.seed) + " events=" + std::to_string(spec.events) +
                                   " hours=" + parser.value("hours").toStdString() + " start=" + isoTime(spec.startMs);
    Status written = store->setMeta("simulation", parameters);
    const std::atomic<bool> &stop = installStopSignals();
    Tally tally;
    if (written) {
        written = generateAndWrite(simulator, *store, stop, tally);
    }
    if (Status closed = store->close(); written && !closed) {
        written = closed;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    std::printf("{\"events\":%lld,\"opens\":%lld,\"clicks\":%lld,\"unlocated\":%lld,\"first\":\"%s\",\"last\":\"%s\","
                "\"seconds\":%.3f,\"events_per_second\":%.0f,\"interrupted\":%s,\"campaign\":\"%s\"}\n",
                static_cast<long long>(tally.events), static_cast<long long>(tally.events - tally.clicks),
                static_cast<long long>(tally.clicks), static_cast<long long>(tally.unlocated),
                isoTime(tally.firstMs).c_str(), isoTime(tally.lastMs).c_str(), seconds,
                seconds > 0 ? static_cast<double>(tally.events) / seconds : 0.0,
                tally.events < spec.events && written ? "true" : "false", qPrintable(jsonString(output)));
    std::fflush(stdout);
    if (!written) {
        printError(command, QString::fromStdString(written.message()));
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace pulsemap::cli
