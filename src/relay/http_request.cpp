// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "http_request.h"

namespace pulsemap {

namespace {

QByteArray bytes(std::string_view view)
{
    return {view.data(), static_cast<qsizetype>(view.size())};
}

} // namespace

HttpRequest toHttpRequest(const HttpRequestHead &head, const QHostAddress &peer)
{
    HttpRequest request;
    request.method = bytes(head.method);
    request.path = head.path.empty() ? QByteArray("/") : bytes(head.path); // "http://host" asks for "/"
    request.query = bytes(head.query);
    request.peer = peer;
    request.keepAlive = head.keepAlive;
    request.headers.reserve(static_cast<qsizetype>(head.headers.size()));
    for (const auto &[name, value] : head.headers) {
        request.headers.append({bytes(name).toLower(), bytes(value)});
    }
    // A body the server does not read would be taken for the next request: answer, then close.
    if (head.contentLength > 0 || head.transferEncoded) {
        request.keepAlive = false;
    }
    return request;
}

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName) {
            return value;
        }
    }
    return {};
}

QByteArray HttpRequest::parameter(const QByteArray &name) const
{
    qsizetype from = 0;
    while (from <= query.size()) {
        qsizetype end = query.indexOf('&', from);
        end = end < 0 ? query.size() : end;
        const qsizetype equals = query.indexOf('=', from);
        const qsizetype keyEnd = equals >= 0 && equals < end ? equals : end;
        if (query.mid(from, keyEnd - from) == name) {
            QByteArray value = keyEnd < end ? query.mid(keyEnd + 1, end - keyEnd - 1) : QByteArray("");
            value.replace('+', ' ');
            return QByteArray::fromPercentEncoding(value);
        }
        from = end + 1;
    }
    return {};
}

const char *httpReason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

} // namespace pulsemap
