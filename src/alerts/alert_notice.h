// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "alert_engine.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>

namespace pulsemap {

// What is told about one alert transition, to a webhook (JSON), a command (JSON on stdin plus environment
// variables), the terminal or the app's banner. The JSON (docs/alerts.md):
//
//     {"rule":"burst","condition":"click per 10s > 50","state":"firing","value":73,"threshold":50,
//      "at":"2026-11-28T15:04:05.123Z","text":"burst is firing: 73 click events in the last 10s (more than 50)"}
//
// "text" is the one line a person reads, so that Slack and Teams incoming webhooks show it as is.
struct AlertNotice
{
    QString rule;
    QString condition;
    bool firing = true;
    qint64 value = 0;
    qint64 threshold = 0;
    qint64 atMs = 0;
    QString text;

    static AlertNotice from(const AlertRule &rule, const AlertTransition &transition);

    [[nodiscard]] QString state() const { return firing ? QStringLiteral("firing") : QStringLiteral("resolved"); }
    [[nodiscard]] QString at() const; // ISO 8601 in UTC ("2026-11-28T15:04:05.123Z", no fraction on a whole second)
    [[nodiscard]] QByteArray toJson() const;
    // PULSEMAP_ALERT_RULE, _CONDITION, _STATE, _VALUE, _THRESHOLD, _AT and _TEXT added to base.
    [[nodiscard]] QProcessEnvironment environment(QProcessEnvironment base) const;
};

} // namespace pulsemap
