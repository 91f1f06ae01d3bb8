// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "simulated_source.h"

namespace pulsemap {

SimulatedSource::SimulatedSource(double eventsPerSecond, uint32_t seed, QObject *parent)
    : EventSource(tr("simulated traffic"), parent), m_rate(eventsPerSecond), m_traffic(seed)
{
    m_timer.setInterval(16);
    connect(&m_timer, &QTimer::timeout, this, &SimulatedSource::tick);
}

void SimulatedSource::start()
{
    m_clock.start();
    m_lastMs = 0;
    m_timer.start();
    setState(State::Live, tr("simulated traffic, %L1 events/s").arg(m_rate, 0, 'f', 0));
}

void SimulatedSource::stop()
{
    m_timer.stop();
    setState(State::Idle, {});
}

void SimulatedSource::generate(EventBatch &batch, int n, int64_t tsMs)
{
    m_traffic.generate(batch, n, tsMs);
}

void SimulatedSource::tick()
{
    const qint64 elapsed = m_clock.elapsed();
    m_owed += m_rate * static_cast<double>(elapsed - m_lastMs) / 1000.0;
    m_lastMs = elapsed;
    const int n = static_cast<int>(m_owed);
    if (n <= 0) {
        return;
    }
    m_owed -= n;
    m_batch.clear();
    generate(m_batch, n, m_now());
    emit batchReady(m_batch);
}

} // namespace pulsemap
