// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "live_model.h"
#include "replay_source.h"

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace pulsemap {

// A/B compare: a second campaign (B) replayed beside the main replay (A) on its own map, kept at A's moment.
// Two sends of one newsletter, say: aligned by their starts, B shows what happened as long after its own
// start as A's playhead is after A's; aligned by clock time, B shows the same moment of the calendar. B plays,
// pauses, seeks, steps and changes speed and window with A; A's controls (the timeline) drive both, and the
// timeline overlays B's histogram on A's, moved by the alignment.
//
// Threading: GUI thread only, like the replays; B reads its file on its own ReplayReader thread.
class CompareSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A comparison comes from AppController.compare")
    Q_PROPERTY(pulsemap::ReplaySource *replay READ replay CONSTANT FINAL)
    Q_PROPERTY(pulsemap::LiveModel *live READ live CONSTANT FINAL)
    Q_PROPERTY(Align align READ align WRITE setAlign NOTIFY alignChanged FINAL)
    // B's campaign time minus A's at the same playhead (ms; 0 by clock time), once both are open.
    Q_PROPERTY(double offsetMs READ offsetMs NOTIFY alignChanged FINAL)
    Q_PROPERTY(QString name READ name CONSTANT FINAL)

public:
    enum class Align { Start, ClockTime };
    Q_ENUM(Align)

    // How far B may drift from A's moment, in wall seconds, before it is moved back (the two replays run
    // on their own timers and may wait for their pictures at different times).
    static constexpr double kMaxDriftWallSeconds = 0.5;

    CompareSession(ReplaySource *a, const QString &pathB, double halfLifeSeconds, Align align,
                   QObject *parent = nullptr);
    ~CompareSession() override;

    void start();
    [[nodiscard]] ReplaySource *replay() { return &m_b; }
    [[nodiscard]] LiveModel *live() { return &m_live; }
    [[nodiscard]] Align align() const { return m_align; }
    void setAlign(Align align);
    [[nodiscard]] double offsetMs() const { return double(offset()); }
    [[nodiscard]] QString name() const { return m_name; }
    // B's campaign time at A's time aMs.
    [[nodiscard]] int64_t toB(int64_t aMs) const { return aMs + offset(); }

signals:
    void alignChanged();

private:
    [[nodiscard]] int64_t offset() const;
    // Moves B to A's moment (and A's speed, window, play state) when both are open.
    void syncAll();
    void syncPosition();
    void checkDrift();

    ReplaySource *m_a;
    LiveModel m_live;
    ReplaySource m_b;
    Align m_align;
    QString m_name;
    QTimer m_driftTimer;
};

} // namespace pulsemap
