// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "threshold_lines.h"

#include <QLocale>

namespace pulsemap {

QVariantMap rateRuleEntry(const AlertRule &rule, bool firing)
{
    if (rule.kind != AlertRule::Kind::Rate) {
        return {};
    }
    return QVariantMap{{"name", QString::fromStdString(rule.name)},
                       {"type", QString::fromStdString(rule.type)},
                       {"windowMs", static_cast<double>(rule.windowMs)},
                       {"comparison", QString::fromLatin1(comparisonText(rule.comparison))},
                       {"threshold", static_cast<double>(rule.threshold)},
                       {"firing", firing}};
}

std::vector<ThresholdLine> thresholdLines(const QVariantList &rules, int64_t bucketMs, const QStringList &typeNames,
                                          uint32_t typeMask)
{
    std::vector<ThresholdLine> lines;
    if (bucketMs <= 0) {
        return lines;
    }
    for (const QVariant &entry : rules) {
        const QVariantMap rule = entry.toMap();
        const double windowMs = rule.value("windowMs").toDouble();
        const QString comparison = rule.value("comparison").toString();
        if (!(windowMs > 0) || comparison.isEmpty() || !rule.contains("threshold")) {
            continue; // not a rate rule
        }
        const QString typeName = rule.value("type").toString();
        int type = -1;
        if (!typeName.isEmpty()) {
            type = static_cast<int>(typeNames.indexOf(typeName));
            if (type < 0 || type >= 32 || (typeMask >> uint32_t(type) & 1U) == 0) {
                continue; // no such series on this chart, or hidden with the legend's toggles
            }
        }
        const double threshold = rule.value("threshold").toDouble();
        ThresholdLine line;
        line.value = threshold * static_cast<double>(bucketMs) / windowMs;
        line.label = QStringLiteral("%1 %2 %3/%4")
                         .arg(typeName.isEmpty() ? QStringLiteral("all types") : typeName, comparison,
                              QLocale::c().toString(threshold, 'f', 0),
                              QString::fromStdString(formatAlertWindow(static_cast<int64_t>(windowMs))));
        line.firing = rule.value("firing").toBool();
        line.type = type;
        lines.push_back(std::move(line));
    }
    return lines;
}

QColor thresholdColor(const ThresholdLine &line, const QList<QColor> &typeColors)
{
    if (line.firing) {
        return kThresholdFiringColor;
    }
    if (line.type >= 0 && line.type < typeColors.size()) {
        return typeColors[line.type];
    }
    return kThresholdNeutralColor;
}

} // namespace pulsemap
