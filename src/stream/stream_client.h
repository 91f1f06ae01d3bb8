#pragma once

#include "backoff.h"
#include "core/event.h"
#include "event_decoder.h"
#include "stream_url.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>
#include <QTimer>
#include <QWebSocket>

#include <cstdint>
#include <functional>
#include <memory>

namespace pulsemap {

class GeoIp;

struct StreamClientOptions
{
    QString url;                                  // ws://, wss://, socketio://host:port[/namespace], socketios://
    QStringList subscribe;                        // event types to ask for; empty: all
    QByteArray token;                             // sent as Authorization: Bearer (and in the Socket.IO connect packet)
    QList<QPair<QByteArray, QByteArray>> headers; // extra handshake headers
    QString caFile;                               // PEM or DER certificates trusted in addition to the system's
    QString geoipPath;                            // locates events that carry only "ip"; empty: they stay unlocated
    bool keepIp = false;                          // keep Event::ip after the lookup
    DecodeLimits limits;
    int flushIntervalMs = 16; // batches are emitted at most this often
    int backoffInitialMs = 250;
    int backoffMaxMs = 10000;
    int alertAfterMs = 30000; // alert() when the source has been down this long
    int connectTimeoutMs = 10000;
    uint32_t seed = 0;              // jitter; 0: random
    std::function<int64_t()> clock; // Unix ms for events without ts; default: the system clock
};

// A live event stream over WebSocket or Socket.IO v4 (docs/protocol.md). Connects, subscribes, resumes
// by sequence number after a cut, drops duplicates, and reconnects forever with backoff and jitter.
// Decoded events are handed out in batches at most every flushIntervalMs, never per message.
// Threading: lives on one thread with an event loop (not necessarily the GUI's); never touches the UI.
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

    // Checks the URL, CA file and GeoIP database, then connects. False (and error set) when one is unusable.
    bool start(QString *error = nullptr);
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
    void connectNow();
    void goLive();
    void connectionLost(const QString &reason);
    void setState(State state);
    void onText(const QString &message);
    void onBinary(const QByteArray &message);
    void handleMessage(std::string_view message, std::string_view defaultType);
    void handleSocketIo(std::string_view frame);
    void afterDecode(size_t firstNew, const DecodeResult &result);
    void applyControls();
    void send(const std::string &text);
    void flush();
    void raiseAlert();
    [[nodiscard]] int64_t now() const;

    StreamClientOptions m_options;
    StreamEndpoint m_endpoint;
    QWebSocket m_socket;
    EventDecoder m_decoder;
    Backoff m_backoff;
    std::unique_ptr<GeoIp> m_geoip;
    EventBatch m_batch;
    std::vector<ControlMessage> m_controls;
    std::string m_scratch;
    QByteArray m_utf8;
    QTimer m_flushTimer;
    QTimer m_reconnectTimer;
    QTimer m_connectTimer; // connect + handshake watchdog
    QTimer m_pingTimer;    // Socket.IO: the server's pings must keep coming
    QTimer m_alertTimer;
    QElapsedTimer m_downSince;
    State m_state = State::Idle;
    Stats m_stats;
    QString m_lastError;
    QString m_streamId;
    int m_viewers = -1;
    int m_pingDeadlineMs = 45000;
    bool m_alerting = false;
    bool m_running = false;
    bool m_everLive = false;
    bool m_healthy = false; // a message arrived since going live: resets the backoff
    bool m_sioOpen = false;
};

} // namespace pulsemap
