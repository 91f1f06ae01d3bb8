// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QHash>
#include <QHostAddress>

#include <cstdint>

namespace pulsemap {

// How many connections the relay holds open, in total and per client address, across every port that shares
// the budget (the subscriber port and the beacon): one address cannot take every descriptor, and a flood of
// addresses cannot take more than maxTotal. A connection is counted from accept until its socket is destroyed,
// including its life as a WebSocket subscriber.
// Threading: not thread-safe; used from the relay's one thread.
class ConnectionBudget
{
public:
    enum class Refusal { None, Total, PerAddress };

    ConnectionBudget(int maxTotal, int maxPerAddress) : m_maxTotal(maxTotal), m_maxPerAddress(maxPerAddress) {}

    // Counts the connection and returns None, or refuses it (and counts the refusal).
    Refusal acquire(const QHostAddress &peer)
    {
        if (m_open >= m_maxTotal) {
            ++m_refusedTotal;
            return Refusal::Total;
        }
        int &fromPeer = m_perAddress[peer];
        if (fromPeer >= m_maxPerAddress) {
            ++m_refusedPerAddress;
            return Refusal::PerAddress;
        }
        ++fromPeer;
        ++m_open;
        return Refusal::None;
    }
    // Gives back what acquire counted (once per accepted connection).
    void release(const QHostAddress &peer)
    {
        const auto it = m_perAddress.find(peer);
        if (it == m_perAddress.end()) {
            return;
        }
        --m_open;
        if (--it.value() <= 0) {
            m_perAddress.erase(it);
        }
    }

    [[nodiscard]] int open() const { return m_open; }
    [[nodiscard]] int openFrom(const QHostAddress &peer) const { return m_perAddress.value(peer); }
    [[nodiscard]] int64_t refusedTotal() const { return m_refusedTotal; }
    [[nodiscard]] int64_t refusedPerAddress() const { return m_refusedPerAddress; }
    [[nodiscard]] int maxTotal() const { return m_maxTotal; }
    [[nodiscard]] int maxPerAddress() const { return m_maxPerAddress; }

private:
    int m_maxTotal;
    int m_maxPerAddress;
    int m_open = 0;
    QHash<QHostAddress, int> m_perAddress;
    int64_t m_refusedTotal = 0;
    int64_t m_refusedPerAddress = 0;
};

} // namespace pulsemap
