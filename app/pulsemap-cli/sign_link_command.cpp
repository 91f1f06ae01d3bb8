// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "cli_util.h"
#include "commands.h"
#include "relay/tracked_link.h"

#include <QCommandLineParser>

#include <cstdio>

namespace pulsemap::cli {

int runSignLink(const QStringList &arguments)
{
    const QString command = "sign-link";
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Prints a tracked link for an email or a page: following it records an event on the relay (GET /click, "
        "geolocated, type click by default) and redirects to TARGET. The link is signed with the relay's "
        "--link-secret (HMAC-SHA256), so nobody can point it elsewhere. See docs/protocol.md, \"Tracked links\".");
    parser.addOption({"relay", "The relay's collect address as the reader's browser reaches it.", "http://HOST:PORT"});
    parser.addOption({"secret", "The relay's --link-secret.", "SECRET"});
    parser.addOption(
        {"secret-file", "Read the secret from the first line of FILE (kept off the command line).", "FILE"});
    parser.addOption({"campaign", "The campaign the click counts for.", "C"});
    parser.addOption({"type", "The event type recorded (default click).", "T"});
    parser.addPositionalArgument("TARGET", "Where the link leads: an http or https URL.");
    if (const int exit = parseOrExit(parser, arguments, command); exit >= 0) {
        return exit;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet("relay")) {
        printError(command, "usage: sign-link --relay http://HOST:PORT --secret SECRET|--secret-file FILE "
                            "[--campaign C] [--type T] TARGET");
        return ExitUsage;
    }
    bool ok = true;
    const QByteArray secret = secretFromOptions(parser, "secret", command, ok);
    if (!ok) {
        return ExitUsage;
    }
    if (secret.isEmpty()) {
        printError(command, "give the relay's secret with --secret or --secret-file");
        return ExitUsage;
    }
    const Result<QByteArray> link = makeTrackedLink(parser.value("relay"), secret, parser.positionalArguments().first(),
                                                    parser.value("campaign").toUtf8(), parser.value("type").toUtf8());
    if (!link) {
        printError(command, QString::fromStdString(link.message()));
        return ExitUsage;
    }
    std::printf("%s\n", link->constData());
    return ExitOk;
}

} // namespace pulsemap::cli
