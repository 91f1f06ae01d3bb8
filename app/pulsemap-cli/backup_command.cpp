// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_backup.h"
#include "core/campaign_store.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <chrono>
#include <cstdio>
#include <sys/stat.h>

namespace pulsemap::cli {

namespace {

bool sameFile(const QString &a, const QString &b)
{
    struct stat first
    {
    };
    struct stat second
    {
    };
    return ::stat(a.toLocal8Bit().constData(), &first) == 0 && ::stat(b.toLocal8Bit().constData(), &second) == 0 &&
           first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

} // namespace

int runBackup(const QStringList &arguments)
{
    const QString command = "backup";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Copies a campaign file consistently, even while another process records into it: the copy holds every "
        "event committed when the copy started (SQLite's online backup, the source opened read-only) and is one "
        "self-contained file (no -wal).");
    parser.addPositionalArgument("LIVE", "Campaign file to copy (may be recording).");
    parser.addPositionalArgument("COPY", "Where to write the copy (must not exist, see --force).");
    parser.addOption({"force", "Replace COPY if it exists."});
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    const QStringList paths = parser.positionalArguments();
    if (paths.size() != 2) {
        printError(command, "usage: pulsemap-cli backup LIVE COPY [--force]");
        return ExitUsage;
    }
    const QString &live = paths[0];
    const QString &copy = paths[1];
    if (Status header = checkCampaignHeader(live.toStdString()); !header) {
        printError(command, QString::fromStdString(header.message()));
        return ExitUsage;
    }
    if (QFileInfo::exists(copy)) {
        if (sameFile(live, copy)) {
            printError(command, copy + ": is the campaign being copied");
            return ExitUsage;
        }
        if (!parser.isSet("force")) {
            printError(command, copy + ": exists (use --force to replace it)");
            return ExitUsage;
        }
    }
    const auto began = std::chrono::steady_clock::now();
    const auto report = backupCampaign(live.toStdString(), copy.toStdString());
    if (!report) {
        printError(command, QString::fromStdString(report.message()));
        return ExitFailure;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    std::printf("{\"events\":%lld,\"bytes\":%lld,\"seconds\":%.3f,\"copy\":\"%s\"}\n",
                static_cast<long long>(report->events), static_cast<long long>(report->bytes), seconds,
                qPrintable(QString(copy).replace('\\', "\\\\").replace('"', "\\\"")));
    return ExitOk;
}

} // namespace pulsemap::cli
