// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "alerts/alert_command.h"
#include "alerts/alert_engine.h"
#include "alerts/alert_webhook.h"
#include "core/event.h"

#include <QCommandLineParser>
#include <QObject>
#include <QTimer>

#include <memory>
#include <string>

namespace pulsemap {
class StreamClient;
}

namespace pulsemap::cli {

// listen's --alert RULE... [--alert-webhook URL] [--alert-exec CMD] (docs/alerts.md): the rules evaluated on
// what the stream delivers, as it arrives, and on the stream being up (live) or down; every change of state
// printed on stderr ("pulsemap-cli listen: ALERT ...") and handed to the webhook and the command, which only
// queue: the event path never waits for them.
// Threading: the listen command's thread (the client's), which runs the event loop.
class ListenAlerts : public QObject
{
    Q_OBJECT

public:
    static void addOptions(QCommandLineParser &parser);
    // Null when no --alert is given; the first bad rule or URL as the error.
    static Result<std::unique_ptr<ListenAlerts>> fromOptions(const QCommandLineParser &parser, StreamClient &client);

    ListenAlerts(std::vector<AlertRule> rules, const QString &webhook, const QString &command, StreamClient &client);

    void take(const EventBatch &batch);
    // Gives queued deliveries up to timeoutMs to finish (listen is about to exit).
    void finish(int timeoutMs);
    // ,"alerts_fired":N,"alerts_resolved":N,"webhook_delivered":N,"webhook_failed":N for listen's summary.
    void appendSummary(std::string &line) const;

private:
    void evaluate();

    AlertEngine m_engine;
    std::unique_ptr<AlertWebhook> m_webhook;
    std::unique_ptr<AlertCommand> m_command;
    QTimer m_tick; // windows slide and sources stay down without any event arriving
    int m_fired = 0;
    int m_resolved = 0;
};

} // namespace pulsemap::cli
