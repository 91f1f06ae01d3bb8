// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// The scratch file of fuzz targets whose code under test reads a path, not bytes (campaign files, GeoIP
// databases): one file per process, so parallel fuzzing jobs each have their own, removed at exit together
// with SQLite's side files.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace pulsemap::fuzz {

inline const std::string &scratchPath()
{
    static const std::string path = [] {
        char name[] = "/tmp/pulsemap_fuzz_XXXXXX";
        const int fd = ::mkstemp(name);
        if (fd < 0) {
            std::abort();
        }
        ::close(fd);
        static std::string kept = name;
        std::atexit([] {
            for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
                std::remove((kept + suffix).c_str());
            }
        });
        return kept;
    }();
    return path;
}

// Replaces the scratch file's content with the input (and drops a journal an earlier input left behind,
// which SQLite would otherwise replay); returns its path.
inline const std::string &writeScratch(const uint8_t *data, size_t size)
{
    const std::string &path = scratchPath();
    for (const char *suffix : {"-journal", "-wal", "-shm"}) {
        std::remove((path + suffix).c_str());
    }
    std::FILE *file = std::fopen(path.c_str(), "wb");
    if (file == nullptr || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0) {
        std::abort();
    }
    return path;
}

} // namespace pulsemap::fuzz
