#include "log_ingestor.h"

#include "batch_queue.h"
#include "event_builder.h"
#include "event_rules.h"
#include "file_follower.h"
#include "geoip.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <sys/stat.h>
#include <thread>

namespace pulsemap {

namespace {

using Clock = std::chrono::steady_clock;

int64_t wallClockMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

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

// State shared between the worker and the consumer thread.
struct LogIngestor::Shared
{
    std::atomic<int64_t> bytesRead{0};
    std::atomic<int64_t> lines{0};
    std::atomic<int64_t> events{0};
    std::atomic<bool> caughtUp{false};
    std::atomic<bool> stop{false};
    mutable std::mutex mutex; // guards the report the worker fills
    ImportReport report;
};

// The worker: reads every input, builds events, hands over batches.
class Producer : public LineSink
{
public:
    Producer(const ImportOptions &options, const LogIngestor::CheckpointLookup &checkpoints, BatchQueue &queue,
             LogIngestor::Shared &shared)
        : m_options(options), m_checkpoints(checkpoints), m_queue(queue), m_shared(shared), m_report(shared.report)
    {}

    bool prepare()
    {
        std::string error;
        m_parser = makeLogParser(m_options.format, m_options.jsonFields, error);
        if (!m_parser) {
            m_report.error = error;
            return false;
        }
        for (const std::string &rule : m_options.typeRules) {
            if (!m_rules.addRule(rule, error)) {
                m_report.error = error;
                return false;
            }
        }
        m_rules.setDefaultType(m_options.defaultType);
        m_rules.setCampaignParameter(m_options.campaignParameter);
        if (!m_options.geoipPath.empty()) {
            m_geoip = GeoIp::open(m_options.geoipPath, error);
            if (!m_geoip) {
                m_report.error = error;
                return false;
            }
            if (!error.empty()) { // usable with a warning, e.g. a country-only database
                m_report.notices.push_back(error);
            }
            m_report.geoip = m_geoip->description();
        }
        if (m_options.useForwardedFor && !m_parser->hasForwardedFor()) {
            m_report.notices.emplace_back(
                "--xff: the log format has no X-Forwarded-For field; using the client address");
        }
        m_builder = std::make_unique<EventBuilder>(*m_parser, m_rules, m_geoip.get(),
                                                   EventBuilder::Options{m_options.useForwardedFor, m_options.keepIp});
        return true;
    }

    void run()
    {
        m_batch = m_queue.acquire();
        std::vector<std::string> streamed; // inputs read once: stdin, gzip
        for (const std::string &input : m_options.inputs) {
            struct stat info
            {
            };
            if (!m_options.follow && input != "-" && ::stat(input.c_str(), &info) != 0) {
                fatal(input + ": " + std::strerror(errno));
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
        flush();
        m_queue.push(std::move(m_batch));
        m_queue.close();
    }

    // LineSink: a line from a followed file.
    void line(std::string_view text, const SourceCheckpoint &after) override
    {
        if (m_fatal) { // --strict stopped at a bad line: nothing after it is stored
            return;
        }
        m_currentName = &after.path;
        m_currentLine = after.lineNumber;
        trackOffset(after);
        handleLine(text);
        // The batch holding the line's event also holds the position after it, so a crash can neither
        // replay nor lose it. A line that stopped --strict is not covered: it is still unread.
        if (!m_fatal) {
            m_batch->setCheckpoint(after);
        }
        flushIfFull();
    }

    void lineTooLong(const SourceCheckpoint &after) override
    {
        if (m_fatal) {
            return;
        }
        m_currentName = &after.path;
        m_currentLine = after.lineNumber;
        trackOffset(after);
        ++m_lines;
        countBadLine("line longer than the limit");
        if (!m_fatal) {
            m_batch->setCheckpoint(after);
        }
        flushIfFull();
    }

private:
    // Progress for followed files: the read position of each file seen, summed now and then.
    void trackOffset(const SourceCheckpoint &after)
    {
        for (FileOffset &file : m_fileOffsets) {
            if (file.inode == after.inode && file.device == after.device) {
                file.offset = after.offset;
                return;
            }
        }
        m_fileOffsets.push_back({after.device, after.inode, after.offset});
    }

    void publishFollowedBytes()
    {
        int64_t total = 0;
        for (const FileOffset &file : m_fileOffsets) {
            total += file.offset;
        }
        m_shared.bytesRead.store(m_streamedBytes + total, std::memory_order_relaxed);
    }

    bool stopping() const { return m_shared.stop.load(std::memory_order_relaxed) || m_fatal; }

    void addFollower(const std::string &input)
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

    bool readStream(const std::string &input)
    {
        std::string error;
        LineReader::Options options;
        options.maxLineBytes = m_options.maxLineBytes;
        auto reader = LineReader::open(input, options, error);
        if (!reader) {
            fatal(error);
            return false;
        }
        const std::string name = input == "-" ? std::string("<stdin>") : input;
        m_currentName = &name;
        m_currentLine = 0;
        std::string_view text;
        int64_t reported = 0;
        while (!stopping()) {
            const LineReader::Status status = reader->next(text);
            if (status == LineReader::Status::EndOfData) {
                if (reader->takePartial(text)) {
                    ++m_currentLine;
                    handleLine(text);
                }
                break;
            }
            if (status == LineReader::Status::Error) {
                fatal(name + ": " + reader->error());
                break;
            }
            ++m_currentLine;
            if (status == LineReader::Status::TooLong) {
                ++m_lines;
                countBadLine("line longer than the limit");
            } else {
                handleLine(text);
            }
            flushIfFull();
            if ((m_currentLine & 0xFFF) == 0) {
                m_shared.bytesRead.fetch_add(reader->bytesRead() - reported, std::memory_order_relaxed);
                reported = reader->bytesRead();
            }
        }
        m_shared.bytesRead.fetch_add(reader->bytesRead() - reported, std::memory_order_relaxed);
        m_streamedBytes += reader->bytesRead();
        m_currentName = nullptr;
        return !m_fatal;
    }

    void followFiles()
    {
        auto lastFlush = Clock::now();
        while (!stopping()) {
            size_t delivered = 0;
            bool allFinished = true;
            for (size_t i = 0; i < m_followers.size() && !stopping(); ++i) {
                FileFollower &follower = *m_followers[i];
                const size_t got = follower.poll(*this, m_options.batchEvents);
                delivered += got;
                for (std::string &notice : follower.takeNotices()) {
                    std::lock_guard lock(m_shared.mutex);
                    m_report.notices.push_back(std::move(notice));
                }
                if (!follower.error().empty()) {
                    fatal(follower.error());
                }
                allFinished = allFinished && follower.finished();
            }
            publishFollowedBytes();
            if (!m_options.follow && allFinished) {
                break;
            }
            const bool idle = delivered == 0;
            m_shared.caughtUp.store(idle && m_options.follow, std::memory_order_relaxed);
            // Following: commit what arrived at least every flushInterval, so the campaign is live.
            if (!m_batch->checkpoints().empty() && (idle || Clock::now() - lastFlush >= m_options.flushInterval)) {
                flush();
                lastFlush = Clock::now();
            }
            if (idle) {
                std::this_thread::sleep_for(m_options.pollInterval);
            }
        }
    }

    void handleLine(std::string_view text)
    {
        ++m_lines;
        ParseError error = ParseError::None;
        switch (m_builder->add(text, wallClockMs(), *m_batch, error)) {
        case EventBuilder::Outcome::Added:
            ++m_events;
            m_unlocated += m_builder->lastLocated() ? 0 : 1;
            break;
        case EventBuilder::Outcome::Filtered:
            ++m_filtered;
            break;
        case EventBuilder::Outcome::Skipped:
            countBadLine(describe(error));
            break;
        }
        if ((m_lines & 0x3FF) == 0) {
            m_shared.lines.store(m_lines, std::memory_order_relaxed);
        }
    }

    void flushIfFull()
    {
        if (m_batch->size() >= m_options.batchEvents) {
            flush();
        }
    }

    void countBadLine(const char *reason)
    {
        ++m_skipped;
        if (m_report.badLines.size() < m_options.badLineSamples || m_options.strict) {
            std::string where = m_currentName != nullptr ? *m_currentName : std::string("input");
            std::lock_guard lock(m_shared.mutex);
            m_report.badLines.push_back(where + ":" + std::to_string(m_currentLine) + ": " + reason);
        }
        if (m_options.strict) {
            fatal(m_report.badLines.back() + " (--strict)");
        }
    }

    void fatal(const std::string &error)
    {
        if (!m_fatal) {
            std::lock_guard lock(m_shared.mutex);
            m_report.error = error;
        }
        m_fatal = true;
    }

    void flush()
    {
        m_shared.lines.store(m_lines, std::memory_order_relaxed);
        {
            std::lock_guard lock(m_shared.mutex);
            m_report.lines = m_lines;
            m_report.events = m_events;
            m_report.skipped = m_skipped;
            m_report.unlocated = m_unlocated;
            m_report.filtered = m_filtered;
        }
        if (m_batch->empty() && m_batch->checkpoints().empty()) {
            return;
        }
        m_shared.events.store(m_events, std::memory_order_relaxed);
        m_queue.push(std::move(m_batch));
        m_batch = m_queue.acquire();
    }

    const ImportOptions &m_options;
    const LogIngestor::CheckpointLookup &m_checkpoints;
    BatchQueue &m_queue;
    LogIngestor::Shared &m_shared;
    ImportReport &m_report;

    std::unique_ptr<LogParser> m_parser;
    EventRules m_rules;
    std::unique_ptr<GeoIp> m_geoip;
    std::unique_ptr<EventBuilder> m_builder;
    std::vector<std::unique_ptr<FileFollower>> m_followers;
    std::unique_ptr<EventBatch> m_batch;

    struct FileOffset
    {
        uint64_t device;
        uint64_t inode;
        int64_t offset;
    };
    std::vector<FileOffset> m_fileOffsets;
    int64_t m_streamedBytes = 0; // bytes of stdin and gzip inputs, read before the followed files
    const std::string *m_currentName = nullptr;
    int64_t m_currentLine = 0;
    int64_t m_lines = 0;
    int64_t m_events = 0;
    int64_t m_skipped = 0;
    int64_t m_unlocated = 0;
    int64_t m_filtered = 0;
    bool m_fatal = false;
};

namespace {

int64_t totalInputBytes(const std::vector<std::string> &inputs)
{
    int64_t total = 0;
    for (const std::string &input : inputs) {
        struct stat info
        {
        };
        if (input != "-" && ::stat(input.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
            total += info.st_size;
        }
    }
    return total;
}

} // namespace

LogIngestor::LogIngestor(ImportOptions options, CheckpointLookup checkpoints)
    : m_options(std::move(options)), m_checkpoints(std::move(checkpoints)), m_shared(std::make_unique<Shared>()),
      m_queue(std::make_unique<BatchQueue>(3)) // one batch being filled, one being consumed, one spare for bursts
{}

LogIngestor::~LogIngestor()
{
    stop();
    if (m_worker.joinable()) {
        // Drain so a worker waiting for a free batch can reach its end; nobody consumes any more.
        while (!m_queue->closedAndEmpty()) {
            if (auto batch = m_queue->pop(std::chrono::milliseconds(10))) {
                m_queue->recycle(std::move(batch));
            }
        }
        m_worker.join();
    }
}

bool LogIngestor::start(std::string &error)
{
    m_started = Clock::now();
    m_bytesTotal = m_options.follow ? 0 : totalInputBytes(m_options.inputs);
    m_producer = std::make_unique<Producer>(m_options, m_checkpoints, *m_queue, *m_shared);
    if (!m_producer->prepare()) {
        error = m_shared->report.error;
        return false;
    }
    m_worker = std::thread([this] { m_producer->run(); });
    return true;
}

std::unique_ptr<EventBatch> LogIngestor::take(std::chrono::milliseconds timeout)
{
    return m_queue->pop(timeout);
}

void LogIngestor::recycle(std::unique_ptr<EventBatch> batch)
{
    m_queue->recycle(std::move(batch));
}

void LogIngestor::stop()
{
    m_shared->stop.store(true);
}

bool LogIngestor::finished() const
{
    return m_queue->closedAndEmpty();
}

ImportReport LogIngestor::report() const
{
    std::lock_guard lock(m_shared->mutex);
    ImportReport copy = m_shared->report;
    copy.seconds = std::chrono::duration<double>(Clock::now() - m_started).count();
    return copy;
}

std::string LogIngestor::error() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->report.error;
}

ImportProgress LogIngestor::progress() const
{
    ImportProgress status;
    status.bytesTotal = m_bytesTotal;
    status.bytesRead = m_shared->bytesRead.load(std::memory_order_relaxed);
    status.lines = m_shared->lines.load(std::memory_order_relaxed);
    status.events = m_shared->events.load(std::memory_order_relaxed);
    status.seconds = std::chrono::duration<double>(Clock::now() - m_started).count();
    status.following = m_shared->caughtUp.load(std::memory_order_relaxed);
    return status;
}

} // namespace pulsemap
