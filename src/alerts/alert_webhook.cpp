// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "alert_webhook.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <random>

namespace pulsemap {

Status AlertWebhook::checkUrl(const QUrl &url)
{
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty()) {
        return fail(QStringLiteral("'%1' is not an http:// or https:// URL").arg(url.toString()).toStdString());
    }
    return {};
}

AlertWebhook::AlertWebhook(QUrl url, AlertWebhookOptions options, QObject *parent)
    : QObject(parent), m_url(std::move(url)), m_options(options),
      m_backoff(options.backoffInitialMs, options.backoffMaxMs,
                options.seed != 0 ? options.seed : std::random_device{}())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &AlertWebhook::sendNext);
}

void AlertWebhook::post(const QByteArray &json)
{
    // Drop the oldest waiting notice, never the one in flight (its answer is on the way).
    const bool headBusy = m_reply != nullptr || m_retryTimer.isActive();
    if (m_queue.size() >= m_options.maxQueued && m_queue.size() > (headBusy ? 1 : 0)) {
        m_queue.removeAt(headBusy ? 1 : 0);
        ++m_stats.dropped;
    }
    m_queue.enqueue(json);
    sendNext();
}

void AlertWebhook::sendNext()
{
    if (m_reply != nullptr || m_retryTimer.isActive() || m_queue.isEmpty()) {
        return;
    }
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("pulsemap-alerts"));
    request.setTransferTimeout(m_options.timeoutMs);
    ++m_attempts;
    m_reply = m_network.post(request, m_queue.head());
    connect(m_reply, &QNetworkReply::finished, this, &AlertWebhook::finished);
}

void AlertWebhook::finished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300) {
        ++m_stats.delivered;
        emit delivered(status);
    } else {
        const bool retriable = status == 0 || status == 429 || status >= 500;
        const bool willRetry = retriable && m_attempts < m_options.maxAttempts;
        const QString reason = status == 0 ? reply->errorString() : QStringLiteral("HTTP %1").arg(status);
        emit failed(reason, willRetry);
        if (willRetry) {
            ++m_stats.retries;
            m_retryTimer.start(m_backoff.next());
            return;
        }
        ++m_stats.gaveUp;
    }
    m_queue.dequeue();
    m_attempts = 0;
    m_backoff.reset();
    if (m_queue.isEmpty()) {
        emit idle();
    }
    sendNext();
}

bool AlertWebhook::waitIdle(int timeoutMs)
{
    if (m_queue.isEmpty()) {
        return true;
    }
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    connect(this, &AlertWebhook::idle, &loop, &QEventLoop::quit);
    loop.exec();
    return m_queue.isEmpty();
}

} // namespace pulsemap
