// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "syslog_framing.h"

#include <algorithm>

namespace pulsemap {

namespace {

constexpr size_t npos = std::string_view::npos;
constexpr size_t kMaxCountDigits = 10;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::string_view trimFrameEnd(std::string_view frame)
{
    while (!frame.empty() && (frame.back() == '\n' || frame.back() == '\r' || frame.back() == '\0')) {
        frame.remove_suffix(1);
    }
    return frame;
}

// "<PRI>": 0 to 191, no leading zeros (RFC 5424 section 6.2.1). Returns the length taken, or 0.
size_t readPriority(std::string_view text, int &priority)
{
    if (text.size() < 3 || text[0] != '<') {
        return 0;
    }
    size_t pos = 1;
    int value = 0;
    while (pos < text.size() && pos <= 4 && isDigit(text[pos])) {
        value = value * 10 + (text[pos] - '0');
        ++pos;
    }
    const size_t digits = pos - 1;
    if (digits == 0 || digits > 3 || pos >= text.size() || text[pos] != '>' || value > 191 ||
        (digits > 1 && text[1] == '0')) {
        return 0;
    }
    priority = value;
    return pos + 1;
}

// The next space-delimited word from pos; pos moves past it and one following space.
std::string_view nextWord(std::string_view text, size_t &pos)
{
    const size_t end = std::min(text.find(' ', pos), text.size());
    const std::string_view word = text.substr(pos, end - pos);
    pos = end < text.size() ? end + 1 : end;
    return word;
}

// RFC 5424 STRUCTURED-DATA from pos: "-" or one or more "[id param="value" ...]" (a value escapes '"', '\' and
// ']' with a backslash). Returns the position after it, or npos when it does not end.
size_t skipStructuredData(std::string_view text, size_t pos)
{
    if (pos < text.size() && text[pos] == '-') {
        return pos + 1;
    }
    if (pos >= text.size() || text[pos] != '[') {
        return npos;
    }
    while (pos < text.size() && text[pos] == '[') {
        bool quoted = false;
        ++pos;
        for (; pos < text.size(); ++pos) {
            const char c = text[pos];
            if (quoted && c == '\\') {
                ++pos; // the escaped character, whatever it is
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                break;
            }
        }
        if (pos >= text.size()) {
            return npos;
        }
        ++pos; // past ']'
    }
    return pos;
}

// "Feb  6 12:14:14" or "Feb 16 12:14:14": RFC 3164's TIMESTAMP, which has no year and no zone.
bool isBsdTimestamp(std::string_view text)
{
    if (text.size() < 15) {
        return false;
    }
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    return letter(text[0]) && letter(text[1]) && letter(text[2]) && text[3] == ' ' &&
           (text[4] == ' ' || isDigit(text[4])) && isDigit(text[5]) && text[6] == ' ' && isDigit(text[7]) &&
           isDigit(text[8]) && text[9] == ':' && isDigit(text[10]) && isDigit(text[11]) && text[12] == ':' &&
           isDigit(text[13]) && isDigit(text[14]);
}

// "nginx:" or "haproxy[14389]:": the program name.
bool isTag(std::string_view word, std::string_view &appName)
{
    if (word.size() < 2 || word.size() > 64 || word.back() != ':') {
        return false;
    }
    appName = word.substr(0, std::min(word.find('['), word.size() - 1));
    return true;
}

std::string_view withoutBom(std::string_view msg)
{
    return msg.substr(0, 3) == "\xEF\xBB\xBF" ? msg.substr(3) : msg;
}

} // namespace

bool parseSyslogMessage(std::string_view frame, SyslogMessage &out)
{
    out = SyslogMessage{};
    frame = trimFrameEnd(frame);
    size_t pos = readPriority(frame, out.priority);
    if (pos == 0) {
        return false;
    }
    if (frame.substr(pos, 2) == "1 ") {
        out.format = SyslogMessage::Format::Rfc5424;
        pos += 2;
        std::string_view header[5]; // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
        for (std::string_view &field : header) {
            if (pos >= frame.size()) {
                return false;
            }
            field = nextWord(frame, pos);
            if (field.empty()) {
                return false; // two spaces: an empty header field
            }
        }
        out.appName = header[2] == "-" ? std::string_view() : header[2];
        pos = skipStructuredData(frame, pos);
        if (pos == npos || (pos < frame.size() && frame[pos] != ' ')) {
            return false;
        }
        out.msg = withoutBom(pos < frame.size() ? frame.substr(pos + 1) : std::string_view());
        return true;
    }
    out.format = SyslogMessage::Format::Rfc3164;
    std::string_view rest = frame.substr(pos);
    bool dated = false;
    if (isBsdTimestamp(rest)) {
        rest.remove_prefix(std::min<size_t>(16, rest.size()));
        dated = true;
    } else if (rest.size() > 5 && isDigit(rest[0]) && isDigit(rest[3]) && rest[4] == '-') {
        // rsyslog's forwarding templates put an RFC 3339 time in the old format's place.
        size_t at = 0;
        nextWord(rest, at);
        rest.remove_prefix(at);
        dated = true;
    }
    size_t at = 0;
    const std::string_view first = nextWord(rest, at);
    if (isTag(first, out.appName)) {
        rest.remove_prefix(at); // "tag: msg", without a hostname (as HAProxy sends it)
    } else if (dated) {
        // "host tag: msg" or "host msg": a hostname follows the timestamp.
        size_t after = at;
        const std::string_view second = nextWord(rest, after);
        rest.remove_prefix(isTag(second, out.appName) ? after : at);
    }
    out.msg = withoutBom(rest);
    return true;
}

size_t SyslogStreamDecoder::step(std::string_view bytes, std::string_view &frame)
{
    switch (m_state) {
    case State::Start:
        if (bytes[0] == '\n' || bytes[0] == '\r' || bytes[0] == '\0' || bytes[0] == ' ') {
            return 1; // a stray trailer between frames
        }
        m_buffer.clear();
        m_state = bytes[0] >= '1' && bytes[0] <= '9' ? State::Count : State::Line;
        return 0;
    case State::Count: {
        size_t used = 0;
        while (used < bytes.size() && isDigit(bytes[used]) && m_buffer.size() < kMaxCountDigits) {
            m_buffer.push_back(bytes[used++]);
        }
        if (used == bytes.size()) {
            return used; // more digits may follow
        }
        if (bytes[used] != ' ') {
            // Digits that are no octet count: a line that starts with a digit (a raw log line without PRI).
            m_state = State::Line;
            return used;
        }
        const uint64_t count = std::stoull(m_buffer);
        m_buffer.clear();
        m_remaining = count;
        if (count > m_maxFrameBytes) {
            ++m_oversized;
            m_state = State::SkipCounted;
        } else {
            m_state = State::Counted;
        }
        return used + 1;
    }
    case State::Counted: {
        const size_t take = static_cast<size_t>(std::min<uint64_t>(m_remaining, bytes.size()));
        m_buffer.append(bytes.substr(0, take));
        m_remaining -= take;
        if (m_remaining == 0) {
            frame = m_buffer;
            m_ready = true;
            m_state = State::Start;
        }
        return take;
    }
    case State::Line: {
        const size_t end = bytes.find_first_of(std::string_view("\n\0", 2));
        const size_t piece = end == npos ? bytes.size() : end;
        if (m_buffer.size() + piece > m_maxFrameBytes) {
            ++m_oversized;
            m_buffer.clear();
            m_state = end == npos ? State::SkipLine : State::Start;
            return end == npos ? piece : piece + 1;
        }
        m_buffer.append(bytes.substr(0, piece));
        if (end == npos) {
            return piece;
        }
        if (!m_buffer.empty() && m_buffer.back() == '\r') {
            m_buffer.pop_back();
        }
        frame = m_buffer;
        m_ready = true;
        m_state = State::Start;
        return piece + 1;
    }
    case State::SkipCounted: {
        const size_t take = static_cast<size_t>(std::min<uint64_t>(m_remaining, bytes.size()));
        m_remaining -= take;
        if (m_remaining == 0) {
            m_state = State::Start;
        }
        return take;
    }
    case State::SkipLine: {
        const size_t end = bytes.find_first_of(std::string_view("\n\0", 2));
        if (end == npos) {
            return bytes.size();
        }
        m_state = State::Start;
        return end + 1;
    }
    }
    return bytes.size();
}

std::string_view SyslogStreamDecoder::finish()
{
    const State state = m_state;
    m_state = State::Start;
    m_remaining = 0;
    if (state == State::Line && !m_buffer.empty()) {
        if (m_buffer.back() == '\r') {
            m_buffer.pop_back();
        }
        return m_buffer;
    }
    if (state == State::Count || state == State::Counted) {
        ++m_truncated;
    }
    m_buffer.clear();
    return {};
}

} // namespace pulsemap
