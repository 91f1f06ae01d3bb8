// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "event_source.h"
#include "replay_reader.h"

#include <QElapsedTimer>
#include <QTimer>

#include <memory>
#include <optional>

namespace pulsemap {

// Plays a campaign file back in time order, each event placed at its own time: campaign time runs
// `speed` times faster than the wall clock (by default fast enough to show the whole campaign in
// `targetSeconds`). Events come out with their time moved into the present, so the map fades them
// like live ones.
//
// Threading: lives on the GUI thread. A ReplayReader opens and reads the file on its own thread, a
// bounded queue ahead of the playhead (memory does not depend on the campaign's size); this object
// only takes ready chunks, once per frame, and never touches SQLite. start() checks the file's header
// itself, so a file that is plainly not a campaign is Failed when start() returns; other failures
// (corrupt pages) come later from the reader, as Failed and errorOccurred.
class ReplaySource : public EventSource
{
    Q_OBJECT

public:
    struct Options
    {
        double speed = 0;          // campaign seconds per wall second; 0: derive from targetSeconds
        double targetSeconds = 60; // how long a whole replay takes when speed is 0
        bool loop = false;         // start again at the end (the demo on a wall)
    };

    // displayName is what the status line calls it (the path when empty).
    ReplaySource(QString path, Options options, const QString &displayName = {}, QObject *parent = nullptr);
    ~ReplaySource() override;

    void start() override;
    void stop() override;

    // Known once the reader has opened the file (the state leaves Connecting).
    [[nodiscard]] double speed() const { return m_speed; }
    [[nodiscard]] int64_t campaignStartMs() const { return m_firstMs; }
    [[nodiscard]] int64_t campaignEndMs() const { return m_lastMs; }

private:
    void tick();
    void opened(const EventSpan &span);
    void rewind();
    void failed(const QString &message);
    // Moves the due events of the current chunk (campaign time up to campaignNow) into m_batch.
    void takeDue(int64_t campaignNow, int64_t wallNow, int &taken);

    QString m_path;
    Options m_options;
    std::unique_ptr<ReplayReader> m_reader;
    std::optional<ReplayChunk> m_chunk; // the chunk being played
    size_t m_next = 0;                  // its next event
    bool m_open = false;
    EventBatch m_batch;
    QTimer m_timer;
    QElapsedTimer m_wall;
    int64_t m_firstMs = 0;
    int64_t m_lastMs = 0;
    int64_t m_played = 0;
    double m_speed = 1;
};

} // namespace pulsemap
