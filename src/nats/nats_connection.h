// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"
#include "nats_endpoint.h"

#include <QLoggingCategory>

#include <nats/nats.h>

#include <memory>
#include <string>

namespace pulsemap {

Q_DECLARE_LOGGING_CATEGORY(lcNats)

// "what: text (detail)" for a libnats status, with the JetStream error code when there is one (10008: JetStream
// not available, during a leader election) and libnats' last error on this thread.
std::string natsErrorText(const char *what, natsStatus status, jsErrCode code = static_cast<jsErrCode>(0));

// JetStream error codes the wrappers act on.
inline constexpr int kJsNotAvailable = 10008;     // no meta leader yet: retry later, same message id
inline constexpr int kJsStreamNotFound = 10059;   // js_GetStreamInfo on a missing stream
inline constexpr int kJsConsumerNotFound = 10014; // js_GetConsumerInfo on a missing consumer

struct NatsConnectOptions
{
    std::string name = "pulsemap";   // shown by the server (connz)
    int64_t connectTimeoutMs = 2000; // per server tried
    int64_t apiWaitMs = 5000;        // JetStream API requests (stream and consumer management)
    bool reconnectForever = true;    // after a first connection, follow the cluster through restarts
    // Asynchronous publishing (NatsPublisher): the acknowledgement callback, called on a libnats thread for
    // every message with its ack or its error; the closure must outlive the connection.
    jsPubAckHandler ackHandler = nullptr;
    void *ackClosure = nullptr;
    int64_t maxPendingPublishes = 4096;
};

// One connection to a NATS cluster and its JetStream context (libnats). The connection reconnects by itself
// (to any server of the endpoint or discovered from the cluster); JetStream calls made while it does fail and
// are retried by their callers.
// Threading: libnats connections are thread-safe: publish, fetch and acks may run on any thread. close() may be
// called from another thread to wake a thread blocked in a libnats call (it then returns an error); destroy
// only once no thread uses the connection any more.
class NatsConnection
{
public:
    static Result<std::unique_ptr<NatsConnection>> connect(const NatsEndpoint &endpoint,
                                                           const NatsConnectOptions &options = {});
    ~NatsConnection();
    NatsConnection(const NatsConnection &) = delete;
    NatsConnection &operator=(const NatsConnection &) = delete;

    [[nodiscard]] natsConnection *connection() const { return m_connection; }
    [[nodiscard]] jsCtx *jetStream() const { return m_jetStream; }
    [[nodiscard]] bool connected() const;
    // Closes the connection: blocked calls on other threads return NATS_CONNECTION_CLOSED.
    void close();

private:
    NatsConnection() = default;

    natsConnection *m_connection = nullptr;
    jsCtx *m_jetStream = nullptr;
};

} // namespace pulsemap
