// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/campaign_reader.h"
#include "core/event.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace pulsemap {

// What the reader thread hands over, in campaign order.
struct ReplayChunk
{
    enum class Kind {
        Opened, // first: the campaign's span (count 0: nothing to play)
        Events, // the next events in time order, with their campaign times
        LapEnd, // looping: the campaign ends here and starts again with the next chunk
        End,    // not looping: the campaign ends here, nothing follows
        Failed, // the file could not be opened or read; nothing follows
    };
    Kind kind = Kind::Events;
    EventBatch events; // Events
    EventSpan span;    // Opened
    std::string error; // Failed
};

// Reads a campaign file on its own thread, ahead of the playback, into a bounded queue of chunks, so
// that the thread that plays it (the GUI's) never touches SQLite and never waits on the disk. Memory is
// at most queueChunks chunks of batchEvents events, whatever the file's size.
//
// Threading: construct, start(), take() and destroy on one thread (the consumer's); the file is opened
// and read only on the reader's own thread, which the destructor stops and joins.
class ReplayReader
{
public:
    struct Options
    {
        bool loop = false;
        size_t batchEvents = 4096;
        size_t queueChunks = 8;
    };

    ReplayReader(std::string path, Options options);
    ~ReplayReader();
    ReplayReader(const ReplayReader &) = delete;
    ReplayReader &operator=(const ReplayReader &) = delete;

    void start();
    // The oldest ready chunk, or nothing when the reader has not got further yet. Never blocks on I/O.
    std::optional<ReplayChunk> take();

private:
    void run();
    // Queues a chunk, waiting while the queue is full; false when stopping.
    bool push(ReplayChunk chunk);
    bool pushFailure(const std::string &message);
    void readAll(CampaignReader &reader);

    std::string m_path;
    Options m_options;
    std::mutex m_mutex;
    std::condition_variable m_spaceFree;
    std::deque<ReplayChunk> m_queue; // guarded by m_mutex
    bool m_stopping = false;         // guarded by m_mutex
    std::thread m_thread;
};

} // namespace pulsemap
