#pragma once

#include "app/app_controller.h"
#include "app/replay_source.h"
#include "app/stream_source.h"
#include "ingest/import_pipeline.h"

#include <QSize>
#include <QString>
#include <QStringList>

namespace pulsemap {

// Everything the command line of the desktop app can say.
struct AppOptions
{
    enum class SourceKind { Demo, Campaign, Log, Simulated, Stream };
    SourceKind sourceKind = SourceKind::Demo;
    QString campaignPath;
    ImportOptions log;          // --source LOG
    StreamSourceOptions stream; // --source ws://, wss://, socketio://
    double simulatedRate = 300;
    ReplaySource::Options replay;
    AppController::Settings settings;
    QString screenshotPath;
    double screenshotAfterSeconds = 3;
    QSize windowSize{1600, 900};
    bool sizeGiven = false;
    bool frameStats = false;
};

// Parses arguments (without the program name). Returns false with a message on stderr-worthy errors;
// exitCode is set when the program should end at once (--help, --version, bad usage).
bool parseAppOptions(const QStringList &arguments, AppOptions &options, QString &message, int &exitCode);

} // namespace pulsemap
