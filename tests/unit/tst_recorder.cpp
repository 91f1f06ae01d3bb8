// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Recorder against real campaign files: batches from a source in, events on disk out, commits on their own
// (no stop needed for them to be readable), a clean single file after stop, appending, refusals.
#include "app/recorder.h"
#include "app/replay_source.h"
#include "core/campaign_check.h"
#include "core/campaign_store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace pulsemap;

namespace {

constexpr int64_t kStartMs = 1'780'000'000'000;

// A live source the test drives: start/stop do nothing, batches are emitted on demand, as a real source's
// worker hands them to the GUI thread.
class DrivenSource : public EventSource
{
public:
    DrivenSource() : EventSource(QStringLiteral("driven")) {}
    void start() override { setState(State::Live, {}); }
    void stop() override { setState(State::Idle, {}); }

    // count events with consecutive sequence numbers starting at firstSeq.
    void emitEvents(int64_t firstSeq, int count)
    {
        m_batch.clear();
        for (int i = 0; i < count; ++i) {
            Event &event = m_batch.append();
            event.seq = firstSeq + i;
            event.tsMs = kStartMs + event.seq;
            event.lat = 48.85;
            event.lon = 2.35;
            event.type = m_batch.store("open");
            event.city = m_batch.store("Paris");
        }
        emit batchReady(m_batch);
    }

private:
    EventBatch m_batch;
};

// Sequence numbers stored in a file, read through a connection of its own (as another process would).
QList<qint64> storedSeqs(const QString &path)
{
    QList<qint64> seqs;
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT seq FROM events ORDER BY seq", -1, &statement, nullptr) == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW) {
                seqs << sqlite3_column_int64(statement, 0);
            }
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return seqs;
}

QList<qint64> range(qint64 first, qint64 count)
{
    QList<qint64> values;
    for (qint64 i = 0; i < count; ++i) {
        values << first + i;
    }
    return values;
}

bool stopAndWaitClosed(Recorder &recorder)
{
    QSignalSpy closed(&recorder, &Recorder::closed);
    recorder.stop();
    return closed.wait(10000);
}

} // namespace

class TstRecorder : public QObject
{
    Q_OBJECT

private slots:
    void commitsOnItsOwnWithoutStop()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("live.pulsemap");
        DrivenSource source;
        Recorder recorder(&source);
        QVERIFY(recorder.available());
        QSignalSpy recording(&recorder, &Recorder::recordingChanged);
        QVERIFY(recorder.start(path));
        QVERIFY(recorder.recording());
        QCOMPARE(recording.count(), 1);
        QCOMPARE(recorder.path(), path);

        source.emitEvents(1, 100);
        source.emitEvents(101, 100);
        source.emitEvents(201, 50);
        QElapsedTimer sinceLast;
        sinceLast.start();
        // Readable by another connection within a second of the last batch, while still recording.
        QTRY_COMPARE_WITH_TIMEOUT(storedSeqs(path), range(1, 250), 5000);
        QVERIFY2(sinceLast.elapsed() < 1000, qPrintable(QString::number(sinceLast.elapsed())));
        QTRY_COMPARE(recorder.eventsWritten(), 250);
        QVERIFY(recorder.bytesOnDisk() > 0);
        QCOMPARE(recorder.droppedEvents(), 0);
        QVERIFY(recorder.recording());

        // And again later: every batch is committed on time, not only the first.
        source.emitEvents(251, 10);
        sinceLast.restart();
        QTRY_COMPARE_WITH_TIMEOUT(storedSeqs(path).size(), 260, 5000);
        QVERIFY2(sinceLast.elapsed() < 1000, qPrintable(QString::number(sinceLast.elapsed())));
        QVERIFY(stopAndWaitClosed(recorder));
    }

    void stopClosesToOneCheckedFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("closed.pulsemap");
        DrivenSource source;
        Recorder recorder(&source);
        QVERIFY(recorder.start(path));
        source.emitEvents(1, 500);
        QVERIFY(stopAndWaitClosed(recorder));
        QVERIFY(!recorder.recording());
        QCOMPARE(recorder.eventsWritten(), 500);
        QVERIFY(!QFile::exists(path + "-wal"));
        QVERIFY(!QFile::exists(path + "-shm"));
        QCOMPARE(recorder.bytesOnDisk(), QFileInfo(path).size());
        const Result<CampaignCheckReport> report = checkCampaign(path.toStdString());
        QVERIFY2(report, report.message().c_str());
        QVERIFY(report->healthy());
        QCOMPARE(report->events, 500);
        QCOMPARE(storedSeqs(path), range(1, 500));

        // Batches after stop are not recorded.
        source.emitEvents(501, 10);
        QTest::qWait(700);
        QCOMPARE(storedSeqs(path).size(), 500);
    }

    void recordingIntoAnExistingFileAppends()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("twice.pulsemap");
        DrivenSource source;
        Recorder recorder(&source);
        QVERIFY(recorder.start(path));
        source.emitEvents(1, 100);
        QVERIFY(stopAndWaitClosed(recorder));
        // Through the toggle, as QML does: the same path again.
        recorder.setRecording(true);
        QVERIFY(recorder.recording());
        source.emitEvents(101, 40);
        QVERIFY(stopAndWaitClosed(recorder));
        QCOMPARE(recorder.eventsWritten(), 40);
        QCOMPARE(storedSeqs(path), range(1, 140));
        QVERIFY(checkCampaign(path.toStdString())->healthy());
    }

    void refusesReplays()
    {
        QTemporaryDir dir;
        const QString campaign = dir.filePath("played.pulsemap");
        {
            auto store = CampaignStore::openOrCreate(campaign.toStdString());
            QVERIFY(store);
            QVERIFY((*store)->close());
        }
        ReplaySource replay(campaign, ReplaySource::Options{});
        Recorder recorder(&replay);
        QVERIFY(!recorder.available());
        QSignalSpy recording(&recorder, &Recorder::recordingChanged);
        QVERIFY(!recorder.start(dir.filePath("copy.pulsemap")));
        QVERIFY(!recorder.recording());
        QCOMPARE(recording.count(), 0);
        QVERIFY2(recorder.lastError().contains("replay"), qPrintable(recorder.lastError()));
        QVERIFY(!QFile::exists(dir.filePath("copy.pulsemap")));
    }

    void badPathsAreReported()
    {
        QTemporaryDir dir;
        DrivenSource source;
        Recorder recorder(&source);
        QVERIFY(!recorder.start(QString()));
        QVERIFY(!recorder.lastError().isEmpty());

        // Found on the writer thread: failed() and lastError, recording off again.
        QSignalSpy failed(&recorder, &Recorder::failed);
        QVERIFY(recorder.start(dir.filePath("no/such/dir/x.pulsemap")));
        QVERIFY(failed.wait(5000));
        QVERIFY(!recorder.recording());
        QVERIFY2(recorder.lastError().contains("no/such/dir"), qPrintable(recorder.lastError()));

        // Not a campaign: refused, and left as it was.
        const QString text = dir.filePath("notes.txt");
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QVERIFY(recorder.start(text));
        QVERIFY(failed.wait(5000));
        QVERIFY(!recorder.recording());
        QVERIFY(!recorder.lastError().isEmpty());
        QCOMPARE(QFileInfo(text).size(), 4096);

        // Already recording: a second start is refused and the first goes on.
        const QString path = dir.filePath("ok.pulsemap");
        QVERIFY(recorder.start(path));
        QVERIFY(recorder.lastError().isEmpty());
        QVERIFY(!recorder.start(dir.filePath("other.pulsemap")));
        QVERIFY(recorder.recording());
        QCOMPARE(recorder.path(), path);
        QVERIFY(stopAndWaitClosed(recorder));
    }

    void aFullQueueDropsAndCounts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("small.pulsemap");
        DrivenSource source;
        Recorder recorder(&source, 64);
        QVERIFY(recorder.start(path));
        source.emitEvents(1, 100); // more than the queue may ever hold
        QCOMPARE(recorder.droppedEvents(), 100);
        source.emitEvents(101, 20);
        QVERIFY(stopAndWaitClosed(recorder));
        QCOMPARE(recorder.droppedEvents(), 100);
        QCOMPARE(recorder.eventsWritten(), 20);
        QCOMPARE(storedSeqs(path), range(101, 20));
    }

    void destroyingTheRecorderClosesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("quit.pulsemap");
        DrivenSource source;
        {
            Recorder recorder(&source);
            QVERIFY(recorder.start(path));
            source.emitEvents(1, 30);
        }
        QVERIFY(!QFile::exists(path + "-wal"));
        QCOMPARE(storedSeqs(path), range(1, 30));
    }
};

QTEST_GUILESS_MAIN(TstRecorder)
#include "tst_recorder.moc"
