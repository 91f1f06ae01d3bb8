// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"
#include "file_follower.h"
#include "ingest_batcher.h"
#include "line_processor.h"
#include "log_ingestor_p.h"

#include <memory>
#include <string>
#include <vector>

namespace pulsemap {

class BatchQueue;

// The ingest worker's reading and following stage, and what ties the stages together: reads every
// input (standard input and gzip once, plain files followed with checkpoints), hands each line to the
// LineProcessor (parse, rules, GeoIP) and the outcome to the IngestBatcher (batches, checkpoints, counts).
// Threading: prepare() on the consumer's thread, run() on the worker thread.
class Producer : public LineSink
{
public:
    Producer(const ImportOptions &options, const LogIngestor::CheckpointLookup &checkpoints, BatchQueue &queue,
             LogIngestor::Shared &shared);

    // Opens the format, rules and GeoIP database.
    Status prepare();
    void run();

    // LineSink: a line from a followed file.
    void line(std::string_view text, const SourceCheckpoint &after) override;
    void lineTooLong(const SourceCheckpoint &after) override;

private:
    [[nodiscard]] bool stopping() const;
    void addFollower(const std::string &input);
    bool readStream(const std::string &input);
    void followFiles();
    void pollFollowers(size_t &delivered, bool &allFinished);
    void handleLine(std::string_view text);
    // Progress for followed files: the read position of each file seen, summed now and then.
    void trackOffset(const SourceCheckpoint &after);
    void publishFollowedBytes();

    const ImportOptions &m_options;
    const LogIngestor::CheckpointLookup &m_checkpoints;
    LogIngestor::Shared &m_shared;
    IngestBatcher m_batcher;
    std::unique_ptr<LineProcessor> m_processor;
    std::vector<std::unique_ptr<FileFollower>> m_followers;

    struct FileOffset
    {
        uint64_t device;
        uint64_t inode;
        int64_t offset;
    };
    std::vector<FileOffset> m_fileOffsets;
    int64_t m_streamedBytes = 0; // bytes of stdin and gzip inputs, read before the followed files
};

} // namespace pulsemap
