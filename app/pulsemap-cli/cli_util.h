// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/campaign_query.h"
#include "core/campaign_store.h"

#include <QCommandLineParser>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

class QCommandLineParser;
class QTimer;

namespace pulsemap::cli {

// Prints "pulsemap-cli <command>: message" on stderr.
void printError(const QString &command, const QString &message);

// Parses "2015-05-17", "2015-05-17T10:05:03Z" or Unix milliseconds.
std::optional<int64_t> parseTimeArgument(const QString &text);

// Adds --type, --campaign, --from, --to (the first two may be repeated: any of them) and fills a filter
// from them; false (error printed) on bad input.
void addFilterOptions(QCommandLineParser &parser);
bool filterFromOptions(const QCommandLineParser &parser, const QString &command, EventFilter &filter);

// Ctrl-C and SIGTERM ask a command to stop: installs the handlers (once) and returns the flag they set.
// A second signal ends the process the default way, in case the first could not.
const std::atomic<bool> &installStopSignals();
// For commands that run Qt's event loop: installs the handlers and lets `poll` leave the loop (exit code
// ExitOk) soon after a signal.
void exitOnStopSignal(QTimer &poll);

// Opens a campaign read-only; on failure prints the one-line reason and returns nullptr.
std::unique_ptr<CampaignStore> openCampaignForReading(const QString &path, const QString &command);

// The tracked links' HMAC secret from --OPTION SECRET or --OPTION-file FILE (its first line, so that the secret
// need not be on a command line others can read). Null when neither is set; on a bad value prints the reason
// and sets ok to false. A secret must be at least 16 bytes.
QByteArray secretFromOptions(const QCommandLineParser &parser, const QString &option, const QString &command, bool &ok);

// Parses arguments; prints help/errors itself. Returns -1 to continue, otherwise an exit code.
int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, const QString &command);

} // namespace pulsemap::cli
