// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "relay_server.h"

#include "ingest/geoip.h"
#include "ingest/log_ingestor.h"
#include "nats/nats_consumer.h"
#include "nats/nats_publisher.h"
#include "push_events.h"
#include "relay_log.h"
#include "stream/geo_enricher.h"
#include "stream/stream_client.h"
#include "subscriber_upgrade.h"

#include <QTcpSocket>

namespace pulsemap {

RelayServer::RelayServer(RelayOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_clock(orSystemClock(m_options.clock)),
      m_budget(m_options.maxConnections, m_options.maxConnectionsPerAddress), m_hub(natsHubOptions(m_options)),
      m_front([this](const HttpRequest &request, HttpResponse &response) { handleHttp(request, response, false); },
              m_options.http, &m_budget),
      m_collector([this](const HttpRequest &request, HttpResponse &response) { handleHttp(request, response, true); },
                  m_options.http, &m_budget),
      m_webSockets(QStringLiteral("pulsemap-relay"), QWebSocketServer::NonSecureMode),
      m_pushDecoder(pushDecodeLimits(m_options.http.maxBodyBytes))
{
    // The upgrade request is complete when it is handed over, so this only bounds a handshake that Qt
    // cannot finish (it closes the socket): the same bound as a request head.
    m_webSockets.setHandshakeTimeout(m_options.http.headerTimeout);
    m_collector.setBodyGate(
        [this](const HttpRequest &request, HttpResponse &refusal) { return admitPush(request, refusal); });
    m_front.setUpgradeHandler([this](QTcpSocket *socket, const HttpRequest &request, HttpResponse &refusal) {
        return handleUpgrade(socket, request, refusal);
    });
    connect(&m_webSockets, &QWebSocketServer::newConnection, this, [this] {
        while (m_webSockets.hasPendingConnections()) {
            m_hub.addSubscriber(m_webSockets.nextPendingConnection());
        }
    });
    connect(&m_logPoll, &QTimer::timeout, this, &RelayServer::pollLogs);
}

RelayServer::~RelayServer() = default;

Status RelayServer::start()
{
    if (!m_options.geoipPath.isEmpty()) {
        auto geoip = GeoIp::open(m_options.geoipPath.toStdString());
        if (!geoip) {
            return geoip.error();
        }
        m_geoip = std::move(*geoip);
    }
    if (!m_options.tlsCertFile.isEmpty() || !m_options.tlsKeyFile.isEmpty()) {
        if (m_options.tlsCertFile.isEmpty() || m_options.tlsKeyFile.isEmpty()) {
            return fail("TLS needs both --tls-cert and --tls-key");
        }
        Result<QSslConfiguration> tls = loadServerTls(m_options.tlsCertFile, m_options.tlsKeyFile);
        if (!tls) {
            return tls.error();
        }
        m_front.setTls(*tls);
        m_collector.setTls(*tls);
    }
    if (Status listening = m_front.listen(m_options.listenAddress, m_options.listenPort); !listening) {
        return listening;
    }
    if (m_options.collect) {
        if (Status listening = m_collector.listen(m_options.collectAddress, m_options.collectPort); !listening) {
            return fail(listening.error(), "beacon");
        }
    }
    if (!m_options.follow.isEmpty()) {
        ImportOptions import;
        for (const QString &path : m_options.follow) {
            import.inputs.push_back(path.toStdString());
        }
        import.follow = true;
        import.format = m_options.format;
        import.typeRules = m_options.typeRules;
        import.geoipPath = m_options.geoipPath.toStdString();
        import.flushInterval = std::chrono::milliseconds(20); // live: a line should not wait for a fuller batch
        import.batchEvents = 1024;
        m_logs = std::make_unique<LogIngestor>(import);
        if (Status started = m_logs->start(); !started) {
            return started;
        }
        m_logPoll.start(10);
    }
    if (m_options.syslog) {
        SyslogListener::Options syslog{m_options.syslogAddress, m_options.syslogPort, {}};
        syslog.parsing.format = m_options.format;
        syslog.parsing.typeRules = m_options.typeRules;
        syslog.parsing.geoipPath = m_options.geoipPath.toStdString();
        m_syslog = std::make_unique<SyslogListener>(syslog, [this](const EventBatch &batch) { m_hub.ingest(batch); });
        if (Status started = m_syslog->start(); !started) {
            return started;
        }
    }
    if (Status nats = startNats(); !nats) {
        return nats;
    }
    if (!m_options.upstream.isEmpty() && !m_natsUpstream) {
        StreamClientOptions upstream;
        upstream.url = m_options.upstream;
        upstream.token = m_options.upstreamToken;
        upstream.caFile = m_options.upstreamCaFile;
        m_upstream = std::make_unique<StreamClient>(upstream);
        connect(m_upstream.get(), &StreamClient::batchReady, this,
                [this, located = EventBatch()](const EventBatch &batch) mutable {
                    m_upstreamEvents += static_cast<int64_t>(batch.size());
                    located = batch; // the client leaves GeoIP to its consumer; the relay never forwards addresses
                    GeoEnricher(m_geoip.get()).enrich(located);
                    m_hub.ingest(located);
                });
        if (Status started = m_upstream->start(); !started) {
            return started;
        }
    }
    qCInfo(lcRelay).noquote() << "subscribers on"
                              << QStringLiteral("%1://%2:%3/")
                                     .arg(m_front.secure() ? "wss" : "ws", m_options.listenAddress.toString())
                                     .arg(m_front.port());
    return {};
}

void RelayServer::stop()
{
    m_front.close();
    m_collector.close();
    m_logPoll.stop();
    if (m_logs) {
        m_logs->stop();
        pollLogs(); // what the reader had already parsed still goes out
    }
    if (m_upstream) {
        m_upstream->stop();
    }
    if (m_syslog) {
        m_syslog->stop();
    }
    stopNats();
    m_hub.closeAll();
}

void RelayServer::pollLogs()
{
    // Never wait here: the event loop serves subscribers and the beacon. Read on only while the fastest
    // subscriber keeps up, so a burst (a big log at start) is paced instead of overflowing every queue.
    for (int i = 0; i < 8 && m_hub.minBacklogBytes() < m_hub.maxQueueBytes() / 4 && natsHasRoom(); ++i) {
        std::unique_ptr<EventBatch> batch = m_logs->take(std::chrono::milliseconds(0));
        if (!batch) {
            return;
        }
        m_logEvents += static_cast<int64_t>(batch->size());
        m_hub.ingest(*batch);
        m_hub.flushNow();
        m_logs->recycle(std::move(batch));
    }
}

bool RelayServer::handleUpgrade(QTcpSocket *socket, const HttpRequest &request, HttpResponse &refusal)
{
    if (!admitSubscriber(request, m_options.token, refusal)) {
        if (refusal.status == 401) {
            ++m_authFailures;
            qCWarning(lcRelay).noquote() << "refused subscriber" << request.peer.toString() << ": bad or no token";
        }
        return false;
    }
    m_webSockets.handleConnection(socket);
    return true;
}

} // namespace pulsemap
