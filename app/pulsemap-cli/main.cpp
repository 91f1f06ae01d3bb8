// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "commands.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QStringList>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

constexpr const char *kUsage = R"(Usage: pulsemap-cli COMMAND [options]

Pulsemap's headless tool: turns web-server logs into campaign files and answers questions about them.

Commands:
  import   Read access logs (plain, .gz, or - for stdin), geolocate them and store events in a campaign file;
           --follow keeps tailing like tail -F and resumes exactly after a restart.
  stats    Events per time bucket (second ... year) or per country, city, type or campaign, as CSV.
  export   Every event as CSV or NDJSON, for spreadsheets, Tableau and other tools.
  listen   Subscribe to a live stream (WebSocket or Socket.IO v4), count or record its events; resumes after cuts.
  relay    Serve live events to many displays over WebSocket (rooms, resume, viewers) from an HTTP beacon,
           tracked links, a push API (POST /events), followed logs or an upstream stream.
  sign-link  Print a signed tracked link (records a click on the relay, then redirects) for an email or a page.
  simulate Write a realistic campaign of one email send (opens and clicks around the world), fast.
  backup   Copy a campaign consistently, even while it is recording, into one self-contained file.
  check    Verify a campaign file (integrity, schema, times, coordinates); JSON report.
  nats-setup  Create or update the NATS JetStream stream that collectors publish to and relays read (scale-out).
  report   A one-page report (PDF, PNG, SVG or CSV): totals, map, trend beside the previous period, top tables.

Options:
  -h, --help     Show this help (pulsemap-cli COMMAND --help for a command's options).
  -v, --version  Show the version.

Exit codes: 0 success, 1 the work failed, 2 bad arguments or a file that is not a campaign.
Documentation: docs/ in the source tree (campaign-format.md, simulation.md, log-formats.md, following-logs.md, protocol.md).
)";

} // namespace

int main(int argc, char **argv)
{
    // report paints (fonts, images, PDF): a QGuiApplication, always offscreen, as it runs without a display.
    const bool gui = argc > 1 && std::strcmp(argv[1], "report") == 0;
    if (gui) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    const std::unique_ptr<QCoreApplication> app =
        gui ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName("pulsemap-cli");
    QCoreApplication::setApplicationVersion(PULSEMAP_VERSION);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    if (arguments.isEmpty() || arguments.first() == "-h" || arguments.first() == "--help" ||
        arguments.first() == "help") {
        std::fputs(kUsage, arguments.isEmpty() ? stderr : stdout);
        return arguments.isEmpty() ? pulsemap::cli::ExitUsage : pulsemap::cli::ExitOk;
    }
    if (arguments.first() == "-v" || arguments.first() == "--version") {
        std::printf("pulsemap-cli %s\n", PULSEMAP_VERSION);
        return pulsemap::cli::ExitOk;
    }
    const QString command = arguments.takeFirst();
    if (command == "import") {
        return pulsemap::cli::runImport(arguments);
    }
    if (command == "stats") {
        return pulsemap::cli::runStats(arguments);
    }
    if (command == "export") {
        return pulsemap::cli::runExport(arguments);
    }
    if (command == "listen") {
        return pulsemap::cli::runListen(arguments);
    }
    if (command == "relay") {
        return pulsemap::cli::runRelay(arguments);
    }
    if (command == "simulate") {
        return pulsemap::cli::runSimulate(arguments);
    }
    if (command == "backup") {
        return pulsemap::cli::runBackup(arguments);
    }
    if (command == "check") {
        return pulsemap::cli::runCheck(arguments);
    }
    if (command == "report") {
        return pulsemap::cli::runReport(arguments);
    }
    if (command == "sign-link") {
        return pulsemap::cli::runSignLink(arguments);
    }
    if (command == "nats-setup") {
        return pulsemap::cli::runNatsSetup(arguments);
    }
    std::fprintf(stderr, "pulsemap-cli: unknown command '%s' (see pulsemap-cli --help)\n", qPrintable(command));
    return pulsemap::cli::ExitUsage;
}
