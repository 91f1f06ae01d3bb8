// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "http_body.h"

#include "core/hex.h"

#include <algorithm>

namespace pulsemap {

namespace {

// A chunk-size line is a hex number and perhaps extensions nobody sends: 1 KiB is generous.
constexpr size_t kMaxSizeLineBytes = 1024;

// A line ends in CRLF or a bare LF (as request heads do); a CR or NUL inside it is refused.
bool cleanLine(std::string &line)
{
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return std::none_of(line.begin(), line.end(), [](char c) { return c == '\r' || c == '\0'; });
}

} // namespace

void ChunkedDecoder::refuse(State state, const char *reason)
{
    m_state = state;
    m_reason = reason;
}

bool ChunkedDecoder::finishSizeLine()
{
    if (!cleanLine(m_line)) {
        refuse(State::Malformed, "bare CR in a chunk-size line");
        return false;
    }
    std::string_view size(m_line);
    size = size.substr(0, size.find(';')); // chunk extensions: ignored (RFC 9112, 7.1.1)
    while (!size.empty() && (size.back() == ' ' || size.back() == '\t')) {
        size.remove_suffix(1);
    }
    if (size.empty() || size.size() > 15) { // 15 hex digits cannot overflow; a body limit is far below
        refuse(size.empty() ? State::Malformed : State::TooLarge,
               size.empty() ? "missing chunk size" : "chunk larger than the body limit");
        return false;
    }
    uint64_t value = 0;
    for (const char c : size) {
        const int digit = hexDigitValue(c);
        if (digit < 0) {
            refuse(State::Malformed, "chunk size is not hexadecimal");
            return false;
        }
        value = value * 16 + static_cast<uint64_t>(digit);
    }
    if (value > m_maxBody - m_body.size()) {
        refuse(State::TooLarge, "body larger than the limit");
        return false;
    }
    m_remaining = value;
    m_step = value == 0 ? Step::Trailer : Step::Data;
    return true;
}

size_t ChunkedDecoder::feed(std::string_view input)
{
    size_t pos = 0;
    while (m_state == State::NeedMore && pos < input.size()) {
        if (m_step == Step::Data) {
            const size_t n = static_cast<size_t>(std::min<uint64_t>(m_remaining, input.size() - pos));
            m_body.append(input.substr(pos, n));
            pos += n;
            m_remaining -= n;
            m_step = m_remaining == 0 ? Step::DataEnd : Step::Data;
            continue;
        }
        if (m_step == Step::DataEnd) { // the CRLF (or LF) after a chunk's data, perhaps split in two
            const char c = input[pos++];
            if (c == '\n') {
                m_line.clear();
                m_step = Step::Size;
            } else if (c == '\r' && m_line.empty()) {
                m_line.push_back('\r'); // (assigning a literal trips GCC 12's -Wrestrict)
            } else {
                refuse(State::Malformed, "chunk data longer than its size");
            }
            continue;
        }
        const size_t lf = input.find('\n', pos);
        const size_t end = lf == std::string_view::npos ? input.size() : lf;
        m_line.append(input.substr(pos, end - pos));
        pos = end;
        const bool sizeLine = m_step == Step::Size;
        if ((sizeLine && m_line.size() > kMaxSizeLineBytes) ||
            (!sizeLine && m_trailerBytes + m_line.size() > m_maxTrailer)) {
            refuse(State::Malformed, sizeLine ? "chunk-size line too long" : "trailer too large");
            break;
        }
        if (lf == std::string_view::npos) {
            break;
        }
        ++pos;
        if (sizeLine) {
            if (!finishSizeLine()) {
                break;
            }
        } else if (!cleanLine(m_line)) {
            refuse(State::Malformed, "bare CR in a trailer line");
            break;
        } else if (m_line.empty()) {
            m_state = State::Done;
        } else {
            m_trailerBytes += m_line.size() + 2; // trailer fields are read and dropped: the relay uses none
        }
        m_line.clear();
    }
    return pos;
}

} // namespace pulsemap
