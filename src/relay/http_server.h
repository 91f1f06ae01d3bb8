#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace pulsemap {

struct HttpRequest
{
    QByteArray method;
    QByteArray path;                              // without the query
    QByteArray query;                             // after '?', still percent-encoded
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QHostAddress peer;
    bool keepAlive = true;

    [[nodiscard]] QByteArray header(const QByteArray &lowerName) const;
    // A query parameter, percent-decoded ('+' is a space); null when absent.
    [[nodiscard]] QByteArray parameter(const QByteArray &name) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// A small HTTP/1.1 server on QTcpServer: GET and HEAD with keep-alive and pipelining, which is all a tracking
// beacon, a health check and a metrics scrape need. Measured against Qt HttpServer 6.4 for the beacon: see
// docs/benchmarks.md. A WebSocket upgrade request is handed over untouched (its bytes still unread) so that
// QWebSocketServer::handleConnection can read the handshake itself.
class HttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(const HttpRequest &, HttpResponse &)>;
    // Returns true when it took the socket; otherwise the server answers with the response it filled.
    using UpgradeHandler = std::function<bool(QTcpSocket *, const HttpRequest &, HttpResponse &)>;

    explicit HttpServer(Handler handler, QObject *parent = nullptr);
    void setUpgradeHandler(UpgradeHandler handler) { m_upgrade = std::move(handler); }

    bool listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QString errorString() const { return m_server.errorString(); }
    void close();

    [[nodiscard]] int64_t requests() const { return m_requests; }

private:
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const HttpRequest &request, const HttpResponse &response);

    QTcpServer m_server;
    Handler m_handler;
    UpgradeHandler m_upgrade;
    int64_t m_requests = 0;
};

const char *httpReason(int status);

} // namespace pulsemap
