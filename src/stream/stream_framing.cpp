// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The framing strategies' factory and the plain WebSocket framing.

#include "stream_framing_p.h"

#include "core/event.h"

namespace pulsemap {

std::unique_ptr<StreamFraming> StreamFraming::create(const StreamEndpoint &endpoint, const QByteArray &token,
                                                     FramingHost &host)
{
    if (endpoint.socketIo) {
        return std::make_unique<SocketIoFraming>(host, endpoint.nsp, token);
    }
    return std::make_unique<PlainFraming>(host);
}

void PlainFraming::text(std::string_view frame)
{
    m_host.decodeMessage(frame, kDefaultEventType);
}

void PlainFraming::binary(std::string_view frame)
{
    m_host.decodeMessage(frame, kDefaultEventType);
}

std::string PlainFraming::subscribeMessage(std::string_view typesJson) const
{
    return "{\"subscribe\":" + std::string(typesJson) + "}";
}

std::string PlainFraming::resumeMessage(int64_t nextSeq) const
{
    return "{\"resume_from\":" + std::to_string(nextSeq) + "}";
}

} // namespace pulsemap
