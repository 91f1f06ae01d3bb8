// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "core/campaign_check.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace pulsemap::cli {

int runCheck(const QStringList &arguments)
{
    const QString command = "check";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Verifies a campaign file without changing it: header, SQLite integrity check, the schema of "
        "docs/campaign-format.md (tables, columns, index, application_id, user_version), every event's time "
        "(1970..2099) and coordinates. Prints a JSON report; exit code 0 healthy, 1 problems found (listed), "
        "2 not a campaign file.");
    parser.addPositionalArgument("FILE", "Campaign file.");
    parser.addOption({"quick", "PRAGMA quick_check instead of integrity_check (faster, skips index contents)."});
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(command, "usage: pulsemap-cli check FILE [--quick]");
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().first();
    CampaignCheckOptions options;
    options.quick = parser.isSet("quick");
    const auto report = checkCampaign(path.toStdString(), options);
    if (!report) {
        printError(command, QString::fromStdString(report.message()));
        return ExitUsage;
    }
    QJsonArray problems;
    for (const std::string &problem : report->problems) {
        problems.append(QString::fromStdString(problem));
    }
    const QJsonObject json{
        {"file", path},
        {"healthy", report->healthy()},
        {"check", QString::fromStdString(report->integrityCheck)},
        {"events", static_cast<qint64>(report->events)},
        {"schema", static_cast<qint64>(report->schemaVersion)},
        {"problems", problems},
        {"unlisted_problems", static_cast<qint64>(report->unlistedProblems)},
    };
    std::fputs(QJsonDocument(json).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    return report->healthy() ? ExitOk : ExitFailure;
}

} // namespace pulsemap::cli
