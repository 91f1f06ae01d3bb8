#include "cli_util.h"
#include "commands.h"
#include "core/campaign_store.h"
#include "ingest/geoip.h"
#include "stream/event_json.h"
#include "stream/stream_client.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

namespace pulsemap::cli {

namespace {

QString jsonEscaped(QString text)
{
    return text.replace('\\', "\\\\").replace('"', "\\\"");
}

} // namespace

int runListen(const QStringList &arguments)
{
    const QString command = "listen";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Subscribes to a live event stream (JSON over WebSocket, or Socket.IO v4) and counts or records what arrives. "
        "Reconnects forever with backoff and resumes by sequence number; prints one JSON summary line at the end.");
    parser.addPositionalArgument("URL", "ws://host:port/path, wss://..., socketio://host:port[/namespace].");
    parser.addOption({{"n", "count"}, "Stop after N events.", "N"});
    parser.addOption({"timeout", "Stop after S seconds (with --count: a failure if fewer arrived).", "S"});
    parser.addOption({{"s", "subscribe"}, "Event types to subscribe to, comma-separated (default: all).", "TYPES"});
    parser.addOption({"geoip", "MMDB city database locating events that carry only an ip.", "DB"});
    parser.addOption({"no-geoip", "Do not geolocate events that carry only an ip."});
    parser.addOption({"token", "Bearer token (Authorization header; Socket.IO: also the connect auth).", "TOKEN"});
    parser.addOption({"header", "Extra handshake header, repeatable.", "NAME:VALUE"});
    parser.addOption(
        {"ca", "CA certificate file (PEM or DER) to trust for wss:// in addition to the system's.", "FILE"});
    parser.addOption({{"o", "output"}, "Record the events to this campaign file (created when missing).", "CAMPAIGN"});
    parser.addOption({"print", "Write every event to standard output as one JSON line (before the summary)."});
    parser.addOption({"max-message-bytes", "Messages larger than this are refused and counted.", "BYTES", "1048576"});
    parser.addOption({"alert-after", "Warn when the stream has been down this many seconds.", "S", "30"});
    parser.addOption({{"q", "quiet"}, "No connection status on stderr."});
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(command, "usage: pulsemap-cli listen URL [--count N] [--timeout S] [-o CAMPAIGN] (see --help)");
        return ExitUsage;
    }
    StreamClientOptions options;
    options.url = parser.positionalArguments().first();
    bool ok = true;
    const qlonglong count = parser.isSet("count") ? parser.value("count").toLongLong(&ok) : 0;
    const double timeout = ok && parser.isSet("timeout") ? parser.value("timeout").toDouble(&ok) : 0;
    const qulonglong maxBytes = ok ? parser.value("max-message-bytes").toULongLong(&ok) : 0;
    const double alertAfter = ok ? parser.value("alert-after").toDouble(&ok) : 0;
    if (!ok || count < 0 || timeout < 0 || maxBytes < 64 || alertAfter <= 0) {
        printError(command, "--count, --timeout, --alert-after and --max-message-bytes take positive numbers");
        return ExitUsage;
    }
    for (const QString &type : parser.value("subscribe").split(',', Qt::SkipEmptyParts)) {
        options.subscribe << type.trimmed();
    }
    options.token = parser.value("token").toUtf8();
    for (const QString &header : parser.values("header")) {
        const qsizetype colon = header.indexOf(':');
        if (colon <= 0) {
            printError(command, "--header " + header + ": expected NAME:VALUE");
            return ExitUsage;
        }
        options.headers.append({header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    options.caFile = parser.value("ca");
    options.limits.maxMessageBytes = maxBytes;
    options.alertAfterMs = static_cast<int>(alertAfter * 1000);
    const bool quiet = parser.isSet("quiet");
    if (quiet) {
        QLoggingCategory::setFilterRules(QStringLiteral("pulsemap.*.info=false"));
    }
    if (!parser.isSet("no-geoip")) {
        options.geoipPath =
            parser.isSet("geoip") ? parser.value("geoip") : QString::fromStdString(GeoIp::findDefaultDatabase());
    }

    std::unique_ptr<CampaignStore> store;
    const QString output = parser.value("output");
    if (!output.isEmpty()) {
        auto opened = CampaignStore::openOrCreate(output.toStdString());
        if (!opened) {
            printError(command, QString::fromStdString(opened.message()));
            return ExitUsage;
        }
        store = std::move(*opened);
    }

    StreamClient client(options);
    int64_t received = 0;
    int64_t recorded = 0;
    QString failure;
    bool timedOut = false;
    const bool print = parser.isSet("print");
    std::string line;
    QObject::connect(&client, &StreamClient::batchReady, [&](const EventBatch &batch) {
        const EventBatch *use = &batch;
        EventBatch head;
        if (count > 0 && received + static_cast<int64_t>(batch.size()) > count) {
            // Only the first --count events: copy and cut, which happens once, at the end.
            head = batch;
            head.events().resize(static_cast<size_t>(count - received));
            use = &head;
        }
        received += static_cast<int64_t>(use->size());
        if (print) {
            for (const Event &event : use->events()) {
                line.clear();
                appendEventJson(*use, event, line);
                line.push_back('\n');
                std::fwrite(line.data(), 1, line.size(), stdout);
            }
        }
        if (store && failure.isEmpty()) {
            if (Status appended = store->append(*use)) {
                recorded += static_cast<int64_t>(use->size());
            } else {
                failure = QString::fromStdString(appended.message());
                QCoreApplication::exit(ExitFailure);
            }
        }
        if (count > 0 && received >= count) {
            QCoreApplication::exit(ExitOk);
        }
    });
    if (!quiet) {
        QObject::connect(&client, &StreamClient::stateChanged,
                         [&] { std::fprintf(stderr, "pulsemap-cli listen: %s\n", qPrintable(client.statusText())); });
        QObject::connect(&client, &StreamClient::viewersChanged,
                         [&] { std::fprintf(stderr, "pulsemap-cli listen: %d viewers\n", client.viewers()); });
    }
    QObject::connect(&client, &StreamClient::alert, [&](const QString &message) {
        std::fprintf(stderr, "pulsemap-cli listen: ALERT %s\n", qPrintable(message));
    });

    QString error;
    if (!client.start(&error)) {
        printError(command, error);
        return ExitUsage;
    }
    QTimer signalPoll;
    exitOnStopSignal(signalPoll);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, [&] {
        timedOut = true;
        QCoreApplication::exit(count > 0 ? ExitFailure : ExitOk);
    });
    if (timeout > 0) {
        deadline.start(static_cast<int>(timeout * 1000));
    }
    QElapsedTimer elapsed;
    elapsed.start();
    int exitCode = QCoreApplication::exec();
    client.stop(); // hands over what is still pending: recorded too unless --count is already met
    if (store) {
        if (Status closed = store->close(); !closed && failure.isEmpty()) {
            failure = QString::fromStdString(closed.message());
        }
    }
    const StreamClient::Stats &stats = client.stats();
    std::printf("{\"received\":%lld,\"malformed\":%lld,\"refused\":%lld,\"reconnects\":%lld,\"duplicates\":%lld,"
                "\"gaps\":%lld,\"last_seq\":%lld,\"viewers\":%d,\"recorded\":%lld,\"seconds\":%.3f,\"timed_out\":%s,"
                "\"last_error\":\"%s\",\"campaign\":\"%s\"}\n",
                static_cast<long long>(received), static_cast<long long>(stats.malformed),
                static_cast<long long>(stats.refused), static_cast<long long>(stats.reconnects),
                static_cast<long long>(stats.duplicates), static_cast<long long>(stats.gaps),
                static_cast<long long>(stats.lastSeq), client.viewers(), static_cast<long long>(recorded),
                static_cast<double>(elapsed.elapsed()) / 1000.0, timedOut ? "true" : "false",
                qPrintable(jsonEscaped(client.lastError())), qPrintable(jsonEscaped(output)));
    std::fflush(stdout);
    if (!failure.isEmpty()) {
        printError(command, failure);
        exitCode = ExitFailure;
    } else if (timedOut && count > 0) {
        printError(command, QStringLiteral("timed out after %1 of %2 events").arg(received).arg(count));
    }
    return exitCode;
}

} // namespace pulsemap::cli
