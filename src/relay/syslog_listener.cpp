// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "syslog_listener.h"

#include "ingest/line_processor.h"
#include "relay_log.h"
#include "syslog_framing.h"

#include <QNetworkDatagram>
#include <QTcpSocket>

namespace pulsemap {

SyslogListener::SyslogListener(Options options, Sink sink, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_sink(std::move(sink))
{
    connect(&m_udp, &QUdpSocket::readyRead, this, &SyslogListener::readDatagrams);
    connect(&m_tcp, &QTcpServer::newConnection, this, &SyslogListener::acceptConnections);
}

SyslogListener::~SyslogListener()
{
    stop();
}

Status SyslogListener::start()
{
    ImportReport report;
    auto processor = LineProcessor::create(m_options.parsing, report);
    if (!processor) {
        return processor.error();
    }
    m_processor = std::move(*processor);
    if (!m_tcp.listen(m_options.address, m_options.port)) {
        return fail("syslog: cannot listen on TCP " + m_options.address.toString().toStdString() + ":" +
                    std::to_string(m_options.port) + ": " + m_tcp.errorString().toStdString());
    }
    // A big receive buffer: a burst of datagrams while the event loop is busy must not overflow the kernel's.
    m_udp.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 8 << 20);
    if (!m_udp.bind(m_options.address, m_tcp.serverPort())) {
        const std::string error = m_udp.errorString().toStdString();
        m_tcp.close();
        return fail("syslog: cannot listen on UDP " + m_options.address.toString().toStdString() + ":" +
                    std::to_string(m_tcp.serverPort()) + ": " + error);
    }
    m_udp.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 8 << 20);
    qCInfo(lcRelay).noquote() << "syslog on udp and tcp"
                              << QStringLiteral("%1:%2").arg(m_options.address.toString()).arg(m_tcp.serverPort());
    return {};
}

void SyslogListener::stop()
{
    if (m_udp.state() != QAbstractSocket::UnconnectedState) {
        readDatagrams(); // what already arrived still goes out
    }
    m_tcp.close();
    m_udp.close();
    const QList<QTcpSocket *> sockets = m_streams.keys();
    for (QTcpSocket *socket : sockets) {
        readStream(socket);
        closed(socket);
    }
}

void SyslogListener::readDatagrams()
{
    while (m_udp.hasPendingDatagrams()) {
        const qint64 size = m_udp.pendingDatagramSize();
        m_datagram.resize(std::max<qint64>(size, 1));
        const qint64 read = m_udp.readDatagram(m_datagram.data(), m_datagram.size());
        if (read < 0) {
            break;
        }
        ++m_counters.udpMessages;
        if (static_cast<size_t>(read) > m_options.maxMessageBytes) {
            ++m_counters.oversized;
            continue;
        }
        handleFrame(std::string_view(m_datagram.constData(), static_cast<size_t>(read)));
    }
    flush();
}

void SyslogListener::acceptConnections()
{
    while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
        if (m_streams.size() >= m_options.maxConnections) {
            ++m_counters.refused;
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_counters.connections;
        m_streams.insert(socket, std::make_shared<SyslogStreamDecoder>(m_options.maxMessageBytes));
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readStream(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { closed(socket); });
        readStream(socket); // bytes that came with the connection
    }
}

void SyslogListener::readStream(QTcpSocket *socket)
{
    const auto found = m_streams.constFind(socket);
    if (found == m_streams.constEnd()) {
        return;
    }
    SyslogStreamDecoder &decoder = **found;
    const int64_t oversizedBefore = decoder.oversized();
    while (socket->bytesAvailable() > 0) {
        const QByteArray bytes = socket->read(qint64{64} * 1024);
        decoder.feed(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())),
                     [this](std::string_view frame) {
                         ++m_counters.tcpMessages;
                         handleFrame(frame);
                     });
    }
    m_counters.oversized += decoder.oversized() - oversizedBefore;
    flush();
}

void SyslogListener::closed(QTcpSocket *socket)
{
    if (!m_streams.contains(socket)) {
        return;
    }
    readStream(socket); // anything still buffered comes first
    const std::shared_ptr<SyslogStreamDecoder> decoder = m_streams.take(socket);
    // A peer may close mid-frame: a line without its LF is still a message; a counted frame cut short is not.
    const int64_t truncatedBefore = decoder->truncated();
    if (const std::string_view last = decoder->finish(); !last.empty()) {
        ++m_counters.tcpMessages;
        handleFrame(last);
        flush();
    }
    m_counters.truncated += decoder->truncated() - truncatedBefore;
    // No more signals from it to this: it may outlive the listener until deleteLater, and the server that owns
    // it aborts it when destroyed, after the map is gone.
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void SyslogListener::handleFrame(std::string_view frame)
{
    SyslogMessage message;
    if (!parseSyslogMessage(frame, message)) {
        ++m_counters.malformed;
        return;
    }
    ParseError error = ParseError::None;
    switch (m_processor->process(message.msg, m_batch, error)) {
    case EventBuilder::Outcome::Added:
        ++m_counters.events;
        break;
    case EventBuilder::Outcome::Filtered:
        ++m_counters.filtered;
        break;
    case EventBuilder::Outcome::Skipped:
        ++m_counters.badLines;
        break;
    case EventBuilder::Outcome::Directive:
        break;
    }
}

void SyslogListener::flush()
{
    if (!m_batch.empty()) {
        m_sink(m_batch);
        m_batch.clear();
    }
}

} // namespace pulsemap
