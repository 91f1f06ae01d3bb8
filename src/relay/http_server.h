// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "connection_budget.h"
#include "core/result.h"
#include "http_body.h"
#include "http_request.h"
#include "http_request_parser.h"
#include "tls_server.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>

class QTcpSocket;

namespace pulsemap {

// What a connection may cost: how long its request head may take to arrive, how long it may sit idle between
// keep-alive requests, and the parser's size bounds. See docs/protocol.md, "Limits and timeouts".
struct HttpServerLimits
{
    std::chrono::milliseconds headerTimeout{15000}; // from the first byte of a request (or accept) to its blank line
    std::chrono::milliseconds idleTimeout{60000};   // between the end of a response and the next request's first byte
    HttpParserLimits parser;
    // A request body (only read for requests the BodyGate admits): larger ones are answered 413 and closed,
    // before any of it is read when Content-Length says so. The body must arrive within headerTimeout of its
    // head's end.
    size_t maxBodyBytes = size_t{1} << 20;
    // All bodies being read at once, so that many connections each sending a large body cannot exhaust memory:
    // a body that would pass it is answered 503 (Retry-After) before it is read. A chunked body counts as
    // maxBodyBytes until it is complete.
    size_t maxBodyBytesInFlight = size_t{64} << 20;
};

// What the server refused or timed out, for /metrics.
struct HttpServerCounters
{
    int64_t requests = 0;             // request heads parsed
    int64_t badRequests = 0;          // heads refused by the parser (answered 400/414/431/501/505 and closed)
    int64_t headerTimeouts = 0;       // connections closed because the head did not arrive in time
    int64_t idleTimeouts = 0;         // keep-alive connections closed after idleTimeout without a request
    int64_t bodiesTooLarge = 0;       // bodies refused with 413 (announced or found larger than maxBodyBytes)
    int64_t bodiesBusy = 0;           // bodies refused with 503 (maxBodyBytesInFlight reached)
    int64_t tlsHandshakeFailures = 0; // TLS handshakes that failed (a plaintext client on a TLS port, a bad hello)
    int64_t tlsHandshakeTimeouts = 0; // TLS connections closed because the handshake did not end in headerTimeout
};

// A small HTTP/1.1 server on QTcpServer: GET and HEAD with keep-alive and pipelining, which is all a tracking
// beacon, a health check and a metrics scrape need, and request bodies (Content-Length or chunked) for the
// requests a BodyGate admits (the push API); any other method is answered 405. Measured against Qt HttpServer 6.4 for
// the beacon: see docs/benchmarks.md. A WebSocket upgrade request is handed over untouched (its bytes still unread) so
// that QWebSocketServer::handleConnection can read the handshake itself. Slow or silent clients (slowloris) are closed
// by one periodic sweep over the open connections, not a timer per connection; connections are admitted through a
// ConnectionBudget (shared between servers if given). With setTls every connection is TLS (https, wss): the handshake
// starts once the connection is admitted and counts against the header timeout, so a client that sends nothing or
// plaintext holds its slot no longer than a silent plain one. Threading: one thread, the one the server was created on;
// handlers run there, synchronously.
class HttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(const HttpRequest &, HttpResponse &)>;
    // Returns true when it took the socket; otherwise the server answers with the response it filled.
    using UpgradeHandler = std::function<bool(QTcpSocket *, const HttpRequest &, HttpResponse &)>;
    // Asked for each request with a method other than GET and HEAD, before its body is read: returns true to
    // read the body (into HttpRequest::body, then the handler runs), or false to answer the response it was
    // given (405 unless it changes it: a 401 or a 404) and close, the body unread.
    using BodyGate = std::function<bool(const HttpRequest &, HttpResponse &)>;

    // budget: shared admission control, must outlive the server; null gives the server a generous one of its own.
    explicit HttpServer(Handler handler, HttpServerLimits limits = {}, ConnectionBudget *budget = nullptr,
                        QObject *parent = nullptr);
    ~HttpServer() override;
    void setUpgradeHandler(UpgradeHandler handler) { m_upgrade = std::move(handler); }
    void setBodyGate(BodyGate gate) { m_bodyGate = std::move(gate); }
    // Serves TLS only (call before listen); the configuration holds the certificate and key (loadServerTls).
    void setTls(QSslConfiguration configuration) { m_server.setTls(std::move(configuration)); }
    [[nodiscard]] bool secure() const { return m_server.secure(); }

    Status listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    void close();

    [[nodiscard]] int64_t requests() const { return m_counters.requests; }
    [[nodiscard]] const HttpServerCounters &counters() const { return m_counters; }
    [[nodiscard]] int openConnections() const { return static_cast<int>(m_connections.size()); }

private:
    enum class Phase { Handshake, Head, Body, Idle, Closing };
    // A request whose body is being read. It holds its share of maxBodyBytesInFlight until it is destroyed
    // (complete, refused, or its connection closed).
    struct PendingBody
    {
        PendingBody(size_t &total, size_t share) : inFlight(total), reserved(share) { inFlight += reserved; }
        ~PendingBody() { inFlight -= reserved; }
        PendingBody(const PendingBody &) = delete;
        PendingBody &operator=(const PendingBody &) = delete;

        size_t &inFlight;
        size_t reserved;
        HttpRequest request;
        bool keepAlive = true;
        int64_t contentLength = -1;              // -1: chunked
        std::unique_ptr<ChunkedDecoder> chunked; // with chunked
    };
    struct Connection
    {
        Phase phase = Phase::Head;
        int64_t deadline = 0; // ms on m_clock
        std::unique_ptr<PendingBody> pending;
    };

    void accept(QTcpSocket *socket);
    void startHandshake(QTcpSocket *socket);
    void onReadyRead(QTcpSocket *socket);
    bool handleUpgrade(QTcpSocket *socket, const HttpRequest &request, size_t headBytes);
    bool startBody(QTcpSocket *socket, Connection &connection, const HttpRequestHead &head, HttpRequest &request);
    bool readBody(QTcpSocket *socket, Connection &connection);
    bool serve(QTcpSocket *socket, HttpRequest &request);
    void respond(QTcpSocket *socket, const HttpRequest &request, const HttpResponse &response);
    void refuse(QTcpSocket *socket, int status, const char *reason);
    void setPhase(QTcpSocket *socket, Phase phase);
    void sweep();

    // Declared before m_server so that they outlive the sockets it deletes as their parent.
    Handler m_handler;
    UpgradeHandler m_upgrade;
    BodyGate m_bodyGate;
    HttpServerLimits m_limits;
    std::unique_ptr<ConnectionBudget> m_ownBudget;
    ConnectionBudget *m_budget;
    std::unordered_map<QTcpSocket *, Connection> m_connections; // until closed or handed over
    QElapsedTimer m_clock;
    QTimer m_sweep;
    HttpServerCounters m_counters;
    size_t m_bodyBytesInFlight = 0; // reserved by the PendingBody of every connection
    TlsTcpServer m_server;
};

} // namespace pulsemap
