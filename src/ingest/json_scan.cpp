// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "json_scan.h"

#include "log_common.h"

#include <cstdint>
#include <cstring>

namespace pulsemap::json {

namespace {

// n hex digits at raw[pos]; -1 when they are not there.
int32_t readHex(std::string_view raw, size_t pos, size_t n)
{
    if (pos > raw.size() || raw.size() - pos < n) {
        return -1;
    }
    int32_t value = 0;
    for (size_t i = 0; i < n; ++i) {
        const int digit = logfmt::hexDigitValue(raw[pos + i]);
        if (digit < 0) {
            return -1;
        }
        value = value * 16 + digit;
    }
    return value;
}

size_t putUtf8(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

bool isNumberChar(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

size_t scanWord(std::string_view text, size_t pos, std::string_view word)
{
    return text.compare(pos, word.size(), word) == 0 ? pos + word.size() : npos;
}

// Skips an object or array without recursion; one bit per level remembers which closer is expected.
size_t scanNested(std::string_view text, size_t pos)
{
    uint64_t isObject = 0;
    int depth = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '"') {
            bool escaped = false;
            pos = scanString(text, pos, escaped);
            if (pos == npos) {
                return npos;
            }
            continue;
        }
        if (c == '{' || c == '[') {
            if (depth == kMaxDepth) {
                return npos;
            }
            isObject = (isObject << 1) | (c == '{' ? 1u : 0u);
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0 || ((isObject & 1u) != 0) != (c == '}')) {
                return npos;
            }
            isObject >>= 1;
            if (--depth == 0) {
                return pos + 1;
            }
        }
        ++pos;
    }
    return npos;
}

} // namespace

size_t skipSpace(std::string_view text, size_t pos)
{
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
        ++pos;
    }
    return pos;
}

size_t scanString(std::string_view text, size_t pos, bool &escaped)
{
    const size_t start = pos + 1;
    const size_t at = logfmt::findUnescapedQuote(text, start);
    if (at == npos) {
        escaped = false;
        return npos;
    }
    escaped = std::memchr(text.data() + start, '\\', at - start) != nullptr;
    return at + 1;
}

size_t scanValue(std::string_view text, size_t pos, Kind &kind, bool &escaped)
{
    escaped = false;
    if (pos >= text.size()) {
        return npos;
    }
    switch (text[pos]) {
    case '"':
        kind = Kind::String;
        return scanString(text, pos, escaped);
    case '{':
        kind = Kind::Object;
        return scanNested(text, pos);
    case '[':
        kind = Kind::Array;
        return scanNested(text, pos);
    case 't':
        kind = Kind::True;
        return scanWord(text, pos, "true");
    case 'f':
        kind = Kind::False;
        return scanWord(text, pos, "false");
    case 'n':
        kind = Kind::Null;
        return scanWord(text, pos, "null");
    default:
        break;
    }
    // Numbers are taken loosely: nginx writes an unset variable as a bare "-" in escape=default logs.
    kind = Kind::Number;
    size_t end = pos;
    while (end < text.size() && isNumberChar(text[end])) {
        ++end;
    }
    return end == pos ? npos : end;
}

size_t unescape(std::string_view raw, char *out)
{
    size_t written = 0;
    size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (c != '\\' || i + 1 == raw.size()) {
            out[written++] = c;
            ++i;
            continue;
        }
        const char e = raw[i + 1];
        i += 2;
        switch (e) {
        case 'b':
            out[written++] = '\b';
            continue;
        case 'f':
            out[written++] = '\f';
            continue;
        case 'n':
            out[written++] = '\n';
            continue;
        case 'r':
            out[written++] = '\r';
            continue;
        case 't':
            out[written++] = '\t';
            continue;
        case 'x':
            if (const int32_t byte = readHex(raw, i, 2); byte >= 0) {
                out[written++] = static_cast<char>(byte);
                i += 2;
                continue;
            }
            break;
        case 'u':
            if (int32_t cp = readHex(raw, i, 4); cp >= 0) {
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    const int32_t low = raw.compare(i, 2, "\\u") == 0 ? readHex(raw, i + 2, 4) : -1;
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                written += putUtf8(static_cast<uint32_t>(cp), out + written);
                continue;
            }
            break;
        default:
            break;
        }
        // \" \\ \/ and unknown escapes: the character itself; a malformed \x or \u is kept as written.
        if (e == 'x' || e == 'u') {
            out[written++] = '\\';
        }
        out[written++] = e;
    }
    return written;
}

} // namespace pulsemap::json
