// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "analytics/report_data.h"
#include "cli_util.h"
#include "commands.h"
#include "core/clock.h"
#include "report/report_map.h"
#include "report/report_output.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>

#include <cstdio>

namespace pulsemap::cli {

namespace {

const QString kCommand = QStringLiteral("report");
constexpr int kMapPixels = 2200; // about 300 dpi across the page's map

void addReportOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        "Writes a one-page report of a campaign: totals, a map of where the events came from, the trend beside the "
        "previous period, the top countries, cities, pages and campaigns. Needs no display. The format follows "
        "the file name: .pdf, .png, .svg or .csv.");
    parser.addPositionalArgument("CAMPAIGN", "The campaign file.");
    parser.addOption({{"o", "output"}, "The report file: report.pdf, .png, .svg or .csv.", "FILE"});
    parser.addOption({"title", "The report's title (default: the campaign file's name).", "TEXT"});
    parser.addOption({"tz", "Dates, buckets and plain --from/--to dates in this zone (IANA name).", "ZONE"});
    parser.addOption({"top", "Rows per table.", "N", "10"});
    addFilterOptions(parser);
}

// A plain date given with --tz means that local day's midnight, not UTC's.
void localizeDates(const QCommandLineParser &parser, const LocalCalendar &calendar, EventFilter &filter)
{
    const auto localize = [&](const char *option, std::optional<int64_t> &bound) {
        if (bound && parser.value(option).size() == 10) {
            const int64_t noonUtc = *bound + 12 * civil::kMsPerHour;
            const int64_t localNoon = noonUtc - int64_t{calendar.offsetSecondsAt(noonUtc)} * 1000;
            bound = calendar.bucketStart(localNoon, civil::Bucket::Day);
        }
    };
    localize("from", filter.fromMs);
    localize("to", filter.toMs);
}

} // namespace

int runReport(const QStringList &arguments)
{
    QCommandLineParser parser;
    addReportOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, kCommand); exit >= 0) {
        return exit;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet("output")) {
        printError(kCommand,
                   "usage: pulsemap-cli report CAMPAIGN -o report.pdf [--from --to --tz --title] (see --help)");
        return ExitUsage;
    }
    const QString output = parser.value("output");
    const QString suffix = QFileInfo(output).suffix().toLower();
    if (suffix != "pdf" && suffix != "png" && suffix != "svg" && suffix != "csv") {
        printError(kCommand, "-o " + output + ": the file name ends with .pdf, .png, .svg or .csv");
        return ExitUsage;
    }
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance()) == nullptr) {
        printError(kCommand, "internal error: the report needs a QGuiApplication");
        return ExitFailure;
    }
    bool ok = false;
    const qulonglong top = parser.value("top").toULongLong(&ok);
    if (!ok || top == 0 || top > 100) {
        printError(kCommand, "--top: expected a number from 1 to 100");
        return ExitUsage;
    }
    EventFilter filter;
    if (!filterFromOptions(parser, kCommand, filter)) {
        return ExitUsage;
    }
    ReportPage page;
    if (parser.isSet("tz")) {
        auto calendar = LocalCalendar::forZone(parser.value("tz").toStdString());
        if (!calendar) {
            printError(kCommand, "--tz: " + QString::fromStdString(calendar.message()));
            return ExitUsage;
        }
        page.calendar = std::move(*calendar);
        localizeDates(parser, page.calendar, filter);
    }
    auto store = openCampaignForReading(parser.positionalArguments().first(), kCommand);
    if (!store) {
        return ExitUsage;
    }
    auto data = collectReport(*store, page.calendar, filter, top);
    if (!data) {
        printError(kCommand, QString::fromStdString(data.message()));
        return ExitFailure;
    }
    page.data = std::move(*data);
    page.source = QFileInfo(parser.positionalArguments().first()).fileName();
    page.title = parser.isSet("title") ? parser.value("title") : page.source;
    page.generatedMs = systemNowMs();
    if (suffix != "csv") {
        auto map = paintReportMap(page.data.places, kMapPixels);
        if (!map) {
            printError(kCommand, QString::fromStdString(map.message()));
            return ExitFailure;
        }
        page.map = std::move(*map);
    }
    if (const Status written = writeReport(output, page); !written) {
        printError(kCommand, QString::fromStdString(written.message()));
        return ExitFailure;
    }
    std::printf("{\"report\":\"%s\",\"events\":%lld,\"previous_events\":%lld,\"countries\":%lld,\"buckets\":%zu}\n",
                qPrintable(output), static_cast<long long>(page.data.events),
                static_cast<long long>(page.data.previousEvents), static_cast<long long>(page.data.countryCount),
                page.data.trend.size());
    return ExitOk;
}

} // namespace pulsemap::cli
