// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Real nats-server processes for the tests (Debian's nats-server package, /usr/sbin/nats-server): one JetStream
// node, or a cluster of three on loopback, each with its own server_name, store_dir and explicit routes to all
// three, on free ports, in a temporary directory removed with the object. A node can be killed and restarted with
// the same ports and store, as a machine that fails and comes back.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <memory>
#include <vector>

namespace pulsemap::test {

inline QString natsServerPath()
{
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("nats-server"));
    return onPath.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("nats-server"),
                                                             {"/usr/sbin", "/usr/local/sbin", "/usr/local/bin"})
                            : onPath;
}

// count ports nobody listens on now (held together while choosing, so they differ).
inline std::vector<quint16> freePorts(int count)
{
    std::vector<std::unique_ptr<QTcpServer>> held;
    std::vector<quint16> ports;
    for (int i = 0; i < count; ++i) {
        held.push_back(std::make_unique<QTcpServer>());
        held.back()->listen(QHostAddress::LocalHost, 0);
        ports.push_back(held.back()->serverPort());
    }
    return ports;
}

struct NatsNode
{
    QString name;
    QString config;
    quint16 clientPort = 0;
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();

    QString url() const { return QStringLiteral("nats://127.0.0.1:%1").arg(clientPort); }

    // Starts the server and waits until it accepts clients.
    bool start()
    {
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->setStandardOutputFile(config + ".log", QIODevice::Append);
        process->start(natsServerPath(), {"-c", config});
        if (!process->waitForStarted(10000)) {
            return false;
        }
        for (int i = 0; i < 200; ++i) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, clientPort);
            if (probe.waitForConnected(100)) {
                return true;
            }
            if (process->state() != QProcess::Running) {
                return false;
            }
            QThread::msleep(50);
        }
        return false;
    }
    void kill()
    {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    ~NatsNode() { kill(); }
};

class NatsCluster
{
public:
    // size 1: a single JetStream server; 3: a cluster with routes between all of them. extra is added to each
    // server's configuration (a tls block).
    explicit NatsCluster(int size, const QString &extra = {})
    {
        const std::vector<quint16> ports = freePorts(2 * size);
        QStringList routes;
        for (int i = 0; i < size; ++i) {
            routes << QStringLiteral("nats-route://127.0.0.1:%1").arg(ports[size_t(size + i)]);
        }
        for (int i = 0; i < size; ++i) {
            auto node = std::make_unique<NatsNode>();
            node->name = QStringLiteral("n%1").arg(i + 1);
            node->clientPort = ports[size_t(i)];
            node->config = m_dir.filePath(node->name + ".conf");
            QString text =
                QStringLiteral("server_name: %1\nlisten: 127.0.0.1:%2\njetstream {\n  store_dir: \"%3\"\n}\n")
                    .arg(node->name)
                    .arg(node->clientPort)
                    .arg(m_dir.filePath(node->name));
            text += extra + '\n';
            if (size > 1) {
                text += QStringLiteral("cluster {\n  name: pulsemap-test\n  listen: 127.0.0.1:%1\n  routes: [%2]\n}\n")
                            .arg(ports[size_t(size + i)])
                            .arg(routes.join(", "));
            }
            QFile file(node->config);
            if (file.open(QIODevice::WriteOnly)) {
                file.write(text.toUtf8());
            }
            m_nodes.push_back(std::move(node));
        }
    }

    bool start()
    {
        for (auto &node : m_nodes) {
            if (!node->start()) {
                return false;
            }
        }
        return true;
    }
    NatsNode &node(int i) { return *m_nodes[size_t(i)]; }
    [[nodiscard]] QString dir() const { return m_dir.path(); }
    [[nodiscard]] int size() const { return int(m_nodes.size()); }
    // Every node, as relay --publish and --upstream take them.
    QString url(const QString &query = {}) const
    {
        QStringList hosts;
        for (const auto &node : m_nodes) {
            hosts << QStringLiteral("127.0.0.1:%1").arg(node->clientPort);
        }
        return "nats://" + hosts.join(',') + (query.isEmpty() ? QString() : "/?" + query);
    }
    // The servers' logs, for a failure message.
    QByteArray logs() const
    {
        QByteArray out;
        for (const auto &node : m_nodes) {
            QFile file(node->config + ".log");
            if (file.open(QIODevice::ReadOnly)) {
                out += "--- " + node->name.toUtf8() + "\n" + file.readAll().right(3000);
            }
        }
        return out;
    }

private:
    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<NatsNode>> m_nodes;
};

} // namespace pulsemap::test
