#include "app_options.h"

#include "ingest/geoip.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace pulsemap {

bool parseAppOptions(const QStringList &arguments, AppOptions &options, QString &message, int &exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Pulsemap: a live world map of geolocated events.\n\n"
        "Without arguments it replays the bundled demo campaign. Give a campaign file to replay it, or a live "
        "source with --source: an access log (followed like tail -F, rotation-safe) or simulate[:RATE].");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("CAMPAIGN", "Campaign file to replay (events placed at their time).", "[CAMPAIGN]");
    parser.addOption({"source",
                      "Live source: an access log path (followed like tail -F), a stream URL (ws://, wss://, "
                      "socketio://host:port[/namespace]), or simulate[:EVENTS_PER_SECOND].",
                      "SOURCE"});
    parser.addOption({"subscribe", "Streams: only these event types, comma-separated (default: all).", "TYPES"});
    parser.addOption({"token", "Streams: bearer token.", "TOKEN"});
    parser.addOption({"header", "Streams: extra handshake header NAME:VALUE (repeatable).", "HEADER"});
    parser.addOption({"ca", "Streams: CA certificate file trusted for wss:// in addition to the system's.", "FILE"});
    parser.addOption({"geoip", "MMDB city database for log sources (default: searched as pulsemap-cli does).", "DB"});
    parser.addOption({"format", "Log format for --source (as pulsemap-cli import --format).", "FORMAT", "combined"});
    parser.addOption({"type", "Event type rule for --source (as pulsemap-cli import --type).", "TYPE=COND"});
    parser.addOption({"xff", "Log sources: client address from the first X-Forwarded-For hop."});
    parser.addOption(
        {"speed", "Replay: campaign seconds per second (default: the whole campaign in --replay-seconds).", "X"});
    parser.addOption({"replay-seconds", "Replay: how long the whole campaign takes (default 60).", "SECONDS", "60"});
    parser.addOption({"loop", "Replay: start again at the end."});
    parser.addOption({"fade", "Seconds a pulse takes to fade (default 5).", "SECONDS", "5"});
    parser.addOption({"half-life", "Heat half-life in seconds (default 600).", "SECONDS", "600"});
    parser.addOption({"wall", "Wall display: fullscreen, no chrome, hidden cursor, large type (F11 toggles)."});
    parser.addOption({"tour", "Wall display: slowly tour the busiest regions."});
    parser.addOption({"screenshot", "Save the window as PNG after --after seconds, then exit.", "FILE.png"});
    parser.addOption({"after", "Seconds to wait before --screenshot (default 3).", "SECONDS", "3"});
    parser.addOption({"size", "Window size, e.g. 1920x1080 (default 1600x900).", "WxH"});
    parser.addOption({"frame-stats", "Print the startup time to the first frame and frame-time statistics."});

    QStringList withProgram = arguments;
    withProgram.prepend("pulsemap");
    if (!parser.parse(withProgram)) {
        message = parser.errorText() + " (see --help)";
        exitCode = 2;
        return false;
    }
    if (parser.isSet("help")) {
        message = parser.helpText();
        exitCode = 0;
        return false;
    }
    if (parser.isSet("version")) {
        message = QStringLiteral("pulsemap %1\n").arg(PULSEMAP_VERSION);
        exitCode = 0;
        return false;
    }
    auto number = [&](const char *name, double &out) {
        bool ok = false;
        const double value = parser.value(name).toDouble(&ok);
        if (!ok || value < 0) {
            message = QStringLiteral("--%1: expected a non-negative number").arg(name);
            exitCode = 2;
            return false;
        }
        out = value;
        return true;
    };
    if (!number("fade", options.settings.fadeSeconds) || !number("half-life", options.settings.halfLifeSeconds) ||
        !number("replay-seconds", options.replay.targetSeconds) || !number("after", options.screenshotAfterSeconds)) {
        return false;
    }
    if (parser.isSet("speed") && !number("speed", options.replay.speed)) {
        return false;
    }
    options.replay.loop = parser.isSet("loop");
    options.settings.wallMode = parser.isSet("wall");
    options.settings.tour = parser.isSet("tour");
    options.screenshotPath = parser.value("screenshot");
    options.frameStats = parser.isSet("frame-stats");
    if (parser.isSet("size")) {
        const QRegularExpressionMatch match = QRegularExpression("^(\\d+)x(\\d+)$").match(parser.value("size"));
        if (!match.hasMatch() || match.captured(1).toInt() < 64 || match.captured(2).toInt() < 64) {
            message = "--size: expected WIDTHxHEIGHT, e.g. 1920x1080";
            exitCode = 2;
            return false;
        }
        options.windowSize = QSize(match.captured(1).toInt(), match.captured(2).toInt());
        options.sizeGiven = true;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (!positional.isEmpty() && parser.isSet("source"))) {
        message = "give either a CAMPAIGN file or --source, not both (see --help)";
        exitCode = 2;
        return false;
    }
    if (!positional.isEmpty()) {
        options.sourceKind = AppOptions::SourceKind::Campaign;
        options.campaignPath = positional.first();
        options.settings.title = QStringLiteral("Pulsemap — %1").arg(positional.first());
    } else if (parser.isSet("source")) {
        const QString source = parser.value("source");
        if (source.startsWith("ws://") || source.startsWith("wss://") || source.startsWith("socketio://") ||
            source.startsWith("socketios://")) {
            options.sourceKind = AppOptions::SourceKind::Stream;
            options.stream.client.url = source;
            if (parser.isSet("subscribe")) {
                options.stream.client.subscribe = parser.value("subscribe").split(',', Qt::SkipEmptyParts);
            }
            options.stream.client.token = parser.value("token").toUtf8();
            for (const QString &header : parser.values("header")) {
                const qsizetype colon = header.indexOf(':');
                if (colon <= 0) {
                    message = "--header: expected NAME:VALUE";
                    exitCode = 2;
                    return false;
                }
                options.stream.client.headers.append(
                    {header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
            }
            options.stream.client.caFile = parser.value("ca");
            options.stream.geoipPath =
                parser.isSet("geoip") ? parser.value("geoip") : QString::fromStdString(GeoIp::findDefaultDatabase());
            options.settings.title = QStringLiteral("Pulsemap — %1").arg(source);
        } else if (source == "simulate" || source.startsWith("simulate:")) {
            options.sourceKind = AppOptions::SourceKind::Simulated;
            if (source.startsWith("simulate:")) {
                bool ok = false;
                options.simulatedRate = source.mid(9).toDouble(&ok);
                if (!ok || options.simulatedRate <= 0) {
                    message = "--source simulate:RATE: expected events per second";
                    exitCode = 2;
                    return false;
                }
            }
            options.settings.title = QStringLiteral("Pulsemap — simulated traffic");
        } else {
            options.sourceKind = AppOptions::SourceKind::Log;
            options.log.inputs = {source.toStdString()};
            options.log.format = parser.value("format").toStdString();
            options.log.useForwardedFor = parser.isSet("xff");
            for (const QString &rule : parser.values("type")) {
                options.log.typeRules.push_back(rule.toStdString());
            }
            options.log.geoipPath =
                parser.isSet("geoip") ? parser.value("geoip").toStdString() : GeoIp::findDefaultDatabase();
            options.settings.title = QStringLiteral("Pulsemap — %1").arg(source);
        }
    }
    return true;
}

} // namespace pulsemap
