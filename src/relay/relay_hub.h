// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "resume_ring.h"
#include "type_registry.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <bitset>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

class QWebSocket;

namespace pulsemap {

struct RelayCounters
{
    int64_t eventsIn = 0;  // events accepted from every source
    int64_t eventsOut = 0; // event deliveries (one event to one subscriber counts once)
    int64_t messagesOut = 0;
    int64_t bytesOut = 0;
    int64_t drops = 0; // subscribers dropped for a full send queue
    int64_t resumes = 0;
    int64_t gaps = 0; // events a resuming subscriber asked for that had left the ring
    int64_t subscribersTotal = 0;
};

// The fan-out core of the relay: numbers every event, keeps the resume ring, and sends each subscriber the
// events of its types in one message per flush (at most every batchMs). Subscribers with the same subscription
// share one encoded message. A subscriber whose unsent bytes pass maxQueueBytes is dropped, so one slow
// display never holds up the others or grows the relay's memory.
// Threading: one thread (the relay's event loop).
class RelayHub : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        size_t ringSize = 65536;
        int batchMs = 20;                   // the longest an event waits before it is sent
        qint64 maxQueueBytes = 8 << 20;     // per subscriber
        size_t maxMessageBytes = 256 << 10; // a flush is split into messages of about this size
        // Keep the numbers events come with (a NATS stream sequence) instead of numbering them: numbers may skip
        // (a subject filter), an event numbered at or below the last one is dropped (a redelivery). With the
        // same streamId on every relay that reads one stream, a display can resume on any of them.
        bool sourceNumbers = false;
        QString streamId; // the hello's stream id; empty: a random one (numbers start over with every relay)
    };

    explicit RelayHub(const Options &options, QObject *parent = nullptr);
    ~RelayHub() override;

    // Numbers and stores the batch's events (their own seq is replaced) and schedules a flush.
    void ingest(const EventBatch &batch);
    // History (sourceNumbers only): events from before this relay started, stored under their own numbers as if
    // already sent, so displays get them by resume_from only, never live. What is pending is sent first; events
    // numbered at or below the last one are skipped. A display that resumed, before this batch or after an earlier
    // one, gets what of it lies at or after its resume point (the history comes in batches; displays do not wait).
    void preload(const EventBatch &batch);
    // Called with every batch ingest() takes, before it is numbered (relay --publish hands it to JetStream).
    void setIngestTap(std::function<void(const EventBatch &)> tap) { m_tap = std::move(tap); }
    // Takes ownership of a connected socket. A resume_from in its request URL (?resume_from=N) is applied before
    // anything else is sent to it (a resume sent as a message comes after what a flush sent meanwhile).
    void addSubscriber(QWebSocket *socket);
    // Sends what is pending now instead of at the end of the batch interval.
    void flushNow() { flush(); }
    // The smallest unsent backlog of any subscriber, in bytes (0 without subscribers). Sources that can wait
    // (followed logs) read on only while it is low: when even the fastest display lags, reading faster would only
    // fill queues, while one slow display alone does not hold the others back.
    [[nodiscard]] qint64 minBacklogBytes() const;
    [[nodiscard]] qint64 maxQueueBytes() const { return m_options.maxQueueBytes; }
    // Closes every subscriber (close code 1001, going away) and sends what is pending first.
    void closeAll();

    [[nodiscard]] int viewers() const { return m_viewers; }
    [[nodiscard]] const RelayCounters &counters() const { return m_counters; }
    [[nodiscard]] int64_t lastSeq() const { return m_nextSeq - 1; }
    [[nodiscard]] const QString &streamId() const { return m_streamId; }
    [[nodiscard]] size_t typeCount() const { return m_types.size(); }

signals:
    void viewersChanged(int viewers);

private:
    struct Subscriber;
    using TypeSet = std::bitset<TypeRegistry::kMaxNetworkTypes + 1>;

    void flush();
    void scheduleFlush();
    void onMessage(Subscriber &subscriber, const QString &message);
    void replay(Subscriber &subscriber, int64_t from);
    bool sendTo(Subscriber &subscriber, const QString &message, int64_t events);
    void drain(Subscriber &subscriber);
    void drop(Subscriber &subscriber, const char *why);
    void removeDead();
    void updateViewers();
    // Sends the subscriber its matching events of (from, to].
    void sendRange(Subscriber &subscriber, int64_t from, int64_t to);
    // Appends matching events of (from, to] to messages, split by size; returns the number of events.
    int64_t collect(const Subscriber &subscriber, int64_t from, int64_t to, std::vector<QString> &messages);

    Options m_options;
    std::function<void(const EventBatch &)> m_tap;
    ResumeRing m_ring;
    TypeRegistry m_types;
    std::vector<std::unique_ptr<Subscriber>> m_subscribers;
    QTimer m_flushTimer;
    RelayCounters m_counters;
    QString m_streamId;
    std::string m_scratch;
    int64_t m_nextSeq = 1;
    int64_t m_firstSeq = 0;   // the first number given out (above 1 with sourceNumbers): resumes before it are gaps
    int64_t m_flushedSeq = 0; // every event up to here has been sent to the subscribers connected then
    int m_viewers = 0;
    bool m_viewersDirty = false;
};

} // namespace pulsemap
