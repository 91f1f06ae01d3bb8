// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "file_follower.h"

#include "file_follower_p.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pulsemap {

using follower::Clock;

FileFollower::FileFollower(std::string path, const Options &options, const std::vector<SourceCheckpoint> &saved)
    : m_path(std::move(path)), m_options(options)
{
    if (m_path == "-") {
        m_stdin = true;
        auto reader = LineReader::open(m_path, m_options.reader);
        if (!reader) {
            m_error = reader.message();
            return;
        }
        auto file = std::make_unique<OpenFile>();
        file->reader = std::move(*reader);
        file->regular = false;
        file->checkpoint.path = m_path;
        m_files.push_back(std::move(file));
        return;
    }
    restore(saved);
}

FileFollower::~FileFollower() = default;

bool FileFollower::finished() const
{
    return m_finished;
}

std::vector<std::string> FileFollower::takeNotices()
{
    std::vector<std::string> notices;
    notices.swap(m_notices);
    return notices;
}

FileFollower::OpenFile *FileFollower::current() const
{
    if (m_files.empty() || m_files.back()->draining) {
        return nullptr;
    }
    return m_files.back().get();
}

std::unique_ptr<FileFollower::OpenFile> FileFollower::adopt(int fd, int64_t offset, int64_t lineNumber,
                                                            std::string fingerprint)
{
    struct stat st
    {
    };
    fstat(fd, &st);
    auto file = std::make_unique<OpenFile>();
    file->regular = S_ISREG(st.st_mode);
    file->knownSize = st.st_size;
    file->lastGrowth = Clock::now();
    const bool gzip =
        m_options.reader.allowGzip && fingerprint.size() >= 2 && fingerprint[0] == '\x1f' && fingerprint[1] == '\x8b';
    if (gzip && offset > 0) {
        // Offsets inside a gzip file are offsets in the decompressed text: start over and skip lines instead.
        file->skipLines = lineNumber;
        offset = 0;
        lineNumber = 0;
    }
    if (offset > 0 && lseek(fd, offset, SEEK_SET) < 0) {
        offset = 0;
        lineNumber = 0;
    }
    if (file->regular && offset == 0) {
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    file->startOffset = offset;
    file->reader = std::make_unique<LineReader>(fd, offset, m_options.reader);
    SourceCheckpoint &cp = file->checkpoint;
    cp.path = m_path;
    cp.device = static_cast<uint64_t>(st.st_dev);
    cp.inode = static_cast<uint64_t>(st.st_ino);
    cp.fingerprint = std::move(fingerprint);
    cp.fingerprint.reserve(follower::kFingerprintBytes);
    cp.offset = offset;
    cp.lineNumber = lineNumber;
    return file;
}

bool FileFollower::openCurrent(const SourceCheckpoint *resume)
{
    // O_NONBLOCK: opening a FIFO must not hang the poll loop; it changes nothing for regular files.
    const int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int err = errno;
        if (err != ENOENT && err != ENOTDIR) {
            m_error = m_path + ": " + follower::errnoText(err);
        }
        return false;
    }
    struct stat st
    {
    };
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        m_error = m_path + ": " + (S_ISDIR(st.st_mode) ? std::string("is a directory") : follower::errnoText(errno));
        ::close(fd);
        return false;
    }
    std::string fingerprint;
    if (S_ISREG(st.st_mode) && !follower::readFingerprint(fd, fingerprint)) {
        m_error = m_path + ": " + follower::errnoText(errno);
        ::close(fd);
        return false;
    }
    int64_t offset = 0;
    int64_t lineNumber = 0;
    if (resume != nullptr) {
        const bool gzip = fingerprint.size() >= 2 && fingerprint[0] == '\x1f' && fingerprint[1] == '\x8b';
        if (!gzip && st.st_size < resume->offset) {
            notice(m_path + " is shorter than when it was last read (truncated while stopped); reading it from the "
                            "start");
        } else {
            offset = resume->offset;
            lineNumber = resume->lineNumber;
            notice("resuming " + m_path + " at byte " + std::to_string(offset) + " (line " +
                   std::to_string(lineNumber) + ")");
        }
    }
    m_files.push_back(adopt(fd, offset, lineNumber, std::move(fingerprint)));
    m_waitingNoticed = false;
    return true;
}

size_t FileFollower::readFile(OpenFile &file, LineSink &sink, size_t maxLines)
{
    const auto now = Clock::now();
    if (file.draining && !file.inputEnded && file.regular) {
        struct stat st
        {
        };
        if (fstat(file.reader->fd(), &st) == 0 && st.st_size != file.knownSize) {
            file.knownSize = st.st_size;
            file.lastGrowth = now;
        }
    }
    // Nothing buffered and nothing new on disk: spare the read() (the common case of an idle log).
    const bool idle =
        m_options.follow && file.regular && file.caughtUp && !file.inputEnded && file.knownSize <= file.readPosition();
    size_t delivered = 0;
    std::string_view line;
    SourceCheckpoint &cp = file.checkpoint;
    LineReader &reader = *file.reader;
    auto deliver = [&](LineReader::Status status) {
        cp.offset = reader.consumedOffset();
        ++cp.lineNumber;
        if (file.skipLines > 0) {
            --file.skipLines;
            return;
        }
        if (status == LineReader::Status::Line) {
            sink.line(line, cp);
        } else {
            sink.lineTooLong(cp);
        }
        ++delivered;
    };
    if (!idle) {
        while (delivered < maxLines) {
            const LineReader::Status status = reader.next(line);
            if (status == LineReader::Status::Line || status == LineReader::Status::TooLong) {
                file.caughtUp = false;
                deliver(status);
            } else if (status == LineReader::Status::EndOfData) {
                file.caughtUp = true;
                break;
            } else {
                m_error = m_path + ": " + reader.error();
                file.done = true;
                return delivered;
            }
        }
    }
    if (!file.caughtUp || delivered >= maxLines) {
        return delivered;
    }
    // The unterminated tail counts as a line only at the real end: stdin or an import at EOF, or a rotated
    // file nobody has written to for rotateWait.
    bool atEnd = m_stdin || !m_options.follow || file.inputEnded;
    if (!atEnd && file.draining && now - file.lastGrowth >= m_options.rotateWait) {
        struct stat st
        {
        };
        atEnd = !file.regular || (fstat(reader.fd(), &st) == 0 && st.st_size <= file.readPosition());
    }
    if (!atEnd) {
        return delivered;
    }
    const LineReader::Status status = reader.takeRest(line);
    if (status == LineReader::Status::Line || status == LineReader::Status::TooLong) {
        deliver(status);
    }
    file.done = true;
    return delivered;
}

size_t FileFollower::poll(LineSink &sink, size_t maxLines)
{
    if (!m_error.empty() || m_finished || maxLines == 0) {
        return 0;
    }
    if (m_options.follow && !m_stdin) {
        checkPath();
        if (!m_error.empty()) {
            return 0;
        }
    }
    size_t delivered = 0;
    for (auto &file : m_files) {
        if (delivered >= maxLines) {
            break;
        }
        delivered += readFile(*file, sink, maxLines - delivered);
        if (!m_error.empty()) {
            return delivered;
        }
    }
    std::erase_if(m_files, [](const std::unique_ptr<OpenFile> &file) { return file->done; });
    if ((!m_options.follow || m_stdin) && m_files.empty()) {
        m_finished = true;
    }
    return delivered;
}

} // namespace pulsemap
