// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// Internals shared by line_reader.cpp and line_reader_gzip.cpp.

#include "line_reader.h"

#include <zlib.h>

#include <string>
#include <system_error>
#include <vector>

namespace pulsemap {

namespace linereader {

inline std::string errnoText(int err)
{
    return std::generic_category().message(err);
}

} // namespace linereader

struct LineReader::Inflater
{
    z_stream stream{};
    std::vector<unsigned char> input;
    bool ready = false;
    bool inputEof = false;
    bool inMember = true; // a gzip member has started and not reached its trailer

    ~Inflater()
    {
        if (ready) {
            inflateEnd(&stream);
        }
    }
};

} // namespace pulsemap
