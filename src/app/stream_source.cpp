// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "stream_source.h"

#include "ingest/geoip.h"
#include "nats/nats_consumer.h"
#include "stream/geo_enricher.h"

#include <QCoreApplication>
#include <QTimer>

#include <utility>

namespace pulsemap {

namespace {

// Appends from's events to to, their strings copied into to's arena.
void appendBatch(EventBatch &to, const EventBatch &from)
{
    for (const Event &event : from.events()) {
        Event &copy = to.append();
        copy = event;
        copy.type = to.store(from.text(event.type));
        copy.city = to.store(from.text(event.city));
        copy.campaign = to.store(from.text(event.campaign));
        copy.ip = to.store(from.text(event.ip));
    }
}

} // namespace

// The StreamClient and the GeoIP lookups, on the source's worker thread. Created on the GUI thread and
// moved; the client itself is created by start(), on the worker thread, so its sockets and timers live there.
class StreamSource::Worker : public QObject
{
public:
    explicit Worker(StreamSource &source) : m_source(source)
    {
        m_countdown.setInterval(1000); // keeps "reconnecting in N s" current
        connect(&m_countdown, &QTimer::timeout, this, &Worker::publishState);
    }

    Status start(const StreamSourceOptions &options)
    {
        if (!m_client) {
            if (!options.geoipPath.isEmpty()) {
                auto geoip = GeoIp::open(options.geoipPath.toStdString());
                if (!geoip) {
                    return geoip.error();
                }
                m_geoip = std::move(*geoip);
            }
            m_enricher = GeoEnricher(m_geoip.get(), options.keepIp);
            if (isNatsUrl(options.client.url.toStdString())) {
                Result<NatsEndpoint> endpoint = natsEndpoint(options.client);
                if (!endpoint) {
                    return endpoint.error();
                }
                NatsConsumerOptions nats;
                nats.inactiveThresholdMs = kNatsDisplayInactiveMs;
                m_nats = std::make_unique<NatsConsumer>(std::move(*endpoint), nats);
                connectNats();
            } else {
                m_client = std::make_unique<StreamClient>(options.client);
                connectClient();
            }
        }
        if (Status started = m_nats ? m_nats->start() : m_client->start(); !started) {
            return started;
        }
        m_countdown.start();
        publishState();
        return {};
    }

    void stop()
    {
        m_countdown.stop();
        if (m_client) {
            m_client->stop(); // flushes: the last batch is handed over before this returns
        }
        if (m_nats) {
            m_nats->stop();
            QCoreApplication::sendPostedEvents(m_nats.get()); // what was fetched before stopping, handed over now
        }
    }

private:
    // nats://...: the URL, with the app's --subscribe and --ca filling in what it does not say.
    static Result<NatsEndpoint> natsEndpoint(const StreamClientOptions &client)
    {
        Result<NatsEndpoint> endpoint = parseNatsUrl(client.url.toStdString());
        if (endpoint && endpoint->types.empty()) {
            for (const QString &type : client.subscribe) {
                endpoint->types.push_back(type.toStdString());
            }
        }
        if (endpoint && endpoint->caFile.empty()) {
            endpoint->caFile = client.caFile.toStdString();
        }
        return endpoint;
    }

    void connectNats()
    {
        connect(m_nats.get(), &NatsConsumer::batchReady, this, [this](const EventBatch &batch) {
            m_located = batch;
            m_enricher.enrich(m_located);
            m_source.handOver(m_located);
        });
        connect(m_nats.get(), &NatsConsumer::connectionChanged, this, [this](bool connected, const QString &detail) {
            m_natsState = connected ? StreamClient::State::Live : StreamClient::State::Reconnecting;
            m_natsText = detail;
            publishState();
        });
    }

    void connectClient()
    {
        StreamClient *client = m_client.get();
        StreamSource *source = &m_source;
        connect(client, &StreamClient::batchReady, this, [this](const EventBatch &batch) {
            m_located = batch; // reuses the copy's capacity: no allocation per event once warm
            m_enricher.enrich(m_located);
            m_source.handOver(m_located);
        });
        connect(client, &StreamClient::stateChanged, this, &Worker::publishState);
        connect(client, &StreamClient::viewersChanged, this, [source, client] {
            QMetaObject::invokeMethod(
                source, [source, viewers = client->viewers()] { source->setViewers(viewers); }, Qt::QueuedConnection);
        });
        connect(client, &StreamClient::alert, this, [source](const QString &message) {
            QMetaObject::invokeMethod(
                source, [source, message] { source->setAlertText(message); }, Qt::QueuedConnection);
        });
        connect(client, &StreamClient::errorOccurred, this, [source](const QString &message) {
            QMetaObject::invokeMethod(
                source, [source, message] { emit source->errorOccurred(message); }, Qt::QueuedConnection);
        });
    }

    void publishState()
    {
        QMetaObject::invokeMethod(
            &m_source,
            [source = &m_source, state = m_client ? m_client->state() : m_natsState,
             text = m_client ? m_client->statusText() : m_natsText] { source->applyState(state, text); },
            Qt::QueuedConnection);
    }

    StreamSource &m_source; // only handOver() and queued calls: it lives on the GUI thread
    std::unique_ptr<GeoIp> m_geoip;
    GeoEnricher m_enricher{nullptr};
    std::unique_ptr<StreamClient> m_client; // ws://, wss://, socketio://: or
    std::unique_ptr<NatsConsumer> m_nats;   // nats://, tls://: a display's JetStream consumer
    StreamClient::State m_natsState = StreamClient::State::Connecting;
    QString m_natsText = QStringLiteral("connecting to NATS");
    EventBatch m_located;
    QTimer m_countdown{this}; // a child, so that it moves to the worker thread with its parent
};

StreamSource::StreamSource(StreamSourceOptions options, QObject *parent)
    : EventSource(options.client.url, parent), m_options(std::move(options)), m_worker(new Worker(*this))
{
    m_thread.setObjectName(QStringLiteral("stream"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

StreamSource::~StreamSource()
{
    m_thread.quit();
    m_thread.wait(); // the worker, its client and its GeoIP are deleted as the thread finishes
}

void StreamSource::start()
{
    Status started;
    QMetaObject::invokeMethod(
        m_worker, [&] { started = m_worker->start(m_options); }, Qt::BlockingQueuedConnection);
    if (!started) {
        const QString error = QString::fromStdString(started.message());
        setState(State::Failed, error);
        emit errorOccurred(error);
        return;
    }
    m_running = true;
}

void StreamSource::stop()
{
    m_running = false;
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->stop(); }, Qt::BlockingQueuedConnection);
    deliver(); // what the client flushed on stopping, now rather than after Idle
    setState(State::Idle, {});
}

void StreamSource::handOver(EventBatch &located)
{
    const std::lock_guard lock(m_mutex);
    if (m_pending.empty()) {
        std::swap(m_pending, located); // no copy; located gets the emptied buffer back
    } else {
        appendBatch(m_pending, located); // the GUI thread is behind: one delivery carries both
    }
    if (!m_deliveryQueued) {
        m_deliveryQueued = true;
        QMetaObject::invokeMethod(this, &StreamSource::deliver, Qt::QueuedConnection);
    }
}

void StreamSource::deliver()
{
    {
        const std::lock_guard lock(m_mutex);
        std::swap(m_pending, m_delivering);
        m_deliveryQueued = false;
    }
    if (!m_delivering.empty()) {
        emit batchReady(m_delivering);
    }
    m_delivering.clear();
}

void StreamSource::applyState(StreamClient::State clientState, const QString &statusText)
{
    if (!m_running) {
        return; // reported before stop() took effect
    }
    State state = State::Idle;
    switch (clientState) {
    case StreamClient::State::Idle:
        state = State::Idle;
        break;
    case StreamClient::State::Connecting:
        state = State::Connecting;
        break;
    case StreamClient::State::Live:
        state = State::Live;
        setAlertText({}); // back up: the alert is over
        break;
    case StreamClient::State::Reconnecting:
        state = State::Reconnecting;
        break;
    }
    setState(state, statusText);
}

} // namespace pulsemap
