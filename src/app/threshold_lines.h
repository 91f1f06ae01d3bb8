// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "alerts/alert_rule.h"

#include <QColor>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include <cstdint>
#include <vector>

namespace pulsemap {

// Alert thresholds on the trend charts, as Grafana draws them on its time-series panels: each burst or quiet
// rule (a rate rule, docs/alerts.md) that concerns a chart's series becomes a horizontal line at the rule's
// threshold converted to the chart's bucket. A rule of N events per W seconds, on a chart of B-second buckets,
// is N * B / W events per bucket: `burst: click per 10s > 50` is 5 per second, 300 per minute, 18,000 per hour.
//
// The rules travel from AlertCenter to TrendChart through QML as plain maps (rateRuleEntry), so a chart needs no
// AlertCenter and a test can give it rules directly.

// A rate rule for QML: {name, type ("" for any type), windowMs, comparison (">", ">=", "<", "<="), threshold,
// firing}; empty for a source-down rule (no line to draw). Numbers are doubles: QML has no 64-bit integers.
[[nodiscard]] QVariantMap rateRuleEntry(const AlertRule &rule, bool firing);

struct ThresholdLine
{
    double value = 0; // events per bucket of the chart
    QString label;    // "click > 50/10s": the rule as written, per its own window
    bool firing = false;
    int type = -1; // the series (type index) the rule counts; -1: every type (a rule on "*")

    bool operator==(const ThresholdLine &) const = default;
};

// The lines a chart of `bucketMs` buckets draws for `rules` (rateRuleEntry maps; anything else is skipped), in
// rule order. `typeNames` are the chart's series by index; a rule on a type that is not among them (not seen
// yet) or that `typeMask` hides (bit t for series t, the legend's toggles) is left out; a rule on every type
// is always drawn.
[[nodiscard]] std::vector<ThresholdLine> thresholdLines(const QVariantList &rules, int64_t bucketMs,
                                                        const QStringList &typeNames, uint32_t typeMask);

// The line's color: red while its rule fires, else its type's color (from `typeColors`), neutral for every type.
[[nodiscard]] QColor thresholdColor(const ThresholdLine &line, const QList<QColor> &typeColors);
inline const QColor kThresholdFiringColor{0xff, 0x4d, 0x6d}; // Theme.alertBorder, the alert banner's red
inline const QColor kThresholdNeutralColor{0x9a, 0xa5, 0xb1};

} // namespace pulsemap
