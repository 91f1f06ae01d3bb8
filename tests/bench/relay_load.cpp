// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Load generator for pulsemap-cli relay: beacon hits at a fixed rate over keep-alive connections, many WebSocket
// subscribers, and the latency from each beacon request to its delivery (the request carries its send time in
// the campaign parameter). Prints one JSON line. Loopback only. Run by tests/bench/relay_load.sh, not by ctest.
//
//   pulsemap-relay-load --listen 127.0.0.1:8765 --collect 127.0.0.1:8766 --rate 3000 --seconds 60 --subscribers 200

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Sends GET /collect at a steady rate, spread over keep-alive connections, on its own thread.
class Generator : public QObject
{
public:
    std::atomic<int64_t> sent{0};
    std::atomic<int64_t> answered{0};
    std::atomic<bool> done{false};

    void run(const QString &host, quint16 port, int rate, int seconds, int connections)
    {
        for (int i = 0; i < connections; ++i) {
            auto *socket = new QTcpSocket(this);
            socket->connectToHost(host, port);
            socket->waitForConnected(5000);
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                const QByteArray data = socket->readAll();
                int n = 0;
                for (qsizetype at = data.indexOf("HTTP/1.1 200"); at >= 0; at = data.indexOf("HTTP/1.1 200", at + 1)) {
                    ++n;
                }
                answered += n;
            });
            m_sockets.push_back(socket);
        }
        m_total = static_cast<int64_t>(rate) * seconds;
        m_rate = rate;
        m_clock.start();
        auto *timer = new QTimer(this);
        timer->setTimerType(Qt::PreciseTimer);
        connect(timer, &QTimer::timeout, this, [this, timer] {
            const int64_t due = std::min<int64_t>(m_total, m_clock.elapsed() * m_rate / 1000);
            while (sent < due) {
                QTcpSocket *socket = m_sockets[static_cast<size_t>(sent % static_cast<int64_t>(m_sockets.size()))];
                static const char *types[] = {"open", "click", "signup", "hit"};
                socket->write("GET /collect?type=" + QByteArray(types[sent % 4]) +
                              "&campaign=" + QByteArray::number(static_cast<qlonglong>(nowUs())) +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                ++sent;
            }
            if (sent >= m_total) {
                timer->stop();
                done = true;
            }
        });
        timer->start(1);
    }

private:
    std::vector<QTcpSocket *> m_sockets;
    QElapsedTimer m_clock;
    int64_t m_total = 0;
    int64_t m_rate = 0;
};

struct Stats
{
    std::vector<int64_t> received;
    std::vector<int32_t> latenciesUs; // sampled subscribers only
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{"listen", "Relay subscriber address.", "ADDR:PORT"},
                       {"collect", "Relay beacon address.", "ADDR:PORT"},
                       {"rate", "Beacon hits per second.", "N", "3000"},
                       {"seconds", "Duration.", "S", "60"},
                       {"subscribers", "WebSocket subscribers.", "N", "200"},
                       {"connections", "Keep-alive beacon connections.", "N", "16"},
                       {"sample-every", "Measure latency on every Nth subscriber.", "N", "10"}});
    parser.process(app);
    const auto split = [](const QString &a) {
        return std::make_pair(a.section(':', 0, 0), a.section(':', 1).toUShort());
    };
    const auto [wsHost, wsPort] = split(parser.value("listen"));
    // Plain variables, not a structured binding: clang 14 cannot capture bindings in a lambda.
    const auto beacon = split(parser.value("collect"));
    const auto beaconHost = beacon.first;
    const auto beaconPort = beacon.second;
    const int rate = parser.value("rate").toInt();
    const int seconds = parser.value("seconds").toInt();
    const int subscribers = parser.value("subscribers").toInt();
    const int sampleEvery = std::max(1, parser.value("sample-every").toInt());

    Stats stats;
    stats.received.assign(static_cast<size_t>(subscribers), 0);
    stats.latenciesUs.reserve(static_cast<size_t>(rate) * seconds * (subscribers / sampleEvery + 1));
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    int connected = 0;
    for (int i = 0; i < subscribers; ++i) {
        auto socket = std::make_unique<QWebSocket>();
        socket->setReadBufferSize(0);
        QObject::connect(socket.get(), &QWebSocket::connected, [&connected] { ++connected; });
        const bool sample = i % sampleEvery == 0;
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived, [&stats, i, sample](const QString &text) {
            if (!text.startsWith('[')) {
                return;
            }
            const int64_t now = nowUs();
            int64_t count = 0;
            static const QLatin1String key("\"campaign\":\"");
            for (qsizetype at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.size())) {
                ++count;
                if (sample) {
                    int64_t sentUs = 0;
                    for (qsizetype p = at + key.size(); p < text.size() && text[p].isDigit(); ++p) {
                        sentUs = sentUs * 10 + text[p].digitValue();
                    }
                    stats.latenciesUs.push_back(static_cast<int32_t>(std::min<int64_t>(now - sentUs, INT32_MAX)));
                }
            }
            stats.received[static_cast<size_t>(i)] += count;
        });
        socket->open(QUrl(QStringLiteral("ws://%1:%2/").arg(wsHost).arg(wsPort)));
        sockets.push_back(std::move(socket));
    }
    QElapsedTimer wait;
    wait.start();
    while (connected < subscribers && wait.elapsed() < 30000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    QThread thread;
    Generator generator;
    generator.moveToThread(&thread);
    thread.start();
    const double cpuBefore = cpuSeconds();
    QMetaObject::invokeMethod(
        &generator, [&] { generator.run(beaconHost, beaconPort, rate, seconds, parser.value("connections").toInt()); });
    const int64_t expected = static_cast<int64_t>(rate) * seconds;
    QElapsedTimer run;
    run.start();
    // Until every subscriber has everything, or 10 s after the last hit was sent.
    QElapsedTimer drain;
    while (true) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        const bool all =
            std::all_of(stats.received.begin(), stats.received.end(), [&](int64_t n) { return n >= expected; });
        if (all) {
            break;
        }
        if (generator.done && !drain.isValid()) {
            drain.start();
        }
        if (drain.isValid() && drain.elapsed() > 10000) {
            break;
        }
    }
    const double wall = static_cast<double>(run.elapsed()) / 1000.0;
    const double cpu = cpuSeconds() - cpuBefore;
    thread.quit();
    thread.wait();
    std::sort(stats.latenciesUs.begin(), stats.latenciesUs.end());
    const auto percentile = [&](double p) {
        return stats.latenciesUs.empty()
                   ? -1.0
                   : stats.latenciesUs[std::min(
                         stats.latenciesUs.size() - 1,
                         static_cast<size_t>(p * static_cast<double>(stats.latenciesUs.size())))] /
                         1000.0;
    };
    const auto [minIt, maxIt] = std::minmax_element(stats.received.begin(), stats.received.end());
    std::printf(
        "{\"rate\":%d,\"seconds\":%d,\"subscribers\":%d,\"connected\":%d,\"sent\":%lld,\"answered\":%lld,"
        "\"expected_per_subscriber\":%lld,\"min_received\":%lld,\"max_received\":%lld,\"every_event_everywhere\":%s,"
        "\"latency_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f,\"samples\":%zu},\"wall_s\":%.2f,"
        "\"load_tool_cpu_s\":%.2f}\n",
        rate, seconds, subscribers, connected, static_cast<long long>(generator.sent.load()),
        static_cast<long long>(generator.answered.load()), static_cast<long long>(expected),
        static_cast<long long>(*minIt), static_cast<long long>(*maxIt), *minIt == expected ? "true" : "false",
        percentile(0.5), percentile(0.99), percentile(1.0), stats.latenciesUs.size(), wall, cpu);
    return *minIt == expected ? 0 : 1;
}
