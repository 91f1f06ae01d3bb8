// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "push_events.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pulsemap {

namespace {

QByteArray errorJson(const char *message)
{
    return QJsonDocument(QJsonObject{{"accepted", 0}, {"refused", 0}, {"error", message}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

} // namespace

DecodeLimits pushDecodeLimits(size_t maxBodyBytes)
{
    DecodeLimits limits;
    limits.maxMessageBytes = maxBodyBytes;
    limits.maxEventsPerMessage = maxBodyBytes; // the body limit is the bound: "{}" is an event of 2 bytes
    limits.maxProblemsListed = kPushProblemsListed;
    limits.refuseControls = true;
    return limits;
}

PushOutcome decodePush(std::string_view body, int64_t arrivalMs, EventDecoder &decoder, EventBatch &out)
{
    PushOutcome outcome;
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        outcome.status = 400;
        outcome.json = errorJson("empty body: send a JSON object, an array of them or one object per line");
        return outcome;
    }
    const size_t before = out.size();
    const DecodeResult result = decoder.decode(body, arrivalMs, out, nullptr, kDefaultEventType);
    if (result.refused) {
        outcome.status = 413;
        outcome.json = errorJson("body larger than the limit");
        return outcome;
    }
    outcome.accepted = out.size() - before;
    outcome.refused = result.malformed + result.controls; // controls: none, as refuseControls makes them malformed
    // Nothing could be read: 400, with the same counts and reasons so the sender learns why.
    outcome.status = outcome.accepted == 0 && outcome.refused > 0 ? 400 : 200;
    QJsonArray problems;
    for (const DecodeProblem &problem : result.problems) {
        problems.append(QJsonObject{{"index", static_cast<qint64>(problem.index)},
                                    {"reason", QString::fromStdString(problem.reason)}});
    }
    // Written by hand around the list so that the counts come first (QJsonObject sorts its keys).
    outcome.json = "{\"accepted\":" + QByteArray::number(static_cast<qulonglong>(outcome.accepted)) +
                   ",\"refused\":" + QByteArray::number(static_cast<qulonglong>(outcome.refused)) +
                   ",\"problems\":" + QJsonDocument(problems).toJson(QJsonDocument::Compact) + "}\n";
    return outcome;
}

} // namespace pulsemap
