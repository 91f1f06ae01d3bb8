// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "nats_consumer.h"

#include "core/clock.h"
#include "nats_connection.h"
#include "stream/event_decoder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

namespace pulsemap {

namespace {

constexpr int64_t kNsPerMs = 1000000;

int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

NatsConsumer::NatsConsumer(NatsEndpoint endpoint, NatsConsumerOptions options, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_options(options)
{
    m_endpoint.filterSubject = natsFilterSubject(m_endpoint);
    connect(&m_watchdog, &QTimer::timeout, this, &NatsConsumer::watchdog);
}

NatsConsumer::~NatsConsumer()
{
    stop();
}

Status NatsConsumer::start()
{
    if (m_endpoint.durable.empty() && m_options.inactiveThresholdMs <= 0) {
        return fail("a NATS upstream needs ?durable=NAME: the consumer that remembers where this relay is");
    }
    if (m_endpoint.durable.empty()) {
        std::random_device random;
        char name[32];
        std::snprintf(name, sizeof name, "pulsemap-view-%08x%08x", random(), random());
        m_endpoint.durable = name;
    }
    m_stopping = false;
    m_running = true;
    m_thread = std::thread([this] {
        run();
        m_running = false;
    });
    m_watchdog.start(static_cast<int>(std::max<int64_t>(100, m_options.fetchExpiresMs)));
    return {};
}

void NatsConsumer::stop()
{
    m_watchdog.stop();
    m_stopping = true;
    if (!m_thread.joinable()) {
        return;
    }
    // A fetch ends at its expiry; one that does not (a lost server, the 3.4.1 timeout bug) is ended by closing.
    const int64_t deadline = steadyMs() + m_options.fetchExpiresMs + 1000;
    while (m_running && steadyMs() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (m_running) {
        const std::lock_guard lock(m_connectionMutex);
        if (m_connection) {
            m_connection->close();
        }
    }
    m_thread.join();
}

// On the owner's thread: a fetch that outlived its expiry by the deadline is unblocked by closing the connection;
// the fetching thread then reconnects.
void NatsConsumer::watchdog()
{
    const int64_t since = m_fetchSinceMs.load();
    if (since == 0 || steadyMs() - since < m_options.fetchExpiresMs + m_options.fetchDeadlineMs) {
        return;
    }
    const std::lock_guard lock(m_connectionMutex);
    if (m_connection) {
        qCWarning(lcNats) << "upstream: a fetch outlived its deadline, reconnecting";
        ++m_counters.watchdogResets;
        m_fetchSinceMs = 0;
        m_connection->close();
    }
}

void NatsConsumer::run()
{
    int64_t backoffMs = 100;
    while (!m_stopping) {
        NatsConnectOptions options;
        options.name = "pulsemap relay " + m_endpoint.durable;
        auto made = NatsConnection::connect(m_endpoint, options);
        if (made) {
            std::shared_ptr<NatsConnection> connection = std::move(*made);
            {
                const std::lock_guard lock(m_connectionMutex);
                m_connection = connection;
            }
            if (consume(*connection)) {
                backoffMs = 100;
            }
            const std::lock_guard lock(m_connectionMutex);
            m_connection.reset();
        } else {
            qCWarning(lcNats).noquote() << "upstream:" << made.message().c_str() << "- trying again";
            setConnected(false, made.message());
        }
        if (m_stopping) {
            m_counters.connected = false; // stopped, not lost: nothing to tell
        } else if (m_counters.connected) {
            setConnected(false, "connection lost");
        }
        backoffMs = pauseThenDouble(backoffMs);
    }
}

// Relays: the consumer is created with the relay's configuration, or an existing one with another is used as it
// is rather than lose its place. Displays: the consumer this process made is used as it is after a reconnect; a
// missing one is made from the sequence after the last handed out. True when the consumer is there.
bool NatsConsumer::ensureConsumer(NatsConnection &connection, const std::string &filter)
{
    const bool display = m_options.inactiveThresholdMs > 0;
    jsConsumerConfig config;
    jsConsumerConfig_Init(&config);
    config.Durable = m_endpoint.durable.c_str();
    config.AckPolicy = js_AckExplicit;
    config.DeliverPolicy = js_DeliverAll;
    config.FilterSubject = filter.c_str();
    config.AckWait = m_options.ackWaitMs * kNsPerMs;
    config.MaxAckPending = m_options.maxAckPending;
    jsConsumerInfo *info = nullptr;
    auto code = static_cast<jsErrCode>(0);
    natsStatus s = NATS_OK;
    if (display) {
        config.InactiveThreshold = m_options.inactiveThresholdMs * kNsPerMs;
        const int64_t after = std::max<int64_t>(m_counters.lastStreamSeq, m_startedAfter);
        const uint64_t next = after > 0 ? uint64_t(after) + 1 : m_endpoint.startSeq;
        config.DeliverPolicy = next > 0 ? js_DeliverByStartSequence : js_DeliverNew;
        config.OptStartSeq = next;
        s = js_GetConsumerInfo(&info, connection.jetStream(), m_endpoint.stream.c_str(), config.Durable, nullptr,
                               &code);
        if (s == NATS_OK) {
            jsConsumerInfo_Destroy(info);
            return true;
        }
        if (code != kJsConsumerNotFound) {
            setConnected(false, natsErrorText("find consumer", s, code));
            return false;
        }
    }
    s = js_AddConsumer(&info, connection.jetStream(), m_endpoint.stream.c_str(), &config, nullptr, &code);
    if (s == NATS_OK && display && m_startedAfter == 0 && m_counters.lastStreamSeq == 0) {
        // Where "from now on" began: if this consumer is lost before anything arrives, the next one starts there.
        m_startedAfter = int64_t(info->Delivered.Stream);
    }
    if (s != NATS_OK && !display) {
        const std::string why = natsErrorText("create consumer", s, code);
        s = js_GetConsumerInfo(&info, connection.jetStream(), m_endpoint.stream.c_str(), config.Durable, nullptr,
                               &code);
        if (s != NATS_OK) {
            qCWarning(lcNats).noquote() << "upstream:" << why.c_str();
            setConnected(false, why);
            return false;
        }
        qCWarning(lcNats).noquote() << "upstream:" << why.c_str() << "- using the existing consumer";
    } else if (s != NATS_OK) {
        setConnected(false, natsErrorText("create consumer", s, code));
        return false;
    }
    m_ackFloor = display ? 0 : int64_t(info->AckFloor.Stream);
    m_pendingAtBind = display ? 0 : int64_t(info->NumAckPending);
    if (!display && m_lastDelivery == 0) {
        // Where the deliveries stand when this process starts, so that its first one shows whether any came in
        // between. Right after a fail-over the information can lag behind the consumer (a restarted relay was told
        // an acknowledged place 25 events short of the one the next delivery followed): those are then read by
        // sequence like any lost delivery, instead of being missing from this relay.
        m_toldDelivered = info->Delivered.Consumer;
    }
    jsConsumerInfo_Destroy(info);
    return true;
}

// Binds a pull subscription to the consumer and fetches until stopped, the connection is lost or the consumer
// disappeared; true when it got as far as fetching.
bool NatsConsumer::consume(NatsConnection &connection)
{
    const std::string &filter = m_endpoint.filterSubject;
    if (!ensureConsumer(connection, filter)) {
        return false;
    }
    if (m_endpoint.refill > 0 && !m_everBound && m_counters.lastStreamSeq == 0) {
        refill(connection, m_ackFloor); // before anything new: the ring's history
    }
    if (!m_everBound && m_counters.lastStreamSeq == 0) {
        m_counters.lastStreamSeq = m_ackFloor; // where this process starts: what is above is new to it
    }
    auto code = static_cast<jsErrCode>(0);
    jsSubOptions bind;
    jsSubOptions_Init(&bind);
    bind.Stream = m_endpoint.stream.c_str();
    bind.Consumer = m_endpoint.durable.c_str();
    natsSubscription *sub = nullptr;
    natsStatus s = js_PullSubscribe(&sub, connection.jetStream(), filter.c_str(), m_endpoint.durable.c_str(), nullptr,
                                    &bind, &code);
    if (s != NATS_OK) {
        qCWarning(lcNats).noquote() << "upstream:" << natsErrorText("bind to consumer", s, code).c_str();
        setConnected(false, natsErrorText("bind to consumer", s, code));
        return false;
    }
    qCInfo(lcNats).noquote() << "upstream: reading" << m_endpoint.stream.c_str() << "as" << m_endpoint.durable.c_str();
    setConnected(true, "reading " + m_endpoint.stream + " as " + m_endpoint.durable);
    EventDecoder decoder;
    bool drain = false;               // the last pull got messages: take what is there without waiting
    int64_t checkedAtMs = steadyMs(); // when messages last came or the consumer was last found
    bool consumerGone = false;
    while (!m_stopping && !consumerGone) {
        if (steadyMs() - checkedAtMs >= m_options.consumerCheckMs) {
            // Nothing came for a while: a consumer that is gone (deleted, or a display's expired while it was cut
            // off) answers no fetch, so ask for it. Only "not found" counts: the cluster may be electing.
            checkedAtMs = steadyMs();
            jsConsumerInfo *info = nullptr;
            if (js_GetConsumerInfo(&info, connection.jetStream(), m_endpoint.stream.c_str(), m_endpoint.durable.c_str(),
                                   nullptr, &code) == NATS_OK) {
                jsConsumerInfo_Destroy(info);
            } else if (code == kJsConsumerNotFound) {
                qCWarning(lcNats).noquote()
                    << "upstream: consumer" << m_endpoint.durable.c_str() << "is gone, making it again";
                consumerGone = true;
                continue;
            }
        }
        setConnected(connection.connected(), connection.connected()
                                                 ? "reading " + m_endpoint.stream + " as " + m_endpoint.durable
                                                 : "reconnecting to NATS");
        // A pull of N waits on the server until N messages are there or it expires: with a steady trickle that
        // is latency. So the relay waits for one message, then takes what else is there without waiting.
        jsFetchRequest request;
        jsFetchRequest_Init(&request);
        request.Batch = drain ? m_options.fetchBatch : 1;
        request.NoWait = drain;
        request.Expires = m_options.fetchExpiresMs * kNsPerMs;
        natsMsgList list{};
        m_fetchSinceMs = steadyMs();
        s = natsSubscription_FetchRequest(&list, sub, &request);
        m_fetchSinceMs = 0;
        drain = s == NATS_OK && list.Count > 0;
        checkedAtMs = drain ? steadyMs() : checkedAtMs;
        if (s == NATS_TIMEOUT || (s == NATS_OK && list.Count == 0)) {
            natsMsgList_Destroy(&list);
            continue;
        }
        if (s != NATS_OK) {
            natsMsgList_Destroy(&list);
            if (s == NATS_CONNECTION_CLOSED || s == NATS_INVALID_SUBSCRIPTION) {
                break;
            }
            qCDebug(lcNats).noquote() << "upstream:" << natsErrorText("fetch", s).c_str();
            std::this_thread::sleep_for(std::chrono::milliseconds(100)); // reconnecting or electing
            continue;
        }
        auto batch = std::make_shared<EventBatch>();
        int taken = 0;
        for (; taken < list.Count; ++taken) {
            natsMsg *msg = list.Msgs[taken];
            jsMsgMetaData *meta = nullptr;
            int64_t seq = 0;
            uint64_t delivery = 0;
            if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
                seq = int64_t(meta->Sequence.Stream);
                delivery = meta->Sequence.Consumer;
            }
            jsMsgMetaData_Destroy(meta);
            // The first delivery of a relay process whose consumer had deliveries pending (the previous process
            // fetched them, then stopped or died before acknowledging), or that follows more than the information
            // said were delivered, is such a jump too.
            const bool jump = m_lastDelivery > 0
                                  ? delivery > m_lastDelivery + 1
                                  : m_pendingAtBind > 0 || (m_toldDelivered > 0 && delivery > m_toldDelivered + 1);
            if (jump && seq > m_counters.lastStreamSeq + 1) {
                // Deliveries in between never reached this client (a pull answered as the cluster failed over):
                // the server gives them again only after ackWait, after what follows. So what lies between is read
                // from the stream by sequence now, in order; the redeliveries are skipped when they come.
                fillGap(connection, seq, decoder, *batch);
            }
            m_lastDelivery = std::max(m_lastDelivery, delivery);
            if (seq > 0 && seq <= m_counters.lastStreamSeq) {
                ++m_counters.redelivered;
            } else {
                decodeMessage(msg, seq, decoder, *batch);
                m_counters.lastStreamSeq = std::max<int64_t>(m_counters.lastStreamSeq, seq);
            }
        }
        if (!batch->empty()) {
            m_counters.received += static_cast<int64_t>(batch->size());
            QMetaObject::invokeMethod(
                this, [this, batch] { emit batchReady(*batch); }, Qt::QueuedConnection);
        }
        for (int i = 0; i < taken; ++i) {
            natsMsg_Ack(list.Msgs[i], nullptr); // handed out: not to be delivered to this consumer again
        }
        natsMsgList_Destroy(&list);
    }
    // Drain, then destroy: never free a subscription that messages may still arrive for (libnats 3.4.1). The
    // consumer was created on its own, so draining the bound subscription leaves it and its position on the server.
    if (natsSubscription_Drain(sub) == NATS_OK) {
        natsSubscription_WaitForDrainCompletion(sub, 2000);
    }
    natsSubscription_Destroy(sub);
    if (m_stopping && m_options.inactiveThresholdMs > 0) {
        // A display that stops leaves nothing behind (one that crashes: the inactive threshold).
        js_DeleteConsumer(connection.jetStream(), m_endpoint.stream.c_str(), m_endpoint.durable.c_str(), nullptr,
                          nullptr);
    }
    return true;
}

namespace {

// Whether a subject matches a filter with NATS wildcards: '*' one token, '>' the rest.
bool subjectMatches(std::string_view subject, std::string_view filter)
{
    while (!filter.empty()) {
        const size_t fEnd = std::min(filter.find('.'), filter.size());
        const std::string_view token = filter.substr(0, fEnd);
        if (token == ">") {
            return !subject.empty();
        }
        if (subject.empty()) {
            return false;
        }
        const size_t sEnd = std::min(subject.find('.'), subject.size());
        if (token != "*" && token != subject.substr(0, sEnd)) {
            return false;
        }
        filter.remove_prefix(std::min(fEnd + 1, filter.size()));
        subject.remove_prefix(std::min(sEnd + 1, subject.size()));
        if (filter.empty() != subject.empty()) {
            return false;
        }
    }
    return subject.empty();
}

constexpr int64_t kMaxGapRead = 100000; // stream sequences read one by one to fill a gap

} // namespace

// Reads the stream's messages between the last handed out and before (exclusive) by sequence, those of the
// consumer's filter, into batch. Messages deleted meanwhile (limits) are skipped.
void NatsConsumer::fillGap(NatsConnection &connection, int64_t before, EventDecoder &decoder, EventBatch &batch)
{
    const int64_t from = m_counters.lastStreamSeq + 1;
    if (before - from > kMaxGapRead) {
        qCWarning(lcNats) << "upstream: deliveries were lost over" << before - from << "sequences: not read back";
        return;
    }
    int64_t filled = 0;
    for (int64_t seq = from; seq < before && !m_stopping; ++seq) {
        natsMsg *msg = nullptr;
        if (js_GetMsg(&msg, connection.jetStream(), m_endpoint.stream.c_str(), uint64_t(seq), nullptr, nullptr) !=
            NATS_OK) {
            continue;
        }
        if (subjectMatches(natsMsg_GetSubject(msg), m_endpoint.filterSubject)) {
            decodeMessage(msg, seq, decoder, batch);
            ++filled;
        }
        natsMsg_Destroy(msg);
    }
    m_counters.lastStreamSeq = std::max(m_counters.lastStreamSeq.load(), before - 1);
    m_counters.gapsFilled += filled;
    qCWarning(lcNats).noquote() << "upstream: deliveries were lost; read" << filled << "events of sequences" << from
                                << "to" << before - 1 << "from the stream";
}

void NatsConsumer::decodeMessage(natsMsg *msg, int64_t seq, EventDecoder &decoder, EventBatch &batch)
{
    const size_t before = batch.size();
    decoder.decode(std::string_view(natsMsg_GetData(msg), size_t(natsMsg_GetDataLength(msg))), systemNowMs(), batch);
    m_counters.malformed += batch.size() == before ? 1 : 0;
    for (size_t e = before; e < batch.size(); ++e) {
        batch.events()[e].seq = seq; // the relay numbers with it (one event a message)
    }
    keepAskedTypes(batch, before);
}

// Reads the stream from up to refill events before upTo (the durable's acknowledged place) through a consumer of
// its own (no acks, in memory, deleted afterwards; a leftover of a crashed run is replaced) and hands out what it
// read as history. A relay restarted during a fail-over cannot make that consumer until the stream has a leader
// again: it tries again, from after what it already read, for up to refillRetryMs, because what it does not read
// back is missing for every display that resumes from before its place. Then it gives up and goes on.
void NatsConsumer::refill(NatsConnection &connection, int64_t upTo)
{
    if (upTo <= 0) {
        return;
    }
    int64_t next = std::max<int64_t>(1, upTo - int64_t(m_endpoint.refill) + 1);
    int64_t events = 0;
    const int64_t deadline = steadyMs() + m_options.refillRetryMs;
    int64_t pauseMs = 250;
    while (!m_stopping && !refillFrom(connection, next, upTo, events)) {
        if (steadyMs() >= deadline) {
            qCWarning(lcNats).noquote() << "upstream: refill gave up at sequence" << next << "of" << upTo
                                        << "- displays resuming from before it get a gap";
            break;
        }
        pauseMs = pauseThenDouble(pauseMs);
    }
    m_counters.lastStreamSeq = std::max(m_counters.lastStreamSeq.load(), upTo);
    qCInfo(lcNats).noquote() << "upstream: refilled" << events << "events up to sequence" << upTo;
}

int64_t NatsConsumer::pauseThenDouble(int64_t pauseMs) const
{
    for (int64_t waited = 0; waited < pauseMs && !m_stopping; waited += 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::min<int64_t>(pauseMs * 2, 2000);
}

// One attempt of refill(): reads from next up to upTo, moving next past what it handed out. True when done.
bool NatsConsumer::refillFrom(NatsConnection &connection, int64_t &next, int64_t upTo, int64_t &events)
{
    const std::string name = m_endpoint.durable + "-refill";
    js_DeleteConsumer(connection.jetStream(), m_endpoint.stream.c_str(), name.c_str(), nullptr, nullptr);
    jsConsumerConfig config;
    jsConsumerConfig_Init(&config);
    config.Durable = name.c_str();
    config.AckPolicy = js_AckNone;
    config.DeliverPolicy = js_DeliverByStartSequence;
    config.OptStartSeq = uint64_t(next);
    config.FilterSubject = m_endpoint.filterSubject.c_str();
    config.InactiveThreshold = 30000 * kNsPerMs; // gone by itself if this relay dies while reading
    config.MemoryStorage = true;
    config.Replicas = 1;
    jsConsumerInfo *info = nullptr;
    auto code = static_cast<jsErrCode>(0);
    natsStatus s = js_AddConsumer(&info, connection.jetStream(), m_endpoint.stream.c_str(), &config, nullptr, &code);
    jsConsumerInfo_Destroy(info);
    jsSubOptions bind;
    jsSubOptions_Init(&bind);
    bind.Stream = m_endpoint.stream.c_str();
    bind.Consumer = name.c_str();
    bind.Config.MemoryStorage = true; // libnats checks these against the consumer it binds to
    bind.Config.Replicas = 1;
    natsSubscription *sub = nullptr;
    if (s == NATS_OK) {
        s = js_PullSubscribe(&sub, connection.jetStream(), config.FilterSubject, name.c_str(), nullptr, &bind, &code);
    }
    if (s != NATS_OK) {
        qCWarning(lcNats).noquote() << "upstream:" << natsErrorText("refill", s, code).c_str() << "- trying again";
        js_DeleteConsumer(connection.jetStream(), m_endpoint.stream.c_str(), name.c_str(), nullptr, nullptr);
        return false;
    }
    EventDecoder decoder;
    bool done = false;
    while (!m_stopping && !done) {
        jsFetchRequest request;
        jsFetchRequest_Init(&request);
        request.Batch = m_options.fetchBatch;
        request.Expires = m_options.fetchExpiresMs * kNsPerMs;
        natsMsgList list{};
        s = natsSubscription_FetchRequest(&list, sub, &request);
        auto batch = std::make_shared<EventBatch>();
        for (int i = 0; s == NATS_OK && i < list.Count; ++i) {
            jsMsgMetaData *meta = nullptr;
            const int64_t seq =
                natsMsg_GetMetaData(&meta, list.Msgs[i]) == NATS_OK ? int64_t(meta->Sequence.Stream) : 0;
            jsMsgMetaData_Destroy(meta);
            if (seq >= next && seq <= upTo) {
                decodeMessage(list.Msgs[i], seq, decoder, *batch);
            }
            next = std::max(next, seq + 1);
        }
        const bool more = s == NATS_OK && list.Count > 0;
        natsMsgList_Destroy(&list);
        if (!batch->empty()) {
            events += int64_t(batch->size());
            QMetaObject::invokeMethod(
                this, [this, batch] { emit historyReady(*batch); }, Qt::QueuedConnection);
        }
        done = next > upTo;
        if (!more && !done && (s == NATS_OK || s == NATS_TIMEOUT)) {
            // Nothing came: either nothing of the filter is left (the acknowledged place lay past the filter's last
            // event) or the consumer's server went away; only the first is done.
            jsConsumerInfo *left = nullptr;
            if (js_GetConsumerInfo(&left, connection.jetStream(), m_endpoint.stream.c_str(), name.c_str(), nullptr,
                                   nullptr) == NATS_OK) {
                done = left->NumPending == 0;
                jsConsumerInfo_Destroy(left);
            }
        }
        if (!more) {
            break; // done, or an error: tried again from next
        }
    }
    if (natsSubscription_Drain(sub) == NATS_OK) {
        natsSubscription_WaitForDrainCompletion(sub, 2000);
    }
    natsSubscription_Destroy(sub);
    js_DeleteConsumer(connection.jetStream(), m_endpoint.stream.c_str(), name.c_str(), nullptr, nullptr);
    return done;
}

void NatsConsumer::keepAskedTypes(EventBatch &batch, size_t from)
{
    if (m_endpoint.types.empty()) {
        return;
    }
    std::vector<Event> &events = batch.events();
    const auto asked = [&](const Event &event) {
        return std::find(m_endpoint.types.begin(), m_endpoint.types.end(), batch.typeName(event)) !=
               m_endpoint.types.end();
    };
    const auto kept = std::stable_partition(events.begin() + std::ptrdiff_t(from), events.end(), asked);
    m_counters.filtered += events.end() - kept;
    events.erase(kept, events.end());
}

// On the fetching thread; the owner hears of changes only.
void NatsConsumer::setConnected(bool connected, const std::string &detail)
{
    if (m_counters.connected.exchange(connected) == connected && (connected || detail == m_detail)) {
        return;
    }
    if (connected) {
        m_counters.reconnects += m_everBound ? 1 : 0; // back after a restart, a lost consumer, a lost connection
        m_everBound = true;
    }
    m_detail = detail;
    QMetaObject::invokeMethod(
        this, [this, connected, text = QString::fromStdString(detail)] { emit connectionChanged(connected, text); },
        Qt::QueuedConnection);
}

} // namespace pulsemap
