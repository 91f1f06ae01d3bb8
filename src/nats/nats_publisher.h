// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "nats_endpoint.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pulsemap {

struct NatsPublisherOptions
{
    size_t maxBufferedEvents = 100000; // beyond, new events are not published (counted in dropped)
    size_t window = 512;               // messages in flight at once, acknowledged before the next window
    int64_t ackWaitMs = 2000;          // a window not acknowledged by then is sent again (same message ids)
    int64_t retryMaxMs = 2000;         // the longest pause between two tries while the cluster is unavailable
};

// The collector side of scale-out (relay --publish): every event offered is published to JetStream subject
// pulsemap.<campaign>.<type> (sanitised tokens, natsEventSubject) as one JSON object in the stream protocol's
// form (appendEventJson), with a message id (Nats-Msg-Id) that is unique to the event and kept across retries,
// so the stream stores it once even when an acknowledgement is lost or a leader election ("JetStream not
// available", 10008) makes the publisher send again. At least once: an event leaves the buffer only when the
// stream acknowledged it. The buffer is bounded: when the cluster is away longer than it lasts, new events are
// counted as dropped (never blocking the caller); hasRoom() lets sources that can wait slow down first.
// Threading: offer(), hasRoom() and the counters are called from one thread (the relay's) and never block on the
// network; publishing runs on the publisher's own thread, which owns the libnats connection. The destructor
// stops that thread (what is still buffered is lost: a collector that must not lose events stops its sources
// and waits for buffered() to reach 0 first).
class NatsPublisher
{
public:
    struct Counters
    {
        std::atomic<int64_t> offered{0};    // events given to offer()
        std::atomic<int64_t> published{0};  // acknowledged by the stream as new
        std::atomic<int64_t> duplicates{0}; // acknowledged as duplicates (a retry of what had been stored)
        std::atomic<int64_t> retries{0};    // messages sent again after an error or a missing acknowledgement
        std::atomic<int64_t> dropped{0};    // not published: the buffer was full
        std::atomic<int64_t> buffered{0};   // waiting or in flight now
        std::atomic<bool> connected{false};
    };

    NatsPublisher(NatsEndpoint endpoint, NatsPublisherOptions options = {});
    ~NatsPublisher();
    NatsPublisher(const NatsPublisher &) = delete;
    NatsPublisher &operator=(const NatsPublisher &) = delete;

    // Starts the publishing thread; it connects (and reconnects) by itself, the relay starts without waiting.
    void start();
    // Queues the batch's events; those that do not fit are counted as dropped. Never blocks.
    void offer(const EventBatch &batch);
    // Whether a quarter of the buffer is free: followed logs are read on only then.
    [[nodiscard]] bool hasRoom() const;
    // Waits up to timeoutMs for the buffer to empty (at shutdown, after the sources stopped); true when it did.
    bool flush(int64_t timeoutMs);
    [[nodiscard]] const Counters &counters() const { return m_counters; }

private:
    struct Message
    {
        std::string subject;
        std::string id;
        std::string payload;
    };
    struct Acks; // filled by libnats' acknowledgement callback, on a libnats thread

    void run();
    bool publishWindow(class NatsConnection &connection, std::vector<Message> &window);
    void pause(int64_t ms);

    NatsEndpoint m_endpoint;
    NatsPublisherOptions m_options;
    std::string m_idPrefix; // random per process: ids stay unique across collector restarts
    uint64_t m_nextId = 1;
    std::string m_scratch;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Message> m_queue; // guarded by m_mutex
    bool m_stopping = false;     // guarded by m_mutex
    Counters m_counters;
    std::unique_ptr<Acks> m_acks; // outlives the connection, whose callbacks use it
    std::thread m_thread;
};

} // namespace pulsemap
