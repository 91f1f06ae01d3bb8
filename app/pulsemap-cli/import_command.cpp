// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_store.h"
#include "ingest/geoip.h"
#include "ingest/import_pipeline.h"
#include "progress_bar.h"

#include <QCommandLineParser>

#include <atomic>
#include <cstdio>

namespace pulsemap::cli {

namespace {

bool applyJsonField(ImportOptions &options, const QString &assignment, QString &error)
{
    const qsizetype equals = assignment.indexOf('=');
    const QString name = assignment.left(equals);
    const std::string fields = assignment.mid(equals + 1).toStdString();
    JsonFieldNames &json = options.jsonFields;
    std::string *target = name == "time"                                        ? &json.time
                          : name == "address" || name == "ip"                   ? &json.address
                          : name == "forwarded_for" || name == "xff"            ? &json.forwardedFor
                          : name == "target" || name == "path" || name == "uri" ? &json.target
                          : name == "method"                                    ? &json.method
                          : name == "status"                                    ? &json.status
                          : name == "vhost" || name == "host"                   ? &json.vhost
                          : name == "referer"                                   ? &json.referer
                          : name == "user_agent"                                ? &json.userAgent
                                                                                : nullptr;
    if (equals <= 0 || target == nullptr || fields.empty()) {
        error = "--json-field " + assignment +
                ": expected VALUE=FIELD[,FIELD...] with VALUE one of time, address, forwarded_for, target, "
                "method, status, vhost, referer, user_agent";
        return false;
    }
    *target = fields;
    return true;
}

void printReport(const ImportReport &report, const QString &campaign)
{
    std::printf("{\"lines\":%lld,\"events\":%lld,\"skipped\":%lld,\"unlocated\":%lld,\"filtered\":%lld,"
                "\"directives\":%lld,\"seconds\":%.3f,\"interrupted\":%s,\"campaign\":\"%s\"}\n",
                static_cast<long long>(report.lines), static_cast<long long>(report.events),
                static_cast<long long>(report.skipped), static_cast<long long>(report.unlocated),
                static_cast<long long>(report.filtered), static_cast<long long>(report.directives), report.seconds,
                report.interrupted ? "true" : "false",
                qPrintable(QString(campaign).replace('\\', "\\\\").replace('"', "\\\"")));
    std::fflush(stdout);
}

} // namespace

int runImport(const QStringList &arguments)
{
    const QString command = "import";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Reads access logs, geolocates each client address and appends one event per line to a campaign file.");
    parser.addPositionalArgument("LOG", "Access logs to read: plain or .gz files, or - for standard input.", "LOG...");
    parser.addOption({{"o", "output"}, "Campaign file to create or append to (required).", "CAMPAIGN"});
    parser.addOption({{"f", "format"},
                      "Log format: combined (default), common, vcombined, json, a preset (s3, cloudfront, alb, w3c, "
                      "caddy, traefik, squid, haproxy), or a custom format string in nginx log_format or GoAccess "
                      "syntax (see docs/log-formats.md).",
                      "FORMAT",
                      "combined"});
    parser.addOption(
        {"json-field", "JSON logs: where a value is, e.g. time=ts or address=client_ip,remote_addr.", "VALUE=FIELDS"});
    parser.addOption({"xff", "Take the client address from the first hop of X-Forwarded-For when present."});
    parser.addOption({{"t", "type"},
                      "Event type rule, tried in order: TYPE=/path-prefix, TYPE=~regex, TYPE=status:4xx; conditions "
                      "can be combined with commas. TYPE - drops matching lines.",
                      "TYPE=COND"});
    const QString defaultType = QString::fromUtf8(kDefaultEventType.data(), qsizetype(kDefaultEventType.size()));
    parser.addOption({"default-type", "Type of lines no rule matches (default " + defaultType + "; - drops them).",
                      "TYPE", defaultType});
    parser.addOption({"campaign-param", "Query parameter holding the campaign id (default utm_campaign; empty: none).",
                      "NAME", "utm_campaign"});
    parser.addOption({"geoip", "MMDB city database (GeoLite2/GeoIP2-City, DB-IP City, ip-location-db).", "DB"});
    parser.addOption({"no-geoip", "Do not geolocate (events are stored unlocated)."});
    parser.addOption({"keep-ip", "Store the client address in column ip (not stored by default)."});
    parser.addOption({"strict", "Stop at the first line that cannot be parsed (exit code 1)."});
    parser.addOption({{"F", "follow"}, "After the end, keep reading new lines like tail -F (stop with Ctrl-C)."});
    parser.addOption({"rotate-wait", "Following: seconds to keep reading a renamed (rotated) file.", "SECONDS", "5"});
    parser.addOption({"max-line-bytes", "Lines longer than this are skipped and counted.", "BYTES", "1048576"});
    parser.addOption({{"q", "quiet"}, "No progress display and no hints on stderr."});
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }

    ImportOptions options;
    for (const QString &input : parser.positionalArguments()) {
        options.inputs.push_back(input.toStdString());
    }
    const QString output = parser.value("output");
    if (output.isEmpty() || options.inputs.empty()) {
        printError(command, "usage: pulsemap-cli import [options] -o CAMPAIGN LOG... (see --help)");
        return ExitUsage;
    }
    options.format = parser.value("format").toStdString();
    for (const QString &assignment : parser.values("json-field")) {
        QString error;
        if (!applyJsonField(options, assignment, error)) {
            printError(command, error);
            return ExitUsage;
        }
    }
    options.useForwardedFor = parser.isSet("xff");
    for (const QString &rule : parser.values("type")) {
        options.typeRules.push_back(rule.toStdString());
    }
    options.defaultType = parser.value("default-type").toStdString();
    options.campaignParameter = parser.value("campaign-param").toStdString();
    options.keepIp = parser.isSet("keep-ip");
    options.strict = parser.isSet("strict");
    options.follow = parser.isSet("follow");
    bool ok = true;
    options.rotateWait =
        std::chrono::milliseconds(static_cast<int64_t>(parser.value("rotate-wait").toDouble(&ok) * 1000));
    const qulonglong maxLine = parser.value("max-line-bytes").toULongLong(&ok);
    if (!ok || maxLine < 64) {
        printError(command, "--max-line-bytes: expected a number of bytes (at least 64)");
        return ExitUsage;
    }
    options.maxLineBytes = maxLine;
    const bool quiet = parser.isSet("quiet");

    if (!parser.isSet("no-geoip")) {
        options.geoipPath = parser.isSet("geoip") ? parser.value("geoip").toStdString() : GeoIp::findDefaultDatabase();
        if (options.geoipPath.empty() && !quiet) {
            std::fprintf(stderr, "pulsemap-cli import: no GeoIP database found; events are stored unlocated.\n%s\n",
                         GeoIp::downloadHint());
        }
    }

    auto opened = CampaignStore::openOrCreate(output.toStdString());
    if (!opened) {
        printError(command, QString::fromStdString(opened.message()));
        return ExitUsage;
    }
    std::unique_ptr<CampaignStore> store = std::move(*opened);

    const std::atomic<bool> &stopRequested = installStopSignals();
    ProgressBar progressBar(!quiet);
    ImportReport report;
    ImportPipeline pipeline(options, *store);
    const bool succeeded =
        pipeline.run(stopRequested, report, [&](const ImportProgress &progress) { progressBar.update(progress); });
    progressBar.finish();

    if (!quiet) {
        if (report.droppedNotices > 0) {
            std::fprintf(stderr, "pulsemap-cli import: (%lld earlier notices not shown)\n",
                         static_cast<long long>(report.droppedNotices));
        }
        for (const std::string &notice : report.notices) {
            std::fprintf(stderr, "pulsemap-cli import: %s\n", notice.c_str());
        }
    }
    if (report.skipped > 0) {
        std::fprintf(stderr, "pulsemap-cli import: skipped %lld unparseable line%s",
                     static_cast<long long>(report.skipped), report.skipped == 1 ? "" : "s");
        std::fputs(report.badLines.empty() ? "\n" : "; first:\n", stderr);
        for (const std::string &line : report.badLines) {
            std::fprintf(stderr, "  %s\n", line.c_str());
        }
    }
    if (Status closed = store->close(); !closed && succeeded) {
        report.error = closed.message();
    }
    printReport(report, output);
    if (!report.error.empty()) {
        printError(command, QString::fromStdString(report.error));
        // A format or database we cannot use is a usage problem; anything later is a failure of the work.
        return report.lines == 0 && report.events == 0 && !options.strict ? ExitUsage : ExitFailure;
    }
    return ExitOk;
}

} // namespace pulsemap::cli
