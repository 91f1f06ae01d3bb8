// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "analytics/campaign_query.h"
#include "analytics/local_bucket_query.h"
#include "analytics/visitor_query.h"
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_store.h"

#include <QCommandLineParser>

#include <cstdio>
#include <utility>
#include <vector>

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

// The time series: UTC buckets as ever, or with --tz the zone's local calendar; --compare and --visitors add
// a column each; --new-returning two more after visitors.
int printBuckets(const CampaignStore &store, civil::Bucket bucket, const EventFilter &filter, bool fillGaps,
                 const std::optional<LocalCalendar> &zone, std::optional<Comparison> comparison, bool visitors,
                 bool split)
{
    const QString command = "stats";
    const auto rows = zone ? countByLocalBucket(store, *zone, bucket, filter, fillGaps)
                           : countByBucket(store, bucket, filter, fillGaps);
    if (!rows) {
        printError(command, QString::fromStdString(rows.message()));
        return ExitFailure;
    }
    std::vector<int64_t> previous;
    if (comparison) {
        auto compared = comparedCounts(store, zone ? *zone : LocalCalendar::utc(), bucket, *comparison, filter, *rows);
        if (!compared) {
            printError(command, QString::fromStdString(compared.message()));
            return ExitFailure;
        }
        previous = std::move(*compared);
    }
    std::vector<int64_t> distinct;
    if (visitors) {
        auto counted = distinctVisitors(store, zone ? *zone : LocalCalendar::utc(), bucket, filter, *rows);
        if (!counted) {
            printError(command, QString::fromStdString(counted.message()));
            return ExitFailure;
        }
        distinct = std::move(*counted);
    }
    std::vector<int64_t> fresh;
    if (split) {
        auto counted = newVisitors(store, zone ? *zone : LocalCalendar::utc(), bucket, filter, *rows);
        if (!counted) {
            printError(command, QString::fromStdString(counted.message()));
            return ExitFailure;
        }
        fresh = std::move(*counted);
    }
    std::printf("bucket_start,count%s%s%s\n", comparison ? ",previous" : "", visitors ? ",visitors" : "",
                split ? ",new,returning" : "");
    char time[48];
    for (size_t i = 0; i < rows->size(); ++i) {
        const BucketCount &row = (*rows)[i];
        time[zone ? zone->formatIso(row.startMs, time) : civil::formatIsoUtc(row.startMs, time)] = 0;
        std::printf("%s,%lld", time, static_cast<long long>(row.count));
        if (comparison) {
            std::printf(",%lld", static_cast<long long>(previous[i]));
        }
        if (visitors) {
            std::printf(",%lld", static_cast<long long>(distinct[i]));
        }
        if (split) {
            std::printf(",%lld,%lld", static_cast<long long>(fresh[i]), static_cast<long long>(distinct[i] - fresh[i]));
        }
        std::putchar('\n');
    }
    return ExitOk;
}

} // namespace

int runStats(const QStringList &arguments)
{
    const QString command = "stats";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Counts a campaign's events per time bucket (CSV bucket_start,count; UTC, or "
        "the local calendar of --tz) or, with --by, per country, city, type, campaign or page (path).");
    parser.addPositionalArgument("CAMPAIGN", "Campaign file.");
    parser.addOption(
        {"bucket", "second, minute, hour, day, week (ISO, from Monday), month, quarter or year.", "BUCKET"});
    parser.addOption(
        {"by", "Breakdown instead of a time series: country, city, type, campaign or path (pages).", "DIMENSION"});
    parser.addOption({"top", "With --by: only the N largest groups.", "N", "0"});
    parser.addOption({"no-fill", "With --bucket: leave out empty buckets instead of listing them with 0."});
    parser.addOption(
        {"tz", "With --bucket: buckets of this zone's local calendar (IANA name, e.g. Europe/Paris).", "ZONE"});
    parser.addOption({"compare",
                      "With --bucket: add a column previous, the count of the bucket before or of the one a week, "
                      "month or year earlier: previous, week, month or year.",
                      "PERIOD"});
    parser.addOption({"visitors", "With --bucket: add a column visitors, the distinct visitor ids in each bucket."});
    parser.addOption({"new-returning",
                      "With --visitors: add columns new (visitors whose first event in the file is in the bucket) "
                      "and returning (the others)."});
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
            printError(command, "--by: expected country, city, type, campaign or path");
            return ExitUsage;
        }
    }
    if (!bucket && (parser.isSet("tz") || parser.isSet("compare") || parser.isSet("visitors"))) {
        printError(command, "--tz, --compare and --visitors need --bucket");
        return ExitUsage;
    }
    if (parser.isSet("new-returning") && !parser.isSet("visitors")) {
        printError(command, "--new-returning needs --visitors");
        return ExitUsage;
    }
    std::optional<LocalCalendar> zone;
    if (parser.isSet("tz")) {
        auto calendar = LocalCalendar::forZone(parser.value("tz").toStdString());
        if (!calendar) {
            printError(command, "--tz: " + QString::fromStdString(calendar.message()));
            return ExitUsage;
        }
        zone = std::move(*calendar);
    }
    std::optional<Comparison> comparison;
    if (parser.isSet("compare")) {
        comparison = comparisonFromName(parser.value("compare").toStdString());
        if (!comparison) {
            printError(command, "--compare: expected previous, week, month or year");
            return ExitUsage;
        }
        if (!comparisonFits(*comparison, *bucket)) {
            printError(command, "--compare " + parser.value("compare") + ": shorter than a --bucket of " +
                                    QString::fromUtf8(civil::bucketName(*bucket)) + "; use previous or year");
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
        return printBuckets(*store, *bucket, filter, !parser.isSet("no-fill"), zone, comparison,
                            parser.isSet("visitors"), parser.isSet("new-returning"));
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
