#pragma once

#include "core/event.h"
#include "event_source.h"

#include <QElapsedTimer>
#include <QTimer>

#include <memory>

namespace pulsemap {

class CampaignStore;
class SqliteStatement;

// Plays a campaign file back in time order, each event placed at its own time: campaign time runs
// `speed` times faster than the wall clock (by default fast enough to show the whole campaign in
// `targetSeconds`). Events come out with their time moved into the present, so the map fades them
// like live ones. Reads with one SQLite cursor: memory does not depend on the campaign's size.
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
    ReplaySource(QString path, Options options, QString displayName = {}, QObject *parent = nullptr);
    ~ReplaySource() override;

    void start() override;
    void stop() override;

    [[nodiscard]] double speed() const { return m_speed; }
    [[nodiscard]] int64_t campaignStartMs() const { return m_firstMs; }
    [[nodiscard]] int64_t campaignEndMs() const { return m_lastMs; }

private:
    bool open(QString &error);
    void rewind();
    void tick();

    QString m_path;
    Options m_options;
    std::unique_ptr<CampaignStore> m_store;
    std::unique_ptr<SqliteStatement> m_cursor;
    bool m_rowPending = false;
    EventBatch m_batch;
    QTimer m_timer;
    QElapsedTimer m_wall;
    int64_t m_firstMs = 0;
    int64_t m_lastMs = 0;
    int64_t m_count = 0;
    int64_t m_played = 0;
    double m_speed = 1;
};

} // namespace pulsemap
