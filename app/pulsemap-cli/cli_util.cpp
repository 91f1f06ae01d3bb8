// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"

#include "commands.h"
#include "ingest/timestamp.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#include <csignal>
#include <cstdio>

namespace pulsemap::cli {

namespace {

std::atomic<bool> g_stopRequested{false};

extern "C" void onStopSignal(int)
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_stopRequested.store(true);
}

// How often an event loop looks at the flag: soon enough for a person pressing Ctrl-C.
constexpr int kStopPollMs = 100;

} // namespace

const std::atomic<bool> &installStopSignals()
{
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    return g_stopRequested;
}

void exitOnStopSignal(QTimer &poll)
{
    const std::atomic<bool> &stop = installStopSignals();
    QObject::connect(&poll, &QTimer::timeout, [&stop] {
        if (stop.load()) {
            QCoreApplication::exit(ExitOk);
        }
    });
    poll.start(kStopPollMs);
}

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
    parser.addOption({"type", "Only events of this type (repeat for several).", "TYPE"});
    parser.addOption({"campaign", "Only events of this campaign (repeat for several).", "ID"});
    parser.addOption({"from", "Only events at or after this time (ISO 8601 UTC or Unix ms).", "TIME"});
    parser.addOption({"to", "Only events before this time (ISO 8601 UTC or Unix ms).", "TIME"});
}

bool filterFromOptions(const QCommandLineParser &parser, const QString &command, EventFilter &filter)
{
    for (const QString &type : parser.values("type")) {
        filter.types.push_back(type.toStdString());
    }
    for (const QString &campaign : parser.values("campaign")) {
        filter.campaigns.push_back(campaign.toStdString());
    }
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
    auto store = CampaignStore::open(path.toStdString(), CampaignStore::Access::ReadOnly);
    if (!store) {
        printError(command, QString::fromStdString(store.message()));
        return nullptr;
    }
    return std::move(*store);
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

QByteArray secretFromOptions(const QCommandLineParser &parser, const QString &option, const QString &command, bool &ok)
{
    ok = true;
    const QString fileOption = option + "-file";
    if (parser.isSet(option) && parser.isSet(fileOption)) {
        printError(command, "give --" + option + " or --" + fileOption + ", not both");
        ok = false;
        return {};
    }
    QByteArray secret;
    if (parser.isSet(option)) {
        secret = parser.value(option).toUtf8();
    } else if (parser.isSet(fileOption)) {
        QFile file(parser.value(fileOption));
        if (!file.open(QIODevice::ReadOnly)) {
            printError(command, "--" + fileOption + " " + file.fileName() + ": " + file.errorString());
            ok = false;
            return {};
        }
        secret = file.read(4096).split('\n').value(0).trimmed(); // the first line, without its newline
    } else {
        return {};
    }
    if (secret.size() < 16) {
        printError(command, "the --" + option + " must be at least 16 bytes (e.g. openssl rand -hex 32)");
        ok = false;
        return {};
    }
    return secret;
}

} // namespace pulsemap::cli
