// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QStringList>

// Subcommands of pulsemap-cli. Each takes its own arguments (without the subcommand name) and
// returns the process exit code.
namespace pulsemap::cli {

enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1, // the work failed (bad line under --strict, write error, ...)
    ExitUsage = 2,   // bad arguments, or a file that is not a campaign
};

int runImport(const QStringList &arguments);
int runStats(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runListen(const QStringList &arguments);
int runRelay(const QStringList &arguments);
int runSimulate(const QStringList &arguments);
int runBackup(const QStringList &arguments);
int runCheck(const QStringList &arguments);
int runSignLink(const QStringList &arguments);
int runNatsSetup(const QStringList &arguments);
// Needs a QGuiApplication (main() makes one, on the offscreen platform, for this command).
int runReport(const QStringList &arguments);

} // namespace pulsemap::cli
