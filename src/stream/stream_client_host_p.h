// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Private to pulsemap_stream: what a StreamClient lets its framing do.

#include "stream_client.h"
#include "stream_framing_p.h"
#include "stream_transport_p.h"

namespace pulsemap {

// Forwards the framing's requests to the session's private members, so StreamClient's public header
// needs no FramingHost base. Threading: the session's thread.
class StreamClient::Host final : public FramingHost
{
public:
    explicit Host(StreamClient &client) : m_client(client) {}

    void sendText(std::string_view text) override { m_client.m_transport->send(text); }
    void streamOpened() override { m_client.goLive(); }
    void streamFailed(const QString &reason) override { m_client.dropConnection(reason); }
    void expectTrafficWithin(int ms) override { m_client.m_keepAliveTimer.start(ms); }
    void decodeMessage(std::string_view message, std::string_view defaultType) override
    {
        m_client.decodeMessage(message, defaultType);
    }
    void decodeValues(std::span<const std::string_view> values, std::string_view defaultType, bool malformed) override
    {
        m_client.decodeValues(values, defaultType, malformed);
    }
    void countMalformed(std::string_view why) override;
    void countRefused() override { ++m_client.m_stats.refused; }
    [[nodiscard]] size_t maxMessageBytes() const override { return m_client.m_decoder.limits().maxMessageBytes; }

private:
    StreamClient &m_client;
};

} // namespace pulsemap
