// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_store.h"
#include "ingest/geoip.h"
#include "listen_alerts.h"
#include "nats/nats_consumer.h"
#include "stream/event_json.h"
#include "stream/geo_enricher.h"
#include "stream/stream_client.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

namespace pulsemap::cli {

namespace {

const QString kCommand = QStringLiteral("listen");
// How long queued alert notices (webhook, command) may still take once listen is done.
constexpr int kAlertDeliveryGraceMs = 5000;

// What the command line asks for: the client's options plus what listen does with the events.
struct ListenSettings
{
    StreamClientOptions client;
    qlonglong count = 0;       // stop after this many events; 0: never
    double timeoutSeconds = 0; // 0: none
    QString geoipPath;         // empty: addresses stay unlocated
    QString output;            // campaign to record to; empty: none
    bool print = false;
    bool quiet = false;
};

void addListenOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        "Subscribes to a live event stream (JSON over WebSocket, or Socket.IO v4) and counts or records what arrives. "
        "Reconnects forever with backoff and resumes by sequence number; prints one JSON summary line at the end. "
        "nats:// and tls:// read a NATS JetStream stream directly (docs/scale-out.md).");
    parser.addPositionalArgument("URL", "ws://host:port/path, wss://..., socketio://host:port[/namespace], "
                                        "nats://host:port[,host:port...][?types=A,B&from=SEQ&durable=NAME], tls://...");
    parser.addOption({{"n", "count"}, "Stop after N events.", "N"});
    parser.addOption({"timeout", "Stop after S seconds (with --count: a failure if fewer arrived).", "S"});
    parser.addOption({{"s", "subscribe"}, "Event types to subscribe to, comma-separated (default: all).", "TYPES"});
    parser.addOption({"geoip", "MMDB city database locating events that carry only an ip.", "DB"});
    parser.addOption({"no-geoip", "Do not geolocate events that carry only an ip."});
    parser.addOption({"token", "Bearer token (Authorization header; Socket.IO: also the connect auth).", "TOKEN"});
    parser.addOption({"header", "Extra handshake header, repeatable.", "NAME:VALUE"});
    parser.addOption(
        {"ca",
         "CA certificate file (PEM or DER) to trust for wss:// in addition to the system's; for tls://: the "
         "PEM CA the NATS servers are checked against.",
         "FILE"});
    parser.addOption({"cert", "tls:// NATS sources: client certificate (PEM), with --key.", "FILE"});
    parser.addOption({"key", "tls:// NATS sources: the client certificate's private key (PEM).", "FILE"});
    parser.addOption({{"o", "output"}, "Record the events to this campaign file (created when missing).", "CAMPAIGN"});
    parser.addOption({"print", "Write every event to standard output as one JSON line (before the summary)."});
    parser.addOption({"max-message-bytes", "Messages larger than this are refused and counted.", "BYTES", "1048576"});
    parser.addOption({"alert-after", "Warn when the stream has been down this many seconds.", "S", "30"});
    parser.addOption({{"q", "quiet"}, "No connection status on stderr."});
    ListenAlerts::addOptions(parser);
}

// Fills settings from the parsed command line; -1 to go on, otherwise the exit code (error printed).
int readListenSettings(const QCommandLineParser &parser, ListenSettings &settings)
{
    if (parser.positionalArguments().size() != 1) {
        printError(kCommand, "usage: pulsemap-cli listen URL [--count N] [--timeout S] [-o CAMPAIGN] (see --help)");
        return ExitUsage;
    }
    StreamClientOptions &options = settings.client;
    options.url = parser.positionalArguments().first();
    bool ok = true;
    settings.count = parser.isSet("count") ? parser.value("count").toLongLong(&ok) : 0;
    settings.timeoutSeconds = ok && parser.isSet("timeout") ? parser.value("timeout").toDouble(&ok) : 0;
    const qulonglong maxBytes = ok ? parser.value("max-message-bytes").toULongLong(&ok) : 0;
    const double alertAfter = ok ? parser.value("alert-after").toDouble(&ok) : 0;
    if (!ok || settings.count < 0 || settings.timeoutSeconds < 0 || maxBytes < 64 || alertAfter <= 0) {
        printError(kCommand, "--count, --timeout, --alert-after and --max-message-bytes take positive numbers");
        return ExitUsage;
    }
    for (const QString &type : parser.value("subscribe").split(',', Qt::SkipEmptyParts)) {
        options.subscribe << type.trimmed();
    }
    options.token = parser.value("token").toUtf8();
    for (const QString &header : parser.values("header")) {
        const qsizetype colon = header.indexOf(':');
        if (colon <= 0) {
            printError(kCommand, "--header " + header + ": expected NAME:VALUE");
            return ExitUsage;
        }
        options.headers.append({header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    options.caFile = parser.value("ca");
    options.limits.maxMessageBytes = maxBytes;
    options.alertAfterMs = static_cast<int>(alertAfter * 1000);
    if (!parser.isSet("no-geoip")) {
        settings.geoipPath =
            parser.isSet("geoip") ? parser.value("geoip") : QString::fromStdString(GeoIp::findDefaultDatabase());
    }
    settings.output = parser.value("output");
    settings.print = parser.isSet("print");
    settings.quiet = parser.isSet("quiet");
    return -1;
}

// Where the client's batches go: located (listen has no GUI thread to spare, so here, as they arrive),
// cut to --count, printed and recorded. Ends the event loop when --count is met or recording fails.
class ListenSink
{
public:
    ListenSink(const ListenSettings &settings, GeoIp *geoip, CampaignStore *store)
        : m_count(settings.count), m_print(settings.print), m_enricher(geoip), m_store(store)
    {}

    void take(const EventBatch &batch)
    {
        m_located = batch; // reuses the copy's capacity: no allocation per event once warm
        if (m_count > 0 && m_received + static_cast<int64_t>(m_located.size()) > m_count) {
            m_located.events().resize(static_cast<size_t>(m_count - m_received)); // only the first --count
        }
        m_enricher.enrich(m_located);
        m_received += static_cast<int64_t>(m_located.size());
        if (m_print) {
            print();
        }
        if (m_store != nullptr && m_failure.isEmpty()) {
            if (const Status appended = m_store->append(m_located)) {
                m_recorded += static_cast<int64_t>(m_located.size());
            } else {
                m_failure = QString::fromStdString(appended.message());
                QCoreApplication::exit(ExitFailure);
            }
        }
        if (m_count > 0 && m_received >= m_count) {
            QCoreApplication::exit(ExitOk);
        }
    }

    // Closes the campaign (after the client's last flush); a failure to do so is the command's failure.
    void close()
    {
        if (m_store == nullptr) {
            return;
        }
        if (const Status closed = m_store->close(); !closed && m_failure.isEmpty()) {
            m_failure = QString::fromStdString(closed.message());
        }
    }

    [[nodiscard]] int64_t received() const { return m_received; }
    [[nodiscard]] int64_t recorded() const { return m_recorded; }
    [[nodiscard]] const QString &failure() const { return m_failure; }

private:
    void print()
    {
        for (const Event &event : m_located.events()) {
            m_line.clear();
            appendEventJson(m_located, event, m_line);
            m_line.push_back('\n');
            std::fwrite(m_line.data(), 1, m_line.size(), stdout);
        }
    }

    int64_t m_count;
    bool m_print;
    GeoEnricher m_enricher;
    CampaignStore *m_store;
    EventBatch m_located;
    std::string m_line;
    int64_t m_received = 0;
    int64_t m_recorded = 0;
    QString m_failure;
};

// Connection status and alerts on stderr.
void reportProgress(StreamClient &client, bool quiet)
{
    if (!quiet) {
        QObject::connect(&client, &StreamClient::stateChanged,
                         [&] { std::fprintf(stderr, "pulsemap-cli listen: %s\n", qPrintable(client.statusText())); });
        QObject::connect(&client, &StreamClient::viewersChanged,
                         [&] { std::fprintf(stderr, "pulsemap-cli listen: %d viewers\n", client.viewers()); });
    }
    QObject::connect(&client, &StreamClient::alert, [](const QString &message) {
        std::fprintf(stderr, "pulsemap-cli listen: ALERT %s\n", qPrintable(message));
    });
}

// Runs the event loop until --count, --timeout, a signal or a recording failure; sets timedOut.
int runUntilDone(const ListenSettings &settings, bool &timedOut)
{
    QTimer signalPoll;
    exitOnStopSignal(signalPoll);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, [&] {
        timedOut = true;
        QCoreApplication::exit(settings.count > 0 ? ExitFailure : ExitOk);
    });
    if (settings.timeoutSeconds > 0) {
        deadline.start(static_cast<int>(settings.timeoutSeconds * 1000));
    }
    return QCoreApplication::exec();
}

// What the summary says of the source, a stream client or a NATS consumer.
struct SourceTotals
{
    StreamClient::Stats stats;
    int viewers = -1;
    QString lastError;
};

SourceTotals totalsOf(const StreamClient &client)
{
    return {client.stats(), client.viewers(), client.lastError()};
}

// The one JSON line listen ends with.
void printSummary(const SourceTotals &source, const ListenSink &sink, const ListenAlerts *alerts, const QString &output,
                  double seconds, bool timedOut)
{
    const StreamClient::Stats &stats = source.stats;
    std::string line;
    line.reserve(320);
    const auto number = [&](const char *name, int64_t value) {
        line.append(line.empty() ? "{\"" : ",\"").append(name).append("\":").append(std::to_string(value));
    };
    number("received", sink.received());
    number("malformed", stats.malformed);
    number("refused", stats.refused);
    number("reconnects", stats.reconnects);
    number("duplicates", stats.duplicates);
    number("gaps", stats.gaps);
    number("last_seq", stats.lastSeq);
    number("viewers", source.viewers);
    number("recorded", sink.recorded());
    char secondsText[32];
    std::snprintf(secondsText, sizeof secondsText, "%.3f", seconds);
    line.append(",\"seconds\":").append(secondsText);
    line.append(",\"timed_out\":").append(timedOut ? "true" : "false");
    line.append(",\"last_error\":");
    appendJsonString(source.lastError.toStdString(), line);
    line.append(",\"campaign\":");
    appendJsonString(output.toStdString(), line);
    if (alerts != nullptr) {
        alerts->appendSummary(line);
    }
    line.append("}\n");
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

// listen nats://...: a display's consumer (NatsConsumer, options.inactiveThresholdMs) instead of a StreamClient;
// the same sink, summary and exit codes. --subscribe and --ca fill in what the URL does not say (types=, ca=).
int runListenNats(const QCommandLineParser &parser, const ListenSettings &settings, GeoIp *geoip, CampaignStore *store)
{
    Result<NatsEndpoint> endpoint = parseNatsUrl(settings.client.url.toStdString());
    if (!endpoint) {
        printError(kCommand, QString::fromStdString(endpoint.message()));
        return ExitUsage;
    }
    if (parser.isSet("token") || parser.isSet("header") || parser.isSet("alert")) {
        printError(kCommand, "--token, --header and --alert are for WebSocket and Socket.IO sources, not nats://");
        return ExitUsage;
    }
    for (const QString &type : settings.client.subscribe) {
        endpoint->types.push_back(type.toStdString());
    }
    endpoint->caFile = endpoint->caFile.empty() ? parser.value("ca").toStdString() : endpoint->caFile;
    endpoint->certFile = endpoint->certFile.empty() ? parser.value("cert").toStdString() : endpoint->certFile;
    endpoint->keyFile = endpoint->keyFile.empty() ? parser.value("key").toStdString() : endpoint->keyFile;
    if (endpoint->certFile.empty() != endpoint->keyFile.empty()) {
        printError(kCommand, "--cert and --key go together");
        return ExitUsage;
    }
    NatsConsumerOptions options;
    options.inactiveThresholdMs = kNatsDisplayInactiveMs;
    NatsConsumer consumer(std::move(*endpoint), options);
    ListenSink sink(settings, geoip, store);
    QObject::connect(&consumer, &NatsConsumer::batchReady, [&](const EventBatch &batch) { sink.take(batch); });
    if (!settings.quiet) {
        QObject::connect(&consumer, &NatsConsumer::connectionChanged, [](bool connected, const QString &detail) {
            std::fprintf(stderr, "pulsemap-cli listen: %s: %s\n", connected ? "live" : "reconnecting",
                         qPrintable(detail));
        });
    }
    if (const Status started = consumer.start(); !started) {
        printError(kCommand, QString::fromStdString(started.message()));
        return ExitUsage;
    }
    QElapsedTimer elapsed;
    elapsed.start();
    bool timedOut = false;
    int exitCode = runUntilDone(settings, timedOut);
    consumer.stop();
    QCoreApplication::sendPostedEvents(&consumer); // batches fetched and acknowledged before stop(): taken too
    sink.close();
    const NatsConsumer::Counters &counters = consumer.counters();
    SourceTotals totals;
    totals.stats.received = counters.received;
    totals.stats.malformed = counters.malformed;
    totals.stats.duplicates = counters.redelivered;
    totals.stats.reconnects = counters.reconnects;
    totals.stats.lastSeq = counters.lastStreamSeq > 0 ? counters.lastStreamSeq.load() : -1;
    printSummary(totals, sink, nullptr, settings.output, static_cast<double>(elapsed.elapsed()) / 1000.0, timedOut);
    if (!sink.failure().isEmpty()) {
        printError(kCommand, sink.failure());
        exitCode = ExitFailure;
    } else if (timedOut && settings.count > 0) {
        printError(kCommand,
                   QStringLiteral("timed out after %1 of %2 events").arg(sink.received()).arg(settings.count));
    }
    return exitCode;
}

} // namespace

int runListen(const QStringList &arguments)
{
    QCommandLineParser parser;
    addListenOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, kCommand); exit >= 0) {
        return exit;
    }
    ListenSettings settings;
    if (const int exit = readListenSettings(parser, settings); exit >= 0) {
        return exit;
    }
    if (settings.quiet) {
        QLoggingCategory::setFilterRules(QStringLiteral("pulsemap.*.info=false"));
    }
    std::unique_ptr<CampaignStore> store;
    if (!settings.output.isEmpty()) {
        auto opened = CampaignStore::openOrCreate(settings.output.toStdString());
        if (!opened) {
            printError(kCommand, QString::fromStdString(opened.message()));
            return ExitUsage;
        }
        store = std::move(*opened);
    }

    std::unique_ptr<GeoIp> geoip;
    if (!settings.geoipPath.isEmpty()) {
        auto opened = GeoIp::open(settings.geoipPath.toStdString());
        if (!opened) {
            printError(kCommand, QString::fromStdString(opened.message()));
            return ExitUsage;
        }
        geoip = std::move(*opened);
    }
    if (isNatsUrl(settings.client.url.toStdString())) {
        return runListenNats(parser, settings, geoip.get(), store.get());
    }
    StreamClient client(settings.client);
    auto alerts = ListenAlerts::fromOptions(parser, client);
    if (!alerts) {
        printError(kCommand, QString::fromStdString(alerts.message()));
        return ExitUsage;
    }
    if (const Status started = client.start(); !started) {
        printError(kCommand, QString::fromStdString(started.message()));
        return ExitUsage;
    }
    ListenSink sink(settings, geoip.get(), store.get());
    QObject::connect(&client, &StreamClient::batchReady, [&](const EventBatch &batch) {
        if (*alerts) {
            (*alerts)->take(batch);
        }
        sink.take(batch);
    });
    reportProgress(client, settings.quiet);

    QElapsedTimer elapsed;
    elapsed.start();
    bool timedOut = false;
    int exitCode = runUntilDone(settings, timedOut);
    client.stop(); // hands over what is still pending: recorded too unless --count is already met
    sink.close();
    if (*alerts) {
        (*alerts)->finish(kAlertDeliveryGraceMs);
    }
    printSummary(totalsOf(client), sink, alerts->get(), settings.output,
                 static_cast<double>(elapsed.elapsed()) / 1000.0, timedOut);
    if (!sink.failure().isEmpty()) {
        printError(kCommand, sink.failure());
        exitCode = ExitFailure;
    } else if (timedOut && settings.count > 0) {
        printError(kCommand,
                   QStringLiteral("timed out after %1 of %2 events").arg(sink.received()).arg(settings.count));
    }
    return exitCode;
}

} // namespace pulsemap::cli
