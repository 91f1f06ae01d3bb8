// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "compare_session.h"

#include "replay_binding.h"

#include <QFileInfo>

#include <cmath>

namespace pulsemap {

namespace {
ReplaySource::Options compareOptions(const ReplaySource &a)
{
    ReplaySource::Options options;
    options.paused = true; // it starts when it stands at A's moment
    options.window = a.windowMode();
    options.windowMs = a.windowMs();
    return options;
}
} // namespace

CompareSession::CompareSession(ReplaySource *a, const QString &pathB, double halfLifeSeconds, Align align,
                               QObject *parent)
    : QObject(parent), m_a(a), m_b(pathB, compareOptions(*a), QFileInfo(pathB).fileName()), m_align(align),
      m_name(QFileInfo(pathB).fileName())
{
    connect(&m_b, &ReplaySource::batchReady, &m_live, &LiveModel::addBatch);
    bindReplayToModel(&m_b, &m_live, halfLifeSeconds);
    connect(m_a, &ReplaySource::openedChanged, this, &CompareSession::syncAll);
    connect(&m_b, &ReplaySource::openedChanged, this, &CompareSession::syncAll);
    connect(m_a, &ReplaySource::jumped, this, &CompareSession::syncPosition);
    connect(m_a, &ReplaySource::playingChanged, this, [this] { m_b.setPlaying(m_a->playing()); });
    connect(m_a, &ReplaySource::speedChanged, this, [this] { m_b.setSpeed(m_a->speed()); });
    connect(m_a, &ReplaySource::windowChanged, this, [this] {
        m_b.setWindowMode(m_a->windowMode());
        m_b.setWindowMs(m_a->windowMs());
    });
    m_driftTimer.setInterval(1000);
    connect(&m_driftTimer, &QTimer::timeout, this, &CompareSession::checkDrift);
}

CompareSession::~CompareSession()
{
    m_b.stop();
}

void CompareSession::start()
{
    m_b.start();
    m_driftTimer.start();
}

int64_t CompareSession::offset() const
{
    if (m_align == Align::ClockTime || !m_a->isOpen() || !m_b.isOpen()) {
        return 0;
    }
    return m_b.campaignStartMs() - m_a->campaignStartMs();
}

void CompareSession::setAlign(Align align)
{
    if (align != m_align) {
        m_align = align;
        emit alignChanged();
        syncPosition();
    }
}

void CompareSession::syncAll()
{
    emit alignChanged(); // the offset is known once both are open
    if (!m_a->isOpen() || !m_b.isOpen()) {
        return;
    }
    m_b.setSpeed(m_a->speed());
    m_b.setWindowMode(m_a->windowMode());
    m_b.setWindowMs(m_a->windowMs());
    syncPosition();
    m_b.setPlaying(m_a->playing());
}

void CompareSession::syncPosition()
{
    if (m_a->isOpen() && m_b.isOpen()) {
        m_b.seek(double(toB(m_a->positionMs())));
        m_b.setPlaying(m_a->playing()); // B may have stopped at its end; A's lap or seek brings it back
    }
}

void CompareSession::checkDrift()
{
    if (!m_a->isOpen() || !m_b.isOpen() || !m_a->playing() || !m_b.playing()) {
        return;
    }
    const int64_t target = toB(m_a->positionMs());
    if (target < m_b.campaignStartMs() || target > m_b.campaignEndMs()) {
        return; // A's moment is outside B's campaign: B waits at its edge
    }
    const double driftWallSeconds = std::abs(double(m_b.positionMs() - target)) / 1000.0 / m_a->speed();
    if (driftWallSeconds > kMaxDriftWallSeconds) {
        m_b.seek(double(target));
    }
}

} // namespace pulsemap
