// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "core/result.h"
#include "nats_endpoint.h"

#include <nats/nats.h>

#include <QObject>
#include <QTimer>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace pulsemap {

class NatsConnection;
class EventDecoder;

struct NatsConsumerOptions
{
    int fetchBatch = 256;
    int64_t fetchExpiresMs = 500;   // the server ends a pull request after this; the client waits a little longer
    int64_t fetchDeadlineMs = 5000; // a fetch still blocked this long after its expiry closes the connection
    int64_t ackWaitMs = 30000;      // an unacknowledged message is delivered again after this
    int64_t maxAckPending = 20000;
    // 0: a relay's consumer, kept by the server until deleted. More: a display's (listen, the app), which the
    // server deletes once nobody has read from it for this long, and which the display deletes when it stops.
    int64_t inactiveThresholdMs = 0;
    int64_t consumerCheckMs = 3000; // nothing fetched for this long: check that the consumer still exists
    int64_t refillRetryMs = 20000;  // ?refill=N: how long a refill that fails (a fail-over) is tried again
};

// A display's consumer is gone after this long without it (docs/scale-out.md): long enough for a server restart
// or a network outage, short enough that displays that crashed or were switched off leave nothing for long.
inline constexpr int64_t kNatsDisplayInactiveMs = int64_t{10} * 60 * 1000;

// The relay side of scale-out (relay --upstream nats://...?durable=NAME): reads the stream through a durable pull
// consumer that it creates explicitly with js_AddConsumer and then binds to (a consumer made by js_Subscribe is
// deleted by Unsubscribe or Drain even when durable), so after a restart the relay resumes where its consumer
// was acknowledged. Each message is one event in the stream protocol's JSON; decoded events are handed out in
// batches (batchReady) and acknowledged once handed out. A message delivered again (an acknowledgement lost in a
// fail-over) whose stream sequence was already handed out is acknowledged and not handed out twice. Each event
// carries its message's stream sequence in Event::seq.
// libnats 3.4.1 workarounds: pulls are FetchRequests with a server-side expiry, and a watchdog on the owner's
// thread closes the connection when a fetch outlives it by fetchDeadlineMs (3.4.1 can ignore the timeout of the
// fetch after a timed-out one); the subscription is drained, then destroyed, never destroyed with messages in
// flight (3.4.1 can crash when a message arrives for a subscription being destroyed).
// Displays (listen nats://, the app's --source nats://; options.inactiveThresholdMs > 0) read through a named pull
// consumer too, not an ephemeral one: an ephemeral consumer of JetStream 2.9 lives in one server's memory and is
// lost when that server restarts, while a named one is stored with the stream's replicas and survives it. Its name
// is ?durable=NAME when given (a display restarted within the threshold resumes), else made up per process; it
// starts with what is published from now on (or at ?from=SEQ), carries an inactive threshold so the server deletes
// it when the display is gone, and is deleted by stop(). A consumer that disappeared anyway (the display was cut
// off longer than the threshold) is made again from the sequence after the last handed out: nothing the stream
// still holds is lost. ?types=A,B keeps only those event types (one type is filtered by the server's subject).
// A relay with ?refill=N reads back, when it starts, up to N events of its filter from before its durable
// consumer's acknowledged place (through a short-lived consumer of its own, deleted afterwards) and hands them
// out as historyReady before anything new: its resume ring then serves a display's resume_from for events from
// before the restart (a display that was on it, or moves to it).
// Order: the consumer sequence of each delivery is checked; when deliveries never reached the client (a pull
// answered while the cluster failed over), they would come again only after ackWait, after newer ones. So what
// lies between the last event handed out and the next is read from the stream by sequence (js_GetMsg, the
// filter's subjects only) and handed out first; the late redeliveries are then skipped: in order, nothing twice.
// The same for a relay restarted while its consumer had deliveries unacknowledged (the previous process fetched
// them and stopped), or whose consumer information lagged behind the deliveries (right after a fail-over): what lies
// between the acknowledged place and the first delivery is read by sequence.
// Threading: created, started, stopped and destroyed on one thread with an event loop (the relay's), where
// batchReady is emitted; fetching runs on the consumer's own thread, which owns the libnats subscription.
class NatsConsumer : public QObject
{
    Q_OBJECT

public:
    struct Counters
    {
        std::atomic<int64_t> received{0};    // events handed out
        std::atomic<int64_t> malformed{0};   // messages that held no valid event (acknowledged, skipped)
        std::atomic<int64_t> redelivered{0}; // messages skipped as already handed out
        std::atomic<int64_t> filtered{0};    // events of types the display did not ask for
        std::atomic<int64_t> reconnects{0};  // times the consumer was bound again after a first time
        std::atomic<int64_t> gapsFilled{0};  // events read by sequence because their delivery was lost
        std::atomic<int64_t> watchdogResets{0};
        std::atomic<int64_t> lastStreamSeq{0};
        std::atomic<bool> connected{false};
    };

    NatsConsumer(NatsEndpoint endpoint, NatsConsumerOptions options = {}, QObject *parent = nullptr);
    ~NatsConsumer() override;

    // Checks the endpoint (a relay needs a durable name) and starts the fetching thread, which connects, creates or
    // finds the consumer and reconnects by itself.
    Status start();
    // Stops fetching; what was fetched and not yet handed out is delivered again to the next run.
    void stop();
    [[nodiscard]] const Counters &counters() const { return m_counters; }
    // The consumer's name on the server (known after start()).
    [[nodiscard]] const std::string &consumerName() const { return m_endpoint.durable; }

signals:
    // The batch is valid during the call only.
    void batchReady(const pulsemap::EventBatch &batch);
    // Events from before the relay's place (?refill=N), once, before the first batchReady; valid during the call.
    void historyReady(const pulsemap::EventBatch &batch);
    // Bound and fetching, or not any more (detail says why); only on changes.
    void connectionChanged(bool connected, const QString &detail);

private:
    void run();
    bool ensureConsumer(NatsConnection &connection, const std::string &filter);
    bool consume(NatsConnection &connection);
    void refill(NatsConnection &connection, int64_t upTo);
    bool refillFrom(NatsConnection &connection, int64_t &next, int64_t upTo, int64_t &events);
    // Waits pauseMs (in 50 ms steps, so stop() is not kept waiting) and returns the next, doubled pause (at most
    // 2 s): the reconnect loop's and the refill's retries.
    [[nodiscard]] int64_t pauseThenDouble(int64_t pauseMs) const;
    void fillGap(NatsConnection &connection, int64_t before, EventDecoder &decoder, EventBatch &batch);
    // Decodes a fetched message into batch (numbered with its stream sequence, types kept as asked).
    void decodeMessage(natsMsg *msg, int64_t seq, EventDecoder &decoder, EventBatch &batch);
    void keepAskedTypes(EventBatch &batch, size_t from);
    void setConnected(bool connected, const std::string &detail);
    void watchdog();

    NatsEndpoint m_endpoint;
    NatsConsumerOptions m_options;
    Counters m_counters;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_running{false};
    std::atomic<int64_t> m_fetchSinceMs{0}; // steady ms when the current fetch began, 0 when none
    int64_t m_ackFloor = 0;                 // fetching thread: a relay's consumer's acknowledged place
    int64_t m_pendingAtBind = 0;            // fetching thread: a relay's consumer's unacknowledged deliveries
    uint64_t m_lastDelivery = 0;            // fetching thread: the consumer sequence of the last message seen
    uint64_t m_toldDelivered = 0;           // fetching thread: a relay's consumer's delivered count at start
    int64_t m_startedAfter = 0;             // fetching thread: the stream's last sequence when a display's began
    bool m_everBound = false;               // fetching thread
    std::string m_detail;                   // fetching thread: what connectionChanged said last
    std::mutex m_connectionMutex;
    std::shared_ptr<NatsConnection> m_connection; // guarded: the watchdog closes it from the owner's thread
    QTimer m_watchdog;
    std::thread m_thread;
};

} // namespace pulsemap
