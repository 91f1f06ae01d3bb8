// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// POST /events bodies through decodePush: whatever the bytes, the answer is 200 (something read), 400 (nothing)
// or 413 (over the limit), its JSON parses and its counts match the events appended, at most the documented
// number of problems is listed, each with an index below the number of objects seen, and every event forwarded
// has a plausible time (core/event.h). Also the tracked-link check on the same bytes taken as a query string:
// it accepts only http(s) targets that targetProblem passes.

#include "relay/http_request.h"
#include "relay/push_events.h"
#include "relay/tracked_link.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

void checkPush(std::string_view body)
{
    static pulsemap::EventDecoder decoder(pulsemap::pushDecodeLimits(8192));
    static pulsemap::EventBatch batch;
    batch.clear();
    const pulsemap::PushOutcome outcome = pulsemap::decodePush(body, 1700000000000, decoder, batch);
    check(outcome.status == 200 || outcome.status == 400 || outcome.status == 413);
    check(outcome.status != 413 || body.size() > 8192);
    check(outcome.accepted == batch.size());
    check(outcome.status != 200 || outcome.accepted > 0 || outcome.refused == 0);
    check(outcome.status != 400 || outcome.accepted == 0);
    const QJsonObject answer = QJsonDocument::fromJson(outcome.json).object();
    check(!answer.isEmpty() && answer.value("accepted").toInteger() == static_cast<qint64>(outcome.accepted) &&
          answer.value("refused").toInteger() == static_cast<qint64>(outcome.refused));
    const QJsonArray problems = answer.value("problems").toArray();
    check(static_cast<size_t>(problems.size()) <= pulsemap::kPushProblemsListed &&
          static_cast<size_t>(problems.size()) <= outcome.refused);
    for (const QJsonValue &problem : problems) {
        const qint64 index = problem.toObject().value("index").toInteger(-1);
        check(index >= 0 && static_cast<size_t>(index) < outcome.accepted + outcome.refused);
        check(!problem.toObject().value("reason").toString().isEmpty());
    }
    for (const pulsemap::Event &event : batch.events()) {
        check(pulsemap::plausibleEventTime(event.tsMs) && !event.type.empty() && std::isfinite(event.weight));
        check(!event.located() || (std::fabs(event.lat) <= 90 && std::fabs(event.lon) <= 180));
    }
}

void checkLink(std::string_view query)
{
    pulsemap::HttpRequest request;
    request.query = QByteArray(query.data(), static_cast<qsizetype>(query.size()));
    const pulsemap::LinkPolicy policy{"0123456789abcdef", {"*.example.org", "shop.test"}};
    const pulsemap::Result<pulsemap::TrackedLink> link = pulsemap::checkTrackedLink(request, policy);
    if (link) {
        check(pulsemap::targetProblem(link->target) == nullptr);
        check(link->target.toLower().startsWith("http://") || link->target.toLower().startsWith("https://"));
        check(!link->type.isEmpty() && link->type.size() <= 64);
    } else {
        check(!link.message().empty());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    checkPush(input);
    checkLink(input);
    return 0;
}
