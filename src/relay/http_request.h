// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "http_request_parser.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>

namespace pulsemap {

// A parsed request as the relay's handlers see it (copied out of the socket's buffer).
// Threading: plain values, no thread affinity.
struct HttpRequest
{
    QByteArray method;
    QByteArray path;                              // without the query
    QByteArray query;                             // after '?', still percent-encoded
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QHostAddress peer;
    bool keepAlive = true;
    QByteArray body; // only for requests the server's BodyGate admitted

    [[nodiscard]] QByteArray header(const QByteArray &lowerName) const;
    // A query parameter, percent-decoded ('+' is a space); null when absent.
    [[nodiscard]] QByteArray parameter(const QByteArray &name) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// The request for a parsed head: header names in lower case; a request with a body is not kept alive (unless
// the server reads the body, and then restores keepAlive).
HttpRequest toHttpRequest(const HttpRequestHead &head, const QHostAddress &peer);

// The reason phrase for a status the relay answers with ("Status" for others).
const char *httpReason(int status);

} // namespace pulsemap
