// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// StreamClient: the connection lifecycle (connect, go live, lose, back off, alert). What arrives is
// in stream_client_messages.cpp; the wire protocol in the framings, the socket in StreamTransport.

#include "stream_client.h"

#include "event_json.h"
#include "stream_client_host_p.h"
#include "stream_log.h"
#include "stream_transport_p.h"

#include <QUrlQuery>

#include <random>

namespace pulsemap {

Q_LOGGING_CATEGORY(lcStream, "pulsemap.stream", QtInfoMsg)

namespace {

uint32_t seedOf(uint32_t seed)
{
    return seed != 0 ? seed : std::random_device{}();
}

} // namespace

StreamClient::StreamClient(StreamClientOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_clock(orSystemClock(m_options.clock)),
      m_host(std::make_unique<Host>(*this)),
      m_transport(std::make_unique<StreamTransport>(m_options.token, m_options.headers)), m_decoder(m_options.limits),
      m_backoff(m_options.backoffInitialMs, m_options.backoffMaxMs, seedOf(m_options.seed))
{
    for (QTimer *timer : {&m_flushTimer, &m_reconnectTimer, &m_connectTimer, &m_keepAliveTimer, &m_alertTimer}) {
        timer->setSingleShot(true);
    }
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &StreamClient::flush);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &StreamClient::connectNow);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        dropConnection(QStringLiteral("no answer within %1 s").arg(m_options.connectTimeoutMs / 1000.0));
    });
    connect(&m_keepAliveTimer, &QTimer::timeout, this,
            [this] { dropConnection(QStringLiteral("the server stopped sending pings")); });
    connect(&m_alertTimer, &QTimer::timeout, this, &StreamClient::raiseAlert);

    StreamTransport *transport = m_transport.get();
    connect(transport, &StreamTransport::connected, this, [this] { m_framing->connected(); });
    connect(transport, &StreamTransport::disconnected, this, [this](const QString &reason) {
        connectionLost(m_lastError.isEmpty() || m_state == State::Live ? reason : m_lastError);
    });
    connect(transport, &StreamTransport::errorSeen, this, [this](const QString &message, bool closed) {
        m_lastError = message;
        if (closed) {
            connectionLost(m_lastError);
        }
    });
    connect(transport, &StreamTransport::textReceived, this, [this](std::string_view text) { m_framing->text(text); });
    connect(transport, &StreamTransport::binaryReceived, this,
            [this](std::string_view bytes) { m_framing->binary(bytes); });
}

StreamClient::~StreamClient()
{
    m_running = false;
    m_transport.reset(); // aborts the socket while the framing and timers still exist
}

Status StreamClient::start()
{
    auto endpoint = resolveStreamUrl(m_options.url);
    if (!endpoint) {
        return fail(endpoint.error());
    }
    m_endpoint = std::move(*endpoint);
    if (Status configured = m_transport->configure(m_endpoint.tls, m_options.caFile, m_options.limits.maxMessageBytes);
        !configured) {
        return configured;
    }
    m_framing = StreamFraming::create(m_endpoint, m_options.token, *m_host);
    m_running = true;
    m_downSince.start();
    m_alertTimer.start(m_options.alertAfterMs);
    connectNow();
    return {};
}

void StreamClient::stop()
{
    m_running = false;
    for (QTimer *timer : {&m_reconnectTimer, &m_connectTimer, &m_keepAliveTimer, &m_alertTimer}) {
        timer->stop();
    }
    m_transport->close();
    flush();
    setState(State::Idle);
}

void StreamClient::connectNow()
{
    if (!m_running) {
        return;
    }
    setState(State::Connecting);
    m_connectTimer.start(m_options.connectTimeoutMs);
    // A resume also goes in the URL, so a Pulsemap relay places this display before it sends anything: sent only
    // as a message, one round trip later, live events could come first, and the older events the resume then
    // sends would be dropped as out of order (a relay further on than the one left). The message still follows,
    // for other servers; a relay's second answer is all duplicates, dropped by number. Not with a type
    // subscription, which the relay learns only from its message: a resume before it would replay every type.
    QUrl url = m_endpoint.webSocketUrl;
    if (!m_endpoint.socketIo && m_stats.lastSeq >= 0 && m_options.subscribe.isEmpty()) {
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("resume_from"));
        query.addQueryItem(QStringLiteral("resume_from"), QString::number(m_stats.lastSeq + 1));
        url.setQuery(query);
    }
    qCDebug(lcStream) << "connecting to" << url.toString();
    m_transport->open(url);
}

void StreamClient::goLive()
{
    if (m_state == State::Live) {
        return; // a framing may confirm the same connection twice
    }
    m_connectTimer.stop();
    m_alertTimer.stop();
    m_healthy = false;
    m_lastError.clear();
    if (m_everLive) {
        ++m_stats.reconnects;
    }
    m_everLive = true;
    if (!m_options.subscribe.isEmpty()) {
        std::string types = "[";
        for (const QString &type : m_options.subscribe) {
            if (types.size() > 1) {
                types.push_back(',');
            }
            appendJsonString(type.toStdString(), types);
        }
        types.append("]");
        m_transport->send(m_framing->subscribeMessage(types));
    }
    if (m_stats.lastSeq >= 0) {
        m_transport->send(m_framing->resumeMessage(m_stats.lastSeq + 1));
    }
    qCInfo(lcStream).noquote() << "live:" << m_options.url
                               << (m_stats.lastSeq >= 0 ? QStringLiteral("resuming from %1").arg(m_stats.lastSeq + 1)
                                                        : QString());
    if (m_alerting) {
        m_alerting = false;
        emit alertingChanged();
    }
    setState(State::Live);
}

void StreamClient::dropConnection(const QString &reason)
{
    m_lastError = reason;
    m_transport->abort();
    connectionLost(m_lastError);
}

void StreamClient::connectionLost(const QString &reason)
{
    // Called from error and from disconnected for the same loss: only the first counts.
    if (!m_running || m_state == State::Reconnecting) {
        return;
    }
    m_connectTimer.stop();
    m_keepAliveTimer.stop();
    flush();
    if (m_state == State::Live) {
        m_downSince.start();
        m_alertTimer.start(m_options.alertAfterMs);
        if (m_healthy) {
            m_backoff.reset();
        }
    }
    m_lastError = reason.isEmpty() ? QStringLiteral("connection closed") : reason;
    const int delay = m_backoff.next();
    qCInfo(lcStream).noquote() << "lost" << m_options.url << ":" << m_lastError << "; reconnecting in" << delay << "ms";
    emit errorOccurred(m_lastError);
    m_reconnectTimer.start(delay);
    setState(State::Reconnecting);
    if (m_transport->isOpen()) {
        m_transport->abort();
    }
}

void StreamClient::raiseAlert()
{
    if (!m_running || m_state == State::Live) {
        return;
    }
    m_alerting = true;
    emit alertingChanged();
    emit alert(QStringLiteral("%1 has been down for %2 s: %3")
                   .arg(m_options.url)
                   .arg(m_downSince.elapsed() / 1000)
                   .arg(m_lastError.isEmpty() ? QStringLiteral("no connection") : m_lastError));
}

void StreamClient::setState(State state)
{
    if (state != m_state || state == State::Reconnecting) {
        m_state = state;
        emit stateChanged();
    }
}

int StreamClient::reconnectInMs() const
{
    return m_state == State::Reconnecting ? std::max(0, m_reconnectTimer.remainingTime()) : 0;
}

QString StreamClient::statusText() const
{
    switch (m_state) {
    case State::Idle:
        return QStringLiteral("stopped");
    case State::Connecting:
        return QStringLiteral("connecting to %1").arg(m_options.url);
    case State::Live:
        return QStringLiteral("connected to %1").arg(m_options.url);
    case State::Reconnecting:
        return QStringLiteral("reconnecting in %1 s: %2").arg((reconnectInMs() + 999) / 1000).arg(m_lastError);
    }
    return {};
}

} // namespace pulsemap
