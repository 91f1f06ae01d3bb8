#pragma once

#include "event_source.h"
#include "stream/stream_client.h"

#include <QTimer>

namespace pulsemap {

// A live WebSocket / Socket.IO stream as a map source: the StreamClient's batches, its connection state
// ("reconnecting in 3 s: connection refused"), the relay's viewer count and the down-too-long alert.
class StreamSource : public EventSource
{
    Q_OBJECT

public:
    explicit StreamSource(StreamClientOptions options, QObject *parent = nullptr);

    void start() override;
    void stop() override;

private:
    void refresh();

    StreamClient m_client;
    QTimer m_countdown; // keeps "reconnecting in N s" current
};

} // namespace pulsemap
