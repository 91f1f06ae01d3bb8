// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "alert_command.h"

#include <QEventLoop>

#include <cstdio>

namespace pulsemap {

AlertCommand::AlertCommand(QString command, int timeoutMs, QObject *parent)
    : QObject(parent), m_command(std::move(command)), m_timeoutMs(timeoutMs)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_process) {
            m_process->kill(); // ended() follows through finished
        }
    });
}

AlertCommand::~AlertCommand()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

void AlertCommand::run(const AlertNotice &notice)
{
    if (m_queue.size() >= kMaxQueued) {
        ++m_failures; // a command slower than the alerts: the newest notices are the ones lost
        return;
    }
    m_queue.enqueue(notice);
    startNext();
}

void AlertCommand::startNext()
{
    if (m_process || m_queue.isEmpty()) {
        return;
    }
    const AlertNotice &notice = m_queue.head();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(notice.environment(QProcessEnvironment::systemEnvironment()));
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process.get(), &QProcess::readyRead, this,
            [this] { std::fputs(m_process->readAll().constData(), stderr); });
    connect(m_process.get(), &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        ended(status == QProcess::NormalExit ? exitCode : -1);
    });
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            ended(-1);
        }
    });
    m_process->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), m_command});
    m_process->write(notice.toJson() + '\n');
    m_process->closeWriteChannel();
    m_deadline.start(m_timeoutMs);
}

void AlertCommand::ended(int exitCode)
{
    m_deadline.stop();
    std::fputs(m_process->readAll().constData(), stderr);
    m_process.release()->deleteLater(); // not from inside its own signal
    m_queue.dequeue();
    if (exitCode != 0) {
        ++m_failures;
    }
    emit finished(exitCode);
    if (m_queue.isEmpty()) {
        emit idle();
    }
    startNext();
}

bool AlertCommand::waitIdle(int timeoutMs)
{
    if (m_queue.isEmpty()) {
        return true;
    }
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    connect(this, &AlertCommand::idle, &loop, &QEventLoop::quit);
    loop.exec();
    return m_queue.isEmpty();
}

} // namespace pulsemap
