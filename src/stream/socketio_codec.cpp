// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "socketio_codec.h"

#include "ingest/json_scan.h"

#include <charconv>

namespace pulsemap::sio {

namespace {

// Digits at text[pos...] as a number; advances pos. False when there are none or they overflow.
bool readNumber(std::string_view text, size_t &pos, int64_t limit, int64_t &value)
{
    const size_t start = pos;
    value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        value = value * 10 + (text[pos] - '0');
        if (value > limit) {
            return false;
        }
        ++pos;
    }
    return pos > start;
}

void appendNamespace(std::string_view nsp, std::string &out)
{
    if (!nsp.empty() && nsp != "/") {
        out.append(nsp);
        out.push_back(',');
    }
}

} // namespace

const char *describe(ParseError error)
{
    switch (error) {
    case ParseError::None:
        return "no error";
    case ParseError::Empty:
        return "empty frame";
    case ParseError::BadEngineType:
        return "unknown Engine.IO packet type";
    case ParseError::BadSocketType:
        return "unknown Socket.IO packet type";
    case ParseError::BadAttachments:
        return "bad binary attachment count";
    case ParseError::BadNamespace:
        return "bad namespace";
    case ParseError::BadAckId:
        return "bad ack id";
    case ParseError::BadPayload:
        return "payload is not JSON";
    }
    return "unknown error";
}

ParseError parsePacket(std::string_view frame, Packet &out)
{
    out = Packet{};
    if (frame.empty()) {
        return ParseError::Empty;
    }
    if (frame[0] < '0' || frame[0] > '6') {
        return ParseError::BadEngineType;
    }
    out.engine = static_cast<EngineType>(frame[0] - '0');
    if (out.engine != EngineType::Message) {
        out.data = frame.substr(1);
        return ParseError::None;
    }
    if (frame.size() < 2) {
        return ParseError::Empty; // a bare "4": an Engine.IO message without a Socket.IO packet
    }
    if (frame[1] < '0' || frame[1] > '6') {
        return ParseError::BadSocketType;
    }
    out.hasSocket = true;
    out.socket = static_cast<SocketType>(frame[1] - '0');
    size_t pos = 2;
    if (out.socket == SocketType::BinaryEvent || out.socket == SocketType::BinaryAck) {
        int64_t attachments = 0;
        if (!readNumber(frame, pos, 1000, attachments) || pos >= frame.size() || frame[pos] != '-') {
            return ParseError::BadAttachments;
        }
        out.attachments = static_cast<int>(attachments);
        ++pos;
    }
    if (pos < frame.size() && frame[pos] == '/') {
        const size_t comma = frame.find(',', pos);
        // Without a comma the namespace runs to the end (e.g. "40/admin" with no payload).
        const size_t end = comma == std::string_view::npos ? frame.size() : comma;
        out.nsp = frame.substr(pos, end - pos);
        if (out.nsp.size() > 256) {
            return ParseError::BadNamespace;
        }
        pos = comma == std::string_view::npos ? end : end + 1;
    }
    if (pos < frame.size() && frame[pos] >= '0' && frame[pos] <= '9') {
        if (!readNumber(frame, pos, int64_t{1} << 53, out.ackId)) {
            return ParseError::BadAckId;
        }
    }
    out.data = frame.substr(pos);
    if (!out.data.empty()) {
        json::Kind kind = json::Kind::Null;
        bool escaped = false;
        const size_t end = json::scanValue(out.data, 0, kind, escaped);
        if (end == json::npos || json::skipSpace(out.data, end) != out.data.size()) {
            return ParseError::BadPayload;
        }
    }
    return ParseError::None;
}

bool parseOpen(std::string_view text, OpenInfo &out)
{
    // A flat object: look each key up and read the value after it.
    size_t pos = json::skipSpace(text, 0);
    if (pos >= text.size() || text[pos] != '{') {
        return false;
    }
    bool sawSid = false;
    pos = json::skipSpace(text, pos + 1);
    while (pos < text.size() && text[pos] == '"') {
        bool escaped = false;
        const size_t keyEnd = json::scanString(text, pos, escaped);
        if (keyEnd == json::npos) {
            return false;
        }
        const std::string_view key = text.substr(pos + 1, keyEnd - pos - 2);
        pos = json::skipSpace(text, keyEnd);
        if (pos >= text.size() || text[pos] != ':') {
            return false;
        }
        pos = json::skipSpace(text, pos + 1);
        json::Kind kind = json::Kind::Null;
        const size_t valueEnd = json::scanValue(text, pos, kind, escaped);
        if (valueEnd == json::npos) {
            return false;
        }
        const std::string_view value = text.substr(pos, valueEnd - pos);
        if (key == "sid" && kind == json::Kind::String) {
            out.sid.assign(value.substr(1, value.size() - 2));
            sawSid = true;
        } else if (kind == json::Kind::Number &&
                   (key == "pingInterval" || key == "pingTimeout" || key == "maxPayload")) {
            int64_t number = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
            if (ec != std::errc() || end != value.data() + value.size() || number <= 0) {
                return false;
            }
            (key == "pingInterval"  ? out.pingIntervalMs
             : key == "pingTimeout" ? out.pingTimeoutMs
                                    : out.maxPayload) = number;
        }
        pos = json::skipSpace(text, valueEnd);
        if (pos < text.size() && text[pos] == ',') {
            pos = json::skipSpace(text, pos + 1);
        }
    }
    return sawSid && pos < text.size() && text[pos] == '}';
}

bool EventArgs::parse(std::string_view payload, std::string &nameBuffer)
{
    m_payload = payload;
    m_malformed = false;
    size_t pos = json::skipSpace(payload, 0);
    if (pos >= payload.size() || payload[pos] != '[') {
        return false;
    }
    pos = json::skipSpace(payload, pos + 1);
    bool escaped = false;
    const size_t end =
        pos < payload.size() && payload[pos] == '"' ? json::scanString(payload, pos, escaped) : json::npos;
    if (end == json::npos) {
        return false;
    }
    m_name = payload.substr(pos + 1, end - pos - 2);
    if (escaped) {
        nameBuffer.resize(m_name.size());
        nameBuffer.resize(json::unescape(m_name, nameBuffer.data()));
        m_name = nameBuffer;
    }
    m_pos = json::skipSpace(payload, end);
    return true;
}

bool EventArgs::next(std::string_view &arg)
{
    if (m_pos >= m_payload.size() || m_payload[m_pos] == ']') {
        return false;
    }
    if (m_payload[m_pos] != ',') {
        m_malformed = true;
        return false;
    }
    const size_t start = json::skipSpace(m_payload, m_pos + 1);
    json::Kind kind = json::Kind::Null;
    bool escaped = false;
    const size_t end = json::scanValue(m_payload, start, kind, escaped);
    if (end == json::npos) {
        m_malformed = true;
        return false;
    }
    arg = m_payload.substr(start, end - start);
    m_pos = json::skipSpace(m_payload, end);
    return true;
}

std::string encodeConnect(std::string_view nsp)
{
    std::string out = "40";
    appendNamespace(nsp, out);
    return out;
}

std::string encodeEvent(std::string_view nsp, std::string_view name, std::string_view argJson, int64_t ackId)
{
    std::string out = "42";
    appendNamespace(nsp, out);
    if (ackId >= 0) {
        out.append(std::to_string(ackId));
    }
    out.append("[\"");
    out.append(name); // names we send are our own identifiers: nothing to escape
    out.push_back('"');
    if (!argJson.empty()) {
        out.push_back(',');
        out.append(argJson);
    }
    out.push_back(']');
    return out;
}

std::string encodePong(std::string_view data)
{
    std::string out;
    out.reserve(data.size() + 1);
    out.push_back('3');
    out.append(data);
    return out;
}

std::string encodeAck(std::string_view nsp, int64_t ackId, std::string_view argsArrayJson)
{
    std::string out = "43";
    appendNamespace(nsp, out);
    out.append(std::to_string(ackId));
    out.append(argsArrayJson);
    return out;
}

} // namespace pulsemap::sio
