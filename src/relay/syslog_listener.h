// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// The relay's --syslog input: syslog over UDP and TCP on one address and port, each message's MSG part parsed as a
// log line of the configured format (the same parser, rules and GeoIP as --follow), the events handed to a sink.

#include "core/event.h"
#include "core/result.h"
#include "ingest/import_pipeline.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QUdpSocket>

#include <functional>
#include <memory>

class QTcpSocket;

namespace pulsemap {

class LineProcessor;
class SyslogStreamDecoder;

struct SyslogCounters
{
    int64_t udpMessages = 0; // datagrams received
    int64_t tcpMessages = 0; // frames received over TCP
    int64_t events = 0;      // events handed to the sink
    int64_t malformed = 0;   // frames without a valid syslog header
    int64_t badLines = 0;    // MSG parts the log format could not read
    int64_t filtered = 0;    // MSG parts a type rule dropped
    int64_t oversized = 0;   // messages over the size cap, skipped
    int64_t truncated = 0;   // octet-counted frames cut short by the peer closing
    int64_t connections = 0; // TCP connections accepted
    int64_t refused = 0;     // TCP connections closed at once: too many open
};

// The listener's lines of the relay's /metrics, right after the other events_in_total lines; metric(name, type,
// help, value, labels) as in RelayServer::metrics (help nullptr: another line of the same family).
template<typename Metric> void appendSyslogMetrics(const SyslogCounters &c, Metric &&metric)
{
    metric("events_in_total", "counter", nullptr, c.events, "source=\"syslog\"");
    metric("syslog_messages_total", "counter", "Syslog messages received, by transport.", c.udpMessages,
           "transport=\"udp\"");
    metric("syslog_messages_total", "counter", nullptr, c.tcpMessages, "transport=\"tcp\"");
    metric("syslog_skipped_total", "counter", "Syslog messages skipped, by reason.", c.malformed,
           "reason=\"malformed\"");
    metric("syslog_skipped_total", "counter", nullptr, c.badLines, "reason=\"format\"");
    metric("syslog_skipped_total", "counter", nullptr, c.oversized, "reason=\"oversized\"");
    metric("syslog_skipped_total", "counter", nullptr, c.truncated, "reason=\"truncated\"");
    metric("syslog_filtered_total", "counter", "Syslog messages dropped by a type rule.", c.filtered);
    metric("syslog_connections_total", "counter", "Syslog TCP connections accepted.", c.connections);
    metric("syslog_connections_refused_total", "counter", "Syslog TCP connections refused: too many open.", c.refused);
}

// Threading: lives on the relay's thread; messages are parsed there as they arrive (a syslog line costs about as
// much as a followed one) and the sink is called there, once per batch of what one read delivered.
class SyslogListener : public QObject
{
    Q_OBJECT

public:
    using Sink = std::function<void(const EventBatch &)>;

    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0;
        ImportOptions parsing;          // format, typeRules, geoipPath, ... (inputs and follow unused)
        size_t maxMessageBytes = 65536; // larger messages are skipped and counted
        int maxConnections = 256;       // open TCP connections
    };

    SyslogListener(Options options, Sink sink, QObject *parent = nullptr);
    ~SyslogListener() override;

    // Opens the format, rules and database, then binds UDP and TCP to the same port (port 0: TCP picks one and
    // UDP takes the same). A one-line error naming what failed.
    Status start();
    void stop();

    [[nodiscard]] quint16 port() const { return m_tcp.serverPort(); }
    [[nodiscard]] const SyslogCounters &counters() const { return m_counters; }

private:
    void readDatagrams();
    void acceptConnections();
    void readStream(QTcpSocket *socket);
    void closed(QTcpSocket *socket);
    void handleFrame(std::string_view frame);
    void flush();

    Options m_options;
    Sink m_sink;
    QUdpSocket m_udp;
    QTcpServer m_tcp;
    std::unique_ptr<LineProcessor> m_processor;
    QHash<QTcpSocket *, std::shared_ptr<SyslogStreamDecoder>> m_streams;
    EventBatch m_batch;
    QByteArray m_datagram;
    SyslogCounters m_counters;
};

} // namespace pulsemap
