// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RelayHub: subscribers arriving, asking for types or a resume, and leaving.

#include "relay_hub.h"

#include "control_request.h"
#include "relay_hub_p.h"
#include "relay_log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>
#include <utility>

namespace pulsemap {

void RelayHub::addSubscriber(QWebSocket *socket)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(64 << 10); // subscribe and resume requests are tiny
    socket->setMaxAllowedIncomingFrameSize(64 << 10);
    auto subscriber = std::make_unique<Subscriber>();
    subscriber->socket = socket;
    subscriber->peer = QStringLiteral("%1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort());
    Subscriber *raw = subscriber.get();
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, raw](const QString &message) { onMessage(*raw, message); });
    connect(socket, &QWebSocket::bytesWritten, this, [this, raw] { drain(*raw); });
    connect(socket, &QWebSocket::disconnected, this, [this, raw] {
        raw->dead = true;
        qCDebug(lcRelay).noquote() << "subscriber left:" << raw->peer;
        scheduleFlush(); // removes it and tells the others the new viewer count
    });
    m_subscribers.push_back(std::move(subscriber));
    ++m_counters.subscribersTotal;
    qCDebug(lcRelay).noquote() << "subscriber joined:" << raw->peer;
    // The stream id lets a client tell a restarted relay (numbering from 1 again) from a resumable one.
    sendTo(*raw,
           QStringLiteral("{\"hello\":{\"server\":\"pulsemap-relay\",\"stream\":\"%1\",\"seq\":%2}}")
               .arg(m_streamId)
               .arg(m_flushedSeq),
           0);
    // A display that says where it is in the URL (?resume_from=N) is placed before anything is sent to it. Sent as
    // a message after connecting instead, the resume comes one round trip late: a flush in between would already
    // have sent it live events, older than its place (a relay behind the one it left) or newer than events the
    // resume then sends (a relay ahead of it), so duplicates or events out of order.
    const QUrlQuery query(socket->requestUrl());
    if (query.hasQueryItem(QStringLiteral("resume_from"))) {
        bool ok = false;
        const qint64 from = query.queryItemValue(QStringLiteral("resume_from")).toLongLong(&ok);
        if (ok && from >= 0) {
            raw->urlResume = from;
            replay(*raw, from);
        } else {
            sendTo(*raw, QStringLiteral("{\"error\":\"resume_from takes a sequence number\"}"), 0);
        }
    }
    updateViewers();
}

void RelayHub::onMessage(Subscriber &subscriber, const QString &message)
{
    const ControlRequest request = parseControlRequest(message);
    if (request.subscribe) {
        subscriber.types.reset();
        subscriber.all = request.subscribe->all;
        for (const auto &type : request.subscribe->types) {
            subscriber.types.set(m_types.intern(type.toString().toStdString()));
        }
        // Confirm, so a client (or a test) knows from which point on the filter applies.
        sendTo(subscriber,
               QString::fromUtf8(
                   QJsonDocument(
                       QJsonObject{{"subscribed", request.subscribe->all ? QJsonArray() : request.subscribe->types}})
                       .toJson(QJsonDocument::Compact)),
               0);
    }
    // Pulsemap's client sends its resume point in the URL and again as a message (for other servers): answered once.
    if (request.resumeFrom && *request.resumeFrom != std::exchange(subscriber.urlResume, -1)) {
        replay(subscriber, *request.resumeFrom);
    }
    if (!request.error.isEmpty()) {
        sendTo(subscriber,
               QString::fromUtf8(QJsonDocument(QJsonObject{{"error", request.error}}).toJson(QJsonDocument::Compact)),
               0);
    }
}

void RelayHub::replay(Subscriber &subscriber, int64_t from)
{
    ++m_counters.resumes;
    subscriber.resumed = true;
    if (from > m_flushedSeq) {
        subscriber.earlyResume = from; // a preload still to come may hold what it missed
        return;                        // nothing sent yet that it missed; pending events follow with the next flush
    }
    subscriber.earlyResume = 0;
    int64_t start = from;
    // With source numbers the ring may begin with numbers this relay never had (it started at a durable's place).
    const int64_t oldest = std::max(m_ring.first() > 0 ? m_ring.first() : m_flushedSeq + 1, m_firstSeq);
    if (start < oldest) {
        const int64_t gap = oldest - start;
        m_counters.gaps += gap;
        qCInfo(lcRelay).noquote() << subscriber.peer << "resumed from" << from << "but the ring starts at" << oldest;
        sendTo(subscriber, QStringLiteral("{\"gap\":%1}").arg(gap), 0);
        start = oldest;
    }
    sendRange(subscriber, start - 1, m_flushedSeq);
}

void RelayHub::closeAll()
{
    flush();
    for (const auto &subscriber : m_subscribers) {
        if (!subscriber->dead) {
            subscriber->socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("relay stopping"));
        }
    }
}

} // namespace pulsemap
