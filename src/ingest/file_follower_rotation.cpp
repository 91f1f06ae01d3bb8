// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Noticing rotation, truncation and disappearance of the followed path.

#include "file_follower.h"

#include "fd_io.h"
#include "file_follower_p.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

namespace pulsemap {

namespace follower {

std::string errnoText(int err)
{
    return std::generic_category().message(err);
}

bool readFingerprint(int fd, std::string &fingerprint)
{
    std::array<char, kFingerprintBytes> bytes{};
    size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = preadRetrying(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
        if (n < 0) {
            return false;
        }
        if (n == 0) {
            break;
        }
        got += static_cast<size_t>(n);
    }
    fingerprint.assign(bytes.data(), got); // capacity reserved by the caller: no allocation when it grows
    return true;
}

bool fingerprintsAgree(std::string_view a, std::string_view b)
{
    const size_t common = std::min(a.size(), b.size());
    return a.substr(0, common) == b.substr(0, common);
}

} // namespace follower

using follower::Clock;

void FileFollower::retire(OpenFile &file)
{
    file.draining = true;
    file.lastGrowth = Clock::now();
    struct stat st
    {
    };
    if (fstat(file.reader->fd(), &st) == 0) {
        file.knownSize = st.st_size;
    }
}

void FileFollower::checkTruncation(OpenFile &file, int64_t size)
{
    if (!file.regular || size == file.knownSize) {
        return;
    }
    file.knownSize = size;
    bool replaced = size < file.readPosition();
    if (!replaced) {
        // Grown: usually appended, but copytruncate followed by more writes than we had read also grows it.
        std::array<char, follower::kFingerprintBytes> bytes{};
        const ssize_t n = preadRetrying(file.reader->fd(), bytes.data(), bytes.size(), 0);
        if (n > 0) {
            const std::string_view now(bytes.data(), static_cast<size_t>(n));
            std::string &known = file.checkpoint.fingerprint;
            if (!follower::fingerprintsAgree(now, known)) {
                replaced = true;
            } else if (now.size() > known.size()) {
                known.assign(now);
            }
        }
    }
    if (!replaced) {
        return;
    }
    notice(m_path + " was truncated (copytruncate?); reading it again from the start");
    // What was read before the truncation is still delivered, then this descriptor is done.
    file.reader->stopReading();
    file.inputEnded = true;
    file.draining = true;
    openCurrent(nullptr);
}

void FileFollower::checkPath()
{
    OpenFile *cur = current();
    struct stat st
    {
    };
    if (::stat(m_path.c_str(), &st) != 0) {
        const int err = errno;
        if (err != ENOENT && err != ENOTDIR) {
            m_error = m_path + ": " + follower::errnoText(err);
            return;
        }
        if (cur != nullptr) {
            retire(*cur);
            notice(m_path + " disappeared (rotated or deleted); finishing the old file");
        }
        if (!m_waitingNoticed) {
            notice("waiting for " + m_path);
            m_waitingNoticed = true;
        }
        return;
    }
    const auto device = static_cast<uint64_t>(st.st_dev);
    const auto inode = static_cast<uint64_t>(st.st_ino);
    if (cur != nullptr && cur->checkpoint.device == device && cur->checkpoint.inode == inode) {
        checkTruncation(*cur, st.st_size);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        m_error = m_path + ": is a directory";
        return;
    }
    // Renamed away and back again: we still hold it open, so its inode cannot have been reused.
    for (auto it = m_files.begin(); it != m_files.end(); ++it) {
        OpenFile &file = **it;
        if (file.draining && !file.inputEnded && !file.done && file.checkpoint.device == device &&
            file.checkpoint.inode == inode) {
            if (cur != nullptr) {
                retire(*cur);
            }
            file.draining = false;
            auto back = std::move(*it);
            m_files.erase(it);
            m_files.push_back(std::move(back));
            notice(m_path + " is the file it was before; continuing where it was");
            m_waitingNoticed = false;
            return;
        }
    }
    const bool wasWaiting = m_waitingNoticed;
    if (cur != nullptr) {
        retire(*cur);
        notice(m_path + " was rotated; finishing the old file and reading the new one from the start");
    }
    if (openCurrent(nullptr) && wasWaiting) {
        notice(m_path + " appeared; reading it from the start");
    }
}

} // namespace pulsemap
