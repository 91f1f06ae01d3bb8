// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "app/app_controller.h"
#include "app/replay_source.h"
#include "app/stream_source.h"
#include "ingest/import_pipeline.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <variant>

namespace pulsemap {

// Everything the command line of the desktop app can say.
struct AppOptions
{
    enum class SourceKind { Demo, Campaign, Log, Simulated, Stream };
    SourceKind sourceKind = SourceKind::Demo;
    // Which bundled demo plays without a source: "email" (a simulated newsletter send, the default) or "web"
    // (real web traffic).
    QString demo = QStringLiteral("email");
    QString campaignPath;
    ImportOptions log;          // --source LOG
    StreamSourceOptions stream; // --source ws://, wss://, socketio://
    double simulatedRate = 300;
    ReplaySource::Options replay;
    QString recordPath; // --record FILE: the live source recorded into this campaign file from the start
    AppController::Settings settings;
    QString screenshotPath;
    QString calendarSpec; // --calendar: the calendar view open at start (CalendarView.qml's startSpec)
    double screenshotAfterSeconds = 3;
    QSize windowSize{1600, 900};
    bool sizeGiven = false;
    bool frameStats = false;
    double scrubSeconds = 0; // --scrub: with frameStats, drag the playhead for this long (a measurement)
    QStringList alertRules;  // --alert: this run's rules instead of the saved ones
};

// The command line asks to end at once: print `text` (on stdout when `code` is 0: --help, --version; on
// stderr otherwise: a usage error, code 2) and exit with `code`.
struct AppExit
{
    int code = 0;
    QString text;
};

// Parses arguments (without the program name). Needs no QCoreApplication and no display, so --help and
// --version can be answered before QApplication connects to one; with a QCoreApplication alive, --help
// names the program as it was run.
[[nodiscard]] std::variant<AppOptions, AppExit> parseAppOptions(const QStringList &arguments);

} // namespace pulsemap
