// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_source.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <thread>

namespace pulsemap {

// Records what the app's live source delivers into a campaign file (a new one, or appended to an existing
// one), so that a stream, a followed log or the simulator can be replayed later. A replay is not recorded:
// the campaign it plays is already a file.
//
// Durability: batches are appended in a transaction that is committed at the latest kCommitIntervalMs after
// its first batch, whether more events come or not, so a kill -9 loses at most about the last half second
// (the file is in WAL mode: what was committed survives the process). stop() (or destroying the recorder)
// drains the queue, commits and folds the file back into one self-contained file.
//
// Threading: the Recorder, its properties and signals belong to the GUI thread. Every SQLite call (open,
// append, commit, close) runs on a writer thread of its own. The GUI thread copies each batch into a reused
// buffer and hands it over through a queue bounded to queueCapacity events; when the writer falls behind,
// new batches are dropped and counted (droppedEvents) rather than growing memory or blocking the GUI. The
// writer reports progress and failures back by queued calls.
class Recorder : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The recorder is built by the application")
    // The toggle: true starts recording into path (which must have been given), false stops.
    Q_PROPERTY(bool recording READ recording WRITE setRecording NOTIFY recordingChanged FINAL)
    // False when the source cannot be recorded (a replay); start() then refuses.
    Q_PROPERTY(bool available READ available CONSTANT FINAL)
    Q_PROPERTY(QString path READ path NOTIFY pathChanged FINAL)
    // Events committed to the file by this recorder (the file may hold more when appending).
    Q_PROPERTY(qint64 eventsWritten READ eventsWritten NOTIFY progressChanged FINAL)
    // The file's size with its write-ahead log.
    Q_PROPERTY(qint64 bytesOnDisk READ bytesOnDisk NOTIFY progressChanged FINAL)
    Q_PROPERTY(qint64 droppedEvents READ droppedEvents NOTIFY progressChanged FINAL)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged FINAL)

public:
    static constexpr int kCommitIntervalMs = 500;
    // About 25 MB of events: seconds of a very busy stream, far more than a healthy writer ever holds.
    static constexpr qint64 kDefaultQueueCapacity = 250'000;

    explicit Recorder(EventSource *source, QObject *parent = nullptr);
    Recorder(EventSource *source, qint64 queueCapacity, QObject *parent = nullptr);
    ~Recorder() override;

    // Starts recording into path: returns false (and sets lastError) when it is refused at once (a replay,
    // an empty path, already recording). Opening the file happens on the writer thread: a file that cannot
    // be opened or is not a campaign is reported a moment later by failed() and lastError.
    Q_INVOKABLE bool start(const QString &path);
    // Stops taking batches; the writer commits what is queued and closes the file, then emits closed().
    Q_INVOKABLE void stop();

    [[nodiscard]] bool recording() const { return m_recording; }
    void setRecording(bool on);
    [[nodiscard]] bool available() const;
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] qint64 eventsWritten() const { return m_eventsWritten; }
    [[nodiscard]] qint64 bytesOnDisk() const { return m_bytesOnDisk; }
    [[nodiscard]] qint64 droppedEvents() const { return m_droppedEvents; }
    [[nodiscard]] QString lastError() const { return m_lastError; }

    // Takes one batch from the source (connected to batchReady; public for tests).
    void take(const EventBatch &batch);

signals:
    void recordingChanged();
    void pathChanged();
    void progressChanged();
    void lastErrorChanged();
    // The writer could not open or write the file; recording has stopped.
    void failed(const QString &message);
    // The file is closed (after stop() or a failure): complete and self-contained.
    void closed();

private:
    struct Shared;
    class Writer;

    void setLastError(const QString &message);
    void onProgress(int session, qint64 written, qint64 bytes);
    void onFailed(int session, const QString &message);
    void onClosed(int session);
    void joinWriter();

    QPointer<EventSource> m_source;
    qint64 m_queueCapacity;
    std::shared_ptr<Shared> m_shared; // the queue, shared with the writer thread
    std::thread m_writer;
    int m_session = 0; // tells a finished session's late reports from the current one's
    bool m_recording = false;
    QString m_path;
    qint64 m_eventsWritten = 0;
    qint64 m_bytesOnDisk = 0;
    qint64 m_droppedEvents = 0;
    QString m_lastError;
};

} // namespace pulsemap
