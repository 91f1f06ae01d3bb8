// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_tail_source.h"

#include "ingest/log_ingestor.h"

namespace pulsemap {

namespace {
constexpr int kPollMs = 16; // about a frame
} // namespace

LogTailSource::LogTailSource(ImportOptions options, QObject *parent)
    : EventSource(QString::fromStdString(options.inputs.empty() ? std::string() : options.inputs.front()), parent),
      m_options(std::move(options))
{
    m_options.follow = true;
    m_options.flushInterval = std::chrono::milliseconds(50); // live: hand lines over quickly
    m_options.pollInterval = std::chrono::milliseconds(100);
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &LogTailSource::poll);
}

LogTailSource::~LogTailSource() = default;

void LogTailSource::start()
{
    m_ingestor = std::make_unique<LogIngestor>(m_options);
    if (Status started = m_ingestor->start(); !started) {
        m_ingestor.reset();
        setState(State::Failed, QString::fromStdString(started.message()));
        emit errorOccurred(QString::fromStdString(started.message()));
        return;
    }
    setState(State::Connecting, tr("reading %1").arg(name()));
    m_timer.start();
}

void LogTailSource::stop()
{
    m_timer.stop();
    m_ingestor.reset();
    setState(State::Idle, {});
}

void LogTailSource::poll()
{
    // Everything that is ready, without waiting: the GUI thread never blocks on the reader.
    while (auto batch = m_ingestor->take(std::chrono::milliseconds(0))) {
        if (!batch->empty()) {
            emit batchReady(*batch);
        }
        m_ingestor->recycle(std::move(batch));
    }
    const ImportProgress progress = m_ingestor->progress();
    if (const std::string error = m_ingestor->error(); !error.empty()) {
        m_timer.stop();
        setState(State::Failed, QString::fromStdString(error));
        emit errorOccurred(QString::fromStdString(error));
        return;
    }
    const QString counts = tr("%L1 lines, %L2 events").arg(progress.lines).arg(progress.events);
    setState(progress.following ? State::Live : State::Connecting, progress.following
                                                                       ? tr("following %1: %2").arg(name(), counts)
                                                                       : tr("reading %1: %2").arg(name(), counts));
}

} // namespace pulsemap
