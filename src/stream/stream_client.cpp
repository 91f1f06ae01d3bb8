#include "stream_client.h"

#include "event_json.h"
#include "ingest/geoip.h"
#include "socketio_codec.h"
#include "stream_log.h"

#include <QDateTime>
#include <QFile>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>

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
    : QObject(parent), m_options(std::move(options)), m_decoder(m_options.limits),
      m_backoff(m_options.backoffInitialMs, m_options.backoffMaxMs, seedOf(m_options.seed))
{
    for (QTimer *timer : {&m_flushTimer, &m_reconnectTimer, &m_connectTimer, &m_pingTimer, &m_alertTimer}) {
        timer->setSingleShot(true);
    }
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &StreamClient::flush);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &StreamClient::connectNow);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        m_lastError = QStringLiteral("no answer within %1 s").arg(m_options.connectTimeoutMs / 1000.0);
        m_socket.abort();
        connectionLost(m_lastError);
    });
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        m_lastError = QStringLiteral("the server stopped sending pings");
        m_socket.abort();
        connectionLost(m_lastError);
    });
    connect(&m_alertTimer, &QTimer::timeout, this, &StreamClient::raiseAlert);

    // A hard ceiling far above the decoder's limit: Qt closes the connection beyond it, so only absurd
    // messages cost a reconnect; ordinary oversized ones are refused one by one by the decoder.
    const auto ceiling = std::max<quint64>(quint64{16} << 20, quint64{m_options.limits.maxMessageBytes} * 4);
    m_socket.setMaxAllowedIncomingMessageSize(ceiling);
    m_socket.setMaxAllowedIncomingFrameSize(ceiling);
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_sioOpen = false;
        if (!m_endpoint.socketIo) {
            goLive();
        }
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        const QString reason = m_socket.closeReason().isEmpty() ? m_socket.errorString() : m_socket.closeReason();
        connectionLost(m_lastError.isEmpty() || m_state == State::Live ? reason : m_lastError);
    });
    connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                m_lastError = m_socket.errorString();
                if (m_socket.state() == QAbstractSocket::UnconnectedState) {
                    connectionLost(m_lastError);
                }
            });
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_lastError = errors.isEmpty() ? QStringLiteral("TLS error") : errors.first().errorString();
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &StreamClient::onText);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &StreamClient::onBinary);
}

StreamClient::~StreamClient()
{
    m_running = false;
    m_socket.abort();
}

int64_t StreamClient::now() const
{
    return m_options.clock ? m_options.clock() : QDateTime::currentMSecsSinceEpoch();
}

bool StreamClient::start(QString *error)
{
    QString problem;
    if (!resolveStreamUrl(m_options.url, m_endpoint, problem)) {
        if (error != nullptr) {
            *error = problem;
        }
        return false;
    }
    if (m_endpoint.tls || !m_options.caFile.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_options.caFile.isEmpty()) {
            QList<QSslCertificate> certificates = QSslCertificate::fromPath(m_options.caFile, QSsl::Pem);
            if (certificates.isEmpty()) {
                certificates = QSslCertificate::fromPath(m_options.caFile, QSsl::Der);
            }
            if (certificates.isEmpty()) {
                if (error != nullptr) {
                    *error = QStringLiteral("%1: no PEM or DER certificate in it").arg(m_options.caFile);
                }
                return false;
            }
            ssl.setCaCertificates(ssl.caCertificates() + certificates);
        }
        m_socket.setSslConfiguration(ssl);
    }
    if (!m_options.geoipPath.isEmpty()) {
        auto geoip = GeoIp::open(m_options.geoipPath.toStdString());
        if (!geoip) {
            if (error != nullptr) {
                *error = QString::fromStdString(geoip.message());
            }
            return false;
        }
        m_geoip = std::move(*geoip);
    }
    m_running = true;
    m_downSince.start();
    m_alertTimer.start(m_options.alertAfterMs);
    connectNow();
    return true;
}

void StreamClient::stop()
{
    m_running = false;
    for (QTimer *timer : {&m_reconnectTimer, &m_connectTimer, &m_pingTimer, &m_alertTimer}) {
        timer->stop();
    }
    m_socket.close();
    flush();
    setState(State::Idle);
}

void StreamClient::connectNow()
{
    if (!m_running) {
        return;
    }
    QNetworkRequest request(m_endpoint.webSocketUrl);
    if (!m_options.token.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_options.token);
    }
    for (const auto &[name, value] : m_options.headers) {
        request.setRawHeader(name, value);
    }
    setState(State::Connecting);
    m_connectTimer.start(m_options.connectTimeoutMs);
    qCDebug(lcStream) << "connecting to" << m_endpoint.webSocketUrl.toString();
    m_socket.open(request);
}

void StreamClient::goLive()
{
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
        send(m_endpoint.socketIo ? sio::encodeEvent(m_endpoint.nsp.toStdString(), "subscribe", types)
                                 : "{\"subscribe\":" + types + "}");
    }
    if (m_stats.lastSeq >= 0) {
        const std::string next = std::to_string(m_stats.lastSeq + 1);
        send(m_endpoint.socketIo ? sio::encodeEvent(m_endpoint.nsp.toStdString(), "resume_from", next)
                                 : "{\"resume_from\":" + next + "}");
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

void StreamClient::connectionLost(const QString &reason)
{
    // Called from error and from disconnected for the same loss: only the first counts.
    if (!m_running || m_state == State::Reconnecting) {
        return;
    }
    m_connectTimer.stop();
    m_pingTimer.stop();
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
    if (m_socket.state() != QAbstractSocket::UnconnectedState) {
        m_socket.abort();
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

void StreamClient::send(const std::string &text)
{
    m_socket.sendTextMessage(QString::fromStdString(text));
}

void StreamClient::flush()
{
    m_flushTimer.stop();
    if (m_batch.empty()) {
        return;
    }
    m_stats.received += static_cast<int64_t>(m_batch.size());
    emit batchReady(m_batch);
    m_batch.clear();
}

} // namespace pulsemap
