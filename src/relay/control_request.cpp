// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "control_request.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace pulsemap {

ControlRequest parseControlRequest(const QString &message)
{
    ControlRequest out;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        out.error = QStringLiteral("request is not a JSON object");
        return out;
    }
    const QJsonObject request = document.object();
    bool understood = false;
    if (request.contains(QLatin1String("subscribe"))) {
        const QJsonValue types = request.value(QLatin1String("subscribe"));
        if (!types.isArray() && !types.isNull()) {
            out.error = QStringLiteral("subscribe takes an array of event types");
            return out;
        }
        ControlRequest::Subscribe subscribe;
        subscribe.types = types.toArray();
        subscribe.all = subscribe.types.isEmpty();
        out.subscribe = subscribe;
        understood = true;
    }
    if (request.contains(QLatin1String("resume_from"))) {
        const double from = request.value(QLatin1String("resume_from")).toDouble(-1);
        // Checked before the conversion: a double beyond int64 (1e300) would be undefined behaviour to cast.
        if (!(from >= 0 && from <= static_cast<double>(kMaxResumeSeq))) {
            out.error = QStringLiteral("resume_from takes a sequence number");
            return out;
        }
        out.resumeFrom = static_cast<int64_t>(from);
        understood = true;
    }
    if (!understood) {
        out.error = QStringLiteral("unknown request (expected subscribe or resume_from)");
    }
    return out;
}

} // namespace pulsemap
