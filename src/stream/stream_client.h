// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "backoff.h"
#include "core/clock.h"
#include "core/event.h"
#include "core/result.h"
#include "event_decoder.h"
#include "stream_url.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>
#include <QTimer>

#include <cstdint>
#include <memory>

namespace pulsemap {

class StreamFraming;
class StreamTransport;

struct StreamClientOptions
{
    QString url;                                  // ws://, wss://, socketio://host:port[/namespace], socketios://
    QStringList subscribe;                        // event types to ask for; empty: all
    QByteArray token;                             // sent as Authorization: Bearer (and in the Socket.IO connect packet)
    QList<QPair<QByteArray, QByteArray>> headers; // extra handshake headers
    QString caFile;                               // PEM or DER certificates trusted in addition to the system's
    DecodeLimits limits;
    int flushIntervalMs = 16; // batches are emitted at most this often
    int backoffInitialMs = 250;
    int backoffMaxMs = 10000;
    int alertAfterMs = 30000; // alert() when the source has been down this long
    int connectTimeoutMs = 10000;
    uint32_t seed = 0; // jitter; 0: random
    Clock clock;       // the arrival time of events without ts; empty: the system clock
};

// A live event stream over WebSocket or Socket.IO v4 (docs/protocol.md): the session. Connects, subscribes,
// resumes by sequence number after a cut, drops duplicates, reconnects forever with backoff and jitter, and
// alerts when the source has been down too long. Decoded events are handed out in batches at most every
// flushIntervalMs, never per message. The wire protocol is a StreamFraming strategy and the socket a
// StreamTransport (both private); events that carry only an address keep it in Event::ip: locating them
// (GeoEnricher) and dropping the address is the consumer's business.
// Threading: lives on one thread with an event loop (not necessarily the GUI's) and signals there; never
// touches the UI. Not to be used from other threads.
class StreamClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged FINAL)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged FINAL)
    Q_PROPERTY(QString lastError READ lastError NOTIFY stateChanged FINAL)
    Q_PROPERTY(int reconnectInMs READ reconnectInMs NOTIFY stateChanged FINAL)
    Q_PROPERTY(int viewers READ viewers NOTIFY viewersChanged FINAL)
    Q_PROPERTY(bool alerting READ alerting NOTIFY alertingChanged FINAL)

public:
    enum class State { Idle, Connecting, Live, Reconnecting };
    Q_ENUM(State)

    struct Stats
    {
        int64_t received = 0;   // events delivered in batches
        int64_t malformed = 0;  // events or messages skipped as malformed
        int64_t refused = 0;    // messages over the size limit
        int64_t duplicates = 0; // events dropped for a seq already seen
        int64_t reconnects = 0; // times the stream came back after being live
        int64_t gaps = 0;       // events the server said were lost before a resume
        int64_t lastSeq = -1;
    };

    explicit StreamClient(StreamClientOptions options, QObject *parent = nullptr);
    ~StreamClient() override;

    // Checks the URL and the CA file, then connects; the error when one is unusable.
    Status start();
    void stop();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] int reconnectInMs() const;
    [[nodiscard]] int viewers() const { return m_viewers; }
    [[nodiscard]] bool alerting() const { return m_alerting; }
    [[nodiscard]] const Stats &stats() const { return m_stats; }
    [[nodiscard]] const StreamEndpoint &endpoint() const { return m_endpoint; }

signals:
    // The batch is valid during the call only; receivers copy what they keep.
    void batchReady(const pulsemap::EventBatch &batch);
    void stateChanged();
    void viewersChanged();
    void alertingChanged();
    // Raised once per outage when the source has been down longer than alertAfterMs.
    void alert(const QString &message);
    void errorOccurred(const QString &message);

private:
    class Host;
    friend class Host;

    // Connection lifecycle (stream_client.cpp).
    void connectNow();
    void goLive();
    void connectionLost(const QString &reason);
    void dropConnection(const QString &reason);
    void setState(State state);
    void raiseAlert();
    // Messages (stream_client_messages.cpp).
    void decodeMessage(std::string_view message, std::string_view defaultType);
    void decodeValues(std::span<const std::string_view> values, std::string_view defaultType, bool malformed);
    void afterDecode(size_t firstNew, const DecodeResult &result);
    void dropDuplicates(size_t firstNew);
    void applyControls();
    void flush();

    StreamClientOptions m_options;
    Clock m_clock;
    StreamEndpoint m_endpoint;
    std::unique_ptr<Host> m_host; // what the framing may ask of this session
    std::unique_ptr<StreamTransport> m_transport;
    std::unique_ptr<StreamFraming> m_framing; // made by start() for the endpoint's protocol
    EventDecoder m_decoder;
    Backoff m_backoff;
    EventBatch m_batch;
    std::vector<ControlMessage> m_controls;
    QTimer m_flushTimer;
    QTimer m_reconnectTimer;
    QTimer m_connectTimer;   // connect + handshake watchdog
    QTimer m_keepAliveTimer; // the framing's heartbeat deadline (Socket.IO pings)
    QTimer m_alertTimer;
    QElapsedTimer m_downSince;
    State m_state = State::Idle;
    Stats m_stats;
    QString m_lastError;
    QString m_streamId;
    int m_viewers = -1;
    bool m_alerting = false;
    bool m_running = false;
    bool m_everLive = false;
    bool m_healthy = false; // a message arrived since going live: resets the backoff
};

} // namespace pulsemap
