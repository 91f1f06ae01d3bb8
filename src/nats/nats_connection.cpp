// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "nats_connection.h"

#include <cstring>
#include <vector>

namespace pulsemap {

Q_LOGGING_CATEGORY(lcNats, "pulsemap.nats")

std::string natsErrorText(const char *what, natsStatus status, jsErrCode code)
{
    std::string text = std::string(what) + ": " + natsStatus_GetText(status);
    if (code != 0) {
        text += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
    }
    natsStatus last = NATS_OK;
    const char *detail = nats_GetLastError(&last);
    if (detail != nullptr && *detail != '\0' && last == status &&
        std::strstr(detail, natsStatus_GetText(status)) == nullptr) {
        text += std::string(" [") + detail + "]";
    }
    return text;
}

Result<std::unique_ptr<NatsConnection>> NatsConnection::connect(const NatsEndpoint &endpoint,
                                                                const NatsConnectOptions &options)
{
    natsOptions *raw = nullptr;
    if (natsOptions_Create(&raw) != NATS_OK) {
        return fail("NATS: cannot create connection options");
    }
    const std::unique_ptr<natsOptions, decltype(&natsOptions_Destroy)> opts(raw, natsOptions_Destroy);
    std::vector<const char *> servers;
    for (const std::string &server : endpoint.servers) {
        servers.push_back(server.c_str());
    }
    natsStatus s = natsOptions_SetServers(opts.get(), servers.data(), static_cast<int>(servers.size()));
    if (s == NATS_OK) {
        s = natsOptions_SetName(opts.get(), options.name.c_str());
    }
    if (s == NATS_OK) {
        s = natsOptions_SetTimeout(opts.get(), options.connectTimeoutMs);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetMaxReconnect(opts.get(), options.reconnectForever ? -1 : 0);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetReconnectWait(opts.get(), 250);
    }
    if (s == NATS_OK && endpoint.tls) {
        s = natsOptions_SetSecure(opts.get(), true);
    }
    if (s == NATS_OK && !endpoint.caFile.empty()) {
        s = natsOptions_LoadCATrustedCertificates(opts.get(), endpoint.caFile.c_str());
    }
    if (s == NATS_OK && !endpoint.certFile.empty()) {
        s = natsOptions_LoadCertificatesChain(opts.get(), endpoint.certFile.c_str(), endpoint.keyFile.c_str());
    }
    if (s != NATS_OK) {
        return fail(natsErrorText("NATS options", s));
    }
    std::unique_ptr<NatsConnection> made(new NatsConnection());
    s = natsConnection_Connect(&made->m_connection, opts.get());
    if (s != NATS_OK) {
        return fail(natsErrorText(("cannot connect to " + endpoint.servers.front()).c_str(), s));
    }
    jsOptions js;
    jsOptions_Init(&js);
    js.Wait = options.apiWaitMs;
    js.PublishAsync.AckHandler = options.ackHandler;
    js.PublishAsync.AckHandlerClosure = options.ackClosure;
    js.PublishAsync.MaxPending = options.maxPendingPublishes;
    s = natsConnection_JetStream(&made->m_jetStream, made->m_connection, &js);
    if (s != NATS_OK) {
        return fail(natsErrorText("JetStream context", s));
    }
    return made;
}

NatsConnection::~NatsConnection()
{
    if (m_jetStream != nullptr) {
        jsCtx_Destroy(m_jetStream);
    }
    if (m_connection != nullptr) {
        natsConnection_Close(m_connection);
        natsConnection_Destroy(m_connection);
    }
}

bool NatsConnection::connected() const
{
    return m_connection != nullptr && natsConnection_Status(m_connection) == NATS_CONN_STATUS_CONNECTED;
}

void NatsConnection::close()
{
    if (m_connection != nullptr) {
        natsConnection_Close(m_connection);
    }
}

} // namespace pulsemap
