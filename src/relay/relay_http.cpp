// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// RelayServer: the HTTP side. The beacon (/collect), /healthz and the Prometheus /metrics; the push API and
// tracked links are in relay_doors.cpp.

#include "relay_server.h"

#include "ingest/geoip.h"
#include "stream/stream_client.h"

#include <QRandomGenerator>
#include <QUrl>

#include <cmath>

namespace pulsemap {

namespace {

// The classic transparent 1x1 GIF (43 bytes), what tracking pixels answer.
const QByteArray &pixel()
{
    static const QByteArray gif = QByteArray::fromHex("47494638396101000100800000000000ffffff21f90401000000002c00000000"
                                                      "010001000002024401003b");
    return gif;
}

bool parseCoordinate(const QByteArray &text, double limit, double &out)
{
    bool ok = false;
    out = text.toDouble(&ok);
    return ok && std::isfinite(out) && std::fabs(out) <= limit;
}

} // namespace

QByteArray RelayServer::sessionOf(const HttpRequest &request)
{
    for (const QByteArray &part : request.header("cookie").split(';')) {
        const QByteArray cookie = part.trimmed();
        if (cookie.startsWith("pm_session=") && cookie.size() > 11 && cookie.size() <= 64) {
            return cookie.mid(11);
        }
    }
    return QByteArray::number(QRandomGenerator::global()->generate64(), 16);
}

QByteArray RelayServer::cookieHeader(const QByteArray &session)
{
    return "pm_session=" + session + "; Max-Age=1800; Path=/; HttpOnly; SameSite=Lax";
}

uint64_t RelayServer::visitorOf(const QByteArray &session) const
{
    return m_visitors.ofSession(std::string_view(session.constData(), size_t(session.size())));
}

void RelayServer::handleHttp(const HttpRequest &request, HttpResponse &response, bool collector)
{
    if (collector && request.path == "/collect") {
        handleBeacon(request, response);
    } else if (collector && request.path == "/click") {
        handleClick(request, response);
    } else if (collector && request.path == "/events") {
        handlePush(request, response); // a POST comes with its body, read after admitPush let it in
    } else if (request.path == "/healthz") {
        response.contentType = "application/json";
        response.body = QStringLiteral("{\"status\":\"ok\",\"clients\":%1,\"seq\":%2}\n")
                            .arg(m_hub.viewers())
                            .arg(m_hub.lastSeq())
                            .toUtf8();
    } else if (request.path == "/metrics") {
        response.contentType = "text/plain; version=0.0.4; charset=utf-8";
        response.body = metrics();
    } else {
        response.status = 404;
        response.body = collector ? "try /collect, /click, POST /events, /healthz or /metrics\n"
                                  : "try ws:// on /, /healthz or /metrics\n";
    }
}

void RelayServer::handleBeacon(const HttpRequest &request, HttpResponse &response)
{
    const QByteArray type = request.parameter("type");
    const QByteArray campaign = request.parameter("campaign");
    if ((!type.isNull() && (type.isEmpty() || type.size() > 64)) || campaign.size() > 1024) {
        ++m_beaconRejected;
        response.status = 400;
        response.body = "type must be 1 to 64 bytes, campaign at most 1024\n";
        return;
    }
    m_beaconBatch.clear();
    Event &event = m_beaconBatch.append();
    event.tsMs = m_clock(); // arrival time: the beacon takes no time from the client
    if (!type.isNull()) {   // without one the event has the default type (kDefaultEventType)
        event.type = m_beaconBatch.store(std::string_view(type.constData(), size_t(type.size())));
    }
    event.campaign = m_beaconBatch.store(std::string_view(campaign.constData(), size_t(campaign.size())));
    // The page: `path` from the page's own script, else the page that embeds the pixel (Referer), as a path.
    QByteArray page = request.parameter("path");
    if (page.isEmpty()) {
        const QUrl referer(QString::fromLatin1(request.header("referer")));
        page = referer.isValid() ? referer.path(QUrl::FullyEncoded).toLatin1() : QByteArray();
    }
    if (const std::string_view path = requestPath(std::string_view(page.constData(), size_t(page.size())));
        !path.empty()) {
        event.path = m_beaconBatch.store(path);
    }
    const QByteArray session = sessionOf(request);
    event.visitor = visitorOf(session);
    double lat = 0;
    double lon = 0;
    if (parseCoordinate(request.parameter("lat"), 90, lat) &&
        (parseCoordinate(request.parameter("lon"), 180, lon) || parseCoordinate(request.parameter("lng"), 180, lon))) {
        event.lat = lat; // the page knows better than the address (explicit coordinates win)
        event.lon = lon;
    } else {
        locateClient(request, event, m_beaconBatch);
    }
    ++m_beaconEvents;
    m_hub.ingest(m_beaconBatch); // unlocated events flow too: they count in the trends
    response.contentType = "image/gif";
    response.body = pixel();
    response.headers = {{"Cache-Control", "no-store"}, {"Set-Cookie", cookieHeader(session)}};
}

void RelayServer::locateClient(const HttpRequest &request, Event &event, EventBatch &batch)
{
    if (!m_geoip) {
        return;
    }
    QByteArray address = request.peer.toString().toLatin1();
    if (m_options.trustForwardedFor) {
        const QByteArray forwarded = request.header("x-forwarded-for").split(',').value(0).trimmed();
        address = forwarded.isEmpty() ? address : forwarded;
    }
    GeoResult where;
    if (m_geoip->lookup(std::string_view(address.constData(), size_t(address.size())), where) ==
        GeoIp::Lookup::Located) {
        event.lat = where.lat;
        event.lon = where.lon;
        event.city = batch.store(where.city);
    }
    event.country = where.country;
}

QByteArray RelayServer::metrics() const
{
    const RelayCounters &c = m_hub.counters();
    QByteArray out;
    const auto metric = [&out](const char *name, const char *type, const char *help, int64_t value,
                               const char *labels = nullptr) {
        if (help != nullptr) {
            out.append("# HELP pulsemap_relay_").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE pulsemap_relay_").append(name).append(' ').append(type).append('\n');
        }
        out.append("pulsemap_relay_").append(name);
        if (labels != nullptr) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(QByteArray::number(static_cast<qlonglong>(value))).append('\n');
    };
    metric("events_in_total", "counter", "Events accepted, by source.", m_beaconEvents, "source=\"beacon\"");
    metric("events_in_total", "counter", nullptr, m_logEvents, "source=\"log\"");
    metric("events_in_total", "counter", nullptr, m_upstreamEvents, "source=\"upstream\"");
    metric("events_in_total", "counter", nullptr, m_pushEvents, "source=\"push\"");
    metric("events_in_total", "counter", nullptr, m_linkEvents, "source=\"link\"");
    if (m_syslog) {
        appendSyslogMetrics(m_syslog->counters(), metric);
    }
    metric("events_out_total", "counter", "Event deliveries to subscribers.", c.eventsOut);
    metric("messages_out_total", "counter", "WebSocket messages sent.", c.messagesOut);
    metric("bytes_out_total", "counter", "WebSocket payload bytes sent.", c.bytesOut);
    metric("clients", "gauge", "Connected subscribers.", m_hub.viewers());
    metric("subscribers_total", "counter", "Subscribers accepted since start.", c.subscribersTotal);
    metric("drops_total", "counter", "Subscribers dropped for a full send queue.", c.drops);
    metric("resumes_total", "counter", "resume_from requests.", c.resumes);
    metric("resume_gap_events_total", "counter", "Events asked for by a resume that had left the ring.", c.gaps);
    metric("beacon_requests_total", "counter", "Beacon hits answered with a pixel.", m_beaconEvents);
    metric("beacon_rejected_total", "counter", "Beacon requests refused as invalid.", m_beaconRejected);
    metric("push_refused_events_total", "counter", "Events in POST /events bodies refused as malformed.",
           m_pushRefused);
    metric("push_rejected_total", "counter", "POST /events requests answered 400 or 401.", m_pushRejected);
    metric("link_rejected_total", "counter", "Tracked-link requests refused (unsigned, tampered, not allowed).",
           m_linkRejected);
    metric("auth_failures_total", "counter", "Subscribers and pushes refused for a missing or wrong token.",
           m_authFailures);
    metric("last_seq", "gauge", "Sequence number of the newest event.", m_hub.lastSeq());
    metric("event_types", "gauge", "Distinct event types seen.", static_cast<int64_t>(m_hub.typeCount()));
    const auto both = [this](int64_t HttpServerCounters::*counter) {
        return m_front.counters().*counter + m_collector.counters().*counter;
    };
    metric("connections", "gauge", "Open connections on both ports, subscribers included.", m_budget.open());
    metric("connections_refused_total", "counter", "Connections closed at accept for a connection limit.",
           m_budget.refusedTotal(), "limit=\"total\"");
    metric("connections_refused_total", "counter", nullptr, m_budget.refusedPerAddress(), "limit=\"per_address\"");
    metric("timeouts_total", "counter", "Connections closed for a timeout.", both(&HttpServerCounters::headerTimeouts),
           "kind=\"header\"");
    metric("timeouts_total", "counter", nullptr, both(&HttpServerCounters::idleTimeouts), "kind=\"idle\"");
    metric("timeouts_total", "counter", nullptr, both(&HttpServerCounters::tlsHandshakeTimeouts),
           "kind=\"tls_handshake\"");
    metric("tls_handshake_failures_total", "counter",
           "TLS handshakes that failed (plaintext on a TLS port, a bad hello).",
           both(&HttpServerCounters::tlsHandshakeFailures));
    metric("http_bad_requests_total", "counter", "Requests refused as malformed or too large, then closed.",
           both(&HttpServerCounters::badRequests));
    metric("http_bodies_too_large_total", "counter", "Request bodies refused with 413, then closed.",
           both(&HttpServerCounters::bodiesTooLarge));
    metric("http_bodies_busy_total", "counter", "Request bodies refused with 503: too many being read at once.",
           both(&HttpServerCounters::bodiesBusy));
    if (m_upstream) {
        metric("upstream_up", "gauge", "1 when the upstream stream is connected.",
               m_upstream->state() == StreamClient::State::Live ? 1 : 0);
    }
    appendNatsMetrics(out);
    return out;
}

QByteArray RelayServer::summaryJson() const
{
    const RelayCounters &c = m_hub.counters();
    return QStringLiteral("{\"events_in\":%1,\"events_out\":%2,\"beacon\":%3,\"log\":%4,\"upstream\":%5,"
                          "\"subscribers\":%6,\"drops\":%7,\"resumes\":%8,\"last_seq\":%9,\"push\":%10,"
                          "\"link\":%11}")
        .arg(c.eventsIn)
        .arg(c.eventsOut)
        .arg(m_beaconEvents)
        .arg(m_logEvents)
        .arg(m_upstreamEvents)
        .arg(c.subscribersTotal)
        .arg(c.drops)
        .arg(c.resumes)
        .arg(m_hub.lastSeq())
        .arg(m_pushEvents)
        .arg(m_linkEvents)
        .toUtf8();
}

} // namespace pulsemap
