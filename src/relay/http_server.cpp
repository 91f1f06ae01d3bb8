// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "http_server.h"

#include "relay_log.h"
#include "subscriber_upgrade.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>
#include <vector>

namespace pulsemap {

namespace {

// A client that pipelines requests but does not read the answers stops being read from at this much unsent.
constexpr qint64 kMaxUnsentBytes = 1 << 20;

} // namespace

HttpServer::HttpServer(Handler handler, HttpServerLimits limits, ConnectionBudget *budget, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_limits(limits),
      m_ownBudget(budget == nullptr ? std::make_unique<ConnectionBudget>(10000, 10000) : nullptr),
      m_budget(budget == nullptr ? m_ownBudget.get() : budget)
{
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            accept(socket);
        }
    });
    // One sweep for every connection: at a quarter of the shortest timeout a connection is closed at most 25%
    // late, and 5,000 connections cost one pass over a hash map a few times a second.
    const auto shortest = std::min(m_limits.headerTimeout, m_limits.idleTimeout);
    m_sweep.setInterval(std::clamp<std::chrono::milliseconds>(shortest / 4, std::chrono::milliseconds(50),
                                                              std::chrono::milliseconds(1000)));
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweep);
}

HttpServer::~HttpServer()
{
    m_sweep.stop();
    for (const auto &[socket, connection] : m_connections) {
        socket->disconnect(this);
    }
    m_connections.clear();
}

Status HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_server.setMaxPendingConnections(1024);
    m_server.setListenBacklogSize(1024); // a burst of connects waits in the kernel instead of being dropped
    if (!m_server.listen(address, port)) {
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                        .arg(address.toString())
                        .arg(port)
                        .arg(m_server.errorString())
                        .toStdString());
    }
    m_sweep.start();
    return {};
}

void HttpServer::close()
{
    m_server.close();
}

void HttpServer::accept(QTcpSocket *socket)
{
    const QHostAddress peer = socket->peerAddress();
    if (m_budget->acquire(peer) != ConnectionBudget::Refusal::None) {
        socket->abort(); // no answer: a refused client is a flood, answering it would only cost more
        socket->deleteLater();
        return;
    }
    // Counted until the socket is gone, also while it serves a WebSocket subscriber. The server is the
    // context (not this), so that disconnecting this from the socket at the hand-over keeps the release.
    connect(socket, &QObject::destroyed, &m_server, [budget = m_budget, peer] { budget->release(peer); });
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounded reading: a head larger than the parser's limit is refused anyway, and a pipelining client
    // waits in the kernel instead of in the relay's memory.
    socket->setReadBufferSize(2 * static_cast<qint64>(m_limits.parser.maxHeadBytes));
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        if (socket->bytesToWrite() < kMaxUnsentBytes / 2 && socket->bytesAvailable() > 0) {
            onReadyRead(socket);
        }
    });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_connections.erase(socket);
        socket->deleteLater();
    });
    m_connections[socket] = {};
    if (m_server.secure()) {
        startHandshake(socket);
        return;
    }
    setPhase(socket, Phase::Head); // silence from the start counts against the header timeout
    if (socket->bytesAvailable() > 0) {
        onReadyRead(socket);
    }
}

void HttpServer::startHandshake(QTcpSocket *socket)
{
    auto *tls = qobject_cast<QSslSocket *>(socket);
    setPhase(socket, Phase::Handshake); // the header timeout runs from accept, through the handshake
    connect(tls, &QSslSocket::encrypted, this, [this, tls] {
        const auto it = m_connections.find(tls);
        if (it == m_connections.end()) {
            return;
        }
        it->second.phase = Phase::Head; // the same deadline: handshake and head together within the timeout
        if (tls->bytesAvailable() > 0) {
            onReadyRead(tls);
        }
    });
    // A plaintext request or a bad hello: OpenSSL gives up at once. The socket is dropped without an answer,
    // there is no channel to answer on.
    connect(tls, &QSslSocket::errorOccurred, this, [this, tls] {
        const auto it = m_connections.find(tls);
        if (it == m_connections.end() || it->second.phase != Phase::Handshake) {
            return;
        }
        ++m_counters.tlsHandshakeFailures;
        qCDebug(lcRelay).noquote() << "TLS handshake failed with" << tls->peerAddress().toString() << ":"
                                   << tls->errorString();
        m_connections.erase(it);
        tls->abort();
        tls->deleteLater();
    });
    tls->startServerEncryption();
}

void HttpServer::setPhase(QTcpSocket *socket, Phase phase)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end()) {
        return;
    }
    const std::chrono::milliseconds timeout = phase == Phase::Idle ? m_limits.idleTimeout : m_limits.headerTimeout;
    it->second.phase = phase;
    it->second.deadline = m_clock.elapsed() + timeout.count();
}

void HttpServer::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end()) {
        return;
    }
    if (it->second.phase == Phase::Handshake) {
        return; // nothing is decrypted before the handshake ends
    }
    if (it->second.phase == Phase::Closing) {
        socket->skip(socket->bytesAvailable()); // answered with Connection: close; nothing more is served
        return;
    }
    if (it->second.phase == Phase::Idle) {
        setPhase(socket, Phase::Head); // the header timeout runs from the first byte of a request
    }
    // Pipelined requests: answer every complete one that is buffered.
    while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() > 0) {
        if (socket->bytesToWrite() >= kMaxUnsentBytes) {
            return; // resumed by bytesWritten
        }
        const auto found = m_connections.find(socket);
        if (found == m_connections.end()) {
            return;
        }
        Connection &connection = found->second;
        if (connection.pending) {
            if (!readBody(socket, connection)) {
                return; // more to come, or refused
            }
            HttpRequest request = std::move(connection.pending->request);
            connection.pending.reset();
            if (!serve(socket, request)) {
                return;
            }
            continue;
        }
        const QByteArray peeked = socket->peek(static_cast<qint64>(m_limits.parser.maxHeadBytes));
        const HttpParseResult parsed =
            parseHttpRequest(std::string_view(peeked.constData(), size_t(peeked.size())), m_limits.parser);
        if (parsed.state == HttpParseResult::State::Incomplete) {
            return;
        }
        if (parsed.state == HttpParseResult::State::Error) {
            ++m_counters.badRequests;
            refuse(socket, parsed.status, parsed.reason);
            return;
        }
        ++m_counters.requests;
        HttpRequest request = toHttpRequest(parsed.head, socket->peerAddress());
        if (m_upgrade && isWebSocketUpgrade(request)) {
            if (!handleUpgrade(socket, request, parsed.head.headBytes)) {
                setPhase(socket, Phase::Closing);
            }
            return;
        }
        socket->skip(static_cast<qint64>(parsed.head.headBytes));
        if (request.method != "GET" && request.method != "HEAD") {
            HttpResponse refusal{405, "text/plain", "only GET and HEAD\n", {{"Allow", "GET, HEAD"}}};
            if (!m_bodyGate || !m_bodyGate(request, refusal)) {
                request.keepAlive = false; // a body we do not read would be taken for the next request
                respond(socket, request, refusal);
                setPhase(socket, Phase::Closing);
                return;
            }
            if (!startBody(socket, connection, parsed.head, request) || !readBody(socket, connection)) {
                return; // refused, or the rest of the body is read when it arrives
            }
            request = std::move(connection.pending->request);
            connection.pending.reset();
        }
        if (!serve(socket, request)) {
            return;
        }
    }
}

// Answers a complete request; false when the connection is closing.
bool HttpServer::serve(QTcpSocket *socket, HttpRequest &request)
{
    HttpResponse response;
    m_handler(request, response);
    respond(socket, request, response);
    if (!request.keepAlive) {
        setPhase(socket, Phase::Closing);
        return false;
    }
    setPhase(socket, socket->bytesAvailable() > 0 ? Phase::Head : Phase::Idle);
    return true;
}

// Checks how the body is framed and that it may fit; false when the request was refused (and is closing).
bool HttpServer::startBody(QTcpSocket *socket, Connection &connection, const HttpRequestHead &head,
                           HttpRequest &request)
{
    if (head.transferEncoded) {
        // Only "chunked", once: a coding the relay cannot undo (gzip, a list) is 501 (RFC 9112, 6.1), and
        // chunked in HTTP/1.0 cannot be trusted to frame the message (6.1 again).
        int codings = 0;
        for (const auto &[name, value] : request.headers) {
            codings += name == "transfer-encoding" ? 1 : 0;
        }
        if (head.version != "HTTP/1.1") {
            ++m_counters.badRequests;
            refuse(socket, 400, "Transfer-Encoding in HTTP/1.0");
            return false;
        }
        if (codings != 1 || !equalsIgnoringCase(request.header("transfer-encoding").toStdString(), "chunked")) {
            ++m_counters.badRequests;
            refuse(socket, 501, "only the chunked transfer coding");
            return false;
        }
    } else if (head.contentLength < 0) {
        ++m_counters.badRequests;
        refuse(socket, 411, "a body needs Content-Length (or chunked transfer coding)");
        return false;
    } else if (static_cast<uint64_t>(head.contentLength) > m_limits.maxBodyBytes) {
        ++m_counters.bodiesTooLarge; // refused before a byte of it is read
        refuse(socket, 413, "body larger than the limit");
        return false;
    }
    const size_t reserve = head.transferEncoded ? m_limits.maxBodyBytes : static_cast<size_t>(head.contentLength);
    if (reserve > m_limits.maxBodyBytesInFlight - std::min(m_bodyBytesInFlight, m_limits.maxBodyBytesInFlight)) {
        ++m_counters.bodiesBusy;
        HttpRequest closing;
        closing.keepAlive = false;
        socket->skip(socket->bytesAvailable());
        respond(socket, closing, {503, "text/plain", "too many bodies at once, try again\n", {{"Retry-After", "1"}}});
        setPhase(socket, Phase::Closing);
        return false;
    }
    auto pending = std::make_unique<PendingBody>(m_bodyBytesInFlight, reserve);
    pending->keepAlive = head.keepAlive;
    if (head.transferEncoded) {
        pending->chunked = std::make_unique<ChunkedDecoder>(m_limits.maxBodyBytes, m_limits.parser.maxHeadBytes);
    } else {
        pending->contentLength = head.contentLength;
    }
    if (equalsIgnoringCase(request.header("expect").toStdString(), "100-continue") && head.version == "HTTP/1.1") {
        socket->write("HTTP/1.1 100 Continue\r\n\r\n"); // curl waits a second for this before a large body
    }
    pending->request = std::move(request);
    connection.pending = std::move(pending);
    setPhase(socket, Phase::Body); // a fresh window: the body must arrive within the header timeout
    return true;
}

// Reads what is buffered of the pending body; true when it is complete (in pending->request.body).
bool HttpServer::readBody(QTcpSocket *socket, Connection &connection)
{
    PendingBody &pending = *connection.pending;
    QByteArray &body = pending.request.body;
    if (pending.contentLength >= 0) {
        const qint64 missing = pending.contentLength - body.size();
        if (missing > 0) {
            body += socket->read(std::min(missing, socket->bytesAvailable()));
        }
        if (body.size() < pending.contentLength) {
            return false;
        }
    } else {
        const QByteArray peeked = socket->peek(socket->bytesAvailable());
        socket->skip(static_cast<qint64>(
            pending.chunked->feed(std::string_view(peeked.constData(), static_cast<size_t>(peeked.size())))));
        switch (pending.chunked->state()) {
        case ChunkedDecoder::State::NeedMore:
            return false;
        case ChunkedDecoder::State::TooLarge:
            ++m_counters.bodiesTooLarge;
            connection.pending.reset();
            refuse(socket, 413, "body larger than the limit");
            return false;
        case ChunkedDecoder::State::Malformed: {
            const char *reason = pending.chunked->reason(); // static storage
            ++m_counters.badRequests;
            connection.pending.reset();
            refuse(socket, 400, reason);
            return false;
        }
        case ChunkedDecoder::State::Done: {
            const std::string decoded = pending.chunked->takeBody();
            body = QByteArray(decoded.data(), static_cast<qsizetype>(decoded.size()));
            break;
        }
        }
    }
    pending.request.keepAlive = pending.keepAlive;
    return true;
}

bool HttpServer::handleUpgrade(QTcpSocket *socket, const HttpRequest &request, size_t headBytes)
{
    // From here on the socket belongs to the WebSocket server (which deletes it, and whose handshake timeout
    // applies), or it is answered and closed below.
    disconnect(socket, nullptr, this, nullptr);
    m_connections.erase(socket);
    socket->setReadBufferSize(0); // a WebSocket frame may be larger than a request head
    HttpResponse refusal;
    if (m_upgrade(socket, request, refusal)) {
        return true;
    }
    socket->setReadBufferSize(2 * static_cast<qint64>(m_limits.parser.maxHeadBytes));
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_connections.erase(socket);
        socket->deleteLater();
    });
    m_connections[socket] = {};
    socket->skip(static_cast<qint64>(headBytes));
    HttpRequest closing = request;
    closing.keepAlive = false;
    respond(socket, closing, refusal);
    return false;
}

void HttpServer::refuse(QTcpSocket *socket, int status, const char *reason)
{
    qCDebug(lcRelay).noquote() << "refused request from" << socket->peerAddress().toString() << status << reason;
    HttpRequest request;
    request.keepAlive = false;
    socket->skip(socket->bytesAvailable());
    respond(socket, request, HttpResponse{status, "text/plain", QByteArray(reason) + '\n', {}});
    setPhase(socket, Phase::Closing);
}

void HttpServer::respond(QTcpSocket *socket, const HttpRequest &request, const HttpResponse &response)
{
    QByteArray out;
    out.reserve(256 + response.body.size());
    out.append("HTTP/1.1 ").append(QByteArray::number(response.status)).append(' ').append(httpReason(response.status));
    out.append("\r\nContent-Type: ").append(response.contentType);
    out.append("\r\nContent-Length: ").append(QByteArray::number(response.body.size()));
    for (const auto &[name, value] : response.headers) {
        out.append("\r\n").append(name).append(": ").append(value);
    }
    out.append(request.keepAlive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n");
    if (request.method != "HEAD") {
        out.append(response.body);
    }
    socket->write(out);
    if (!request.keepAlive) {
        socket->disconnectFromHost();
    }
}

void HttpServer::sweep()
{
    const int64_t now = m_clock.elapsed();
    std::vector<std::pair<QTcpSocket *, Phase>> expired;
    for (const auto &[socket, connection] : m_connections) {
        if (connection.deadline <= now) {
            expired.emplace_back(socket, connection.phase);
        }
    }
    // Closing emits disconnected, which erases from m_connections: hence the separate pass.
    for (const auto &[socket, phase] : expired) {
        if (phase == Phase::Handshake) {
            ++m_counters.tlsHandshakeTimeouts;
        } else if (phase == Phase::Head || phase == Phase::Body) {
            ++m_counters.headerTimeouts;
            if (phase == Phase::Body || socket->bytesAvailable() > 0) {
                // A client that started a request learns why; a silent one just sees the connection close.
                socket->write("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->flush();
            }
        } else if (phase == Phase::Idle) {
            ++m_counters.idleTimeouts;
        }
        m_connections.erase(socket);
        socket->abort();
        socket->deleteLater();
    }
}

} // namespace pulsemap
