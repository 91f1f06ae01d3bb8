#include "stream_source.h"

namespace pulsemap {

StreamSource::StreamSource(StreamClientOptions options, QObject *parent)
    : EventSource(options.url, parent), m_client(std::move(options))
{
    connect(&m_client, &StreamClient::batchReady, this, &EventSource::batchReady);
    connect(&m_client, &StreamClient::stateChanged, this, &StreamSource::refresh);
    connect(&m_client, &StreamClient::viewersChanged, this, [this] { setViewers(m_client.viewers()); });
    connect(&m_client, &StreamClient::alert, this, [this](const QString &message) { setAlertText(message); });
    connect(&m_client, &StreamClient::errorOccurred, this, &EventSource::errorOccurred);
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &StreamSource::refresh);
}

void StreamSource::start()
{
    QString error;
    if (!m_client.start(&error)) {
        setState(State::Failed, error);
        emit errorOccurred(error);
        return;
    }
    m_countdown.start();
    refresh();
}

void StreamSource::stop()
{
    m_countdown.stop();
    m_client.stop();
    setState(State::Idle, {});
}

void StreamSource::refresh()
{
    State state = State::Idle;
    switch (m_client.state()) {
    case StreamClient::State::Idle:
        state = State::Idle;
        break;
    case StreamClient::State::Connecting:
        state = State::Connecting;
        break;
    case StreamClient::State::Live:
        state = State::Live;
        setAlertText({}); // back up: the alert is over
        break;
    case StreamClient::State::Reconnecting:
        state = State::Reconnecting;
        break;
    }
    setState(state, m_client.statusText());
}

} // namespace pulsemap
