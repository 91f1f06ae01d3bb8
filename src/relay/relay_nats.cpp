// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RelayServer: scale-out on NATS JetStream (docs/scale-out.md). --publish hands every accepted event to a
// NatsPublisher; --upstream nats://...?durable=NAME reads the stream through a NatsConsumer instead of a
// StreamClient.

#include "nats/nats_consumer.h"
#include "nats/nats_publisher.h"
#include "relay_log.h"
#include "relay_server.h"
#include "stream/geo_enricher.h"

namespace pulsemap {

// A relay reading a NATS stream numbers events with their stream sequence, and every relay reading the same
// stream and filter says it serves the same stream: a display can move from one to another and resume.
RelayHub::Options RelayServer::natsHubOptions(const RelayOptions &options)
{
    RelayHub::Options hub = options.hub;
    const Result<NatsEndpoint> endpoint = parseNatsUrl(options.upstream.toStdString());
    if (endpoint && options.publish.isEmpty()) {
        hub.sourceNumbers = true;
        const std::string filter =
            endpoint->filterSubject.empty() ? std::string(kNatsSubjectPrefix) + ".>" : endpoint->filterSubject;
        hub.streamId = QString::fromStdString("nats:" + endpoint->stream + ':' + filter);
    }
    return hub;
}

Status RelayServer::startNats()
{
    const bool natsUpstream = isNatsUrl(m_options.upstream.toStdString());
    if (!m_options.publish.isEmpty()) {
        if (natsUpstream) {
            return fail("--publish with a nats:// --upstream would publish the stream back into itself");
        }
        Result<NatsEndpoint> endpoint = parseNatsUrl(m_options.publish.toStdString());
        if (!endpoint) {
            return fail(endpoint.error(), "--publish");
        }
        m_publisher = std::make_unique<NatsPublisher>(std::move(*endpoint));
        m_publisher->start();
        m_hub.setIngestTap([publisher = m_publisher.get()](const EventBatch &batch) { publisher->offer(batch); });
    }
    if (natsUpstream) {
        Result<NatsEndpoint> endpoint = parseNatsUrl(m_options.upstream.toStdString());
        if (!endpoint) {
            return fail(endpoint.error(), "--upstream");
        }
        m_natsUpstream = std::make_unique<NatsConsumer>(std::move(*endpoint));
        connect(m_natsUpstream.get(), &NatsConsumer::batchReady, this,
                [this, located = EventBatch()](const EventBatch &batch) mutable {
                    m_upstreamEvents += static_cast<int64_t>(batch.size());
                    located = batch;
                    GeoEnricher(m_geoip.get()).enrich(located); // events pushed with only an ip
                    m_hub.ingest(located);
                });
        connect(m_natsUpstream.get(), &NatsConsumer::historyReady, this,
                [this, located = EventBatch()](const EventBatch &batch) mutable {
                    located = batch;
                    GeoEnricher(m_geoip.get()).enrich(located);
                    m_hub.preload(located); // by resume_from only: from before this relay started
                });
        if (Status started = m_natsUpstream->start(); !started) {
            return started;
        }
    }
    return {};
}

void RelayServer::stopNats()
{
    if (m_natsUpstream) {
        m_natsUpstream->stop();
    }
    if (m_publisher && !m_publisher->flush(3000)) {
        qCWarning(lcRelay) << "stopping with" << m_publisher->counters().buffered.load()
                           << "events not acknowledged by NATS";
    }
}

bool RelayServer::natsHasRoom() const
{
    return !m_publisher || m_publisher->hasRoom();
}

void RelayServer::appendNatsMetrics(QByteArray &out) const
{
    const auto metric = [&out](const char *name, const char *type, const char *help, int64_t value) {
        out.append("# HELP pulsemap_relay_").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE pulsemap_relay_").append(name).append(' ').append(type).append('\n');
        out.append("pulsemap_relay_")
            .append(name)
            .append(' ')
            .append(QByteArray::number(qlonglong(value)))
            .append('\n');
    };
    if (m_publisher) {
        const NatsPublisher::Counters &c = m_publisher->counters();
        metric("nats_published_total", "counter", "Events stored by JetStream (acknowledged).", c.published);
        metric("nats_publish_duplicates_total", "counter", "Retries JetStream recognised by message id.", c.duplicates);
        metric("nats_publish_retries_total", "counter", "Events sent again after an error or a missing ack.",
               c.retries);
        metric("nats_publish_dropped_total", "counter", "Events not published: the buffer was full.", c.dropped);
        metric("nats_publish_buffered", "gauge", "Events waiting for JetStream's acknowledgement.", c.buffered);
        metric("nats_publish_up", "gauge", "1 when connected to NATS.", c.connected ? 1 : 0);
    }
    if (m_natsUpstream) {
        const NatsConsumer::Counters &c = m_natsUpstream->counters();
        metric("nats_consumed_total", "counter", "Events read from the durable consumer.", c.received);
        metric("nats_consume_malformed_total", "counter", "Stream messages that held no valid event.", c.malformed);
        metric("nats_consume_redelivered_total", "counter", "Messages delivered again and skipped.", c.redelivered);
        metric("nats_consume_watchdog_resets_total", "counter", "Fetches that outlived their deadline.",
               c.watchdogResets);
        metric("nats_consume_gap_filled_total", "counter", "Events read by sequence after their delivery was lost.",
               c.gapsFilled);
        metric("nats_stream_seq", "gauge", "Stream sequence of the newest message read.", c.lastStreamSeq);
        metric("nats_consume_up", "gauge", "1 when the consumer is bound and fetching.", c.connected ? 1 : 0);
    }
}

} // namespace pulsemap
