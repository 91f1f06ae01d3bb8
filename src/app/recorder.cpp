// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "recorder.h"

#include "core/campaign_store.h"
#include "replay_source.h"

#include <QMetaObject>
#include <QUrl>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <vector>

namespace pulsemap {

// What the GUI thread and one session's writer share. A new one per session, so a writer that is still
// closing never sees the next session's batches.
struct Recorder::Shared
{
    static constexpr size_t kMaxSpare = 8;

    std::mutex mutex;
    std::condition_variable wake;
    std::deque<EventBatch> queue;  // filled batches, oldest first
    std::vector<EventBatch> spare; // emptied batches with their capacity, for the GUI thread to refill
    qint64 queuedEvents = 0;
    bool stopping = false;
};

// The writer thread's body: open, append what comes, commit on time, close.
class Recorder::Writer
{
public:
    Writer(Recorder *recorder, std::shared_ptr<Shared> shared, std::string path, int session)
        : m_recorder(recorder), m_shared(std::move(shared)), m_path(std::move(path)), m_session(session)
    {}

    void run()
    {
        Result<std::unique_ptr<CampaignStore>> store = CampaignStore::openOrCreate(m_path);
        if (!store) {
            reportFailure(store.error().message);
            reportClosed();
            return;
        }
        reportProgress();
        if (const Status written = writeUntilStopped(**store); !written) {
            reportFailure(written.error().message);
        }
        if (const Status closed = (*store)->close(); !closed) {
            reportFailure(closed.error().message);
        }
        reportProgress();
        reportClosed();
    }

private:
    using SteadyClock = std::chrono::steady_clock;

    Status writeUntilStopped(CampaignStore &store)
    {
        EventBatch batch;
        qint64 pending = 0; // appended, not yet committed
        SteadyClock::time_point deadline;
        for (;;) {
            bool taken = false;
            bool done = false;
            {
                std::unique_lock lock(m_shared->mutex);
                auto ready = [this] { return !m_shared->queue.empty() || m_shared->stopping; };
                if (pending > 0) {
                    m_shared->wake.wait_until(lock, deadline, ready);
                } else {
                    m_shared->wake.wait(lock, ready);
                }
                if (!m_shared->queue.empty()) {
                    batch = std::move(m_shared->queue.front());
                    m_shared->queue.pop_front();
                    m_shared->queuedEvents -= static_cast<qint64>(batch.size());
                    taken = true;
                }
                // Stopping drains the queue first: what was handed over is written.
                done = m_shared->stopping && m_shared->queue.empty();
            }
            if (taken) {
                if (Status appended = store.append(batch, CampaignStore::Commit::Deferred); !appended) {
                    return appended; // the open transaction is rolled back with it
                }
                if (pending == 0) {
                    deadline = SteadyClock::now() + std::chrono::milliseconds(kCommitIntervalMs);
                }
                pending += static_cast<qint64>(batch.size());
                recycle(batch);
            }
            if (pending > 0 && (done || SteadyClock::now() >= deadline)) {
                if (Status committed = store.commit(); !committed) {
                    return committed;
                }
                m_written += pending;
                pending = 0;
                reportProgress();
            }
            if (done) {
                return {};
            }
        }
    }

    void recycle(EventBatch &batch)
    {
        batch.clear();
        const std::lock_guard lock(m_shared->mutex);
        if (m_shared->spare.size() < Shared::kMaxSpare) {
            m_shared->spare.push_back(std::move(batch));
        }
        batch = EventBatch();
    }

    [[nodiscard]] qint64 bytesOnDisk() const
    {
        std::error_code error;
        const std::uintmax_t main = std::filesystem::file_size(m_path, error);
        qint64 bytes = error ? 0 : static_cast<qint64>(main);
        const std::uintmax_t wal = std::filesystem::file_size(m_path + "-wal", error);
        return bytes + (error ? 0 : static_cast<qint64>(wal));
    }

    void reportProgress()
    {
        QMetaObject::invokeMethod(
            m_recorder,
            [recorder = m_recorder, session = m_session, written = m_written, bytes = bytesOnDisk()] {
                recorder->onProgress(session, written, bytes);
            },
            Qt::QueuedConnection);
    }
    void reportFailure(const std::string &message)
    {
        QMetaObject::invokeMethod(
            m_recorder,
            [recorder = m_recorder, session = m_session, text = QString::fromStdString(message)] {
                recorder->onFailed(session, text);
            },
            Qt::QueuedConnection);
    }
    void reportClosed()
    {
        QMetaObject::invokeMethod(
            m_recorder, [recorder = m_recorder, session = m_session] { recorder->onClosed(session); },
            Qt::QueuedConnection);
    }

    Recorder *m_recorder; // outlives the thread: its destructor joins it
    std::shared_ptr<Shared> m_shared;
    std::string m_path;
    int m_session;
    qint64 m_written = 0;
};

Recorder::Recorder(EventSource *source, QObject *parent) : Recorder(source, kDefaultQueueCapacity, parent) {}

Recorder::Recorder(EventSource *source, qint64 queueCapacity, QObject *parent)
    : QObject(parent), m_source(source), m_queueCapacity(queueCapacity)
{
    if (source != nullptr) {
        connect(source, &EventSource::batchReady, this, &Recorder::take);
    }
}

Recorder::~Recorder()
{
    if (m_shared) {
        {
            const std::lock_guard lock(m_shared->mutex);
            m_shared->stopping = true;
        }
        m_shared->wake.notify_one();
    }
    joinWriter(); // the writer commits what is queued and closes the file
}

bool Recorder::available() const
{
    return m_source != nullptr && qobject_cast<ReplaySource *>(m_source.data()) == nullptr;
}

bool Recorder::start(const QString &path)
{
    if (!available()) {
        setLastError(tr("a replay is not recorded: the campaign it plays is already a file"));
        return false;
    }
    if (m_recording) {
        setLastError(tr("already recording into %1").arg(m_path));
        return false;
    }
    // A FileDialog hands over a URL.
    const QString local = path.startsWith(QStringLiteral("file:")) ? QUrl(path).toLocalFile() : path;
    if (local.isEmpty()) {
        setLastError(tr("choose a file to record into"));
        return false;
    }
    joinWriter(); // a previous session still closing its file
    ++m_session;
    m_shared = std::make_shared<Shared>();
    if (local != m_path) {
        m_path = local;
        emit pathChanged();
    }
    m_eventsWritten = 0;
    m_bytesOnDisk = 0;
    m_droppedEvents = 0;
    emit progressChanged();
    setLastError({});
    m_recording = true;
    emit recordingChanged();
    auto writer = std::make_shared<Writer>(this, m_shared, m_path.toStdString(), m_session);
    m_writer = std::thread([writer] { writer->run(); });
    return true;
}

void Recorder::stop()
{
    if (!m_recording) {
        return;
    }
    m_recording = false;
    {
        const std::lock_guard lock(m_shared->mutex);
        m_shared->stopping = true;
    }
    m_shared->wake.notify_one();
    emit recordingChanged();
}

void Recorder::setRecording(bool on)
{
    if (on) {
        start(m_path);
    } else {
        stop();
    }
}

void Recorder::take(const EventBatch &batch)
{
    if (!m_recording || batch.empty()) {
        return;
    }
    const auto size = static_cast<qint64>(batch.size());
    EventBatch copy;
    {
        const std::lock_guard lock(m_shared->mutex);
        if (m_shared->queuedEvents + size > m_queueCapacity) {
            m_droppedEvents += size;
            emit progressChanged();
            return;
        }
        m_shared->queuedEvents += size;
        if (!m_shared->spare.empty()) {
            copy = std::move(m_shared->spare.back());
            m_shared->spare.pop_back();
        }
    }
    copy = batch; // copied outside the lock; a warm spare batch reuses its capacity
    {
        const std::lock_guard lock(m_shared->mutex);
        m_shared->queue.push_back(std::move(copy));
    }
    m_shared->wake.notify_one();
}

void Recorder::setLastError(const QString &message)
{
    if (message != m_lastError) {
        m_lastError = message;
        emit lastErrorChanged();
    }
}

void Recorder::onProgress(int session, qint64 written, qint64 bytes)
{
    if (session != m_session) {
        return;
    }
    m_eventsWritten = written;
    m_bytesOnDisk = bytes;
    emit progressChanged();
}

void Recorder::onFailed(int session, const QString &message)
{
    if (session != m_session) {
        return;
    }
    setLastError(message);
    if (m_recording) {
        m_recording = false;
        emit recordingChanged();
    }
    emit failed(message);
}

void Recorder::onClosed(int session)
{
    if (session != m_session) {
        return;
    }
    joinWriter();
    emit closed();
}

void Recorder::joinWriter()
{
    if (m_writer.joinable()) {
        m_writer.join();
    }
}

} // namespace pulsemap
