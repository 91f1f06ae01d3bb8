// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RelayServer: the collect port's two other doors. POST /events (the push API: JSON events from any system) and
// GET /click (tracked links: record a click, then redirect). docs/protocol.md describes both.

#include "push_events.h"
#include "relay_log.h"
#include "relay_server.h"
#include "stream/geo_enricher.h"
#include "tracked_link.h"

#include <QUrl>

namespace pulsemap {

namespace {

bool presentsToken(const HttpRequest &request, const QByteArray &token)
{
    const QByteArray authorization = request.header("authorization");
    const bool bearer = authorization.startsWith("Bearer ") && constantTimeEquals(authorization.mid(7), token);
    return bearer || constantTimeEquals(request.parameter("token"), token);
}

} // namespace

// Before the body is read: the path, the method and the token, so an unauthorised sender costs a head only.
bool RelayServer::admitPush(const HttpRequest &request, HttpResponse &refusal)
{
    if (request.path != "/events") {
        return false; // the server's 405: nothing else here takes a body
    }
    if (request.method != "POST") {
        refusal = {405, "text/plain", "POST /events\n", {{"Allow", "POST"}}};
        return false;
    }
    if (!m_options.token.isEmpty() && !presentsToken(request, m_options.token)) {
        ++m_pushRejected;
        ++m_authFailures;
        qCWarning(lcRelay).noquote() << "refused push from" << request.peer.toString() << ": bad or no token";
        refusal = {
            401, "application/json", "{\"error\":\"a valid token is required\"}\n", {{"WWW-Authenticate", "Bearer"}}};
        return false;
    }
    return true;
}

void RelayServer::handlePush(const HttpRequest &request, HttpResponse &response)
{
    if (request.method != "POST") {
        response = {405, "text/plain", "POST /events\n", {{"Allow", "POST"}}};
        return;
    }
    m_beaconBatch.clear();
    const PushOutcome outcome =
        decodePush(std::string_view(request.body.constData(), static_cast<size_t>(request.body.size())), m_clock(),
                   m_pushDecoder, m_beaconBatch);
    GeoEnricher(m_geoip.get()).enrich(m_beaconBatch); // events with an "ip": located, the address dropped
    m_pushEvents += static_cast<int64_t>(outcome.accepted);
    m_pushRefused += static_cast<int64_t>(outcome.refused);
    m_pushRejected += outcome.status == 200 ? 0 : 1;
    if (!m_beaconBatch.empty()) {
        m_hub.ingest(m_beaconBatch);
    }
    response.status = outcome.status;
    response.contentType = "application/json";
    response.body = outcome.json;
}

void RelayServer::handleClick(const HttpRequest &request, HttpResponse &response)
{
    const Result<TrackedLink> link = checkTrackedLink(request, m_options.links);
    if (!link) {
        ++m_linkRejected;
        qCDebug(lcRelay).noquote() << "refused link from" << request.peer.toString() << ":" << link.message().c_str();
        response.status = 400;
        response.body = QByteArray::fromStdString(link.message()) + '\n';
        return;
    }
    const QByteArray session = sessionOf(request);
    // HEAD (link checkers, mail scanners) learns where the link goes without counting as a click.
    if (request.method == "GET") {
        m_beaconBatch.clear();
        Event &event = m_beaconBatch.append();
        event.tsMs = m_clock(); // arrival time, as the beacon
        event.type = m_beaconBatch.store(std::string_view(link->type.constData(), size_t(link->type.size())));
        event.campaign =
            m_beaconBatch.store(std::string_view(link->campaign.constData(), size_t(link->campaign.size())));
        event.visitor = visitorOf(session);
        // The link followed, as host and path (links of one mailing often point at several sites), for the
        // "top pages and links" table; without its query string, as every path.
        const QUrl target(QString::fromLatin1(link->target));
        const QByteArray followed = (target.host(QUrl::FullyEncoded) + target.path(QUrl::FullyEncoded)).toLatin1();
        if (const std::string_view path = requestPath(std::string_view(followed.constData(), size_t(followed.size())));
            !path.empty()) {
            event.path = m_beaconBatch.store(path);
        }
        locateClient(request, event, m_beaconBatch);
        ++m_linkEvents;
        m_hub.ingest(m_beaconBatch);
    }
    response.status = 302;
    response.body = "to " + link->target + '\n';
    response.headers = {{"Location", link->target},
                        {"Cache-Control", "no-store"},
                        {"Referrer-Policy", "no-referrer"},
                        {"Set-Cookie", cookieHeader(session)}};
}

} // namespace pulsemap
