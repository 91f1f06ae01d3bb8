// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap: the desktop app. Builds the services (source, live model), hands them to QML as the
// AppController singleton, and loads the Pulsemap QML module. Everything else lives in the libraries.
#include "app/alert_center.h"
#include "app/app_controller.h"
#include "app/live_model.h"
#include "app/log_tail_source.h"
#include "app/recorder.h"
#include "app/replay_source.h"
#include "app/simulated_source.h"
#include "app/stream_source.h"
#include "app_options.h"
#include "frame_stats.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <variant>

Q_IMPORT_QML_PLUGIN(PulsemapPlugin)
Q_IMPORT_QML_PLUGIN(Pulsemap_AppPlugin)
Q_IMPORT_QML_PLUGIN(Pulsemap_MapPlugin)

namespace {

using namespace pulsemap;

// The demo campaign's file: the installed copy (the package puts it in /usr/share/pulsemap), read in place, or
// else the one compiled into the app, copied out once into the user's cache (SQLite cannot read from Qt
// resources). Installed, the app leaves nothing behind in the user's home for it.
QString demoCampaignPath(const QString &demo)
{
    const QString name = demo + "-demo.pulsemap";
    QString installed = QStandardPaths::locate(QStandardPaths::GenericDataLocation, "pulsemap/" + name);
    if (!installed.isEmpty()) {
        return installed;
    }
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    QDir().mkpath(dir);
    QString path = dir + "/" + name;
    QFile resource(":/Pulsemap/" + name);
    if (QFile::exists(path) && QFileInfo(path).size() == resource.size()) {
        return path;
    }
    QFile::remove(path);
    resource.copy(path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

std::unique_ptr<EventSource> makeSource(AppOptions &options)
{
    switch (options.sourceKind) {
    case AppOptions::SourceKind::Demo: {
        ReplaySource::Options replay = options.replay;
        replay.loop = true;
        replay.targetSeconds = std::max(replay.targetSeconds, 90.0);
        options.settings.demo = true;
        options.settings.title =
            options.demo == "web"
                ? QStringLiteral("Pulsemap — demo (real web traffic, May 2015)")
                : QStringLiteral("Pulsemap — demo (a newsletter send: opens and clicks around the world)");
        return std::make_unique<ReplaySource>(demoCampaignPath(options.demo), replay,
                                              QStringLiteral("the %1 demo").arg(options.demo));
    }
    case AppOptions::SourceKind::Campaign:
        return std::make_unique<ReplaySource>(options.campaignPath, options.replay);
    case AppOptions::SourceKind::Log:
        return std::make_unique<LogTailSource>(options.log);
    case AppOptions::SourceKind::Simulated:
        return std::make_unique<SimulatedSource>(options.simulatedRate);
    case AppOptions::SourceKind::Stream:
        return std::make_unique<StreamSource>(options.stream);
    }
    return nullptr;
}

void setApplicationNames()
{
    QCoreApplication::setApplicationName("pulsemap");
    QCoreApplication::setOrganizationName("pulsemap");
    QCoreApplication::setApplicationVersion(PULSEMAP_VERSION);
}

int printExit(const AppExit &exit)
{
    const QString text = exit.text.endsWith('\n') ? exit.text : exit.text + '\n';
    std::fputs(qPrintable(text), exit.code == 0 ? stdout : stderr);
    return exit.code;
}

// Qt's own command-line options are one dash and a word (-platform, -style, -reverse). QApplication takes
// them out of argv; until it has, a usage error may just be one of them.
bool mayHoldQtOptions(const QStringList &arguments)
{
    return std::any_of(arguments.begin(), arguments.end(), [](const QString &argument) {
        return argument.size() > 2 && argument.startsWith('-') && !argument.startsWith(QStringLiteral("--"));
    });
}

// --help, --version and usage errors need no display (over SSH, in a container): they are answered
// before QApplication, which aborts in its platform plugin when there is none. Returns the exit code, or
// nothing when the app is to run (or Qt's own options must be taken out first).
std::optional<int> answerWithoutDisplay(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i) {
        arguments.append(QString::fromLocal8Bit(argv[i]));
    }
    const std::variant<AppOptions, AppExit> quick = parseAppOptions(arguments);
    const auto *exit = std::get_if<AppExit>(&quick);
    if (exit == nullptr) {
        return std::nullopt;
    }
    if (exit->code != 0) {
        return mayHoldQtOptions(arguments) ? std::nullopt : std::optional<int>(printExit(*exit));
    }
    // Once more with a QCoreApplication (no display needed), so that the usage line names the program.
    const QCoreApplication core(argc, argv);
    setApplicationNames();
    const std::variant<AppOptions, AppExit> parsed = parseAppOptions(arguments);
    return printExit(std::get<AppExit>(parsed));
}

} // namespace

int main(int argc, char **argv) // NOLINT(bugprone-exception-escape): an escaping exception ends the app either way
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (const std::optional<int> exitCode = answerWithoutDisplay(argc, argv)) {
        return *exitCode;
    }
    QApplication app(argc, argv); // QtCharts (the trend charts) needs a QApplication
    setApplicationNames();

    // Parsed again now that QApplication has taken its own options (-platform, -style...) out of argv.
    QStringList arguments = QApplication::arguments();
    arguments.removeFirst();
    std::variant<AppOptions, AppExit> parsed = parseAppOptions(arguments);
    if (const auto *exit = std::get_if<AppExit>(&parsed)) {
        return printExit(*exit);
    }
    auto &options = std::get<AppOptions>(parsed);

    std::unique_ptr<EventSource> source = makeSource(options);
    LiveModel live;
    if (!options.alertRules.isEmpty()) {
        AlertCenter::setSessionRules(options.alertRules);
    }
    AppController controller(&live, source.get(), options.settings);
    AppController::setInstance(&controller);
    if (options.sourceKind == AppOptions::SourceKind::Campaign) {
        controller.rememberCampaign(QFileInfo(options.campaignPath).absoluteFilePath());
    }
    QObject::connect(source.get(), &EventSource::errorOccurred,
                     [](const QString &error) { std::fprintf(stderr, "pulsemap: %s\n", qPrintable(error)); });

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/")); // where static QML modules keep their qmldir
    engine.setInitialProperties({{"width", options.windowSize.width()},
                                 {"height", options.windowSize.height()},
                                 {"calendarAtStart", options.calendarSpec}});
    engine.load(QUrl(QStringLiteral("qrc:/Pulsemap/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        return 1;
    }
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    std::unique_ptr<FrameStats> stats;
    if (options.frameStats && window != nullptr) {
        stats = std::make_unique<FrameStats>(window, sinceStart, controller.replay(), options.scrubSeconds);
    }
    if (options.sourceKind == AppOptions::SourceKind::Campaign) {
        // A campaign opens on the replay thread: a file whose header is right but whose pages are corrupt
        // fails a moment after start(). Until it has played, that is still "nothing to show" (exit 2, the
        // error printed); later failures stay on the status line, so a wall keeps its map.
        QObject::connect(source.get(), &EventSource::stateChanged, &app, [&source, opened = false]() mutable {
            opened = opened || source->state() == EventSource::State::Live;
            if (!opened && source->state() == EventSource::State::Failed) {
                QApplication::exit(2);
            }
        });
    }
    if (Recorder *recorder = controller.recorder(); !options.recordPath.isEmpty()) {
        // A file that cannot be opened or is not a campaign is found on the writer thread: before anything
        // was recorded, that is a usage error like a bad --record path (exit 2); later, the app keeps its map.
        QObject::connect(recorder, &Recorder::failed, &app, [recorder](const QString &error) {
            std::fprintf(stderr, "pulsemap: recording stopped: %s\n", qPrintable(error));
            if (recorder->eventsWritten() == 0) {
                QApplication::exit(2);
            }
        });
        if (!recorder->start(options.recordPath)) {
            std::fprintf(stderr, "pulsemap: --record: %s\n", qPrintable(recorder->lastError()));
            return 2;
        }
    }
    source->start();
    if (source->state() == EventSource::State::Failed && options.sourceKind != AppOptions::SourceKind::Log) {
        return 2; // not a campaign file, an unusable URL or CA file: the error is printed, nothing to show
    }

    if (!options.screenshotPath.isEmpty() && window != nullptr) {
        QTimer::singleShot(static_cast<int>(options.screenshotAfterSeconds * 1000), window, [&] {
            const QImage image = window->grabWindow();
            const bool saved = !image.isNull() && image.save(options.screenshotPath);
            if (!saved) {
                std::fprintf(stderr, "pulsemap: cannot save screenshot to %s\n", qPrintable(options.screenshotPath));
            }
            QApplication::exit(saved ? 0 : 1);
        });
    }
    const int result = QApplication::exec();
    source->stop();
    return result;
}
