// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_producer.h"

#include "batch_queue.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <thread>

namespace pulsemap {

namespace {

using SteadyClock = std::chrono::steady_clock;

// How often (in lines) the bytes read from a stream are published as progress.
constexpr int64_t kProgressEveryLines = 0x1000;

bool isPlainFile(const std::string &path)
{
    if (path == "-" || path.ends_with(".gz")) {
        return false;
    }
    struct stat info
    {
    };
    return ::stat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode); // missing: may appear later
}

// Checkpoints are keyed by absolute path so runs from other directories resume too.
std::string absolutePath(const std::string &path)
{
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(path, ec);
    return ec ? path : absolute.lexically_normal().string();
}

} // namespace

Producer::Producer(const ImportOptions &options, const LogIngestor::CheckpointLookup &checkpoints, BatchQueue &queue,
                   LogIngestor::Shared &shared)
    : m_options(options), m_checkpoints(checkpoints), m_shared(shared), m_batcher(options, queue, shared)
{}

Status Producer::prepare()
{
    auto processor = LineProcessor::create(m_options, m_shared.report);
    if (!processor) {
        m_shared.report.error = processor.message();
        return processor.error();
    }
    m_processor = std::move(*processor);
    return {};
}

void Producer::run()
{
    m_batcher.begin();
    std::vector<std::string> streamed; // inputs read once: stdin, gzip
    for (const std::string &input : m_options.inputs) {
        struct stat info
        {
        };
        if (!m_options.follow && input != "-" && ::stat(input.c_str(), &info) != 0) {
            m_batcher.fatal(input + ": " + std::strerror(errno));
            break;
        }
        if (isPlainFile(input)) {
            addFollower(input);
        } else {
            streamed.push_back(input);
        }
    }
    for (const std::string &input : streamed) {
        if (!readStream(input) || stopping()) {
            break;
        }
    }
    followFiles();
    m_batcher.finish();
}

void Producer::line(std::string_view text, const SourceCheckpoint &after)
{
    if (m_batcher.failed()) { // --strict stopped at a bad line: nothing after it is stored
        return;
    }
    m_batcher.setPosition(&after.path, after.lineNumber);
    trackOffset(after);
    handleLine(text);
    m_batcher.coverUpTo(after);
    m_batcher.flushIfFull();
}

void Producer::lineTooLong(const SourceCheckpoint &after)
{
    if (m_batcher.failed()) {
        return;
    }
    m_batcher.setPosition(&after.path, after.lineNumber);
    trackOffset(after);
    m_batcher.countBadLine("line longer than the limit");
    m_batcher.coverUpTo(after);
    m_batcher.flushIfFull();
}

bool Producer::stopping() const
{
    return m_shared.stop.load(std::memory_order_relaxed) || m_batcher.failed();
}

void Producer::handleLine(std::string_view text)
{
    ParseError error = ParseError::None;
    const EventBuilder::Outcome outcome = m_processor->process(text, m_batcher.batch(), error);
    m_batcher.countLine(outcome, m_processor->lastLocated(), error);
}

void Producer::trackOffset(const SourceCheckpoint &after)
{
    for (FileOffset &file : m_fileOffsets) {
        if (file.inode == after.inode && file.device == after.device) {
            file.offset = after.offset;
            return;
        }
    }
    m_fileOffsets.push_back({after.device, after.inode, after.offset});
}

void Producer::publishFollowedBytes()
{
    int64_t total = 0;
    for (const FileOffset &file : m_fileOffsets) {
        total += file.offset;
    }
    m_shared.bytesRead.store(m_streamedBytes + total, std::memory_order_relaxed);
}

void Producer::addFollower(const std::string &input)
{
    FileFollower::Options options;
    options.follow = m_options.follow;
    options.rotateWait = m_options.rotateWait;
    options.reader.maxLineBytes = m_options.maxLineBytes;
    const std::string key = absolutePath(input);
    // Without --follow an import appends what the file holds now; with it, it resumes where it stopped.
    const auto saved = m_options.follow && m_checkpoints ? m_checkpoints(key) : std::vector<SourceCheckpoint>{};
    m_followers.push_back(std::make_unique<FileFollower>(key, options, saved));
}

bool Producer::readStream(const std::string &input)
{
    LineReader::Options options;
    options.maxLineBytes = m_options.maxLineBytes;
    auto opened = LineReader::open(input, options);
    if (!opened) {
        m_batcher.fatal(opened.message());
        return false;
    }
    LineReader &reader = **opened;
    const std::string name = input == "-" ? std::string("<stdin>") : input;
    int64_t lineNumber = 0;
    std::string_view text;
    int64_t reported = 0;
    while (!stopping()) {
        const LineReader::Status status = reader.next(text);
        if (status == LineReader::Status::EndOfData) {
            if (reader.takePartial(text)) {
                m_batcher.setPosition(&name, ++lineNumber);
                handleLine(text);
            }
            break;
        }
        if (status == LineReader::Status::Error) {
            m_batcher.fatal(name + ": " + reader.error());
            break;
        }
        m_batcher.setPosition(&name, ++lineNumber);
        if (status == LineReader::Status::TooLong) {
            m_batcher.countBadLine("line longer than the limit");
        } else {
            handleLine(text);
        }
        m_batcher.flushIfFull();
        if (lineNumber % kProgressEveryLines == 0) {
            m_shared.bytesRead.fetch_add(reader.bytesRead() - reported, std::memory_order_relaxed);
            reported = reader.bytesRead();
        }
    }
    m_shared.bytesRead.fetch_add(reader.bytesRead() - reported, std::memory_order_relaxed);
    m_streamedBytes += reader.bytesRead();
    m_batcher.setPosition(nullptr, 0);
    return !m_batcher.failed();
}

void Producer::pollFollowers(size_t &delivered, bool &allFinished)
{
    for (size_t i = 0; i < m_followers.size() && !stopping(); ++i) {
        FileFollower &follower = *m_followers[i];
        delivered += follower.poll(*this, m_options.batchEvents);
        for (std::string &notice : follower.takeNotices()) {
            m_batcher.notice(std::move(notice));
        }
        if (!follower.error().empty()) {
            m_batcher.fatal(follower.error());
        }
        allFinished = allFinished && follower.finished();
    }
}

void Producer::followFiles()
{
    auto lastFlush = SteadyClock::now();
    while (!stopping()) {
        size_t delivered = 0;
        bool allFinished = true;
        pollFollowers(delivered, allFinished);
        publishFollowedBytes();
        if (!m_options.follow && allFinished) {
            break;
        }
        const bool idle = delivered == 0;
        m_shared.caughtUp.store(idle && m_options.follow, std::memory_order_relaxed);
        // Following: commit what arrived at least every flushInterval, so the campaign is live.
        if (m_batcher.holdsCheckpoints() && (idle || SteadyClock::now() - lastFlush >= m_options.flushInterval)) {
            m_batcher.flush();
            lastFlush = SteadyClock::now();
        }
        if (idle) {
            std::this_thread::sleep_for(m_options.pollInterval);
        }
    }
}

} // namespace pulsemap
