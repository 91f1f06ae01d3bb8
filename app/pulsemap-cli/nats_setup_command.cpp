// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "nats/nats_connection.h"
#include "nats/nats_stream_setup.h"

#include <QCommandLineParser>

#include <cstdio>
#include <optional>

namespace pulsemap::cli {

namespace {

// "90s", "30m", "12h", "7d" (or a bare number of seconds) in milliseconds.
std::optional<int64_t> parseDuration(const QString &text)
{
    if (text.isEmpty()) {
        return std::nullopt;
    }
    const QChar unit = text.back();
    const int64_t scale = unit == 's' ? 1000 : unit == 'm' ? 60000 : unit == 'h' ? 3600000 : unit == 'd' ? 86400000 : 0;
    bool ok = false;
    const qlonglong number = (scale == 0 ? text : text.chopped(1)).toLongLong(&ok);
    if (!ok || number <= 0 || number > 36500LL * 86400) {
        return std::nullopt;
    }
    return number * (scale == 0 ? 1000 : scale);
}

} // namespace

int runNatsSetup(const QStringList &arguments)
{
    const QString command = "nats-setup";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Creates or updates the JetStream stream PULSEMAP (subjects pulsemap.>) that collectors publish to "
        "(relay --publish) and relays read from (relay --upstream nats://...), and prints what it did as one JSON "
        "line. See docs/scale-out.md.");
    parser.addPositionalArgument("URL", "nats://HOST:PORT[,HOST:PORT...] (tls://... with ?ca=FILE for TLS).");
    parser.addOption({"replicas", "Copies of every message on distinct servers (1, 3 or 5).", "N", "1"});
    parser.addOption({"max-age", "Messages older than this are removed (s, m, h or d).", "DURATION", "7d"});
    parser.addOption({"max-bytes", "Oldest messages are removed beyond this size (-1: no bound).", "BYTES", "-1"});
    parser.addOption({"duplicate-window", "A message id seen within this window is stored once.", "DURATION", "2m"});
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(command, "usage: pulsemap-cli nats-setup nats://HOST:PORT [--replicas N] [--max-age 7d]");
        return ExitUsage;
    }
    const Result<NatsEndpoint> endpoint = parseNatsUrl(parser.positionalArguments().first().toStdString());
    if (!endpoint) {
        printError(command, QString::fromStdString(endpoint.message()));
        return ExitUsage;
    }
    NatsStreamSettings settings;
    settings.name = endpoint->stream;
    bool ok = false;
    settings.replicas = parser.value("replicas").toInt(&ok);
    const std::optional<int64_t> maxAge = parseDuration(parser.value("max-age"));
    const std::optional<int64_t> window = parseDuration(parser.value("duplicate-window"));
    const qlonglong maxBytes = parser.value("max-bytes").toLongLong();
    if (!ok || settings.replicas < 1 || settings.replicas > 5 || !maxAge || !window || *window > *maxAge ||
        (maxBytes < 1 && maxBytes != -1)) {
        printError(command, "--replicas takes 1 to 5, --max-age and --duplicate-window a duration such as 90s, 30m, "
                            "12h or 7d (the window at most the age), --max-bytes a size or -1");
        return ExitUsage;
    }
    settings.maxAgeMs = *maxAge;
    settings.duplicateWindowMs = *window;
    settings.maxBytes = maxBytes;
    NatsConnectOptions options;
    options.name = "pulsemap-cli nats-setup";
    options.reconnectForever = false;
    const auto connection = NatsConnection::connect(*endpoint, options);
    if (!connection) {
        printError(command, QString::fromStdString(connection.message()));
        return ExitFailure;
    }
    const Result<NatsStreamReport> report = ensureNatsStream(**connection, settings);
    if (!report) {
        printError(command, QString::fromStdString(report.message()));
        return ExitFailure;
    }
    std::printf("%s\n", report->json().c_str());
    return ExitOk;
}

} // namespace pulsemap::cli
