// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "app_options.h"

#include "alerts/alert_rule.h"
#include "core/campaign_store.h"
#include "core/result.h"
#include "ingest/geoip.h"
#include "ingest/timestamp.h"
#include "nats/nats_endpoint.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimeZone>

#include <optional>

namespace pulsemap {

namespace {

Error usage(const QString &message)
{
    return fail(message.toStdString());
}

void addSourceOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument("CAMPAIGN", "Campaign file to replay (events placed at their time).", "[CAMPAIGN]");
    parser.addOption({"demo",
                      "Without a CAMPAIGN or --source: which bundled demo plays, email (a newsletter send's opens "
                      "and clicks over a day, the default) or web (real web traffic).",
                      "email|web", "email"});
    parser.addOption(
        {"source",
         "Live source: an access log path (followed like tail -F), a stream URL (ws://, wss://, "
         "socketio://host:port[/namespace]), a NATS JetStream stream on a LAN (nats://host:port[,host:port...]"
         "[?types=A,B], tls://...), or simulate[:EVENTS_PER_SECOND].",
         "SOURCE"});
    parser.addOption({"subscribe", "Streams: only these event types, comma-separated (default: all).", "TYPES"});
    parser.addOption({"token", "Streams: bearer token.", "TOKEN"});
    parser.addOption({"header", "Streams: extra handshake header NAME:VALUE (repeatable).", "HEADER"});
    parser.addOption(
        {"ca", "Streams: CA certificate file trusted for wss:// in addition to the system's (tls://: PEM).", "FILE"});
    parser.addOption({"geoip", "MMDB city database for log sources (default: searched as pulsemap-cli does).", "DB"});
    parser.addOption({"format",
                      "Log format for --source (as pulsemap-cli import --format: combined, json, s3, cloudfront, alb, "
                      "w3c, caddy, traefik, squid, haproxy, ...).",
                      "FORMAT", "combined"});
    parser.addOption({"type", "Event type rule for --source (as pulsemap-cli import --type).", "TYPE=COND"});
    parser.addOption({"xff", "Log sources: client address from the first X-Forwarded-For hop."});
    parser.addOption({"record",
                      "Record the live --source into this campaign file from the start (appends when it exists; "
                      "at most the last second is lost if the app is killed).",
                      "FILE"});
}

void addReplayOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {"speed", "Replay: campaign seconds per second (default: the whole campaign in --replay-seconds).", "X"});
    parser.addOption({"replay-seconds", "Replay: how long the whole campaign takes (default 60).", "SECONDS", "60"});
    parser.addOption({"loop", "Replay: start again at the end."});
    parser.addOption({"tz", "Replay: read the timeline's clock in this IANA time zone (e.g. Europe/Berlin).", "ZONE"});
    parser.addOption({"compare",
                      "Replay: compare with this second campaign (A/B), on its own map beside the first, kept at "
                      "the same moment (see --align).",
                      "FILE"});
    parser.addOption({"align",
                      "Replay with --compare: line the campaigns up by their starts (start, the default) or by "
                      "clock time (clock).",
                      "start|clock", "start"});
    parser.addOption({"at",
                      "Replay: start at TIME (ISO 8601, e.g. 2024-05-17T10:00:00Z) or at a share of the campaign "
                      "(e.g. 50%), the heat rebuilt as it was then.",
                      "TIME|N%"});
    parser.addOption({"paused", "Replay: open paused (with --at: the picture of that moment)."});
    parser.addOption({"window",
                      "Replay heat: decay (default: fades with --half-life), cumulative, or "
                      "sliding:DURATION (the last DURATION of campaign time, e.g. sliding:1h).",
                      "MODE"});
}

// "90s", "30m", "2h", "1d" (a bare number is seconds).
std::optional<int64_t> parseDurationMs(const QString &text)
{
    const QRegularExpressionMatch match = QRegularExpression(R"(^(\d+(?:\.\d+)?)([smhd]?)$)").match(text);
    if (!match.hasMatch()) {
        return std::nullopt;
    }
    const double unit = match.captured(2) == "m"   ? 60'000.0
                        : match.captured(2) == "h" ? 3'600'000.0
                        : match.captured(2) == "d" ? 86'400'000.0
                                                   : 1000.0;
    const auto ms = int64_t(match.captured(1).toDouble() * unit);
    return ms > 0 ? std::optional<int64_t>(ms) : std::nullopt;
}

Status readSeekOptions(const QCommandLineParser &parser, ReplaySource::Options &replay)
{
    if (parser.isSet("at")) {
        const QString at = parser.value("at");
        int64_t ts = 0;
        if (at.endsWith('%')) {
            bool ok = false;
            const double percent = at.chopped(1).toDouble(&ok);
            if (!ok || percent < 0 || percent > 100) {
                return usage(QStringLiteral("--at: expected a percentage from 0% to 100%, got %1").arg(at));
            }
            replay.atFraction = percent / 100.0;
        } else if (parseTimestamp(at.toStdString(), ts)) {
            replay.atMs = ts;
        } else {
            return usage(QStringLiteral("--at: not a time or a percentage: %1").arg(at));
        }
    }
    replay.paused = parser.isSet("paused");
    if (parser.isSet("window")) {
        const QString window = parser.value("window");
        if (window == "decay") {
            replay.window = ReplaySource::WindowMode::Decay;
        } else if (window == "cumulative") {
            replay.window = ReplaySource::WindowMode::Cumulative;
        } else if (const auto width = parseDurationMs(window.mid(8)); window.startsWith("sliding:") && width) {
            replay.window = ReplaySource::WindowMode::Sliding;
            replay.windowMs = *width;
        } else {
            return usage(QStringLiteral("--window: expected decay, cumulative or sliding:DURATION (e.g. "
                                        "sliding:30m), got %1")
                             .arg(window));
        }
    }
    return {};
}

void addDisplayOptions(QCommandLineParser &parser)
{
    parser.addOption({"fade", "Seconds a pulse takes to fade (default 5).", "SECONDS", "5"});
    parser.addOption({"half-life", "Heat half-life in seconds (default 600).", "SECONDS", "600"});
    parser.addOption({"wall", "Wall display: fullscreen, no chrome, hidden cursor, large type (F11 toggles)."});
    parser.addOption({"tour", "Wall display: slowly tour the busiest regions."});
    parser.addOption({"hide-charts", "Start with the trend charts beside the map collapsed (C toggles)."});
    parser.addOption({"calendar",
                      "Open the calendar view (K) at start: GRANULARITY[:COMPARE[:METRIC[:line]]], e.g. day:week "
                      "(hour...year; none, previous, week, month, year; events, visitors, new, returning).",
                      "SPEC"});
    parser.addOption({"campaign",
                      "Show only this campaign id: the map, the timeline and the charts (the campaign menu "
                      "changes it).",
                      "ID"});
    parser.addOption({"alert",
                      "Alert rule for this run instead of the saved ones, repeatable: 'burst: click per 10s > 50' "
                      "(docs/alerts.md).",
                      "RULE"});
}

void addScreenshotOptions(QCommandLineParser &parser)
{
    parser.addOption({"screenshot", "Save the window as PNG after --after seconds, then exit.", "FILE.png"});
    parser.addOption({"after", "Seconds to wait before --screenshot (default 3).", "SECONDS", "3"});
    parser.addOption({"size", "Window size, e.g. 1920x1080 (default 1600x900).", "WxH"});
    parser.addOption({"frame-stats", "Print the startup time to the first frame and frame-time statistics."});
    parser.addOption({"scrub",
                      "With --frame-stats and a campaign: drag the playhead back and forth across it for SECONDS "
                      "(a new position every 16 ms, as a mouse drag) and print the pictures and frames per second.",
                      "SECONDS"});
}

Status readNumber(const QCommandLineParser &parser, const char *name, double &out)
{
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < 0) {
        return usage(QStringLiteral("--%1: expected a non-negative number").arg(name));
    }
    out = value;
    return {};
}

Status readReplayOptions(const QCommandLineParser &parser, AppOptions &options)
{
    if (Status read = readNumber(parser, "replay-seconds", options.replay.targetSeconds); !read) {
        return read;
    }
    if (parser.isSet("speed")) {
        if (Status read = readNumber(parser, "speed", options.replay.speed); !read) {
            return read;
        }
    }
    options.replay.loop = parser.isSet("loop");
    options.settings.comparePath = parser.value("compare");
    options.settings.timeZone = parser.value("tz");
    if (!options.settings.timeZone.isEmpty() && !QTimeZone(options.settings.timeZone.toUtf8()).isValid()) {
        return usage(QStringLiteral("--tz %1: not a known time zone (an IANA name such as Europe/Berlin)")
                         .arg(options.settings.timeZone));
    }
    const QString align = parser.value("align");
    if (align != "start" && align != "clock") {
        return usage(QStringLiteral("--align %1: expected start or clock").arg(align));
    }
    options.settings.compareAlign = align == "clock" ? CompareSession::Align::ClockTime : CompareSession::Align::Start;
    if (options.replay.speed > 0 &&
        (options.replay.speed < ReplaySource::kMinSpeed || options.replay.speed > ReplaySource::kMaxSpeed)) {
        return usage(QStringLiteral("--speed: expected 0.01 to 100000"));
    }
    return readSeekOptions(parser, options.replay);
}

Status readDisplayOptions(const QCommandLineParser &parser, AppOptions &options)
{
    if (Status read = readNumber(parser, "fade", options.settings.fadeSeconds); !read) {
        return read;
    }
    if (Status read = readNumber(parser, "half-life", options.settings.halfLifeSeconds); !read) {
        return read;
    }
    options.settings.wallMode = parser.isSet("wall");
    options.settings.tour = parser.isSet("tour");
    options.settings.hideCharts = parser.isSet("hide-charts");
    options.calendarSpec = parser.value("calendar");
    if (!options.calendarSpec.isEmpty() &&
        !QRegularExpression("^(hour|day|week|month|quarter|year)(:(none|previous|week|month|year)(:(events|visitors|"
                            "new|returning)(:(bars|line))?)?)?$")
             .match(options.calendarSpec)
             .hasMatch()) {
        return usage("--calendar: expected GRANULARITY[:COMPARE[:METRIC[:line]]], e.g. day:week");
    }
    options.settings.campaignFilter = parser.value("campaign");
    for (const QString &text : parser.values("alert")) {
        if (const Result<AlertRule> rule = parseAlertRule(text.toStdString()); !rule) {
            return usage("--alert: " + QString::fromStdString(rule.message()));
        }
        options.alertRules << text;
    }
    return {};
}

Status readScreenshotOptions(const QCommandLineParser &parser, AppOptions &options)
{
    if (Status read = readNumber(parser, "after", options.screenshotAfterSeconds); !read) {
        return read;
    }
    options.screenshotPath = parser.value("screenshot");
    options.frameStats = parser.isSet("frame-stats");
    if (parser.isSet("scrub")) {
        if (Status read = readNumber(parser, "scrub", options.scrubSeconds); !read) {
            return read;
        }
    }
    if (parser.isSet("size")) {
        const QRegularExpressionMatch match = QRegularExpression("^(\\d+)x(\\d+)$").match(parser.value("size"));
        if (!match.hasMatch() || match.captured(1).toInt() < 64 || match.captured(2).toInt() < 64) {
            return usage("--size: expected WIDTHxHEIGHT, e.g. 1920x1080");
        }
        options.windowSize = QSize(match.captured(1).toInt(), match.captured(2).toInt());
        options.sizeGiven = true;
    }
    return {};
}

Status readStreamSource(const QCommandLineParser &parser, const QString &url, AppOptions &options)
{
    options.sourceKind = AppOptions::SourceKind::Stream;
    options.stream.client.url = url;
    if (parser.isSet("subscribe")) {
        options.stream.client.subscribe = parser.value("subscribe").split(',', Qt::SkipEmptyParts);
    }
    options.stream.client.token = parser.value("token").toUtf8();
    for (const QString &header : parser.values("header")) {
        const qsizetype colon = header.indexOf(':');
        if (colon <= 0) {
            return usage("--header: expected NAME:VALUE");
        }
        options.stream.client.headers.append(
            {header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    options.stream.client.caFile = parser.value("ca");
    options.stream.geoipPath =
        parser.isSet("geoip") ? parser.value("geoip") : QString::fromStdString(GeoIp::findDefaultDatabase());
    options.settings.title = QStringLiteral("Pulsemap — %1").arg(url);
    return {};
}

Status readSimulatedSource(const QString &source, AppOptions &options)
{
    options.sourceKind = AppOptions::SourceKind::Simulated;
    if (source.startsWith("simulate:")) {
        bool ok = false;
        options.simulatedRate = source.mid(9).toDouble(&ok);
        if (!ok || options.simulatedRate <= 0) {
            return usage("--source simulate:RATE: expected events per second");
        }
    }
    options.settings.title = QStringLiteral("Pulsemap — simulated traffic");
    return {};
}

void readLogSource(const QCommandLineParser &parser, const QString &path, AppOptions &options)
{
    options.sourceKind = AppOptions::SourceKind::Log;
    options.log.inputs = {path.toStdString()};
    options.log.format = parser.value("format").toStdString();
    options.log.useForwardedFor = parser.isSet("xff");
    for (const QString &rule : parser.values("type")) {
        options.log.typeRules.push_back(rule.toStdString());
    }
    options.log.geoipPath = parser.isSet("geoip") ? parser.value("geoip").toStdString() : GeoIp::findDefaultDatabase();
    options.settings.title = QStringLiteral("Pulsemap — %1").arg(path);
}

// Where events come from: the demo (nothing said), a campaign file, or --source.
Status readSourceOptions(const QCommandLineParser &parser, AppOptions &options)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (!positional.isEmpty() && parser.isSet("source"))) {
        return usage("give either a CAMPAIGN file or --source, not both (see --help)");
    }
    if (!positional.isEmpty()) {
        options.sourceKind = AppOptions::SourceKind::Campaign;
        options.campaignPath = positional.first();
        options.settings.title = QStringLiteral("Pulsemap — %1").arg(positional.first());
        return {};
    }
    if (!parser.isSet("source")) {
        options.demo = parser.value("demo");
        if (options.demo != "email" && options.demo != "web") {
            return usage(QStringLiteral("--demo %1: expected email or web").arg(options.demo));
        }
        return {};
    }
    const QString source = parser.value("source");
    if (source.startsWith("ws://") || source.startsWith("wss://") || source.startsWith("socketio://") ||
        source.startsWith("socketios://") || isNatsUrl(source.toStdString())) {
        return readStreamSource(parser, source, options);
    }
    if (source == "simulate" || source.startsWith("simulate:")) {
        return readSimulatedSource(source, options);
    }
    readLogSource(parser, source, options);
    return {};
}

// --compare: a replay beside a replay, and a file that is a campaign (checked here, so a typo fails at once).
Status readCompareOption(const QCommandLineParser &, AppOptions &options)
{
    if (options.settings.comparePath.isEmpty()) {
        return {};
    }
    if (options.sourceKind != AppOptions::SourceKind::Demo && options.sourceKind != AppOptions::SourceKind::Campaign) {
        return usage("--compare: compares two replayed campaigns; give a CAMPAIGN file, not a live --source");
    }
    if (Status header = checkCampaignHeader(options.settings.comparePath.toStdString()); !header) {
        return usage(QStringLiteral("--compare: %1").arg(QString::fromStdString(header.message())));
    }
    return {};
}

// --record: only a live source, into a file whose directory exists (checked here so that a typo fails at
// once, before any window opens).
Status readRecordOption(const QCommandLineParser &parser, AppOptions &options)
{
    if (!parser.isSet("record")) {
        return {};
    }
    const QString path = parser.value("record");
    if (options.sourceKind == AppOptions::SourceKind::Demo || options.sourceKind == AppOptions::SourceKind::Campaign) {
        return usage("--record: a replayed campaign is already a file; record a live --source");
    }
    const QFileInfo file(path);
    if (path.isEmpty() || file.isDir()) {
        return usage(QStringLiteral("--record %1: expected a campaign file name, not a directory").arg(path));
    }
    if (!file.absoluteDir().exists()) {
        return usage(QStringLiteral("--record %1: directory %2 does not exist").arg(path, file.absolutePath()));
    }
    options.recordPath = path;
    return {};
}

} // namespace

std::variant<AppOptions, AppExit> parseAppOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Pulsemap: a live world map of geolocated events.\n\n"
        "Without arguments it replays a bundled demo campaign (--demo). Give a campaign file to replay it, or a live "
        "source with --source: an access log (followed like tail -F, rotation-safe) or simulate[:RATE]; "
        "--record FILE records a live source into a campaign file.");
    parser.addHelpOption();
    parser.addVersionOption();
    addSourceOptions(parser);
    addReplayOptions(parser);
    addDisplayOptions(parser);
    addScreenshotOptions(parser);

    QStringList withProgram = arguments;
    withProgram.prepend("pulsemap");
    if (!parser.parse(withProgram)) {
        return AppExit{2, parser.errorText() + " (see --help)"};
    }
    if (parser.isSet("help")) {
        return AppExit{0, parser.helpText()};
    }
    if (parser.isSet("version")) {
        return AppExit{0, QStringLiteral("pulsemap %1\n").arg(PULSEMAP_VERSION)};
    }
    AppOptions options;
    using Reader = Status (*)(const QCommandLineParser &, AppOptions &);
    for (const Reader read : {readDisplayOptions, readReplayOptions, readScreenshotOptions, readSourceOptions,
                              readRecordOption, readCompareOption}) {
        if (const Status status = read(parser, options); !status) {
            return AppExit{2, QString::fromStdString(status.message())};
        }
    }
    return options;
}

} // namespace pulsemap
