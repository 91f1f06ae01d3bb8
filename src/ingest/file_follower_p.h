// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Internals shared by file_follower.cpp and file_follower_restore.cpp.

#include "file_follower.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pulsemap {

namespace follower {

using Clock = std::chrono::steady_clock;

// How many leading bytes identify a file beyond its inode (inode numbers are reused after deletion).
constexpr size_t kFingerprintBytes = 256;

// Reads the first min(size, kFingerprintBytes) bytes; false on a read error.
bool readFingerprint(int fd, std::string &fingerprint);
// Fingerprints taken at different sizes agree when the shorter one is a prefix of the longer one.
bool fingerprintsAgree(std::string_view a, std::string_view b);
std::string errnoText(int err);

} // namespace follower

struct FileFollower::OpenFile
{
    std::unique_ptr<LineReader> reader;
    SourceCheckpoint checkpoint; // updated in place after every line: no allocation per line
    int64_t startOffset = 0;     // where the reader started; with bytesRead() gives the read position
    int64_t knownSize = 0;       // size at the last stat, to notice growth and truncation
    bool regular = true;
    bool draining = false;   // no longer (or not known to be) the file at the path
    bool inputEnded = false; // truncated under us: only the lines already buffered still count
    bool caughtUp = false;   // the last next() found nothing complete
    bool done = false;
    int64_t skipLines = 0; // gzip cannot seek: a resumed gzip file skips the lines already delivered
    follower::Clock::time_point lastGrowth;

    [[nodiscard]] int64_t readPosition() const { return startOffset + reader->bytesRead(); }
};

} // namespace pulsemap
