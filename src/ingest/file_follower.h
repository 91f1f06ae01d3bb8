// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "line_reader.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace pulsemap {

// Receives lines from a FileFollower together with the position just after each line.
class LineSink
{
public:
    virtual ~LineSink() = default;
    virtual void line(std::string_view text, const SourceCheckpoint &after) = 0;
    virtual void lineTooLong(const SourceCheckpoint &after) = 0;
};

// Reads one log path like `tail -F`, without losing or repeating lines:
// - rename-and-create rotation: the renamed file is read to its end and kept open for rotateWait
//   (nginx writes to it until it reopens), while the new file at the path is read from its start;
// - copytruncate: a file that shrinks below the read position is read again from its start;
// - files that do not exist yet, or disappear for a while, are waited for;
// - restart: saved checkpoints (device, inode, fingerprint of the first bytes, offset) resume exactly
//   where the last committed batch ended; a file whose identity no longer matches is read from the start,
//   and a rotated file that still has unread lines is found again by its identity in the same directory.
// Not thread-safe; poll() from one thread.
class FileFollower
{
public:
    struct Options
    {
        bool follow = true; // false: stop at the current end of the file (plain import)
        std::chrono::milliseconds rotateWait{5000};
        LineReader::Options reader;
    };

    FileFollower(std::string path, const Options &options, const std::vector<SourceCheckpoint> &saved);
    ~FileFollower();
    FileFollower(const FileFollower &) = delete;
    FileFollower &operator=(const FileFollower &) = delete;

    // Delivers up to maxLines complete lines that are available now. Returns how many were delivered
    // (lines too long count too); 0 means nothing new right now: wait a little and call again.
    size_t poll(LineSink &sink, size_t maxLines);

    // True when not following and every line has been delivered.
    [[nodiscard]] bool finished() const;

    // Human-readable notes on what happened since the last call ("rotated", "truncated", "waiting for file").
    std::vector<std::string> takeNotices();
    // A fatal problem (permission denied, read error), empty when none.
    [[nodiscard]] const std::string &error() const { return m_error; }

    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    struct OpenFile;

    void restore(const std::vector<SourceCheckpoint> &saved);
    std::unique_ptr<OpenFile> openRotated(const std::string &rotated, const SourceCheckpoint &cp, bool newest);
    void checkPath();
    void checkTruncation(OpenFile &file, int64_t size);
    // Opens the file now at the path, at the saved position when given (else from its start).
    bool openCurrent(const SourceCheckpoint *resume);
    std::unique_ptr<OpenFile> adopt(int fd, int64_t offset, int64_t lineNumber, std::string fingerprint);
    void retire(OpenFile &file);
    [[nodiscard]] OpenFile *current() const;
    size_t readFile(OpenFile &file, LineSink &sink, size_t maxLines);
    void notice(std::string text) { m_notices.push_back(std::move(text)); }

    std::string m_path;
    Options m_options;
    std::vector<std::unique_ptr<OpenFile>> m_files; // current file last, rotated ones still draining before
    std::vector<std::string> m_notices;
    std::string m_error;
    bool m_stdin = false;          // "-": a stream without identity, read to its end
    bool m_waitingNoticed = false; // "waiting for" is said once per absence
    bool m_finished = false;
};

} // namespace pulsemap
