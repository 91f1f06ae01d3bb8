// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

class QQuickWindow;

namespace pulsemap {

class ReplaySource;

// --frame-stats: the startup cost and how smooth the map runs; for a replay also how long each seek takes to
// show its picture (seek_ms: from the request to the first frame after the rebuilt heat). With --scrub, it
// also drags the playhead back and forth across the campaign the way a mouse drag does (a new position every
// 16 ms, whatever is still being computed) and prints how many pictures and frames per second the user saw.
// Threading: GUI thread.
class FrameStats : public QObject
{
public:
    FrameStats(QQuickWindow *window, const QElapsedTimer &sinceStart, ReplaySource *replay, double scrubSeconds);
    ~FrameStats() override;
    FrameStats(const FrameStats &) = delete;
    FrameStats &operator=(const FrameStats &) = delete;

private:
    struct Scrub
    {
        double seconds = 0;
        QElapsedTimer clock;
        QTimer timer;
        std::vector<double> frameIntervals;
        std::vector<double> seekMs;
        qint64 lastFrameNs = 0;
        bool done = false;
    };

    void frameSwapped();
    void startScrubbing(ReplaySource *replay);
    void moveScrubbingPlayhead(ReplaySource *replay);
    void reportScrubbing();

    const QElapsedTimer &m_sinceStart;
    std::vector<double> m_intervals;
    qint64 m_last = 0;
    double m_seekMs = -1;
    qint64 m_seekAppliedNs = 0;
    Scrub m_scrub;
};

} // namespace pulsemap
