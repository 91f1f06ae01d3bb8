// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli relay under slowloris and floods (issue 13): 5,000 half-open connections on both ports neither
// stop a beacon hit and a subscriber meanwhile nor outlive --header-timeout; a bare-LF request is answered;
// the per-address cap refuses connection N+1 and counts it; an idle keep-alive connection is closed.
// Plain POSIX sockets for the flood (5,000 QTcpSockets would measure Qt, not the relay).

#include "relay_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <vector>

using namespace pulsemap::test;

namespace {

// A blocking connect from 127.0.0.<sourceHost> (all of 127/8 is loopback on Linux), then non-blocking.
int connectFrom(int sourceHost, quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl((127u << 24) | static_cast<uint32_t>(sourceHost));
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(port);
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&source), sizeof source) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr *>(&target), sizeof target) != 0) {
        ::close(fd);
        return -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Opens count connections from 127.0.0.<firstSource>.. (perSource each), in chunks of non-blocking connects
// that stay under the relay's listen backlog (a dropped SYN would cost a one-second retransmit). Empty on error.
std::vector<int> openMany(int count, int firstSource, int perSource, const std::function<quint16(int)> &port)
{
    constexpr int kChunk = 500;
    std::vector<int> fds;
    for (int start = 0; start < count; start += kChunk) {
        std::vector<pollfd> pending;
        for (int i = start; i < std::min(count, start + kChunk); ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            sockaddr_in source{};
            source.sin_family = AF_INET;
            source.sin_addr.s_addr = htonl((127u << 24) | static_cast<uint32_t>(firstSource + i / perSource));
            sockaddr_in target{};
            target.sin_family = AF_INET;
            target.sin_port = htons(port(i));
            target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&source), sizeof source) != 0 ||
                (::connect(fd, reinterpret_cast<sockaddr *>(&target), sizeof target) != 0 && errno != EINPROGRESS)) {
                return {};
            }
            fds.push_back(fd);
            pending.push_back({fd, POLLOUT, 0});
        }
        for (pollfd &p : pending) {
            if (::poll(&p, 1, 10000) != 1) {
                return {};
            }
            int error = 0;
            socklen_t length = sizeof error;
            if (::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
                return {};
            }
        }
    }
    return fds;
}

bool sendAll(int fd, const QByteArray &bytes)
{
    return ::send(fd, bytes.constData(), static_cast<size_t>(bytes.size()), MSG_NOSIGNAL) == bytes.size();
}

// Reads what is there; true once the server has closed (read returns 0 or ECONNRESET).
bool drainClosed(int fd, QByteArray *received = nullptr)
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            if (received != nullptr) {
                received->append(buffer, n);
            }
            continue;
        }
        return n == 0 || errno == ECONNRESET;
    }
}

// Waits (running the Qt event loop too) until every fd is closed by the server or timeoutMs pass; returns how
// many are still open. Closed fds are closed here and set to -1.
int waitAllClosed(std::vector<int> &fds, int timeoutMs)
{
    QElapsedTimer elapsed;
    elapsed.start();
    int open = 0;
    do {
        std::vector<pollfd> polled;
        for (const int fd : fds) {
            if (fd >= 0) {
                polled.push_back({fd, POLLIN, 0});
            }
        }
        ::poll(polled.data(), polled.size(), 50);
        for (int &fd : fds) {
            if (fd >= 0 && drainClosed(fd)) {
                ::close(fd);
                fd = -1;
            }
        }
        open = static_cast<int>(std::count_if(fds.begin(), fds.end(), [](int fd) { return fd >= 0; }));
        QCoreApplication::processEvents();
    } while (open > 0 && elapsed.elapsed() < timeoutMs);
    return open;
}

void closeAll(std::vector<int> &fds)
{
    for (int &fd : fds) {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
}

qint64 metric(const QByteArray &metrics, const QByteArray &name)
{
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(name + ' ')) {
            return line.mid(name.size() + 1).toLongLong();
        }
    }
    return -1;
}

} // namespace

class TestCliRelayLimits : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(cliPath()));
        rlimit limit{};
        QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        QVERIFY2(limit.rlim_cur >= 6000, "the flood test needs 6,000 descriptors");
    }

    void halfOpenFloodIsTimedOutWhileServingOthers()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--header-timeout", "5"}));
        constexpr int kConnections = 5000;
        constexpr int kPerSource = 200; // under the default per-address cap (256): 25 source addresses
        QElapsedTimer elapsed;
        elapsed.start();
        std::vector<int> flood = openMany(kConnections, 2, kPerSource, [&](int i) {
            return i % 2 == 0 ? relay.collect : relay.listen; // half on the beacon, half on the WebSocket port
        });
        QVERIFY2(flood.size() == size_t(kConnections), strerror(errno));
        for (size_t i = 0; i < flood.size(); i += 2) { // the WebSocket port hears nothing
            // Half a request line, or a request line and half the headers.
            QVERIFY(sendAll(flood[i], i % 4 == 0 ? "GET /collect?type=op" : "GET /collect HTTP/1.1\r\nHost: a\r\nX-"));
        }
        qInfo("%d half-open connections in %lld ms", kConnections, elapsed.elapsed());

        // Meanwhile the relay serves a subscriber and a beacon hit.
        Subscriber display(relay.url());
        QTRY_VERIFY(display.wasConnected);
        const QByteArray hit = get(relay.collect, "/collect?type=open&lat=1&lon=2");
        QVERIFY2(hit.startsWith("HTTP/1.1 200"), hit.constData());
        QTRY_COMPARE(display.events.size(), 1);
        // ... while the flood was held: the relay counts all of it, plus the subscriber and this scrape.
        const qint64 servedAt = elapsed.elapsed();
        const qint64 held = metric(body(get(relay.listen, "/metrics")), "pulsemap_relay_connections");
        QVERIFY2(held == kConnections + 2, qPrintable(QStringLiteral("%1 open after %2 ms").arg(held).arg(servedAt)));

        // The server closes every one of them after the header timeout (plus up to a sweep interval). 5 s, not
        // 2: opening 5,000 connections takes about 2 s on a busy machine, and all must be open when served.
        const int stillOpen = waitAllClosed(flood, 20000);
        QCOMPARE(stillOpen, 0);
        QVERIFY2(elapsed.elapsed() >= 4900, "closed before the header timeout");
        const QByteArray metrics = body(get(relay.listen, "/metrics"));
        QCOMPARE(metric(metrics, "pulsemap_relay_timeouts_total{kind=\"header\"}"), qint64(kConnections));
        QVERIFY(metrics.contains("# TYPE pulsemap_relay_timeouts_total counter"));
        QVERIFY(metrics.contains("# HELP pulsemap_relay_connections_refused_total"));
        QCOMPARE(metric(metrics, "pulsemap_relay_connections"), qint64(2)); // the subscriber and this scrape
        QVERIFY(display.socket.state() == QAbstractSocket::ConnectedState); // subscribers have no header timeout
        display.socket.close(); // a subscriber that leaves gives its place back
        QTRY_COMPARE(metric(body(get(relay.listen, "/metrics")), "pulsemap_relay_connections"), qint64(1));
        closeAll(flood);
    }

    void bareLineFeedRequestIsAnswered()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0"}));
        std::vector<int> fds{connectFrom(1, relay.collect)};
        QVERIFY(fds[0] >= 0);
        QVERIFY(sendAll(fds[0], "GET /collect?type=lf HTTP/1.1\nHost: relay\nConnection: close\n\n"));
        QByteArray response;
        QElapsedTimer elapsed;
        elapsed.start();
        while (!drainClosed(fds[0], &response) && elapsed.elapsed() < 5000) {
            QTest::qWait(20);
        }
        QVERIFY2(response.startsWith("HTTP/1.1 200 OK"), response.constData());
        QVERIFY(response.contains("Content-Type: image/gif"));
        closeAll(fds);
        const QByteArray malformed = get(relay.collect, "/ x"); // "GET / x HTTP/1.1": four words
        QVERIFY2(malformed.startsWith("HTTP/1.1 400"), malformed.constData());
        QCOMPARE(metric(body(get(relay.collect, "/metrics")), "pulsemap_relay_http_bad_requests_total"), qint64(1));
    }

    void perAddressCapRefusesConnectionNPlusOne()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--max-connections-per-ip", "3"}));
        std::vector<int> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(connectFrom(9, i == 0 ? relay.listen : relay.collect)); // both ports share the cap
            QVERIFY(held.back() >= 0);
        }
        // The gauge counts the scrape's own connection too.
        QTRY_COMPARE(metric(body(get(relay.listen, "/metrics")), "pulsemap_relay_connections"), qint64(4));
        std::vector<int> refused{connectFrom(9, relay.collect)};
        QVERIFY(refused[0] >= 0); // the kernel accepts; the relay closes it at once
        QCOMPARE(waitAllClosed(refused, 3000), 0);
        const QByteArray metrics = body(get(relay.listen, "/metrics")); // from 127.0.0.1: not capped
        QCOMPARE(metric(metrics, "pulsemap_relay_connections_refused_total{limit=\"per_address\"}"), qint64(1));
        QCOMPARE(metric(metrics, "pulsemap_relay_connections_refused_total{limit=\"total\"}"), qint64(0));
        // The held ones still work.
        QVERIFY(sendAll(held[1], "GET /healthz HTTP/1.1\r\n\r\n"));
        QByteArray response;
        QTRY_VERIFY((drainClosed(held[1], &response), response.contains("\"status\":\"ok\"")));
        closeAll(held);
    }

    void idleKeepAliveIsClosed()
    {
        Relay relay;
        QVERIFY(relay.start({"--collect", "127.0.0.1:0", "--idle-timeout", "1"}));
        std::vector<int> fds{connectFrom(1, relay.collect)};
        QVERIFY(fds[0] >= 0);
        QVERIFY(sendAll(fds[0], "GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n"));
        QElapsedTimer elapsed;
        elapsed.start();
        QCOMPARE(waitAllClosed(fds, 5000), 0);
        QVERIFY(elapsed.elapsed() >= 900);
        QCOMPARE(metric(body(get(relay.listen, "/metrics")), "pulsemap_relay_timeouts_total{kind=\"idle\"}"),
                 qint64(1));
    }

    void badLimitArguments()
    {
        QCOMPARE(runCli({"relay", "--collect", ":0", "--header-timeout", "0"}).exitCode, 2);
        QCOMPARE(runCli({"relay", "--collect", ":0", "--max-connections-per-ip", "x"}).exitCode, 2);
        QVERIFY(runCli({"relay", "--help"}).out.contains("--idle-timeout"));
    }
};

QTEST_GUILESS_MAIN(TestCliRelayLimits)
#include "tst_cli_relay_limits.moc"
