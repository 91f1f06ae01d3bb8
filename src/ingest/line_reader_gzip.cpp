// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// gzip input for LineReader: zlib inflate into the line buffer, one member after another.

#include "line_reader.h"

#include "fd_io.h"
#include "line_reader_p.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace pulsemap {

namespace {

constexpr size_t kGzipInput = size_t{256} << 10;

} // namespace

bool LineReader::startGzip()
{
    // The bytes read so far are compressed input, not text.
    m_inflater = std::make_unique<Inflater>();
    Inflater &z = *m_inflater;
    z.input.resize(std::max(kGzipInput, m_end));
    std::memcpy(z.input.data(), m_buffer.data(), m_end);
    // 15 + 32: gzip or zlib header, detected automatically.
    if (inflateInit2(&z.stream, 15 + 32) != Z_OK) {
        fail("cannot initialise zlib");
        return false;
    }
    z.ready = true;
    z.stream.next_in = z.input.data();
    z.stream.avail_in = static_cast<uInt>(m_end);
    m_gzip = true;
    m_begin = m_end = m_scan = 0;
    return fillGzip(m_buffer.size());
}

bool LineReader::fillGzip(size_t space)
{
    Inflater &z = *m_inflater;
    for (;;) {
        if (z.stream.avail_in == 0 && !z.inputEof) {
            const ssize_t n = readRetrying(m_fd, z.input.data(), z.input.size());
            if (n < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK) {
                    fail("read error: " + linereader::errnoText(errno));
                }
                return false;
            }
            if (n == 0) {
                z.inputEof = true;
            } else {
                z.stream.next_in = z.input.data();
                z.stream.avail_in = static_cast<uInt>(n);
                m_rawRead += n;
            }
        }
        if (z.stream.avail_in == 0 && z.inputEof) {
            if (z.inMember) {
                fail("truncated gzip data (unexpected end of file)");
            } else {
                m_inputEnded = true;
            }
            return false;
        }
        if (!z.inMember) {
            // logrotate and `cat a.gz b.gz` produce several members: each is a complete gzip stream.
            inflateReset(&z.stream);
            z.inMember = true;
        }
        z.stream.next_out = reinterpret_cast<unsigned char *>(m_buffer.data() + m_end);
        z.stream.avail_out = static_cast<uInt>(space);
        const int ret = inflate(&z.stream, Z_NO_FLUSH);
        const size_t produced = space - z.stream.avail_out;
        m_end += produced;
        if (ret == Z_STREAM_END) {
            z.inMember = false;
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            fail(std::string("corrupt gzip data: ") + (z.stream.msg != nullptr ? z.stream.msg : zError(ret)));
            return produced > 0;
        }
        if (produced > 0) {
            return true;
        }
    }
}

} // namespace pulsemap
