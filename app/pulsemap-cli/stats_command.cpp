// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "analytics/campaign_query.h"
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_store.h"

#include <QCommandLineParser>

#include <cstdio>

namespace pulsemap::cli {

namespace {

// CSV field: quoted only when it must be.
std::string csv(const std::string &text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + '"';
}

} // namespace

int runStats(const QStringList &arguments)
{
    const QString command = "stats";
    QCommandLineParser parser;
    parser.setApplicationDescription("Counts a campaign's events per UTC time bucket (CSV bucket_start,count) or, "
                                     "with --by, per country, city, type or campaign.");
    parser.addPositionalArgument("CAMPAIGN", "Campaign file.");
    parser.addOption(
        {"bucket", "second, minute, hour, day, week (ISO, from Monday), month, quarter or year.", "BUCKET"});
    parser.addOption({"by", "Breakdown instead of a time series: country, city, type or campaign.", "DIMENSION"});
    parser.addOption({"top", "With --by: only the N largest groups.", "N", "0"});
    parser.addOption({"no-fill", "With --bucket: leave out empty buckets instead of listing them with 0."});
    addFilterOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    if (parser.positionalArguments().size() != 1 || parser.isSet("bucket") == parser.isSet("by")) {
        printError(command, "usage: pulsemap-cli stats CAMPAIGN (--bucket BUCKET | --by DIMENSION) [options]");
        return ExitUsage;
    }
    EventFilter filter;
    if (!filterFromOptions(parser, command, filter)) {
        return ExitUsage;
    }
    std::optional<civil::Bucket> bucket;
    std::optional<Dimension> dimension;
    if (parser.isSet("bucket")) {
        bucket = civil::bucketFromName(parser.value("bucket").toStdString());
        if (!bucket) {
            printError(command, "--bucket: expected second, minute, hour, day, week, month, quarter or year");
            return ExitUsage;
        }
    } else {
        dimension = dimensionFromName(parser.value("by").toStdString());
        if (!dimension) {
            printError(command, "--by: expected country, city, type or campaign");
            return ExitUsage;
        }
    }
    bool ok = false;
    const qulonglong top = parser.value("top").toULongLong(&ok);
    if (!ok) {
        printError(command, "--top: expected a number");
        return ExitUsage;
    }

    auto store = openCampaignForReading(parser.positionalArguments().first(), command);
    if (!store) {
        return ExitUsage;
    }
    if (bucket) {
        const auto rows = countByBucket(*store, *bucket, filter, !parser.isSet("no-fill"));
        if (!rows) {
            printError(command, QString::fromStdString(rows.message()));
            return ExitFailure;
        }
        std::puts("bucket_start,count");
        char time[32];
        for (const BucketCount &row : *rows) {
            time[civil::formatIsoUtc(row.startMs, time)] = 0;
            std::printf("%s,%lld\n", time, static_cast<long long>(row.count));
        }
        return ExitOk;
    }
    const auto rows = countBy(*store, *dimension, filter, top);
    if (!rows) {
        printError(command, QString::fromStdString(rows.message()));
        return ExitFailure;
    }
    const std::string name = parser.value("by").toStdString();
    std::printf(*dimension == Dimension::City ? "city,country,count\n" : "%s,count\n", name.c_str());
    for (const GroupCount &row : *rows) {
        if (*dimension == Dimension::City) {
            std::printf("%s,%s,%lld\n", csv(row.key).c_str(), csv(row.country).c_str(),
                        static_cast<long long>(row.count));
        } else {
            std::printf("%s,%lld\n", csv(row.key).c_str(), static_cast<long long>(row.count));
        }
    }
    return ExitOk;
}

} // namespace pulsemap::cli
