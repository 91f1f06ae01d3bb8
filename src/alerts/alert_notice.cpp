// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "alert_notice.h"

#include "core/civil_time.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace pulsemap {

namespace {

QString comparisonWords(const AlertRule &rule)
{
    switch (rule.comparison) {
    case AlertRule::Comparison::Above:
        return QStringLiteral("more than %1").arg(rule.threshold);
    case AlertRule::Comparison::AtLeast:
        return QStringLiteral("at least %1").arg(rule.threshold);
    case AlertRule::Comparison::Below:
        return QStringLiteral("fewer than %1").arg(rule.threshold);
    case AlertRule::Comparison::AtMost:
        return QStringLiteral("at most %1").arg(rule.threshold);
    }
    return {};
}

QString describe(const AlertRule &rule, const AlertTransition &transition)
{
    const QString name = QString::fromStdString(rule.name);
    const QString window = QString::fromStdString(formatAlertWindow(rule.windowMs));
    const bool firing = transition.state == AlertTransition::State::Firing;
    if (rule.kind == AlertRule::Kind::SourceDown) {
        return firing ? QStringLiteral("%1 is firing: the event source has been down for %2s (limit %3)")
                            .arg(name)
                            .arg(transition.value)
                            .arg(window)
                      : QStringLiteral("%1 resolved: the event source has been up for %2").arg(name, window);
    }
    const QString type = rule.type.empty() ? QStringLiteral("events") : QString::fromStdString(rule.type) + " events";
    return QStringLiteral("%1 %2: %3 %4 in the last %5 (alert on %6)")
        .arg(name, firing ? QStringLiteral("is firing") : QStringLiteral("resolved"))
        .arg(transition.value)
        .arg(type, window, comparisonWords(rule));
}

} // namespace

AlertNotice AlertNotice::from(const AlertRule &rule, const AlertTransition &transition)
{
    AlertNotice notice;
    notice.rule = QString::fromStdString(rule.name);
    notice.condition = QString::fromStdString(rule.condition());
    notice.firing = transition.state == AlertTransition::State::Firing;
    notice.value = transition.value;
    notice.threshold = rule.threshold;
    notice.atMs = transition.atMs;
    notice.text = describe(rule, transition);
    return notice;
}

QString AlertNotice::at() const
{
    return QString::fromStdString(civil::formatIsoUtc(atMs));
}

QByteArray AlertNotice::toJson() const
{
    const QJsonObject object{{"rule", rule},   {"condition", condition}, {"state", state()},
                             {"value", value}, {"threshold", threshold}, {"at", at()},
                             {"text", text}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QProcessEnvironment AlertNotice::environment(QProcessEnvironment base) const
{
    base.insert("PULSEMAP_ALERT_RULE", rule);
    base.insert("PULSEMAP_ALERT_CONDITION", condition);
    base.insert("PULSEMAP_ALERT_STATE", state());
    base.insert("PULSEMAP_ALERT_VALUE", QString::number(value));
    base.insert("PULSEMAP_ALERT_THRESHOLD", QString::number(threshold));
    base.insert("PULSEMAP_ALERT_AT", at());
    base.insert("PULSEMAP_ALERT_TEXT", text);
    return base;
}

} // namespace pulsemap
