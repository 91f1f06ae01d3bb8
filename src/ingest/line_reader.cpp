// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "line_reader.h"

#include "fd_io.h"
#include "line_reader_p.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pulsemap {

namespace {

constexpr size_t kInitialBuffer = size_t{1} << 20;
// Below this much free space the buffer is compacted or grown before reading, so reads stay large.
constexpr size_t kMinRead = size_t{64} << 10;
// Keeps maxLineBytes + kMinRead from overflowing and the buffer from becoming absurd.
constexpr size_t kMaxLineLimit = size_t{1} << 30;

} // namespace

Result<std::unique_ptr<LineReader>> LineReader::open(const std::string &path, const Options &options)
{
    int fd = -1;
    if (path == "-") {
        // A duplicate, so the destructor may close it without closing the process's standard input.
        fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            return pulsemap::fail("cannot read standard input: " + linereader::errnoText(errno));
        }
        return std::make_unique<LineReader>(fd, 0, options);
    }
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return pulsemap::fail(path + ": " + linereader::errnoText(errno));
    }
    struct stat st
    {
    };
    if (fstat(fd, &st) != 0) {
        Error error = pulsemap::fail(path + ": " + linereader::errnoText(errno));
        ::close(fd);
        return error;
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return pulsemap::fail(path + ": is a directory");
    }
    if (S_ISREG(st.st_mode)) {
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    return std::make_unique<LineReader>(fd, 0, options);
}

LineReader::LineReader(int fd, int64_t startOffset, const Options &options)
    : m_fd(fd), m_options(options), m_position(startOffset), m_consumed(startOffset)
{
    m_options.maxLineBytes = std::clamp<size_t>(m_options.maxLineBytes, 1, kMaxLineLimit);
    // +2: room for the '\r' and '\n' of a line of exactly maxLineBytes, so it is still recognised.
    m_capacityLimit = m_options.maxLineBytes + 2 + kMinRead;
    // Only a stream read from its first byte can show the gzip magic; resumed files are plain.
    m_sniffed = !(m_options.allowGzip && startOffset == 0);
}

LineReader::~LineReader()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void LineReader::fail(std::string message)
{
    if (!m_failed) {
        m_failed = true;
        m_error = std::move(message);
    }
}

LineReader::Status LineReader::next(std::string_view &line)
{
    for (;;) {
        char *const base = m_buffer.data();
        if (m_skippingLongLine) {
            const void *newline = std::memchr(base + m_begin, '\n', m_end - m_begin);
            if (newline != nullptr) {
                const size_t after = static_cast<size_t>(static_cast<const char *>(newline) - base) + 1;
                m_position += static_cast<int64_t>(after - m_begin);
                m_begin = m_scan = after;
                m_consumed = m_position;
                m_skippingLongLine = false;
                return Status::TooLong;
            }
            // Drop what was read so far: a huge line never occupies more than one buffer.
            m_position += static_cast<int64_t>(m_end - m_begin);
            m_begin = m_scan = m_end;
        } else {
            if (m_scan < m_end) {
                const void *newline = std::memchr(base + m_scan, '\n', m_end - m_scan);
                if (newline != nullptr) {
                    const auto at = static_cast<size_t>(static_cast<const char *>(newline) - base);
                    const char *start = base + m_begin;
                    size_t length = at - m_begin;
                    m_position += static_cast<int64_t>(length + 1);
                    m_begin = m_scan = at + 1;
                    m_consumed = m_position;
                    if (length > 0 && start[length - 1] == '\r') {
                        --length;
                    }
                    if (length > m_options.maxLineBytes) {
                        return Status::TooLong;
                    }
                    line = std::string_view(start, length);
                    return Status::Line;
                }
                m_scan = m_end;
            }
            if (m_end - m_begin > m_options.maxLineBytes + 1) {
                m_skippingLongLine = true;
                continue;
            }
        }
        if (!fill()) {
            return m_failed ? Status::Error : Status::EndOfData;
        }
    }
}

LineReader::Status LineReader::takeRest(std::string_view &line)
{
    if (m_failed) {
        // The unterminated bytes before a read or decompression error are not a trustworthy line.
        return Status::EndOfData;
    }
    if (m_scan < m_end && std::memchr(m_buffer.data() + m_scan, '\n', m_end - m_scan) != nullptr) {
        return next(line); // complete lines first, should the caller not have drained them
    }
    const size_t length = m_end - m_begin;
    if (m_skippingLongLine) {
        m_skippingLongLine = false;
        m_position += static_cast<int64_t>(length);
        m_begin = m_scan = m_end;
        m_consumed = m_position;
        return Status::TooLong;
    }
    if (length == 0) {
        return Status::EndOfData;
    }
    const char *start = m_buffer.data() + m_begin;
    m_position += static_cast<int64_t>(length);
    m_begin = m_scan = m_end;
    m_consumed = m_position;
    const size_t stripped = start[length - 1] == '\r' ? length - 1 : length;
    if (stripped > m_options.maxLineBytes) {
        return Status::TooLong;
    }
    line = std::string_view(start, stripped);
    return Status::Line;
}

bool LineReader::takePartial(std::string_view &line)
{
    std::string_view rest;
    if (takeRest(rest) != Status::Line) {
        return false;
    }
    line = rest;
    return true;
}

void LineReader::makeRoom()
{
    if (m_buffer.empty()) {
        m_buffer.resize(std::min(kInitialBuffer, m_capacityLimit));
    }
    if (m_begin == m_end) {
        m_begin = m_end = m_scan = 0;
    }
    if (m_buffer.size() - m_end >= kMinRead) {
        return;
    }
    if (m_begin > 0) {
        // Only the unterminated tail moves: normally a fraction of one line.
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_scan -= m_begin;
        m_begin = 0;
    }
    if (m_buffer.size() - m_end < kMinRead && m_buffer.size() < m_capacityLimit) {
        m_buffer.resize(std::min(m_capacityLimit, std::max(m_buffer.size() * 2, m_end + kMinRead)));
    }
}

bool LineReader::fill()
{
    if (m_inputEnded || m_failed) {
        return false;
    }
    makeRoom();
    const size_t space = m_buffer.size() - m_end;
    if (m_gzip) {
        return fillGzip(space);
    }
    if (!fillPlain(space)) {
        return false;
    }
    if (!m_sniffed) {
        // Nothing has been consumed yet (no newline can precede the decision), so the stream starts at 0.
        if (m_buffer[0] != '\x1f') {
            m_sniffed = true;
        } else if (m_end >= 2) {
            m_sniffed = true;
            if (m_buffer[1] == '\x8b') {
                return startGzip();
            }
        }
    }
    return true;
}

bool LineReader::fillPlain(size_t space)
{
    const ssize_t n = readRetrying(m_fd, m_buffer.data() + m_end, space);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            fail("read error: " + linereader::errnoText(errno));
        }
        return false;
    }
    if (n == 0) {
        return false;
    }
    m_end += static_cast<size_t>(n);
    m_rawRead += n;
    return true;
}

} // namespace pulsemap
