// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Restart: turning saved checkpoints back into open files at the right positions.

#include "file_follower.h"

#include "file_follower_p.h"

#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pulsemap {

namespace {

struct DirCloser
{
    void operator()(DIR *dir) const { closedir(dir); }
};

std::string directoryOf(const std::string &path)
{
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool sameFile(const SourceCheckpoint &cp, const struct stat &st)
{
    return cp.device == static_cast<uint64_t>(st.st_dev) && cp.inode == static_cast<uint64_t>(st.st_ino);
}

// A rotated file that a checkpoint points at, found again by its identity.
struct Found
{
    const SourceCheckpoint *checkpoint = nullptr;
    std::string name;
};

// Looks through the path's directory for the files of the given checkpoints (access.log.1, access.log-2024...).
// Only stat() per entry: the directory of a busy log may hold thousands of old files.
void findByIdentity(const std::string &directory, std::vector<Found> &wanted)
{
    std::unique_ptr<DIR, DirCloser> dir(opendir(directory.c_str()));
    if (!dir) {
        return;
    }
    const int dirFd = dirfd(dir.get());
    while (const dirent *entry = readdir(dir.get())) {
        const std::string_view name(entry->d_name);
        if (name == "." || name == "..") {
            continue;
        }
        struct stat st
        {
        };
        if (fstatat(dirFd, entry->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        for (Found &found : wanted) {
            if (found.name.empty() && sameFile(*found.checkpoint, st)) {
                found.name = name;
            }
        }
    }
}

} // namespace

std::unique_ptr<FileFollower::OpenFile> FileFollower::openRotated(const std::string &rotated,
                                                                  const SourceCheckpoint &cp, bool newest)
{
    const int fd = ::open(rotated.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return nullptr;
    }
    struct stat st
    {
    };
    std::string fingerprint;
    // The inode alone may have been reused by a new file since the checkpoint: the first bytes must agree too.
    if (fstat(fd, &st) != 0 || !sameFile(cp, st) || !follower::readFingerprint(fd, fingerprint) ||
        !follower::fingerprintsAgree(fingerprint, cp.fingerprint)) {
        ::close(fd);
        return nullptr;
    }
    if (st.st_size > cp.offset) {
        notice("reading the rest of rotated " + rotated + " from byte " + std::to_string(cp.offset) + " first");
    } else if (!newest) {
        ::close(fd); // read to its end before the stop
        return nullptr;
    }
    auto file = adopt(fd, cp.offset, cp.lineNumber, std::move(fingerprint));
    // Kept for rotateWait like any rotated file: the writer may not have reopened its log yet.
    file->draining = true;
    return file;
}

void FileFollower::restore(const std::vector<SourceCheckpoint> &saved)
{
    // The newest checkpoint of each file (by device and inode), newest first. Checkpoints of other paths
    // are ignored: a campaign's other logs may well live in the same directory.
    std::vector<const SourceCheckpoint *> perFile;
    for (const SourceCheckpoint &cp : saved) {
        if (!cp.path.empty() && cp.path != m_path) {
            continue;
        }
        bool seen = false;
        for (const SourceCheckpoint *known : perFile) {
            seen = seen || (known->device == cp.device && known->inode == cp.inode);
        }
        if (!seen) {
            perFile.push_back(&cp);
        }
    }

    struct stat st
    {
    };
    const bool exists = ::stat(m_path.c_str(), &st) == 0;
    const SourceCheckpoint *resume = nullptr;
    std::vector<Found> wanted;
    for (const SourceCheckpoint *cp : perFile) {
        if (exists && sameFile(*cp, st)) {
            resume = cp; // the fingerprint is checked once the file is open
        } else {
            wanted.push_back({cp, {}});
        }
    }

    if (exists && resume != nullptr && S_ISREG(st.st_mode)) {
        const int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
        std::string fingerprint;
        if (fd >= 0 && follower::readFingerprint(fd, fingerprint) &&
            !follower::fingerprintsAgree(fingerprint, resume->fingerprint)) {
            // Truncated and rewritten, or deleted and its inode reused: the old content is gone either way.
            notice(m_path + " is not the file of its checkpoint (same inode, different content); reading it from "
                            "the start");
            resume = nullptr;
        }
        if (fd >= 0) {
            ::close(fd);
        }
    }

    if (!wanted.empty()) {
        const std::string directory = directoryOf(m_path);
        findByIdentity(directory, wanted);
        // Oldest first: a file whose newest checkpoint is older was rotated away earlier.
        for (auto found = wanted.rbegin(); found != wanted.rend(); ++found) { // NOLINT(modernize-loop-convert)
            const SourceCheckpoint &cp = *found->checkpoint;
            const bool newest = found->checkpoint == perFile.front();
            std::unique_ptr<OpenFile> file;
            if (!found->name.empty()) {
                file = openRotated(directory + "/" + found->name, cp, newest);
            }
            if (file) {
                m_files.push_back(std::move(file));
            } else if (newest) {
                notice("the file of the last checkpoint of " + m_path +
                       " is no longer next to it; lines written to it after that checkpoint are not read");
            }
        }
    }

    if (exists && S_ISDIR(st.st_mode)) {
        m_error = m_path + ": is a directory";
        return;
    }
    if (openCurrent(resume) || !m_error.empty()) {
        return;
    }
    if (m_options.follow) {
        notice("waiting for " + m_path);
        m_waitingNoticed = true;
    } else {
        m_error = m_path + ": " + follower::errnoText(ENOENT);
    }
}

} // namespace pulsemap
