// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "nats_publisher.h"

#include "nats_connection.h"
#include "stream/event_json.h"

#include <chrono>
#include <random>
#include <unordered_set>

namespace pulsemap {

namespace {

constexpr const char *kMsgIdHeader = "Nats-Msg-Id";

std::string randomPrefix()
{
    std::random_device device;
    const uint64_t value = (uint64_t{device()} << 32) ^ device();
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

} // namespace

// The message ids the stream acknowledged in the current window, and the last error it answered.
struct NatsPublisher::Acks
{
    std::mutex mutex;
    std::unordered_set<std::string> acked;
    int lastErrorCode = 0;
    Counters *counters = nullptr;

    // libnats' jsPubAckHandler: on a libnats thread, for every asynchronously published message.
    static void onAck(jsCtx *, natsMsg *msg, jsPubAck *ack, jsPubAckErr *error, void *closure)
    {
        auto *self = static_cast<Acks *>(closure);
        const char *id = nullptr;
        if (ack != nullptr && natsMsgHeader_Get(msg, kMsgIdHeader, &id) == NATS_OK && id != nullptr) {
            const std::lock_guard lock(self->mutex);
            self->acked.insert(id);
            (ack->Duplicate ? self->counters->duplicates : self->counters->published)++;
        } else if (error != nullptr) {
            const std::lock_guard lock(self->mutex);
            self->lastErrorCode = static_cast<int>(error->ErrCode);
        }
        natsMsg_Destroy(msg); // the handler owns the message (libnats 3.4 documents it so)
    }
};

NatsPublisher::NatsPublisher(NatsEndpoint endpoint, NatsPublisherOptions options)
    : m_endpoint(std::move(endpoint)), m_options(options), m_idPrefix(randomPrefix()), m_acks(std::make_unique<Acks>())
{
    m_acks->counters = &m_counters;
}

NatsPublisher::~NatsPublisher()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void NatsPublisher::start()
{
    m_thread = std::thread([this] { run(); });
}

void NatsPublisher::offer(const EventBatch &batch)
{
    m_counters.offered += static_cast<int64_t>(batch.size());
    std::vector<Message> encoded;
    const auto room = static_cast<int64_t>(m_options.maxBufferedEvents) - m_counters.buffered.load();
    const size_t fits = room <= 0 ? 0 : std::min(batch.size(), static_cast<size_t>(room));
    encoded.reserve(fits);
    for (size_t i = 0; i < fits; ++i) {
        Event event = batch.events()[i];
        event.seq = -1; // the relays number events themselves
        m_scratch.clear();
        appendEventJson(batch, event, m_scratch);
        encoded.push_back({natsEventSubject(batch.text(event.campaign), batch.typeName(event)),
                           m_idPrefix + '-' + std::to_string(m_nextId++), m_scratch});
    }
    m_counters.dropped += static_cast<int64_t>(batch.size() - fits);
    if (encoded.empty()) {
        return;
    }
    m_counters.buffered += static_cast<int64_t>(encoded.size());
    {
        const std::lock_guard lock(m_mutex);
        for (Message &message : encoded) {
            m_queue.push_back(std::move(message));
        }
    }
    m_wake.notify_one();
}

bool NatsPublisher::hasRoom() const
{
    return m_counters.buffered.load() < static_cast<int64_t>(m_options.maxBufferedEvents * 3 / 4);
}

bool NatsPublisher::flush(int64_t timeoutMs)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (m_counters.buffered.load() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return m_counters.buffered.load() == 0;
}

void NatsPublisher::pause(int64_t ms)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stopping; });
}

void NatsPublisher::run()
{
    std::unique_ptr<NatsConnection> connection;
    std::vector<Message> window;
    int64_t backoffMs = 100;
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            if (m_stopping) {
                break;
            }
            if (window.empty()) {
                m_wake.wait_for(lock, std::chrono::milliseconds(250),
                                [this] { return m_stopping || !m_queue.empty(); });
                while (!m_queue.empty() && window.size() < m_options.window) {
                    window.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
        }
        if (!connection) {
            NatsConnectOptions options;
            options.name = "pulsemap collector";
            options.ackHandler = &Acks::onAck;
            options.ackClosure = m_acks.get();
            options.maxPendingPublishes = static_cast<int64_t>(m_options.window) * 2;
            auto made = NatsConnection::connect(m_endpoint, options);
            if (!made) {
                qCWarning(lcNats).noquote() << "publish:" << made.message().c_str() << "- trying again";
                pause(backoffMs);
                backoffMs = std::min(backoffMs * 2, m_options.retryMaxMs);
                continue;
            }
            connection = std::move(*made);
            qCInfo(lcNats).noquote() << "publishing to" << m_endpoint.servers.front().c_str();
        }
        m_counters.connected = connection->connected();
        if (window.empty()) {
            continue;
        }
        if (publishWindow(*connection, window)) {
            m_counters.buffered -= static_cast<int64_t>(window.size());
            window.clear();
            if (backoffMs >= m_options.retryMaxMs) {
                qCInfo(lcNats) << "publish: JetStream acknowledges again";
            }
            backoffMs = 100;
        } else {
            if (backoffMs * 2 >= m_options.retryMaxMs && backoffMs < m_options.retryMaxMs) {
                // Once per outage, when it lasts beyond an election (is the stream there? nats-setup makes it).
                qCWarning(lcNats) << "publish: JetStream does not acknowledge; buffering and retrying with the same "
                                     "message ids";
            }
            pause(backoffMs); // an election or a lost server: the same messages, same ids, a little later
            backoffMs = std::min(backoffMs * 2, m_options.retryMaxMs);
        }
    }
    m_counters.connected = false;
    connection.reset(); // closes before m_acks goes (it is a member, destroyed after this thread ends)
}

// Sends what of the window is not acknowledged yet and waits for the acknowledgements; true when all came.
bool NatsPublisher::publishWindow(NatsConnection &connection, std::vector<Message> &window)
{
    size_t sent = 0;
    for (const Message &message : window) {
        {
            const std::lock_guard lock(m_acks->mutex);
            if (m_acks->acked.contains(message.id)) {
                continue;
            }
        }
        natsMsg *msg = nullptr;
        if (natsMsg_Create(&msg, message.subject.c_str(), nullptr, message.payload.data(),
                           static_cast<int>(message.payload.size())) != NATS_OK) {
            return false;
        }
        jsPubOptions options;
        jsPubOptions_Init(&options);
        options.MsgId = message.id.c_str();
        const natsStatus s = js_PublishMsgAsync(connection.jetStream(), &msg, &options);
        if (s != NATS_OK) {
            natsMsg_Destroy(msg); // still ours when the call failed
            qCDebug(lcNats).noquote() << natsErrorText("publish", s).c_str();
            break; // not connected now: what was sent is awaited below, the rest is sent on the next try
        }
        ++sent;
    }
    jsPubOptions wait;
    jsPubOptions_Init(&wait);
    wait.MaxWait = m_options.ackWaitMs;
    const natsStatus completed = js_PublishAsyncComplete(connection.jetStream(), &wait);
    natsMsgList pending{};
    if (js_PublishAsyncGetPendingList(&pending, connection.jetStream()) == NATS_OK) {
        natsMsgList_Destroy(&pending); // late acknowledgements of these are dropped; they are sent again
    }
    size_t missing = 0;
    int errorCode = 0;
    {
        const std::lock_guard lock(m_acks->mutex);
        for (const Message &message : window) {
            missing += m_acks->acked.contains(message.id) ? 0 : 1;
        }
        errorCode = m_acks->lastErrorCode;
        m_acks->lastErrorCode = 0;
        if (missing == 0) {
            m_acks->acked.clear();
        }
    }
    if (missing == 0) {
        return true;
    }
    m_counters.retries += static_cast<int64_t>(missing);
    qCDebug(lcNats).noquote() << "publish:" << missing << "of" << window.size() << "not acknowledged (sent" << sent
                              << "," << natsStatus_GetText(completed) << ", JetStream error" << errorCode
                              << "): sending them again";
    return false;
}

} // namespace pulsemap
