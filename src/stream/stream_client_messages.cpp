// StreamClient: what happens to each received message (decoding, Socket.IO framing, seq bookkeeping, GeoIP).

#include "stream_client.h"

#include "event_json.h"
#include "ingest/geoip.h"
#include "socketio_codec.h"
#include "stream_log.h"

namespace pulsemap {

void StreamClient::onText(const QString &message)
{
    m_utf8 = message.toUtf8(); // reuses the buffer's capacity when it is not shared
    handleMessage(std::string_view(m_utf8.constData(), static_cast<size_t>(m_utf8.size())), "hit");
}

void StreamClient::onBinary(const QByteArray &message)
{
    if (m_endpoint.socketIo) {
        return; // binary attachments of 45/46 packets: events are never binary in this protocol
    }
    handleMessage(std::string_view(message.constData(), static_cast<size_t>(message.size())), "hit");
}

void StreamClient::handleMessage(std::string_view message, std::string_view defaultType)
{
    if (m_endpoint.socketIo) {
        handleSocketIo(message);
        return;
    }
    const size_t firstNew = m_batch.size();
    const DecodeResult result = m_decoder.decode(message, now(), m_batch, &m_controls, defaultType);
    afterDecode(firstNew, result);
}

void StreamClient::handleSocketIo(std::string_view frame)
{
    sio::Packet packet;
    const sio::ParseError error = sio::parsePacket(frame, packet);
    if (error != sio::ParseError::None) {
        ++m_stats.malformed;
        qCDebug(lcStream) << "Socket.IO frame skipped:" << sio::describe(error);
        return;
    }
    const std::string nsp = m_endpoint.nsp.toStdString();
    switch (packet.engine) {
    case sio::EngineType::Open: {
        sio::OpenInfo info;
        if (!sio::parseOpen(packet.data, info)) {
            ++m_stats.malformed;
            m_lastError = QStringLiteral("Engine.IO open packet without sid");
            m_socket.abort();
            return;
        }
        // The server says how often it pings; silence past interval + timeout means the link is dead.
        m_pingDeadlineMs = static_cast<int>(std::min<int64_t>(info.pingIntervalMs + info.pingTimeoutMs, 600000));
        m_pingTimer.start(m_pingDeadlineMs);
        m_sioOpen = true;
        std::string connect = sio::encodeConnect(nsp);
        if (!m_options.token.isEmpty()) {
            connect.append("{\"token\":");
            appendJsonString(m_options.token.toStdString(), connect);
            connect.push_back('}');
        }
        send(connect);
        return;
    }
    case sio::EngineType::Ping:
        m_pingTimer.start(m_pingDeadlineMs);
        send(sio::encodePong(packet.data));
        return;
    case sio::EngineType::Close:
        m_lastError = QStringLiteral("the server closed the Engine.IO session");
        m_socket.abort();
        return;
    case sio::EngineType::Message:
        break;
    default:
        return;
    }
    if (!packet.hasSocket || packet.nsp != std::string_view(nsp)) {
        return;
    }
    switch (packet.socket) {
    case sio::SocketType::Connect:
        if (m_state != State::Live) {
            goLive();
        }
        return;
    case sio::SocketType::Disconnect:
        m_lastError = QStringLiteral("the server left namespace %1").arg(m_endpoint.nsp);
        m_socket.abort();
        return;
    case sio::SocketType::ConnectError:
        m_lastError = QStringLiteral("Socket.IO refused the connection: %1")
                          .arg(QString::fromUtf8(packet.data.data(), static_cast<qsizetype>(packet.data.size())));
        m_socket.abort();
        return;
    case sio::SocketType::Event:
        break;
    default:
        return; // acks for emits we never make, binary packets
    }
    if (packet.ackId >= 0) {
        send(sio::encodeAck(nsp, packet.ackId));
    }
    if (frame.size() > m_decoder.limits().maxMessageBytes) {
        ++m_stats.refused;
        return;
    }
    sio::EventArgs args;
    if (!args.parse(packet.data, m_scratch)) {
        ++m_stats.malformed;
        return;
    }
    const std::string type(args.name()); // copied: decoding reuses the buffer the name may live in
    if (type == "viewers" || type == "error") {
        std::string_view arg;
        if (args.next(arg)) {
            std::string wrapped;
            wrapped.append("{\"").append(type).append("\":").append(arg).append("}");
            const size_t firstNew = m_batch.size();
            afterDecode(firstNew, m_decoder.decode(wrapped, now(), m_batch, &m_controls, type));
        }
        return;
    }
    const size_t firstNew = m_batch.size();
    DecodeResult result;
    std::string_view arg;
    const int64_t arrival = now();
    bool any = false;
    while (args.next(arg)) {
        any = true;
        m_decoder.decodeValue(arg, arrival, m_batch, &m_controls, type, result);
    }
    if (args.malformed() || !any) {
        ++result.malformed;
    }
    afterDecode(firstNew, result);
}

void StreamClient::afterDecode(size_t firstNew, const DecodeResult &result)
{
    m_healthy = true;
    if (result.refused) {
        ++m_stats.refused;
        qCWarning(lcStream).noquote() << "refused:" << QString::fromStdString(result.firstError);
    }
    if (result.malformed > 0) {
        m_stats.malformed += static_cast<int64_t>(result.malformed);
        qCDebug(lcStream).noquote() << "malformed:" << QString::fromStdString(result.firstError);
    }
    if (!m_controls.empty()) {
        applyControls(); // a hello may restart the sequence space before these events are checked
    }
    std::vector<Event> &events = m_batch.events();
    size_t kept = firstNew;
    for (size_t i = firstNew; i < events.size(); ++i) {
        Event &event = events[i];
        if (event.seq >= 0) {
            if (event.seq <= m_stats.lastSeq) {
                ++m_stats.duplicates;
                continue;
            }
            m_stats.lastSeq = event.seq;
        }
        if (!event.ip.empty()) {
            GeoResult where;
            if (!event.located() && m_geoip &&
                m_geoip->lookup(m_batch.text(event.ip), where) == GeoIp::Lookup::Located) {
                event.lat = where.lat;
                event.lon = where.lon;
                if (!event.hasCountry()) {
                    event.country = where.country;
                }
                if (event.city.empty() && !where.city.empty()) {
                    event.city = m_batch.store(where.city);
                }
            }
            if (!m_options.keepIp) {
                event.ip = {};
            }
        }
        events[kept++] = event;
    }
    events.resize(kept);
    if (!m_batch.empty() && !m_flushTimer.isActive()) {
        m_flushTimer.start(m_options.flushIntervalMs);
    }
}

void StreamClient::applyControls()
{
    for (const ControlMessage &control : m_controls) {
        switch (control.kind) {
        case ControlMessage::Kind::Viewers:
            if (m_viewers != control.value) {
                m_viewers = static_cast<int>(control.value);
                emit viewersChanged();
            }
            break;
        case ControlMessage::Kind::Error:
            qCWarning(lcStream).noquote() << "server error:" << QString::fromStdString(control.text);
            emit errorOccurred(QString::fromStdString(control.text));
            break;
        case ControlMessage::Kind::Hello: {
            const QString stream = QString::fromStdString(control.text);
            // Another stream id means the server restarted and numbers from 1 again: old seqs mean nothing.
            if (!m_streamId.isEmpty() && stream != m_streamId) {
                qCInfo(lcStream) << "the server's stream changed; sequence numbers start over";
                m_stats.lastSeq = -1;
            }
            m_streamId = stream;
            break;
        }
        case ControlMessage::Kind::Gap:
            m_stats.gaps += control.value;
            qCWarning(lcStream) << control.value << "events were lost before the resume (server ring too small)";
            break;
        case ControlMessage::Kind::Subscribed:
            break; // the relay confirms the filter; events already reflect it
        }
    }
    m_controls.clear();
}

} // namespace pulsemap
