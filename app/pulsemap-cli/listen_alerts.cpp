// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "listen_alerts.h"

#include "alerts/alert_notice.h"
#include "stream/stream_client.h"

#include <cstdio>

namespace pulsemap::cli {

namespace {

constexpr int kTickMs = 250;

} // namespace

void ListenAlerts::addOptions(QCommandLineParser &parser)
{
    parser.addOption({"alert",
                      "Alert rule, repeatable: 'NAME: TYPE per WINDOW >|>=|<|<= COUNT' or 'NAME: source down WINDOW' "
                      "(TYPE * for any; WINDOW 10s, 5m, 1h; see docs/alerts.md).",
                      "RULE"});
    parser.addOption(
        {"alert-webhook", "POST every alert change as JSON to this http(s) URL (Slack/Teams ready).", "URL"});
    parser.addOption(
        {"alert-exec", "Run this shell command on every alert change (JSON on stdin, PULSEMAP_ALERT_*).", "CMD"});
}

Result<std::unique_ptr<ListenAlerts>> ListenAlerts::fromOptions(const QCommandLineParser &parser, StreamClient &client)
{
    std::vector<AlertRule> rules;
    for (const QString &text : parser.values("alert")) {
        Result<AlertRule> rule = parseAlertRule(text.toStdString());
        if (!rule) {
            return rule.error();
        }
        for (const AlertRule &other : rules) {
            if (other.name == rule->name) {
                return fail(QStringLiteral("alert rule '%1': another rule is already named %2")
                                .arg(text, QString::fromStdString(rule->name))
                                .toStdString());
            }
        }
        rules.push_back(std::move(*rule));
    }
    const QString webhook = parser.value("alert-webhook");
    const QString command = parser.value("alert-exec");
    if (rules.empty()) {
        if (!webhook.isEmpty() || !command.isEmpty()) {
            return fail("--alert-webhook and --alert-exec need at least one --alert RULE");
        }
        return std::unique_ptr<ListenAlerts>();
    }
    if (!webhook.isEmpty()) {
        if (const Status usable = AlertWebhook::checkUrl(QUrl(webhook)); !usable) {
            return fail(usable.error(), "--alert-webhook");
        }
    }
    return std::make_unique<ListenAlerts>(std::move(rules), webhook, command, client);
}

ListenAlerts::ListenAlerts(std::vector<AlertRule> rules, const QString &webhook, const QString &command,
                           StreamClient &client)
    : m_engine(std::move(rules))
{
    if (!webhook.isEmpty()) {
        m_webhook = std::make_unique<AlertWebhook>(QUrl(webhook));
        connect(m_webhook.get(), &AlertWebhook::failed, this, [](const QString &reason, bool willRetry) {
            std::fprintf(stderr, "pulsemap-cli listen: alert webhook: %s%s\n", qPrintable(reason),
                         willRetry ? " (will retry)" : " (given up)");
        });
    }
    if (!command.isEmpty()) {
        m_command = std::make_unique<AlertCommand>(command);
    }
    connect(&client, &StreamClient::stateChanged, this,
            [this, &client] { m_engine.setSourceUp(client.state() == StreamClient::State::Live); });
    connect(&m_tick, &QTimer::timeout, this, &ListenAlerts::evaluate);
    m_tick.start(kTickMs);
}

void ListenAlerts::take(const EventBatch &batch)
{
    for (const Event &event : batch.events()) {
        m_engine.count(batch.typeName(event));
    }
    evaluate(); // a burst fires with the batch that makes it, not up to a tick later
}

void ListenAlerts::evaluate()
{
    for (const AlertTransition &transition : m_engine.evaluate()) {
        const AlertNotice notice = AlertNotice::from(m_engine.rules()[transition.rule], transition);
        (notice.firing ? m_fired : m_resolved) += 1;
        std::fprintf(stderr, "pulsemap-cli listen: ALERT %s\n", qPrintable(notice.text));
        if (m_webhook) {
            m_webhook->post(notice.toJson());
        }
        if (m_command) {
            m_command->run(notice);
        }
    }
}

void ListenAlerts::finish(int timeoutMs)
{
    m_tick.stop();
    if (m_webhook && !m_webhook->waitIdle(timeoutMs)) {
        std::fprintf(stderr, "pulsemap-cli listen: alert webhook: %d notices not delivered\n", m_webhook->pending());
    }
    if (m_command && !m_command->waitIdle(timeoutMs)) {
        std::fprintf(stderr, "pulsemap-cli listen: alert command: %d notices not run\n", m_command->pending());
    }
}

void ListenAlerts::appendSummary(std::string &line) const
{
    const auto number = [&](const char *name, int64_t value) {
        line.append(",\"").append(name).append("\":").append(std::to_string(value));
    };
    number("alerts_fired", m_fired);
    number("alerts_resolved", m_resolved);
    if (m_webhook) {
        number("webhook_delivered", m_webhook->stats().delivered);
        number("webhook_failed", m_webhook->stats().gaveUp + m_webhook->stats().dropped);
    }
    if (m_command) {
        number("exec_failed", m_command->failures());
    }
}

} // namespace pulsemap::cli
