// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/clock.h"
#include "core/event.h"
#include "core/traffic_simulation.h"
#include "event_source.h"

#include <QElapsedTimer>
#include <QTimer>

namespace pulsemap {

// Synthetic email-campaign traffic (opens and clicks) around the world's big cities at a steady rate:
// for demos, soak tests and benchmarks, with no file or network needed. Deterministic for a given seed.
//
// Threading: GUI thread only (a QTimer drives it; generate() is cheap enough for a frame).
class SimulatedSource : public EventSource
{
    Q_OBJECT

public:
    explicit SimulatedSource(double eventsPerSecond, uint32_t seed = 1, QObject *parent = nullptr);

    void start() override;
    void stop() override;

    // Where event times come from (empty: the system clock); the pace stays on a monotonic timer.
    void setClock(Clock clock) { m_now = orSystemClock(std::move(clock)); }

    // Fills a batch with n events (also used directly by benchmarks).
    void generate(EventBatch &batch, int n, int64_t tsMs);

private:
    void tick();

    double m_rate;
    SteadyTraffic m_traffic; // the cities and the placement are shared with `pulsemap-cli simulate`
    EventBatch m_batch;
    QTimer m_timer;
    Clock m_now = systemClock();
    QElapsedTimer m_clock;
    double m_owed = 0; // fractional events carried to the next tick
    qint64 m_lastMs = 0;
};

} // namespace pulsemap
