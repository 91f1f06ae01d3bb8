// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// StreamClient: what happens to each decoded message (seq bookkeeping, duplicates, control messages,
// batching). The framing has already unwrapped the protocol.

#include "stream_client.h"

#include "stream_client_host_p.h"
#include "stream_log.h"

namespace pulsemap {

void StreamClient::Host::countMalformed(std::string_view why)
{
    ++m_client.m_stats.malformed;
    qCDebug(lcStream).noquote() << "malformed:" << QString::fromUtf8(why.data(), static_cast<qsizetype>(why.size()));
}

void StreamClient::decodeMessage(std::string_view message, std::string_view defaultType)
{
    const size_t firstNew = m_batch.size();
    const DecodeResult result = m_decoder.decode(message, m_clock(), m_batch, &m_controls, defaultType);
    afterDecode(firstNew, result);
}

void StreamClient::decodeValues(std::span<const std::string_view> values, std::string_view defaultType, bool malformed)
{
    const size_t firstNew = m_batch.size();
    const int64_t arrival = m_clock();
    DecodeResult result;
    for (const std::string_view value : values) {
        m_decoder.decodeValue(value, arrival, m_batch, &m_controls, defaultType, result);
    }
    if (malformed) {
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
    dropDuplicates(firstNew);
    if (!m_batch.empty() && !m_flushTimer.isActive()) {
        m_flushTimer.start(m_options.flushIntervalMs);
    }
}

// Events at or below the last seq seen were delivered before the resume: a server may replay a few too many.
void StreamClient::dropDuplicates(size_t firstNew)
{
    std::vector<Event> &events = m_batch.events();
    size_t kept = firstNew;
    for (size_t i = firstNew; i < events.size(); ++i) {
        const Event &event = events[i];
        if (event.seq >= 0) {
            if (event.seq <= m_stats.lastSeq) {
                ++m_stats.duplicates;
                continue;
            }
            m_stats.lastSeq = event.seq;
        }
        events[kept++] = event;
    }
    events.resize(kept);
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
