// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"
#include "stream/backoff.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>
#include <QUrl>

namespace pulsemap {

struct AlertWebhookOptions
{
    int maxAttempts = 6; // per notice, then it is given up (and the next one goes)
    int backoffInitialMs = 500;
    int backoffMaxMs = 30000;
    int timeoutMs = 10000; // per attempt
    int maxQueued = 256;   // beyond this the oldest waiting notice is dropped
    uint32_t seed = 0;     // jitter; 0: random
};

// POSTs alert notices (JSON bodies) to one http(s) URL, in order, one at a time: a resolved notice never
// overtakes its firing one. Connection failures, timeouts, 429 and 5xx answers are retried with backoff;
// other 4xx answers are not (the receiver refused that body; retrying would not change its mind). post()
// only queues, so the event path never waits for the network.
// Threading: lives on one thread with an event loop and is used from that thread only.
class AlertWebhook : public QObject
{
    Q_OBJECT

public:
    struct Stats
    {
        int delivered = 0;
        int retries = 0;
        int gaveUp = 0;  // after maxAttempts, or refused with a 4xx
        int dropped = 0; // queue full
    };

    // The URL must be http:// or https:// with a host.
    static Status checkUrl(const QUrl &url);

    explicit AlertWebhook(QUrl url, AlertWebhookOptions options = {}, QObject *parent = nullptr);

    void post(const QByteArray &json);
    [[nodiscard]] int pending() const { return static_cast<int>(m_queue.size()); }
    [[nodiscard]] const Stats &stats() const { return m_stats; }
    // Runs a local event loop until everything queued is delivered or given up, or timeoutMs passed (for
    // a command that is about to exit). True when nothing is left.
    bool waitIdle(int timeoutMs);

signals:
    void delivered(int httpStatus);
    void failed(const QString &reason, bool willRetry);
    void idle();

private:
    void sendNext();
    void finished();

    QUrl m_url;
    AlertWebhookOptions m_options;
    QNetworkAccessManager m_network;
    QQueue<QByteArray> m_queue; // the head is in flight or waiting for its retry
    QPointer<QNetworkReply> m_reply;
    Backoff m_backoff;
    QTimer m_retryTimer;
    int m_attempts = 0; // of the head
    Stats m_stats;
};

} // namespace pulsemap
