#include "cli_util.h"

#include "commands.h"
#include "ingest/timestamp.h"

#include <cstdio>

namespace pulsemap::cli {

void printError(const QString &command, const QString &message)
{
    std::fprintf(stderr, "pulsemap-cli %s: %s\n", qPrintable(command), qPrintable(message));
}

std::optional<int64_t> parseTimeArgument(const QString &text)
{
    bool isNumber = false;
    const qlonglong ms = text.toLongLong(&isNumber);
    if (isNumber) {
        return ms;
    }
    const std::string utf8 = text.toStdString();
    int64_t ts = 0;
    if (parseTimestamp(utf8, ts)) {
        return ts;
    }
    if (parseTimestamp(utf8 + "T00:00:00Z", ts)) {
        return ts;
    }
    return std::nullopt;
}

void addFilterOptions(QCommandLineParser &parser)
{
    parser.addOption({"type", "Only events of this type.", "TYPE"});
    parser.addOption({"campaign", "Only events of this campaign.", "ID"});
    parser.addOption({"from", "Only events at or after this time (ISO 8601 UTC or Unix ms).", "TIME"});
    parser.addOption({"to", "Only events before this time (ISO 8601 UTC or Unix ms).", "TIME"});
}

bool filterFromOptions(const QCommandLineParser &parser, const QString &command, EventFilter &filter)
{
    filter.type = parser.value("type").toStdString();
    filter.campaign = parser.value("campaign").toStdString();
    for (const char *name : {"from", "to"}) {
        if (!parser.isSet(name)) {
            continue;
        }
        const auto ts = parseTimeArgument(parser.value(name));
        if (!ts) {
            printError(command, QStringLiteral("--%1: not a time: %2").arg(name, parser.value(name)));
            return false;
        }
        (QString(name) == "from" ? filter.fromMs : filter.toMs) = *ts;
    }
    return true;
}

std::unique_ptr<CampaignStore> openCampaignForReading(const QString &path, const QString &command)
{
    std::string error;
    auto store = CampaignStore::open(path.toStdString(), CampaignStore::Access::ReadOnly, error);
    if (!store) {
        printError(command, QString::fromStdString(error));
    }
    return store;
}

int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, const QString &command)
{
    parser.addHelpOption();
    QStringList withProgram = arguments;
    withProgram.prepend("pulsemap-cli " + command);
    if (!parser.parse(withProgram)) {
        printError(command, parser.errorText() + " (see --help)");
        return ExitUsage;
    }
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitOk;
    }
    return -1;
}

} // namespace pulsemap::cli
