// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "relay_hub.h"

#include "relay_hub_p.h"
#include "relay_log.h"
#include "stream/event_json.h"

#include <QRandomGenerator>
#include <QWebSocket>

namespace pulsemap {

Q_LOGGING_CATEGORY(lcRelay, "pulsemap.relay", QtInfoMsg)

RelayHub::RelayHub(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_ring(options.ringSize),
      m_streamId(options.streamId.isEmpty() ? QString::number(QRandomGenerator::global()->generate64(), 16)
                                            : options.streamId)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &RelayHub::flush);
}

RelayHub::~RelayHub()
{
    for (const auto &subscriber : m_subscribers) {
        subscriber->socket->disconnect(this);
        subscriber->socket->abort();
    }
}

void RelayHub::ingest(const EventBatch &batch)
{
    if (m_tap) {
        m_tap(batch);
    }
    for (const Event &event : batch.events()) {
        int64_t seq = m_nextSeq;
        if (m_options.sourceNumbers && event.seq > 0) {
            if (event.seq < m_nextSeq) {
                continue; // numbered already: a redelivery
            }
            seq = event.seq;
        }
        m_nextSeq = seq + 1;
        m_firstSeq = m_firstSeq == 0 ? seq : m_firstSeq;
        ResumeRing::Slot &slot = m_ring.push(seq, m_types.intern(batch.typeName(event)));
        Event numbered = event;
        numbered.seq = seq;
        appendEventJson(batch, numbered, slot.json);
        // Never let unsent events be overwritten: a burst larger than half the ring is sent right away.
        if (seq - m_flushedSeq >= static_cast<int64_t>(m_ring.capacity() / 2)) {
            flush();
        }
    }
    m_counters.eventsIn += static_cast<int64_t>(batch.size());
    scheduleFlush();
}

void RelayHub::preload(const EventBatch &batch)
{
    if (!m_options.sourceNumbers) {
        return;
    }
    flush();
    for (const Event &event : batch.events()) {
        if (event.seq <= 0 || event.seq < m_nextSeq) {
            continue;
        }
        m_nextSeq = event.seq + 1;
        m_firstSeq = m_firstSeq == 0 ? event.seq : m_firstSeq;
        ResumeRing::Slot &slot = m_ring.push(event.seq, m_types.intern(batch.typeName(event)));
        appendEventJson(batch, event, slot.json);
    }
    const int64_t before = m_flushedSeq;
    m_flushedSeq = m_nextSeq - 1;
    for (const auto &subscriber : m_subscribers) {
        if (subscriber->dead) {
            continue;
        }
        if (subscriber->earlyResume > 0) {
            // It asked to resume before the history arrived (it reconnected the moment the relay was up).
            if (subscriber->earlyResume <= m_flushedSeq) {
                replay(*subscriber, subscriber->earlyResume);
            }
        } else if (subscriber->resumed) {
            // It resumed from history read so far: the history that follows is just as much what it missed (the
            // refill comes in batches, and a display does not wait for the last one before it asks).
            sendRange(*subscriber, before, m_flushedSeq);
        }
    }
}

void RelayHub::scheduleFlush()
{
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start(m_options.batchMs);
    }
}

int64_t RelayHub::collect(const Subscriber &subscriber, int64_t from, int64_t to, std::vector<QString> &messages)
{
    int64_t total = 0;
    int64_t inMessage = 0;
    m_scratch.assign(1, '[');
    const auto close = [&] {
        m_scratch.push_back(']');
        messages.push_back(QString::fromUtf8(m_scratch.data(), static_cast<qsizetype>(m_scratch.size())));
        m_scratch.assign(1, '[');
        inMessage = 0;
    };
    for (int64_t seq = std::max(from + 1, m_ring.first()); seq <= to && seq > 0; ++seq) {
        const ResumeRing::Slot &slot = m_ring.at(seq);
        if (slot.seq != seq) {
            continue; // a number the source skipped (sourceNumbers)
        }
        if (!subscriber.all && !subscriber.types.test(slot.type)) {
            continue;
        }
        if (inMessage > 0) {
            m_scratch.push_back(',');
        }
        m_scratch.append(slot.json);
        ++inMessage;
        ++total;
        if (m_scratch.size() >= m_options.maxMessageBytes) {
            close();
        }
    }
    if (inMessage > 0) {
        close();
    }
    return total;
}

void RelayHub::sendRange(Subscriber &subscriber, int64_t from, int64_t to)
{
    std::vector<QString> messages;
    const int64_t events = collect(subscriber, from, to, messages);
    for (const QString &message : messages) {
        if (!sendTo(subscriber, message, 0)) {
            return;
        }
    }
    m_counters.eventsOut += events;
}

void RelayHub::flush()
{
    m_flushTimer.stop();
    removeDead();
    const int64_t to = m_nextSeq - 1;
    if (to > m_flushedSeq && !m_subscribers.empty()) {
        // One encoding per distinct subscription, shared by every subscriber that has it.
        struct Group
        {
            bool all;
            TypeSet types;
            std::vector<QString> messages;
            int64_t events;
        };
        std::vector<Group> groups;
        for (const auto &subscriber : m_subscribers) {
            if (subscriber->earlyResume > m_flushedSeq + 1) {
                // It resumed past what was sent so far (from another relay, further on): only what it lacks. What it
                // lacks from before this relay's first number (no refill, or a refill that failed) is a gap, said.
                if (subscriber->earlyResume < m_firstSeq) {
                    m_counters.gaps += m_firstSeq - subscriber->earlyResume;
                    sendTo(*subscriber, QStringLiteral("{\"gap\":%1}").arg(m_firstSeq - subscriber->earlyResume), 0);
                }
                sendRange(*subscriber, std::min(to, subscriber->earlyResume - 1), to);
                subscriber->earlyResume = to + 1 >= subscriber->earlyResume ? 0 : subscriber->earlyResume;
                continue;
            }
            subscriber->earlyResume = 0; // reached: from here on it gets what the others get
            auto group = std::find_if(groups.begin(), groups.end(), [&](const Group &g) {
                return g.all == subscriber->all && (g.all || g.types == subscriber->types);
            });
            if (group == groups.end()) {
                groups.push_back({subscriber->all, subscriber->types, {}, 0});
                group = groups.end() - 1;
                group->events = collect(*subscriber, m_flushedSeq, to, group->messages);
            }
            for (const QString &message : group->messages) {
                if (!sendTo(*subscriber, message, 0)) {
                    break;
                }
            }
            if (!subscriber->dead) {
                m_counters.eventsOut += group->events;
            }
        }
    }
    m_flushedSeq = to;
    if (m_viewersDirty) {
        m_viewersDirty = false;
        const QString message = QStringLiteral("{\"viewers\":%1}").arg(m_viewers);
        for (const auto &subscriber : m_subscribers) {
            sendTo(*subscriber, message, 0);
        }
    }
    removeDead();
}

bool RelayHub::sendTo(Subscriber &subscriber, const QString &message, int64_t events)
{
    if (subscriber.dead) {
        return false;
    }
    if (subscriber.backlog() + message.size() > m_options.maxQueueBytes) {
        drop(subscriber, "send queue full");
        return false;
    }
    subscriber.queue.push_back(message);
    subscriber.queuedBytes += message.size();
    m_counters.eventsOut += events;
    drain(subscriber);
    return true;
}

void RelayHub::drain(Subscriber &subscriber)
{
    // Enough in the socket to keep the connection busy; the rest waits here, shared and counted.
    constexpr qint64 kSocketLowWater = 256 << 10;
    while (!subscriber.dead && !subscriber.queue.empty() && subscriber.socket->bytesToWrite() < kSocketLowWater) {
        const QString &message = subscriber.queue.front();
        m_counters.bytesOut += subscriber.socket->sendTextMessage(message);
        ++m_counters.messagesOut;
        subscriber.queuedBytes -= message.size();
        subscriber.queue.pop_front();
    }
}

qint64 RelayHub::minBacklogBytes() const
{
    qint64 least = -1;
    for (const auto &subscriber : m_subscribers) {
        if (!subscriber->dead && (least < 0 || subscriber->backlog() < least)) {
            least = subscriber->backlog();
        }
    }
    return least < 0 ? 0 : least;
}

void RelayHub::drop(Subscriber &subscriber, const char *why)
{
    qCWarning(lcRelay).noquote() << QStringLiteral("dropping slow subscriber %1 (%2, %3 bytes unsent)")
                                        .arg(subscriber.peer, QString::fromLatin1(why))
                                        .arg(subscriber.backlog());
    ++m_counters.drops;
    subscriber.dead = true;
    subscriber.queue.clear();
    subscriber.queuedBytes = 0;
    subscriber.socket->abort();
}

void RelayHub::removeDead()
{
    const auto before = m_subscribers.size();
    std::erase_if(m_subscribers, [](const std::unique_ptr<Subscriber> &subscriber) {
        if (subscriber->dead) {
            subscriber->socket->disconnect();
            subscriber->socket->deleteLater();
        }
        return subscriber->dead;
    });
    if (m_subscribers.size() != before) {
        updateViewers();
    }
}

void RelayHub::updateViewers()
{
    const int viewers = static_cast<int>(m_subscribers.size());
    if (viewers != m_viewers) {
        m_viewers = viewers;
        m_viewersDirty = true;
        scheduleFlush();
        emit viewersChanged(viewers);
    }
}

} // namespace pulsemap
