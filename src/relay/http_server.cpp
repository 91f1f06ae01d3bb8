#include "http_server.h"

#include "relay_log.h"

#include <QTcpSocket>

namespace pulsemap {

namespace {

constexpr qint64 kMaxHeaderBytes = 16 << 10;

// Parses the request head (request line and headers, without the blank line). False when it is not HTTP/1.x.
bool parseHead(const QByteArray &head, HttpRequest &out)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        return false;
    }
    out.method = requestLine[0];
    const QByteArray &target = requestLine[1];
    const qsizetype question = target.indexOf('?');
    out.path = question < 0 ? target : target.left(question);
    out.query = question < 0 ? QByteArray() : target.mid(question + 1);
    out.keepAlive = requestLine[2] != "HTTP/1.0";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0) {
            continue;
        }
        out.headers.append({lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
    }
    const QByteArray connection = out.header("connection").toLower();
    if (connection.contains("close")) {
        out.keepAlive = false;
    } else if (connection.contains("keep-alive")) {
        out.keepAlive = true;
    }
    return true;
}

} // namespace

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName) {
            return value;
        }
    }
    return {};
}

QByteArray HttpRequest::parameter(const QByteArray &name) const
{
    qsizetype from = 0;
    while (from <= query.size()) {
        qsizetype end = query.indexOf('&', from);
        end = end < 0 ? query.size() : end;
        const qsizetype equals = query.indexOf('=', from);
        const qsizetype keyEnd = equals >= 0 && equals < end ? equals : end;
        if (query.mid(from, keyEnd - from) == name) {
            QByteArray value = keyEnd < end ? query.mid(keyEnd + 1, end - keyEnd - 1) : QByteArray("");
            value.replace('+', ' ');
            return QByteArray::fromPercentEncoding(value);
        }
        from = end + 1;
    }
    return {};
}

const char *httpReason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

HttpServer::HttpServer(Handler handler, QObject *parent) : QObject(parent), m_handler(std::move(handler))
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_server.setMaxPendingConnections(1024);
    return m_server.listen(address, port);
}

void HttpServer::close()
{
    m_server.close();
}

void HttpServer::onReadyRead(QTcpSocket *socket)
{
    // Pipelined requests: answer every complete one that is buffered.
    while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() > 0) {
        const QByteArray peeked = socket->peek(kMaxHeaderBytes);
        const qsizetype end = peeked.indexOf("\r\n\r\n");
        if (end < 0) {
            if (socket->bytesAvailable() >= kMaxHeaderBytes) {
                HttpRequest request;
                request.keepAlive = false;
                respond(socket, request, HttpResponse{431, "text/plain", "request head too large\n", {}});
            }
            return;
        }
        HttpRequest request;
        request.peer = socket->peerAddress();
        if (!parseHead(peeked.left(end), request)) {
            socket->read(end + 4);
            request.keepAlive = false;
            respond(socket, request, HttpResponse{400, "text/plain", "not an HTTP/1.1 request\n", {}});
            return;
        }
        ++m_requests;
        if (m_upgrade && request.header("upgrade").toLower() == "websocket") {
            HttpResponse refusal;
            // From here on the socket belongs to the WebSocket server (which deletes it), or is closed below.
            disconnect(socket, nullptr, this, nullptr);
            disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            if (m_upgrade(socket, request, refusal)) {
                return;
            }
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->read(end + 4);
            request.keepAlive = false;
            respond(socket, request, refusal);
            return;
        }
        socket->read(end + 4);
        HttpResponse response;
        if (request.method != "GET" && request.method != "HEAD") {
            request.keepAlive = false; // a body we do not read would be taken for the next request
            response = {405, "text/plain", "only GET and HEAD\n", {{"Allow", "GET, HEAD"}}};
        } else {
            m_handler(request, response);
        }
        respond(socket, request, response);
    }
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

} // namespace pulsemap
