// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pulsemap {

// Splits a byte stream into lines with one large reusable buffer (no per-line allocation).
// Reads plain files, gzip (detected from the magic bytes, also concatenated members as logrotate
// writes them) and standard input ("-"). Lines are returned without '\n' and without a '\r' before it.
class LineReader
{
public:
    struct Options
    {
        size_t maxLineBytes = size_t{1} << 20; // longer lines are skipped and reported as TooLong
        bool allowGzip = true;
    };

    enum class Status {
        Line,      // line holds the next complete line
        TooLong,   // a line over maxLineBytes was skipped up to and including its newline
        EndOfData, // nothing complete is available now (the rest may arrive later when following)
        Error,     // read or decompression error; see error()
    };

    // Opens a path ("-" for standard input); a one-line error when it cannot.
    static Result<std::unique_ptr<LineReader>> open(const std::string &path, const Options &options);
    // Takes ownership of an open descriptor, positioned at byte startOffset of the file.
    LineReader(int fd, int64_t startOffset, const Options &options);
    ~LineReader();
    LineReader(const LineReader &) = delete;
    LineReader &operator=(const LineReader &) = delete;

    Status next(std::string_view &line);
    // At the real end of input: the last line when it had no terminating newline.
    bool takePartial(std::string_view &line);
    // Like takePartial(), but also reports an unterminated last line that was over maxLineBytes (TooLong).
    // Returns Line, TooLong or EndOfData (nothing left); consumedOffset() then points at the end.
    Status takeRest(std::string_view &line);
    // Reads nothing more from the descriptor: next() returns the complete lines already buffered, then
    // EndOfData (used when the file was truncated under us and only what was read before still counts).
    void stopReading() { m_inputEnded = true; }

    // Byte offset in the (uncompressed, plain) file just past the last line returned.
    [[nodiscard]] int64_t consumedOffset() const { return m_consumed; }
    // Bytes read from the underlying file so far (compressed bytes for gzip): for progress.
    [[nodiscard]] int64_t bytesRead() const { return m_rawRead; }
    [[nodiscard]] bool isGzip() const { return m_gzip; }
    [[nodiscard]] int fd() const { return m_fd; }
    [[nodiscard]] const std::string &error() const { return m_error; }

private:
    struct Inflater;
    bool fill();
    bool fillPlain(size_t space);
    bool startGzip();
    bool fillGzip(size_t space);
    void makeRoom();
    void fail(std::string message);

    int m_fd = -1;
    Options m_options;
    std::string m_buffer;
    size_t m_capacityLimit = 0; // the buffer never grows past maxLineBytes + one read
    size_t m_begin = 0;         // start of unconsumed data in m_buffer
    size_t m_end = 0;           // end of valid data in m_buffer
    size_t m_scan = 0;          // [m_begin, m_scan) is known to hold no newline
    int64_t m_position = 0;     // stream offset of m_buffer[m_begin]
    bool m_skippingLongLine = false;
    bool m_gzip = false;
    bool m_sniffed = false;
    bool m_failed = false;     // an error is pending: reported after the buffered complete lines
    bool m_inputEnded = false; // stopReading() or the end of a gzip stream
    std::unique_ptr<Inflater> m_inflater;
    int64_t m_consumed = 0;
    int64_t m_rawRead = 0;
    std::string m_error;
};

} // namespace pulsemap
