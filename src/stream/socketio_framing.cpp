// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The Socket.IO v4 framing: Engine.IO handshake and heartbeat, namespace connect, event unwrapping.

#include "event_json.h"
#include "stream_framing_p.h"

#include <algorithm>

namespace pulsemap {

namespace {

constexpr int64_t kMaxPingDeadlineMs = 600000;

} // namespace

SocketIoFraming::SocketIoFraming(FramingHost &host, QString nsp, const QByteArray &token)
    : m_host(host), m_nspName(std::move(nsp)), m_nsp(m_nspName.toStdString()), m_token(token.toStdString())
{}

std::string SocketIoFraming::subscribeMessage(std::string_view typesJson) const
{
    return sio::encodeEvent(m_nsp, "subscribe", typesJson);
}

std::string SocketIoFraming::resumeMessage(int64_t nextSeq) const
{
    return sio::encodeEvent(m_nsp, "resume_from", std::to_string(nextSeq));
}

void SocketIoFraming::text(std::string_view frame)
{
    sio::Packet packet;
    const sio::ParseError error = sio::parsePacket(frame, packet);
    if (error != sio::ParseError::None) {
        m_host.countMalformed(sio::describe(error));
        return;
    }
    switch (packet.engine) {
    case sio::EngineType::Open:
        engineOpen(packet.data);
        return;
    case sio::EngineType::Ping:
        m_host.expectTrafficWithin(m_pingDeadlineMs);
        m_host.sendText(sio::encodePong(packet.data));
        return;
    case sio::EngineType::Close:
        m_host.streamFailed(QStringLiteral("the server closed the Engine.IO session"));
        return;
    case sio::EngineType::Message:
        if (packet.hasSocket && packet.nsp == std::string_view(m_nsp)) {
            socketPacket(packet, frame);
        }
        return;
    default:
        return;
    }
}

void SocketIoFraming::engineOpen(std::string_view data)
{
    sio::OpenInfo info;
    if (!sio::parseOpen(data, info)) {
        m_host.countMalformed("Engine.IO open packet without sid");
        m_host.streamFailed(QStringLiteral("Engine.IO open packet without sid"));
        return;
    }
    // The server says how often it pings; silence past interval + timeout means the link is dead.
    m_pingDeadlineMs = static_cast<int>(std::min(info.pingIntervalMs + info.pingTimeoutMs, kMaxPingDeadlineMs));
    m_host.expectTrafficWithin(m_pingDeadlineMs);
    std::string connect = sio::encodeConnect(m_nsp);
    if (!m_token.empty()) {
        connect.append("{\"token\":");
        appendJsonString(m_token, connect);
        connect.push_back('}');
    }
    m_host.sendText(connect);
}

void SocketIoFraming::socketPacket(const sio::Packet &packet, std::string_view frame)
{
    switch (packet.socket) {
    case sio::SocketType::Connect:
        m_host.streamOpened();
        return;
    case sio::SocketType::Disconnect:
        m_host.streamFailed(QStringLiteral("the server left namespace %1").arg(m_nspName));
        return;
    case sio::SocketType::ConnectError:
        m_host.streamFailed(
            QStringLiteral("Socket.IO refused the connection: %1")
                .arg(QString::fromUtf8(packet.data.data(), static_cast<qsizetype>(packet.data.size()))));
        return;
    case sio::SocketType::Event:
        event(packet, frame);
        return;
    default:
        return; // acks for emits we never make, binary packets
    }
}

void SocketIoFraming::event(const sio::Packet &packet, std::string_view frame)
{
    if (packet.ackId >= 0) {
        m_host.sendText(sio::encodeAck(m_nsp, packet.ackId));
    }
    if (frame.size() > m_host.maxMessageBytes()) {
        m_host.countRefused();
        return;
    }
    sio::EventArgs args;
    if (!args.parse(packet.data, m_name)) {
        m_host.countMalformed("Socket.IO event is not [\"name\", ...]");
        return;
    }
    const std::string_view type = args.name();
    std::string_view arg;
    if (type == "viewers" || type == "error") {
        // The relay's control messages as Socket.IO events: the same JSON as on a plain WebSocket.
        if (args.next(arg)) {
            m_wrapped.assign("{\"").append(type).append("\":").append(arg).append("}");
            m_host.decodeMessage(m_wrapped, type);
        }
        return;
    }
    m_args.clear();
    while (args.next(arg)) {
        m_args.push_back(arg);
    }
    m_host.decodeValues(m_args, type, args.malformed() || m_args.empty());
}

} // namespace pulsemap
