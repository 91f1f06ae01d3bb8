// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QtTest>

#include <memory>

// Real servers for the stream tests: the node peers in tests/peers (npm socket.io and ws, installed by the
// peers_npm_ci fixture into $PULSEMAP_PEERS) and pulsemap-cli relay itself. Each prints one JSON line with its
// port(s) on stdout when it is ready.
namespace pulsemap::test {

inline QString peersDir()
{
    return qEnvironmentVariable("PULSEMAP_PEERS");
}

// Empty when the peers can run; otherwise why not (the test skips with it).
inline QString peersMissing()
{
    if (QStandardPaths::findExecutable("node").isEmpty()) {
        return QStringLiteral("node is not installed (scripts/setup-deps installs nodejs and npm)");
    }
    if (peersDir().isEmpty() || !QDir(peersDir() + "/node_modules/socket.io").exists()) {
        return QStringLiteral("the npm peers are not installed in $PULSEMAP_PEERS (the peers_npm_ci fixture needs the "
                              "npm registry)");
    }
    return {};
}

// A port nothing listens on right now (for "server down at start").
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Starts a program that prints a JSON line when ready; returns that line's object (empty on failure).
inline QJsonObject startAndReadReady(QProcess &process, const QString &program, const QStringList &arguments)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        return {};
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000) {
        if (process.canReadLine()) {
            return QJsonDocument::fromJson(process.readLine()).object();
        }
        if (process.state() != QProcess::Running) {
            return {};
        }
        process.waitForReadyRead(100);
    }
    return {};
}

// A node peer that is terminated when the test ends.
struct Peer
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    int port = 0;

    bool start(const QString &script, const QStringList &arguments)
    {
        const QJsonObject ready = startAndReadReady(*process, QStandardPaths::findExecutable("node"),
                                                    QStringList{peersDir() + "/" + script} + arguments);
        port = ready.value("port").toInt();
        return port > 0;
    }
    ~Peer()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(3000)) {
                process->kill();
                process->waitForFinished(3000);
            }
        }
    }
};

} // namespace pulsemap::test
