// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Engine.IO / Socket.IO frames through the packet codec and, for events, the argument walker and the JSON
// decoder, exactly as StreamClient uses them.

#include "stream/event_decoder.h"
#include "stream/socketio_codec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pulsemap::EventDecoder decoder;
    static pulsemap::EventBatch batch;
    static std::string nameBuffer;
    batch.clear();
    const std::string_view frame(reinterpret_cast<const char *>(data), size);
    pulsemap::sio::Packet packet;
    const pulsemap::sio::ParseError error = pulsemap::sio::parsePacket(frame, packet);
    if (pulsemap::sio::describe(error) == nullptr) {
        std::abort();
    }
    if (error != pulsemap::sio::ParseError::None) {
        return 0;
    }
    const auto within = [&](std::string_view view) {
        return view.empty() ||
               (view.data() >= frame.data() && view.data() + view.size() <= frame.data() + frame.size());
    };
    if (!within(packet.data) || (packet.nsp != "/" && !within(packet.nsp))) {
        std::abort();
    }
    if (packet.engine == pulsemap::sio::EngineType::Open) {
        pulsemap::sio::OpenInfo info;
        if (pulsemap::sio::parseOpen(packet.data, info) && (info.pingIntervalMs <= 0 || info.pingTimeoutMs <= 0)) {
            std::abort();
        }
    }
    if (!packet.hasSocket || packet.socket != pulsemap::sio::SocketType::Event) {
        return 0;
    }
    pulsemap::sio::EventArgs args;
    if (!args.parse(packet.data, nameBuffer)) {
        return 0;
    }
    const std::string type(args.name());
    pulsemap::DecodeResult result;
    std::string_view arg;
    int count = 0;
    while (args.next(arg) && ++count < 1000) {
        if (!within(arg)) {
            std::abort();
        }
        decoder.decodeValue(arg, 0, batch, nullptr, type.empty() ? pulsemap::kDefaultEventType : type, result);
    }
    if (result.events != batch.size()) {
        std::abort();
    }
    for (const pulsemap::Event &event : batch.events()) {
        if (!pulsemap::plausibleEventTime(event.tsMs)) {
            std::abort(); // impossible times are refused as malformed (core/event.h)
        }
    }
    return 0;
}
