// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_source.h"
#include "stream/stream_client.h"

#include <QThread>

#include <mutex>

namespace pulsemap {

struct StreamSourceOptions
{
    StreamClientOptions client;
    QString geoipPath;   // locates events that carry only "ip"; empty: they stay unlocated
    bool keepIp = false; // keep Event::ip after the lookup
};

// A live WebSocket / Socket.IO stream, or a NATS JetStream one read directly on a LAN (nats://, tls://: a display's
// NatsConsumer, docs/scale-out.md), as a map source: the StreamClient's batches, located with GeoIP, its
// connection state ("reconnecting in 3 s: connection refused"), the relay's viewer count and the
// down-too-long alert.
// Threading: the StreamSource lives on the GUI thread and signals there. The StreamClient, the GeoIP
// database and the lookups live on a worker thread of its own; located batches cross to the GUI thread
// through a double buffer (at most one delivery queued at a time, and the client flushes at most every
// ~16 ms, so about once per frame), and state reaches it by queued calls.
class StreamSource : public EventSource
{
    Q_OBJECT

public:
    explicit StreamSource(StreamSourceOptions options, QObject *parent = nullptr);
    ~StreamSource() override;

    void start() override;
    void stop() override;

private:
    class Worker;

    // Worker thread: adds located events to the pending batch and queues one delivery if none is.
    void handOver(EventBatch &located);
    // GUI thread.
    void deliver();
    void applyState(StreamClient::State state, const QString &statusText);

    StreamSourceOptions m_options;
    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread; deleted when it finishes
    bool m_running = false;     // GUI thread: state reports after stop() are stale

    std::mutex m_mutex;
    EventBatch m_pending;          // guarded by m_mutex
    bool m_deliveryQueued = false; // guarded by m_mutex
    EventBatch m_delivering;       // GUI thread: what batchReady hands out, swapped with m_pending
};

} // namespace pulsemap
