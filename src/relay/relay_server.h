// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "connection_budget.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/visitor_id.h"
#include "http_server.h"
#include "relay_hub.h"
#include "stream/event_decoder.h"
#include "syslog_listener.h"
#include "tracked_link.h"

#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QWebSocketServer>

#include <memory>
#include <string>
#include <vector>

namespace pulsemap {

class GeoIp;
class LogIngestor;
class NatsConsumer;
class NatsPublisher;
class StreamClient;

struct RelayOptions
{
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 0;
    bool collect = false; // the beacon listens on its own address
    QHostAddress collectAddress = QHostAddress::LocalHost;
    quint16 collectPort = 0;
    QStringList follow; // logs to tail, as pulsemap-cli import --follow
    std::string format = "combined";
    std::vector<std::string> typeRules;
    bool syslog = false; // syslog (UDP and TCP) on syslogAddress:syslogPort, MSG parsed with format
    QHostAddress syslogAddress = QHostAddress::LocalHost;
    quint16 syslogPort = 0;
    QString upstream; // another stream to relay
    QByteArray upstreamToken;
    QByteArray token; // subscribers and POST /events must present it (Authorization: Bearer or ?token=)
    QString geoipPath;
    bool trustForwardedFor = false; // beacon and links: locate the first X-Forwarded-For hop (behind a proxy)
    LinkPolicy links;               // GET /click: which redirect targets are accepted (none by default)
    RelayHub::Options hub;
    // Slowloris and flood bounds for both ports (see docs/protocol.md, "Limits and timeouts"). The header
    // timeout also bounds the WebSocket handshake of a subscriber; maxBodyBytes bounds a POST /events body.
    HttpServerLimits http;
    int maxConnections = 10000;         // open connections on both ports together, subscribers included
    int maxConnectionsPerAddress = 256; // from one client address
    Clock clock;                        // the beacon's event time; the system clock when empty
    // Both ports serve TLS only (wss://, https://) when both are set: a PEM certificate chain and its key.
    QString tlsCertFile;
    QString tlsKeyFile;
    QString upstreamCaFile; // trusted for a wss:// upstream in addition to the system's CAs
    // Scale-out (docs/scale-out.md): every accepted event is also published to NATS JetStream; an upstream
    // nats://...?durable=NAME reads the stream through that durable consumer.
    QString publish;
};

// pulsemap-cli relay: ingests events from an HTTP beacon, tracked links, a push API (POST /events), followed logs
// and an upstream stream, and fans them out to WebSocket subscribers through a RelayHub. /healthz and /metrics
// (Prometheus) answer on both addresses.
// Threading: one thread (the one it was created on, which runs the event loop); log reading runs on the
// LogIngestor's worker and is polled without blocking; the clock is called on the relay's thread.
class RelayServer : public QObject
{
    Q_OBJECT

public:
    explicit RelayServer(RelayOptions options, QObject *parent = nullptr);
    ~RelayServer() override;

    // Opens the GeoIP database, listens, starts the sources. A failure names what could not be started.
    Status start();
    // Stops accepting, sends what is pending, closes subscribers with 1001 (going away).
    void stop();

    [[nodiscard]] quint16 listenPort() const { return m_front.port(); }
    [[nodiscard]] quint16 collectPort() const { return m_collector.port(); }
    [[nodiscard]] quint16 syslogPort() const { return m_syslog ? m_syslog->port() : 0; }
    [[nodiscard]] const RelayHub &hub() const { return m_hub; }
    [[nodiscard]] QByteArray metrics() const;
    [[nodiscard]] QByteArray summaryJson() const;

private:
    void handleHttp(const HttpRequest &request, HttpResponse &response, bool collector);
    void handleBeacon(const HttpRequest &request, HttpResponse &response);
    bool admitPush(const HttpRequest &request, HttpResponse &refusal);
    void handlePush(const HttpRequest &request, HttpResponse &response);
    void handleClick(const HttpRequest &request, HttpResponse &response);
    void locateClient(const HttpRequest &request, Event &event, EventBatch &batch);
    // The reader's session for the beacon and the links: the pm_session cookie it sent, or a new one. Its
    // visitor id is the session's keyed hash; cookieHeader() is the Set-Cookie that keeps it.
    static QByteArray sessionOf(const HttpRequest &request);
    static QByteArray cookieHeader(const QByteArray &session);
    [[nodiscard]] uint64_t visitorOf(const QByteArray &session) const;
    bool handleUpgrade(QTcpSocket *socket, const HttpRequest &request, HttpResponse &refusal);
    void pollLogs();
    static RelayHub::Options natsHubOptions(const RelayOptions &options); // relay_nats.cpp
    Status startNats();
    void stopNats();
    void appendNatsMetrics(QByteArray &out) const;
    [[nodiscard]] bool natsHasRoom() const; // followed logs wait while the publisher's buffer is nearly full

    RelayOptions m_options;
    Clock m_clock;
    ConnectionBudget m_budget; // before the hub and the servers: their sockets release it when destroyed
    RelayHub m_hub;
    HttpServer m_front;
    HttpServer m_collector;
    QWebSocketServer m_webSockets;
    std::unique_ptr<GeoIp> m_geoip;
    std::unique_ptr<LogIngestor> m_logs;
    std::unique_ptr<StreamClient> m_upstream;
    std::unique_ptr<SyslogListener> m_syslog;
    std::unique_ptr<NatsPublisher> m_publisher;
    std::unique_ptr<NatsConsumer> m_natsUpstream;
    QTimer m_logPoll;
    EventBatch m_beaconBatch; // also the tracked links' and the push API's
    // Sessions' visitor ids: a key of this run only (a relay keeps no file), so ids cannot be joined across runs.
    VisitorHasher m_visitors{VisitorHasher::randomKey()};
    EventDecoder m_pushDecoder;
    int64_t m_beaconEvents = 0;
    int64_t m_beaconRejected = 0;
    int64_t m_pushEvents = 0;
    int64_t m_pushRefused = 0;  // events in push bodies refused as malformed
    int64_t m_pushRejected = 0; // push requests answered 400 or 401
    int64_t m_linkEvents = 0;
    int64_t m_linkRejected = 0;
    int64_t m_logEvents = 0;
    int64_t m_upstreamEvents = 0;
    int64_t m_authFailures = 0;
};

} // namespace pulsemap
