// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "ingest/geoip.h"
#include "relay/relay_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>

namespace pulsemap::cli {

namespace {

// "127.0.0.1:8765", "[::1]:8765", ":8765" or "8765" (loopback), "0.0.0.0:8765", "localhost:8765".
bool parseAddress(const QString &text, QHostAddress &address, quint16 &port)
{
    const qsizetype colon = text.lastIndexOf(':');
    QString host = colon < 0 ? QString() : text.left(colon);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535) {
        return false;
    }
    port = static_cast<quint16>(number);
    if (host.startsWith('[') && host.endsWith(']')) {
        host = host.mid(1, host.size() - 2);
    }
    if (host.isEmpty() || host == "localhost") {
        address = QHostAddress::LocalHost;
        return true;
    }
    return address.setAddress(host);
}

// Every connection is a descriptor and the connection limits are meant to be the bound, not the default soft
// limit (often 1024): raise it to the hard limit.
void raiseOpenFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int runRelay(const QStringList &arguments)
{
    const QString command = "relay";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Fans live events out to WebSocket subscribers (wall displays, the app, pulsemap-cli listen) with rooms per "
        "event type, resume by sequence number and a viewer count. Events come from an HTTP beacon (--collect), "
        "tracked links (GET /click), a push API (POST /events), followed logs (--follow), syslog (--syslog) and an "
        "upstream stream (--upstream). See docs/protocol.md.");
    parser.addOption({{"l", "listen"},
                      "Subscribers connect to ws://ADDR:PORT/ (wss:// with --tls-cert; default 127.0.0.1:8765).",
                      "ADDR:PORT",
                      "127.0.0.1:8765"});
    parser.addOption({"collect",
                      "Serve the beacon GET /collect?type=...&campaign=..., tracked links GET /click?to=URL&sig=... "
                      "and the push API POST /events on ADDR:PORT.",
                      "ADDR:PORT"});
    parser.addOption({"max-body", "POST /events: larger bodies are refused with 413.", "BYTES", "1048576"});
    parser.addOption({"link-secret",
                      "Tracked links: accept targets signed with this HMAC key (pulsemap-cli sign-link makes such "
                      "links; at least 16 bytes).",
                      "SECRET"});
    parser.addOption({"link-secret-file", "Tracked links: read the secret from the first line of FILE.", "FILE"});
    parser.addOption({"link-allow",
                      "Tracked links: accept unsigned targets on HOST, or on any subdomain with *.HOST (repeatable).",
                      "HOST"});
    parser.addOption({{"F", "follow"}, "Tail this access log like import --follow (repeatable).", "LOG"});
    parser.addOption(
        {{"f", "format"},
         "Log format of --follow logs and --syslog messages (as for import: combined, json, s3, cloudfront, alb, "
         "w3c, caddy, traefik, squid, haproxy, ...).",
         "FORMAT",
         "combined"});
    parser.addOption({"syslog",
                      "Receive syslog (RFC 5424 and 3164) on UDP and TCP ADDR:PORT, TCP framed by octet counting or "
                      "by lines; each message's MSG part is a log line of --format.",
                      "ADDR:PORT"});
    parser.addOption({{"t", "type"},
                      "Event type rule for --follow logs and --syslog messages (as for import; repeatable).",
                      "TYPE=COND"});
    parser.addOption({"upstream",
                      "Relay another stream (ws://, wss://, socketio://), or read NATS JetStream through a durable "
                      "consumer (nats://HOST:PORT[,HOST:PORT...]?durable=NAME[&subjects=FILTER]).",
                      "URL"});
    parser.addOption({"publish",
                      "Also publish every accepted event to NATS JetStream (stream PULSEMAP, subjects "
                      "pulsemap.<campaign>.<type>; see pulsemap-cli nats-setup).",
                      "nats://HOST:PORT[,HOST:PORT...]"});
    parser.addOption({"upstream-token", "Bearer token for --upstream.", "TOKEN"});
    parser.addOption({"upstream-ca", "CA certificate file (PEM or DER) trusted for a wss:// --upstream.", "FILE"});
    parser.addOption(
        {"tls-cert", "Serve wss:// and https:// only, on both ports, with this PEM certificate (chain).", "FILE"});
    parser.addOption({"tls-key", "The unencrypted PEM private key of --tls-cert.", "FILE"});
    parser.addOption(
        {"token", "Subscribers and POST /events must send Authorization: Bearer TOKEN or ?token=TOKEN.", "TOKEN"});
    parser.addOption({"geoip", "MMDB city database for beacon clients and log lines.", "DB"});
    parser.addOption({"no-geoip", "Do not geolocate (events flow unlocated)."});
    parser.addOption({"xff", "Beacon and links: locate the first X-Forwarded-For address (when behind a proxy)."});
    parser.addOption({"ring", "Events kept for resume_from.", "N", "65536"});
    parser.addOption({"batch-ms", "The longest an event waits to be sent with others (1-50).", "MS", "20"});
    parser.addOption(
        {"max-queue-bytes", "A subscriber with more unsent bytes than this is dropped.", "BYTES", "8388608"});
    parser.addOption({"header-timeout",
                      "Close a connection whose request head (or WebSocket handshake) takes longer (1-3600).",
                      "SECONDS", "15"});
    parser.addOption(
        {"idle-timeout", "Close a keep-alive HTTP connection idle for longer (1-86400).", "SECONDS", "60"});
    parser.addOption(
        {"max-connections", "Open connections on both ports together, subscribers included.", "N", "10000"});
    parser.addOption({"max-connections-per-ip", "Open connections from one client address.", "N", "256"});
    parser.addOption({{"q", "quiet"}, "Only warnings on stderr."});
    parser.addPositionalArgument("LOG", "More logs to follow (same as --follow).", "[LOG...]");
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    RelayOptions options;
    if (!parseAddress(parser.value("listen"), options.listenAddress, options.listenPort)) {
        printError(command, "--listen " + parser.value("listen") + ": expected ADDR:PORT");
        return ExitUsage;
    }
    if (parser.isSet("collect")) {
        options.collect = true;
        if (!parseAddress(parser.value("collect"), options.collectAddress, options.collectPort)) {
            printError(command, "--collect " + parser.value("collect") + ": expected ADDR:PORT");
            return ExitUsage;
        }
    }
    if (parser.isSet("syslog")) {
        options.syslog = true;
        if (!parseAddress(parser.value("syslog"), options.syslogAddress, options.syslogPort)) {
            printError(command, "--syslog " + parser.value("syslog") + ": expected ADDR:PORT");
            return ExitUsage;
        }
    }
    options.follow = parser.values("follow") + parser.positionalArguments();
    options.format = parser.value("format").toStdString();
    for (const QString &rule : parser.values("type")) {
        options.typeRules.push_back(rule.toStdString());
    }
    options.upstream = parser.value("upstream");
    options.upstreamToken = parser.value("upstream-token").toUtf8();
    options.token = parser.value("token").toUtf8();
    options.upstreamCaFile = parser.value("upstream-ca");
    options.publish = parser.value("publish");
    options.tlsCertFile = parser.value("tls-cert");
    options.tlsKeyFile = parser.value("tls-key");
    if (options.tlsCertFile.isEmpty() != options.tlsKeyFile.isEmpty()) {
        printError(command, "--tls-cert and --tls-key go together");
        return ExitUsage;
    }
    options.trustForwardedFor = parser.isSet("xff");
    bool ok = true;
    const qulonglong ring = parser.value("ring").toULongLong(&ok);
    const int batchMs = ok ? parser.value("batch-ms").toInt(&ok) : 0;
    const qlonglong maxQueue = ok ? parser.value("max-queue-bytes").toLongLong(&ok) : 0;
    if (!ok || ring < 16 || ring > 100000000 || batchMs < 1 || batchMs > 50 || maxQueue < 4096) {
        printError(command, "--ring takes 16 or more, --batch-ms 1 to 50, --max-queue-bytes 4096 or more");
        return ExitUsage;
    }
    const int headerTimeout = parser.value("header-timeout").toInt(&ok);
    const int idleTimeout = ok ? parser.value("idle-timeout").toInt(&ok) : 0;
    const int maxConnections = ok ? parser.value("max-connections").toInt(&ok) : 0;
    const int maxPerAddress = ok ? parser.value("max-connections-per-ip").toInt(&ok) : 0;
    if (!ok || headerTimeout < 1 || headerTimeout > 3600 || idleTimeout < 1 || idleTimeout > 86400 ||
        maxConnections < 1 || maxPerAddress < 1) {
        printError(command, "--header-timeout takes 1 to 3600 seconds, --idle-timeout 1 to 86400, "
                            "--max-connections and --max-connections-per-ip 1 or more");
        return ExitUsage;
    }
    options.http.headerTimeout = std::chrono::seconds(headerTimeout);
    options.http.idleTimeout = std::chrono::seconds(idleTimeout);
    options.maxConnections = maxConnections;
    options.maxConnectionsPerAddress = maxPerAddress;
    const qlonglong maxBody = parser.value("max-body").toLongLong(&ok);
    if (!ok || maxBody < 1024 || maxBody > (qlonglong{256} << 20)) {
        printError(command, "--max-body takes 1024 to 268435456 bytes");
        return ExitUsage;
    }
    options.http.maxBodyBytes = static_cast<size_t>(maxBody);
    options.links.secret = secretFromOptions(parser, "link-secret", command, ok);
    if (!ok) {
        return ExitUsage;
    }
    options.links.allowHosts = parser.values("link-allow");
    static const QRegularExpression hostPattern(QStringLiteral(R"(^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$)"));
    for (const QString &host : options.links.allowHosts) {
        if (!hostPattern.match(host).hasMatch() && QHostAddress(host).isNull()) {
            printError(command, "--link-allow " + host + ": expected a host name, *.domain or an address");
            return ExitUsage;
        }
    }
    options.hub.ringSize = ring;
    options.hub.batchMs = batchMs;
    options.hub.maxQueueBytes = maxQueue;
    if (!options.collect && options.follow.isEmpty() && options.upstream.isEmpty() && !options.syslog) {
        printError(command, "nothing to relay: give --collect, --follow LOG, --syslog ADDR:PORT or --upstream URL "
                            "(see --help)");
        return ExitUsage;
    }
    if (!parser.isSet("no-geoip")) {
        options.geoipPath =
            parser.isSet("geoip") ? parser.value("geoip") : QString::fromStdString(GeoIp::findDefaultDatabase());
    }
    if (parser.isSet("quiet")) {
        QLoggingCategory::setFilterRules(QStringLiteral("pulsemap.*.info=false"));
    }

    raiseOpenFileLimit();
    RelayServer relay(options);
    if (const Status started = relay.start(); !started) {
        printError(command, QString::fromStdString(started.message()));
        return ExitUsage;
    }
    std::printf(
        "{\"listen\":\"%s:%u\",\"collect\":\"%s\",\"syslog\":\"%s\"}\n", qPrintable(options.listenAddress.toString()),
        relay.listenPort(),
        options.collect
            ? qPrintable(QStringLiteral("%1:%2").arg(options.collectAddress.toString()).arg(relay.collectPort()))
            : "",
        options.syslog
            ? qPrintable(QStringLiteral("%1:%2").arg(options.syslogAddress.toString()).arg(relay.syslogPort()))
            : "");
    std::fflush(stdout);

    QTimer signalPoll;
    exitOnStopSignal(signalPoll);
    const int exitCode = QCoreApplication::exec();
    relay.stop();
    // Let the close frames and the last messages leave before the sockets go away with the process.
    QTimer::singleShot(200, [] { QCoreApplication::exit(0); });
    QCoreApplication::exec();
    std::printf("%s\n", relay.summaryJson().constData());
    std::fflush(stdout);
    return exitCode;
}

} // namespace pulsemap::cli
