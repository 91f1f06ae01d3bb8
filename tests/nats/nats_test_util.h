// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// What the NATS tests share: pushing numbered events into a collector (POST /events, the event's ts is its
// number) and checking that a display got each number exactly once.

#include "../e2e/relay_process.h"
#include "nats_server_process.h"

#include <functional>
#include <map>

namespace pulsemap::test {

inline constexpr qint64 kFirstTs = 1700000000000; // event n has ts kFirstTs + n

// POSTs events [from, to) to the collector, event n of type typeOf(n); the HTTP status (0 when no answer).
inline int pushNumbered(quint16 collectPort, int from, int to, const QByteArray &campaign = "scale",
                        const std::function<QByteArray(int)> &typeOf = {})
{
    QByteArray body;
    for (int n = from; n < to; ++n) {
        body += "{\"type\":\"" + (typeOf ? typeOf(n) : QByteArray("open")) + "\",\"campaign\":\"" + campaign +
                "\",\"ts\":" + QByteArray::number(kFirstTs + n) + ",\"lat\":48.1,\"lon\":11.6}\n";
    }
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, collectPort);
    if (!socket.waitForConnected(5000)) {
        return 0;
    }
    socket.write("POST /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                 QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray response;
    while (socket.waitForReadyRead(5000)) {
        response += socket.readAll();
    }
    return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
}

// How often each number arrived at a display.
inline std::map<qint64, int> numbersSeen(const Subscriber &display)
{
    std::map<qint64, int> seen;
    for (const QJsonObject &event : display.events) {
        ++seen[event.value("ts").toInteger() - kFirstTs];
    }
    return seen;
}

// "" when every number of [from, to) arrived exactly once and nothing else did; otherwise what is wrong.
inline QString exactlyOnce(const std::map<qint64, int> &seen, int from, int to)
{
    QStringList problems;
    for (int n = from; n < to; ++n) {
        const auto it = seen.find(n);
        const int count = it == seen.end() ? 0 : it->second;
        if (count != 1 && problems.size() < 10) {
            problems << QStringLiteral("%1 x%2").arg(n).arg(count);
        }
    }
    for (const auto &[n, count] : seen) {
        if ((n < from || n >= to) && problems.size() < 20) {
            problems << QStringLiteral("unexpected %1").arg(n);
        }
    }
    return problems.join(", ");
}

// Runs pulsemap-cli nats-setup until JetStream answers (a cluster elects its meta leader first).
inline CliResult natsSetup(const QStringList &arguments, int tries = 40)
{
    CliResult result;
    for (int i = 0; i < tries; ++i) {
        result = runCli(QStringList{"nats-setup"} + arguments);
        if (result.exitCode != 1) {
            return result;
        }
        QTest::qWait(250);
    }
    return result;
}

// The relay's /metrics value of one sample (-1 when missing).
inline qint64 metricValue(quint16 port, const QByteArray &sample)
{
    const QByteArray metrics = body(get(port, "/metrics"));
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(sample + ' ')) {
            return line.mid(sample.size() + 1).toLongLong();
        }
    }
    return -1;
}

} // namespace pulsemap::test
