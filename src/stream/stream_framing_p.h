// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Private to pulsemap_stream: how a StreamClient's messages are framed on the WebSocket.

#include "socketio_codec.h"
#include "stream_url.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap {

// What a framing asks of the session it serves (StreamClient implements it).
// Threading: called on the session's thread only.
class FramingHost
{
public:
    virtual void sendText(std::string_view text) = 0;
    // The stream is ready for subscribe and resume: the session goes live (once per connection).
    virtual void streamOpened() = 0;
    // A protocol-level end (refused, closed by the peer, bad handshake): the session drops the connection.
    virtual void streamFailed(const QString &reason) = 0;
    // The peer must send something within ms, or the connection is considered dead.
    virtual void expectTrafficWithin(int ms) = 0;
    // A message in the JSON stream protocol (docs/protocol.md); events without a type get defaultType.
    virtual void decodeMessage(std::string_view message, std::string_view defaultType) = 0;
    // Several JSON values (objects or arrays of objects) that form one message; malformed counts the
    // message once as malformed in addition (what held the values was broken or empty).
    virtual void decodeValues(std::span<const std::string_view> values, std::string_view defaultType,
                              bool malformed) = 0;
    virtual void countMalformed(std::string_view why) = 0;
    virtual void countRefused() = 0;
    [[nodiscard]] virtual size_t maxMessageBytes() const = 0;

protected:
    ~FramingHost() = default;
};

// A strategy for one wire protocol: what to do with each WebSocket message and how to word the
// subscribe and resume requests. The session never asks which protocol it speaks.
// Threading: used on its session's thread only.
class StreamFraming
{
public:
    virtual ~StreamFraming() = default;

    // The framing the endpoint speaks: plain JSON over WebSocket, or Socket.IO v4.
    static std::unique_ptr<StreamFraming> create(const StreamEndpoint &endpoint, const QByteArray &token,
                                                 FramingHost &host);

    virtual void connected() = 0; // a new WebSocket connection is open
    virtual void text(std::string_view frame) = 0;
    virtual void binary(std::string_view frame) = 0;
    // typesJson: a JSON array of type names.
    [[nodiscard]] virtual std::string subscribeMessage(std::string_view typesJson) const = 0;
    [[nodiscard]] virtual std::string resumeMessage(int64_t nextSeq) const = 0;
};

// Plain WebSocket: every message (text or binary) is a JSON stream message; live as soon as connected.
class PlainFraming final : public StreamFraming
{
public:
    explicit PlainFraming(FramingHost &host) : m_host(host) {}

    void connected() override { m_host.streamOpened(); }
    void text(std::string_view frame) override;
    void binary(std::string_view frame) override;
    [[nodiscard]] std::string subscribeMessage(std::string_view typesJson) const override;
    [[nodiscard]] std::string resumeMessage(int64_t nextSeq) const override;

private:
    FramingHost &m_host;
};

// Engine.IO 4 / Socket.IO v4 over WebSocket: the open packet and its ping deadline, pong, the namespace
// connect (with the token as auth), 42[...] event unwrapping (each argument decoded with the event's name
// as default type), acks, and subscribe/resume as emitted events.
class SocketIoFraming final : public StreamFraming
{
public:
    SocketIoFraming(FramingHost &host, QString nsp, const QByteArray &token);

    void connected() override {}
    void text(std::string_view frame) override;
    void binary(std::string_view) override {} // attachments of 45/46 packets: events are never binary here
    [[nodiscard]] std::string subscribeMessage(std::string_view typesJson) const override;
    [[nodiscard]] std::string resumeMessage(int64_t nextSeq) const override;

private:
    void engineOpen(std::string_view data);
    void socketPacket(const sio::Packet &packet, std::string_view frame);
    void event(const sio::Packet &packet, std::string_view frame);

    FramingHost &m_host;
    QString m_nspName;
    std::string m_nsp;
    std::string m_token;
    int m_pingDeadlineMs = 45000;
    std::string m_name;                   // the event name, unescaped
    std::string m_wrapped;                // viewers/error events rewritten as JSON objects
    std::vector<std::string_view> m_args; // one event's arguments, reused
};

} // namespace pulsemap
