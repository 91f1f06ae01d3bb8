// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The desktop app's command line where there is no display at all (over SSH, in a container, in CI):
// --help, --version and usage errors must answer and exit, not abort in the platform plugin.
#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The real binary with an empty environment: no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM.
Run runWithoutDisplay(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(QProcessEnvironment());
    process.start(qEnvironmentVariable("PULSEMAP_APP"), arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace

class TstAppHeadless : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(QFileInfo(qEnvironmentVariable("PULSEMAP_APP")).isExecutable()); }

    void versionWithoutDisplay()
    {
        for (const QString &flag : {QStringLiteral("--version"), QStringLiteral("-v")}) {
            const Run run = runWithoutDisplay({flag});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QVERIFY2(QRegularExpression("^pulsemap \\d+\\.\\d+").match(QString::fromUtf8(run.out)).hasMatch(),
                     run.out.constData());
            QVERIFY(run.err.isEmpty());
        }
    }

    void helpWithoutDisplay()
    {
        for (const QString &flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
            const Run run = runWithoutDisplay({flag});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QVERIFY(run.out.startsWith("Usage: "));
            QVERIFY(run.out.contains("pulsemap"));
            QVERIFY(run.out.contains("--screenshot") && run.out.contains("--wall") && run.out.contains("--source"));
            QVERIFY(run.err.isEmpty());
        }
        // --help wins over whatever else is on the line, as it does with a display.
        const Run run = runWithoutDisplay({"--wall", "--help", "--size", "800x600"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("--screenshot"));
    }

    void usageErrorsWithoutDisplay()
    {
        Run run = runWithoutDisplay({"--size", "huge"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("--size"));
        QVERIFY(run.out.isEmpty());
        run = runWithoutDisplay({"--no-such-option"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("no-such-option"));
        run = runWithoutDisplay({"--fade", "-3"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("--fade"));
        run = runWithoutDisplay({"a.pulsemap", "--source", "x.log"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("not both"));
    }
};

QTEST_GUILESS_MAIN(TstAppHeadless)
#include "tst_app_headless.moc"
