// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Engine.IO 4 / Socket.IO v4 packets over WebSocket: one Engine.IO packet per text frame, and a Socket.IO
// packet inside each Engine.IO "message". Pure parsing and formatting, no I/O.
// Threading: free functions are safe from any thread; an EventArgs belongs to one thread at a time.
namespace pulsemap::sio {

enum class EngineType { Open = 0, Close = 1, Ping = 2, Pong = 3, Message = 4, Upgrade = 5, Noop = 6 };
enum class SocketType {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6
};

enum class ParseError {
    None,
    Empty,
    BadEngineType,
    BadSocketType,
    BadAttachments,
    BadNamespace,
    BadAckId,
    BadPayload,
};
const char *describe(ParseError error);

// One decoded frame. Views point into the frame text.
struct Packet
{
    EngineType engine = EngineType::Noop;
    bool hasSocket = false; // engine == Message and a Socket.IO packet follows
    SocketType socket = SocketType::Event;
    int attachments = 0;        // binary packets: how many binary frames follow
    std::string_view nsp = "/"; // namespace, "/" by default
    int64_t ackId = -1;         // -1: no ack requested
    std::string_view data;      // JSON payload (may be empty); for Open/Ping/Pong the text after the type
};

ParseError parsePacket(std::string_view frame, Packet &out);

// The handshake values of the open packet's JSON: 0{"sid":"...","pingInterval":25000,"pingTimeout":20000,...}.
struct OpenInfo
{
    std::string sid;
    int64_t pingIntervalMs = 25000;
    int64_t pingTimeoutMs = 20000;
    int64_t maxPayload = 1000000;
};
bool parseOpen(std::string_view text, OpenInfo &out);

// An event payload ["name", arg0, arg1, ...]: the name (unescaped into nameBuffer) and each argument's JSON.
class EventArgs
{
public:
    // False when the payload is not an array starting with a string.
    bool parse(std::string_view payload, std::string &nameBuffer);
    [[nodiscard]] std::string_view name() const { return m_name; }
    // The next argument's JSON text; false at the end (or when the rest is not valid JSON: malformed() tells).
    bool next(std::string_view &arg);
    [[nodiscard]] bool malformed() const { return m_malformed; }

private:
    std::string_view m_payload;
    std::string_view m_name;
    size_t m_pos = 0;
    bool m_malformed = false;
};

// Frames the client sends. nsp "/" (or empty) is the default namespace and is not written.
std::string encodeConnect(std::string_view nsp);
std::string encodeEvent(std::string_view nsp, std::string_view name, std::string_view argJson, int64_t ackId = -1);
std::string encodeAck(std::string_view nsp, int64_t ackId, std::string_view argsArrayJson = "[]");
std::string encodePong(std::string_view data = {});

} // namespace pulsemap::sio
