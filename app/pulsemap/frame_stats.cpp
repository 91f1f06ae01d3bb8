// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "frame_stats.h"

#include "app/replay_source.h"

#include <QQuickWindow>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pulsemap {

namespace {

constexpr int kMouseMoveMs = 16;        // how often a dragging mouse reports a new position
constexpr double kSweepSeconds = 8.0;   // one pass from start to end of the campaign
constexpr size_t kMaxSamples = 100'000; // a frame-stats run is minutes long; this only guards a forgotten one

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(fraction * double(values.size())))];
}

} // namespace

FrameStats::FrameStats(QQuickWindow *window, const QElapsedTimer &sinceStart, ReplaySource *replay, double scrubSeconds)
    : m_sinceStart(sinceStart)
{
    m_scrub.seconds = replay != nullptr ? scrubSeconds : 0;
    if (replay != nullptr) {
        connect(replay, &ReplaySource::seekApplied, this, [this](double elapsedMs) {
            m_seekMs = elapsedMs;
            m_seekAppliedNs = m_sinceStart.nsecsElapsed();
        });
        connect(replay, &ReplaySource::pictureShown, this, [this](double latencyMs) {
            if (m_scrub.clock.isValid() && !m_scrub.done && m_scrub.seekMs.size() < kMaxSamples) {
                m_scrub.seekMs.push_back(latencyMs);
            }
        });
        if (m_scrub.seconds > 0) {
            connect(replay, &ReplaySource::openedChanged, this, [this, replay] {
                if (replay->isOpen() && !m_scrub.clock.isValid()) {
                    startScrubbing(replay); // as soon as there is a timeline to drag
                }
            });
        }
    }
    connect(window, &QQuickWindow::frameSwapped, this, &FrameStats::frameSwapped);
}

FrameStats::~FrameStats()
{
    if (m_scrub.clock.isValid() && !m_scrub.done) {
        reportScrubbing();
    }
    if (m_intervals.empty()) {
        return;
    }
    std::sort(m_intervals.begin(), m_intervals.end());
    std::printf("frames=%zu median_frame_ms=%.2f p95_frame_ms=%.2f\n", m_intervals.size(),
                m_intervals[m_intervals.size() / 2], m_intervals[m_intervals.size() * 95 / 100]);
}

void FrameStats::frameSwapped()
{
    const qint64 now = m_sinceStart.nsecsElapsed();
    if (m_seekMs >= 0 && !m_scrub.clock.isValid()) {
        std::printf("seek_ms=%.1f picture_after_start_ms=%.1f\n",
                    m_seekMs + static_cast<double>(now - m_seekAppliedNs) / 1e6, static_cast<double>(now) / 1e6);
        std::fflush(stdout);
    }
    m_seekMs = -1;
    if (m_last == 0) {
        std::printf("startup_to_first_frame_ms=%.1f\n", static_cast<double>(now) / 1e6);
        std::fflush(stdout);
    } else if (m_intervals.size() < kMaxSamples) {
        m_intervals.push_back(static_cast<double>(now - m_last) / 1e6);
    }
    m_last = now;
    if (m_scrub.clock.isValid() && !m_scrub.done) {
        if (m_scrub.lastFrameNs != 0 && m_scrub.frameIntervals.size() < kMaxSamples) {
            m_scrub.frameIntervals.push_back(static_cast<double>(now - m_scrub.lastFrameNs) / 1e6);
        }
        m_scrub.lastFrameNs = now;
    }
}

void FrameStats::startScrubbing(ReplaySource *replay)
{
    replay->setPlaying(false); // a hand on the playhead: the replay does not run on underneath
    m_scrub.clock.start();
    m_scrub.timer.setInterval(kMouseMoveMs);
    connect(&m_scrub.timer, &QTimer::timeout, this, [this, replay] { moveScrubbingPlayhead(replay); });
    m_scrub.timer.start();
}

void FrameStats::moveScrubbingPlayhead(ReplaySource *replay)
{
    const double elapsed = static_cast<double>(m_scrub.clock.nsecsElapsed()) / 1e9;
    if (elapsed >= m_scrub.seconds) {
        m_scrub.timer.stop();
        reportScrubbing();
        return;
    }
    // Back and forth (a triangle wave), so every part of the campaign is crossed at the same speed.
    const double phase = std::fmod(elapsed / kSweepSeconds, 2.0);
    replay->seekFraction(phase <= 1.0 ? phase : 2.0 - phase);
}

void FrameStats::reportScrubbing()
{
    m_scrub.done = true;
    const double seconds = std::max(1e-3, static_cast<double>(m_scrub.clock.nsecsElapsed()) / 1e9);
    std::printf("scrub_seconds=%.1f scrub_pictures_per_s=%.1f scrub_frames_per_s=%.1f scrub_median_frame_ms=%.1f "
                "scrub_p95_frame_ms=%.1f scrub_median_picture_latency_ms=%.1f scrub_worst_picture_latency_ms=%.1f\n",
                seconds, double(m_scrub.seekMs.size()) / seconds, double(m_scrub.frameIntervals.size() + 1) / seconds,
                percentile(m_scrub.frameIntervals, 0.5), percentile(m_scrub.frameIntervals, 0.95),
                percentile(m_scrub.seekMs, 0.5), percentile(m_scrub.seekMs, 1.0));
    std::fflush(stdout);
}

} // namespace pulsemap
