// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "core/rollup_query.h"
#include "event_source.h"
#include "replay_reader.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QVariantList>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace pulsemap {

// Plays a campaign file back with a playhead: campaign time runs `speed` times faster than the wall clock
// (by default fast enough to show the whole campaign in `targetSeconds`), and can be paused, stepped,
// looped and moved anywhere (seek). Events come out with their time moved into the present, so the map
// fades them like live ones; the heat decays with the map's half-life in wall time, which is that many
// times `speed` in campaign time. A seek rebuilds that heat as it was at the moment, from the campaign's
// rollups (heatReplaced), so scrubbing shows every moment as playing up to it would have.
//
// The trend charts run on the campaign's clock instead (bindReplayToModel): trendClockMs() is the playhead (it
// stands still while paused, and while a seek waits for its picture), campaignTimesOf() gives the campaign times
// of the batch being delivered, and every seek and lap brings the counts of the windows ending at its moment
// (trendsReady, counted by the reader from the file; a sliding window's refresh does not, nor does a picture
// rebuilt at the moment the charts already stand at, as when play resumes).
//
// Window modes: Decay (default), Cumulative (every event so far at full weight) and Sliding (the events
// of the last windowMs of campaign time, rebuilt from the rollups several times a second while playing).
//
// Threading: lives on the GUI thread. A ReplayReader opens and reads the file on its own thread, a
// bounded queue ahead of the playhead (memory does not depend on the campaign's size); this object only
// takes ready chunks, once per frame, and never touches SQLite. start() checks the file's header itself,
// so a file that is plainly not a campaign is Failed when start() returns; other failures (corrupt pages)
// come later from the reader, as Failed and errorOccurred.
class ReplaySource : public EventSource
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The replay comes from AppController.replay")
    Q_PROPERTY(bool opened READ isOpen NOTIFY openedChanged FINAL)
    Q_PROPERTY(QString path READ path CONSTANT FINAL) // the campaign file (the calendar view reads it too)
    // Times are Unix ms as doubles for QML (exact up to 2^53; Qt 6.4's qmllint knows no qint64).
    Q_PROPERTY(double startMs READ startMsForQml NOTIFY openedChanged FINAL)
    Q_PROPERTY(double endMs READ endMsForQml NOTIFY openedChanged FINAL)
    Q_PROPERTY(double eventCount READ eventCountForQml NOTIFY openedChanged FINAL)
    Q_PROPERTY(QVariantList histogram READ histogram NOTIFY histogramChanged FINAL)
    // The campaign ids in the file, and the one played ("" every campaign): the map, the timeline's
    // histogram and the charts then show that campaign only.
    Q_PROPERTY(QStringList campaigns READ campaigns NOTIFY openedChanged FINAL)
    Q_PROPERTY(QString campaignFilter READ campaignFilter WRITE setCampaignFilter NOTIFY campaignFilterChanged FINAL)
    Q_PROPERTY(double histogramBucketMs READ bucketMsForQml NOTIFY openedChanged FINAL)
    Q_PROPERTY(double positionMs READ positionMsForQml NOTIFY positionChanged FINAL)
    Q_PROPERTY(bool playing READ playing WRITE setPlaying NOTIFY playingChanged FINAL)
    Q_PROPERTY(double speed READ speed WRITE setSpeed NOTIFY speedChanged FINAL)
    Q_PROPERTY(bool loop READ loop WRITE setLoop NOTIFY loopChanged FINAL)
    Q_PROPERTY(WindowMode windowMode READ windowMode WRITE setWindowMode NOTIFY windowChanged FINAL)
    Q_PROPERTY(double windowMs READ windowMsForQml WRITE setWindowMsForQml NOTIFY windowChanged FINAL)
    Q_PROPERTY(
        double heatHalfLifeSeconds READ heatHalfLifeSeconds WRITE setHeatHalfLifeSeconds NOTIFY windowChanged FINAL)

public:
    enum class WindowMode { Decay, Cumulative, Sliding };
    Q_ENUM(WindowMode)

    static constexpr double kMinSpeed = 0.01;
    static constexpr double kMaxSpeed = 100000;

    struct Options
    {
        double speed = 0;                 // campaign seconds per wall second; 0: derive from targetSeconds
        double targetSeconds = 60;        // how long a whole replay takes when speed is 0
        bool loop = false;                // start again at the end (the demo on a wall)
        std::optional<int64_t> atMs;      // start there (--at TIME)
        std::optional<double> atFraction; // or at this fraction of the campaign (--at 50%)
        WindowMode window = WindowMode::Decay;
        int64_t windowMs = 3'600'000;
        bool paused = false; // open paused (at --at): a moment to look at or to screenshot
    };

    // displayName is what the status line calls it (the path when empty).
    ReplaySource(QString path, Options options, const QString &displayName = {}, QObject *parent = nullptr);
    ~ReplaySource() override;

    void start() override;
    void stop() override;

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] int64_t campaignStartMs() const { return m_firstMs; }
    [[nodiscard]] int64_t campaignEndMs() const { return m_lastMs; }
    [[nodiscard]] int64_t eventCount() const { return m_count; }
    // [{t: bucket start ms, type: name, n: events}], in time order (Opened).
    [[nodiscard]] QVariantList histogram() const { return m_histogram; }
    [[nodiscard]] int64_t histogramBucketMs() const { return m_bucketMs; }
    [[nodiscard]] QStringList campaigns() const { return m_campaigns; }
    [[nodiscard]] QString campaignFilter() const { return m_campaignFilter; }
    // Plays only this campaign ("" all) from the current moment: the picture is rebuilt for it.
    void setCampaignFilter(const QString &campaign);
    [[nodiscard]] int64_t positionMs() const { return int64_t(m_position); }
    [[nodiscard]] bool playing() const { return m_playing; }
    void setPlaying(bool playing);
    // Known once the reader has opened the file (the state leaves Connecting); clamped to kMinSpeed..kMaxSpeed.
    [[nodiscard]] double speed() const { return m_speed; }
    void setSpeed(double speed);
    [[nodiscard]] bool loop() const { return m_options.loop; }
    void setLoop(bool loop);
    [[nodiscard]] WindowMode windowMode() const { return m_options.window; }
    void setWindowMode(WindowMode mode);
    [[nodiscard]] int64_t windowMs() const { return m_options.windowMs; }
    void setWindowMs(int64_t ms);
    // The map's half-life in wall seconds (the live model's); Decay rebuilds heat with it times speed.
    [[nodiscard]] double heatHalfLifeSeconds() const { return m_halfLifeS; }
    void setHeatHalfLifeSeconds(double seconds);

    [[nodiscard]] double startMsForQml() const { return double(m_firstMs); }
    [[nodiscard]] double endMsForQml() const { return double(m_lastMs); }
    [[nodiscard]] double eventCountForQml() const { return double(m_count); }
    [[nodiscard]] double bucketMsForQml() const { return double(m_bucketMs); }
    [[nodiscard]] double positionMsForQml() const { return m_position; }
    [[nodiscard]] double windowMsForQml() const { return double(m_options.windowMs); }
    void setWindowMsForQml(double ms) { setWindowMs(int64_t(ms)); }

    // Moves the playhead (clamped to the campaign); the picture follows once the reader has rebuilt it.
    Q_INVOKABLE void seek(double ms);
    Q_INVOKABLE void seekFraction(double fraction);
    // Moves by ms (negative: back) and pauses: frame by frame with the arrow keys.
    Q_INVOKABLE void step(double ms);
    Q_INVOKABLE void togglePlaying() { setPlaying(!m_playing); }
    // The speed that plays the whole campaign in `seconds`.
    Q_INVOKABLE void fitInto(double seconds);
    // The trend charts' clock: the playhead as it plays, the moment of a picture once it is shown (while a seek
    // waits for its picture, the charts stay where they were).
    [[nodiscard]] int64_t trendClockMs() const { return m_trendClockMs; }
    // The campaign times of a batch this source is delivering (batchReady), index for index with its events,
    // whose own times are moved into the present for the map; empty for any other batch.
    [[nodiscard]] std::span<const int64_t> campaignTimesOf(const EventBatch &batch) const
    {
        return &batch == &m_batch ? std::span<const int64_t>(m_campaignTimes) : std::span<const int64_t>();
    }
    // "2024-05-17 10:05:03 CEST": ms in the IANA zone (empty: the system's).
    [[nodiscard]] Q_INVOKABLE QString formatTime(double ms, const QString &zone = {}) const;

signals:
    void openedChanged();
    void histogramChanged();
    void campaignFilterChanged();
    void positionChanged();
    void playingChanged();
    void speedChanged();
    void loopChanged();
    void windowChanged();
    // The picture of a moment, to replace the map's heat: cells (weights as of the moment) and the last
    // few seconds of events (to pulse), with the campaign-to-wall mapping to place them in the present.
    void heatReady(const pulsemap::HeatSnapshot &heat, const pulsemap::EventBatch &recent, int64_t positionMs,
                   double speed);
    // The trend charts' counts of the windows ending at a new moment (a seek, a lap, or the campaign opened:
    // empty at its start), to replace what they counted before.
    void trendsReady(const pulsemap::TrendSnapshot &trends);
    // Freeze the map (paused, or waiting for a rebuilt picture) or let it run.
    void freezeRequested(bool frozen);
    // The playhead was moved to ms (a seek, a step, a lap back to the start), not by playing.
    void jumped(double ms);
    // A seek's picture was handed over, `elapsedMs` after seek() was called (--frame-stats: seek_ms).
    void seekApplied(double elapsedMs);
    // A picture was shown, `latencyMs` after the seek it answers was requested: every seek's own picture, and
    // while the playhead is dragged also pictures of moments it passed (--frame-stats --scrub counts them).
    void pictureShown(double latencyMs);

private:
    void tick();
    void opened(const ReplayChunk &chunk);
    void setHistogram(const std::vector<TypeBucket> &buckets);
    void applySnapshot(const ReplayChunk &chunk);
    void applyPassedPicture(const ReplayChunk &chunk);
    void showPicture(const ReplayChunk &chunk, int64_t atMs);
    void reachedEnd();
    void failed(const QString &message);
    // Seek: the picture of the moment and its recent events; Lap: a loop starting over, the heat carries on;
    // Refresh: a sliding window moved on while playing, the heat only.
    enum class Picture { Seek, Lap, Refresh };
    void requestPicture(Picture kind);
    void updateStatus();
    [[nodiscard]] HeatWindow heatWindow() const;
    // Moves the due events of the current chunk (campaign time up to the playhead) into m_batch.
    void takeDue(int64_t wallNow, int &taken);

    QString m_path;
    Options m_options;
    std::unique_ptr<ReplayReader> m_reader;
    std::optional<ReplayChunk> m_chunk; // the chunk being played
    size_t m_next = 0;                  // its next event
    bool m_open = false;
    bool m_playing = true;
    bool m_atEnd = false;
    bool m_resumeAfterPicture = false;
    uint64_t m_generation = 0;      // of the latest seek: chunks of older ones are dropped
    uint64_t m_shownGeneration = 0; // of the newest picture shown (pictures never go back to an older one)
    bool m_awaitingPicture = false; // a seek is in flight
    bool m_keepHeat = false;        // the seek in flight is a lap: no new picture
    EventBatch m_batch;
    std::vector<int64_t> m_campaignTimes; // of m_batch's events: the trend charts count at these
    int64_t m_trendClockMs = 0;           // trendClockMs()
    QTimer m_timer;
    QElapsedTimer m_tickClock;
    QElapsedTimer m_slidingClock;
    int64_t m_firstMs = 0;
    int64_t m_lastMs = 0;
    int64_t m_count = 0;
    QVariantList m_histogram;
    QStringList m_campaigns;
    QString m_campaignFilter;
    bool m_selectionChanged = false; // the next seek carries the new selection
    int64_t m_bucketMs = 0;
    double m_position = 0; // campaign ms
    int64_t m_played = 0;
    int64_t m_lastWallMs = 0; // the present-time stamp of the last event handed over
    double m_speed = 1;
    double m_halfLifeS = 600;
};

} // namespace pulsemap
