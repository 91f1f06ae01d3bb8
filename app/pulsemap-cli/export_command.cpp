// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "analytics/event_export.h"
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_store.h"

#include <QCommandLineParser>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace pulsemap::cli {

int runExport(const QStringList &arguments)
{
    const QString command = "export";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes every event of a campaign in time order as CSV or NDJSON (for a spreadsheet, Tableau, a script): "
        "id, ts, time, type, lat, lon, country, city, campaign, weight, seq, ip, path, visitor (hex text).");
    parser.addPositionalArgument("CAMPAIGN", "Campaign file.");
    parser.addOption({"format", "csv (default) or ndjson.", "FORMAT", "csv"});
    parser.addOption({{"o", "output"}, "Write to FILE instead of standard output.", "FILE"});
    addFilterOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(command, "usage: pulsemap-cli export CAMPAIGN [--format csv|ndjson] [-o FILE]");
        return ExitUsage;
    }
    const auto format = exportFormatFromName(parser.value("format").toStdString());
    if (!format) {
        printError(command, "--format: expected csv or ndjson");
        return ExitUsage;
    }
    EventFilter filter;
    if (!filterFromOptions(parser, command, filter)) {
        return ExitUsage;
    }
    auto store = openCampaignForReading(parser.positionalArguments().first(), command);
    if (!store) {
        return ExitUsage;
    }
    std::FILE *out = stdout;
    const QString outputPath = parser.value("output");
    if (!outputPath.isEmpty()) {
        out = std::fopen(qPrintable(outputPath), "wb");
        if (out == nullptr) {
            printError(command, outputPath + ": " + std::strerror(errno));
            return ExitFailure;
        }
    }
    const Result<int64_t> written = exportEvents(*store, *format, filter, out);
    const bool closed = out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0;
    if (!written || !closed) {
        printError(command, QString::fromStdString(written ? std::string(std::strerror(errno)) : written.message()));
        return ExitFailure;
    }
    if (!outputPath.isEmpty()) {
        std::fprintf(stderr, "pulsemap-cli export: %lld events written to %s\n", static_cast<long long>(*written),
                     qPrintable(outputPath));
    }
    return ExitOk;
}

} // namespace pulsemap::cli
