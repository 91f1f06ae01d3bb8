// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "alert_notice.h"

#include <QObject>
#include <QProcess>
#include <QQueue>
#include <QTimer>

#include <memory>

namespace pulsemap {

// Runs a shell command (/bin/sh -c) per alert notice: the notice's JSON and a newline on its stdin, its fields
// in PULSEMAP_ALERT_* environment variables (AlertNotice::environment). One command at a time, in order; a
// command that runs longer than timeoutMs is killed. Its stdout and stderr go to this process's stderr (never
// its stdout, which may carry data). run() only queues: the event path never waits for the command.
// Threading: lives on one thread with an event loop and is used from that thread only.
class AlertCommand : public QObject
{
    Q_OBJECT

public:
    explicit AlertCommand(QString command, int timeoutMs = 30000, QObject *parent = nullptr);
    ~AlertCommand() override;

    void run(const AlertNotice &notice);
    [[nodiscard]] int pending() const { return static_cast<int>(m_queue.size()); }
    [[nodiscard]] int failures() const { return m_failures; }
    // As AlertWebhook::waitIdle: a local event loop until every queued command has ended, or timeoutMs.
    bool waitIdle(int timeoutMs);

signals:
    void finished(int exitCode); // -1: could not start, crashed or killed for taking too long
    void idle();

private:
    static constexpr int kMaxQueued = 64;

    void startNext();
    void ended(int exitCode);

    QString m_command;
    int m_timeoutMs;
    QQueue<AlertNotice> m_queue; // the head is running
    std::unique_ptr<QProcess> m_process;
    QTimer m_deadline;
    int m_failures = 0;
};

} // namespace pulsemap
