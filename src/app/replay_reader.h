// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "charts/trend_snapshot.h"
#include "core/campaign_reader.h"
#include "core/event.h"
#include "core/rollup_query.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace pulsemap {

// What the reader thread hands over, in campaign order.
struct ReplayChunk
{
    enum class Kind {
        Opened,   // first: the campaign's span (count 0: nothing to play) and histogram
        Snapshot, // after a seek: the heat at the moment and its last events; Events continue after it
        Events,   // the next events in time order, with their campaign times
        LapEnd,   // looping: the campaign ends here and starts again with the next chunk
        End,      // not looping: the campaign ends here; nothing follows until a seek
        Failed,   // the file could not be opened or read; nothing follows
    };
    Kind kind = Kind::Events;
    uint64_t generation = 0;            // the seek it belongs to: older ones are stale (ReplayReader::seek)
    EventBatch events;                  // Events; Snapshot: the events of its recent window
    EventSpan span;                     // Opened
    std::vector<TypeBucket> buckets;    // Opened; Snapshot when newHistogram: the timeline's histogram
    int64_t bucketMs = 0;               // Opened
    bool newHistogram = false;          // Snapshot: the selection changed, buckets hold its histogram
    std::vector<std::string> campaigns; // Opened: the campaign ids in the file
    HeatSnapshot heat;                  // Snapshot
    std::string error;                  // Failed
    // Snapshot: a picture of atMs (not a lap's bare restart), for the request made at requestedNs. While the
    // playhead is dragged, a picture of a moment passed over is still worth showing (ReplayReader::push).
    bool picture = false;
    int64_t atMs = 0;
    int64_t requestedNs = 0;
    // Snapshot of a request with trends: the trend charts' counts of the windows ending at atMs.
    std::optional<TrendSnapshot> trends;
};

// Where to go and what picture to rebuild there.
struct SeekRequest
{
    int64_t atMs = 0;        // events up to and including atMs are in the picture; play goes on after it
    HeatWindow window;       // how the heat weighs earlier events
    int64_t recentMs = 3000; // events this recent come with the snapshot, to pulse (0: none)
    bool lap = false;        // a loop starting over: no picture, and the events at atMs are played
    bool trends = false;     // count the trend charts' windows ending at atMs too (ReplayTrends)
    int64_t requestedNs = 0; // steady-clock time of the request, handed back with its picture
    // When set: from now on only these types and campaigns are read, pictured and counted in the histogram
    // (the snapshot brings the selection's histogram). Its time bounds are ignored.
    std::optional<EventFilter> selection;
};

// Reads a campaign file on its own thread, ahead of the playback, into a bounded queue of chunks, so
// that the thread that plays it (the GUI's) never touches SQLite and never waits on the disk. Memory is
// at most queueChunks chunks of batchEvents events, whatever the file's size. A seek drops what was queued,
// rebuilds the picture of the moment from the campaign's rollups (RollupQuery), and when asked the trend
// charts' counts of the windows ending there (ReplayTrends), and reads on from there.
//
// Threading: construct, start(), seek(), take() and destroy on one thread (the consumer's); the file is
// opened and read only on the reader's own thread, which the destructor stops and joins.
class ReplayReader
{
public:
    struct Options
    {
        bool loop = false;
        size_t batchEvents = 4096;
        size_t queueChunks = 8;
        size_t histogramBuckets = 1500; // at most this many, of whole minutes
    };

    ReplayReader(std::string path, Options options);
    ~ReplayReader();
    ReplayReader(const ReplayReader &) = delete;
    ReplayReader &operator=(const ReplayReader &) = delete;

    void start();
    // The oldest ready chunk, or nothing when the reader has not got further yet. Never blocks on I/O.
    std::optional<ReplayChunk> take();
    // Drops every queued chunk and replaces any seek not yet started; returns the generation whose chunks
    // answer it (chunks of older generations still in flight are to be ignored).
    uint64_t seek(const SeekRequest &request);

private:
    enum class Push { Pushed, Stopping, Seeking };

    void run();
    // Queues a chunk, waiting while the queue is full.
    Push push(ReplayChunk chunk);
    void pushFailure(const std::string &message);
    // Reads on from the reader's position; returns when the campaign ends (not looping), a seek arrives or
    // the reader stops (false: stop or failure).
    bool readOn(CampaignReader &reader);
    bool answerSeek(CampaignStore &store, const RollupQuery &rollups, CampaignReader &reader,
                    const SeekRequest &request, int64_t bucketMs);
    // Waits for a seek (or stop) after the end.
    bool waitForSeek();

    std::string m_path;
    Options m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<ReplayChunk> m_queue;      // guarded by m_mutex
    std::optional<SeekRequest> m_pending; // guarded by m_mutex
    uint64_t m_generation = 0;            // guarded by m_mutex: of the latest seek asked for
    uint64_t m_working = 0;               // reader thread: the generation being read
    int64_t m_firstMs = 0;                // reader thread: the campaign's first event (trends count from it)
    bool m_stopping = false;              // guarded by m_mutex
    std::thread m_thread;
};

} // namespace pulsemap
