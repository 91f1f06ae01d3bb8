// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Reading from file descriptors the way every reader of the ingest wants it: retried when a signal
// (Ctrl-C handled by the CLI, a profiler's timer) interrupts the call before anything was read.

#include <cerrno>
#include <cstddef>
#include <sys/types.h>
#include <unistd.h>

namespace pulsemap {

// read(2), retried on EINTR: bytes read, 0 at the end, -1 with errno set.
inline ssize_t readRetrying(int fd, void *buffer, size_t size)
{
    ssize_t n = 0;
    do {
        n = ::read(fd, buffer, size);
    } while (n < 0 && errno == EINTR);
    return n;
}

// pread(2), retried on EINTR.
inline ssize_t preadRetrying(int fd, void *buffer, size_t size, off_t offset)
{
    ssize_t n = 0;
    do {
        n = ::pread(fd, buffer, size, offset);
    } while (n < 0 && errno == EINTR);
    return n;
}

} // namespace pulsemap
