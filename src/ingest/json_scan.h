// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// A minimal JSON scanner for one flat object per line: finds where values start and end without building
// anything, and unescapes strings on demand. Shared by the log parsers (pulsemap_ingest) and the stream
// decoder (pulsemap_stream_codec). Threading: pure functions, safe from any thread.

#include <cstddef>
#include <span>
#include <string_view>

namespace pulsemap::json {

constexpr size_t npos = std::string_view::npos;

enum class Kind { String, Number, True, False, Null, Object, Array };

// Nesting deeper than this inside a value is rejected rather than followed (logs have no reason for it).
constexpr int kMaxDepth = 64;

size_t skipSpace(std::string_view text, size_t pos);

// text[pos] is the opening '"'. Returns the position just past the closing quote, or npos when the string
// does not end; escaped is set when the contents hold a backslash.
size_t scanString(std::string_view text, size_t pos, bool &escaped);

// Scans the value starting at text[pos] (no leading space). Returns the position just past it, or npos when
// it is not a value. Objects and arrays are skipped whole, strings inside them included.
size_t scanValue(std::string_view text, size_t pos, Kind &kind, bool &escaped);

// Writes the unescaped form of a string's contents (without its quotes) to out, which must have room for
// raw.size() bytes: the result is never longer. Handles the JSON escapes, \uXXXX with surrogate pairs (to
// UTF-8; a lone surrogate becomes U+FFFD) and nginx's escape=default \xHH. Returns the length written.
size_t unescape(std::string_view raw, char *out);

// One member of an object as forEachMember sees it.
struct Member
{
    std::string_view key; // unescaped (into the caller's key buffer) when it fits there, else as written
    Kind kind = Kind::Null;
    std::string_view raw; // the value as written; strings without their quotes (still escaped)
    bool escaped = false; // a string value holding a backslash: unescape() before use
};

// Walks the members of the object text (optional space around it), calling visit(const Member &) for each;
// nested objects and arrays are passed whole, not parsed. visit returns false to reject the object.
// Returns false when the text is not one well-formed object or visit rejected a member. Keys whose raw
// form is longer than keyBuffer are passed as written: size it for the longest key looked for (an escaped
// key takes up to 6 bytes per character).
template<typename Visit> bool forEachMember(std::string_view object, std::span<char> keyBuffer, Visit &&visit)
{
    size_t pos = skipSpace(object, 0);
    if (pos >= object.size() || object[pos] != '{') {
        return false;
    }
    pos = skipSpace(object, pos + 1);
    if (pos < object.size() && object[pos] == '}') {
        return skipSpace(object, pos + 1) == object.size();
    }
    while (pos < object.size()) {
        if (object[pos] != '"') {
            return false;
        }
        bool keyEscaped = false;
        const size_t keyEnd = scanString(object, pos, keyEscaped);
        if (keyEnd == npos) {
            return false;
        }
        Member member;
        member.key = object.substr(pos + 1, keyEnd - pos - 2);
        if (keyEscaped && member.key.size() <= keyBuffer.size()) {
            member.key = std::string_view(keyBuffer.data(), unescape(member.key, keyBuffer.data()));
        }
        pos = skipSpace(object, keyEnd);
        if (pos >= object.size() || object[pos] != ':') {
            return false;
        }
        pos = skipSpace(object, pos + 1);
        const size_t valueEnd = scanValue(object, pos, member.kind, member.escaped);
        if (valueEnd == npos) {
            return false;
        }
        member.raw = member.kind == Kind::String ? object.substr(pos + 1, valueEnd - pos - 2)
                                                 : object.substr(pos, valueEnd - pos);
        if (!visit(static_cast<const Member &>(member))) {
            return false;
        }
        pos = skipSpace(object, valueEnd);
        if (pos < object.size() && object[pos] == ',') {
            pos = skipSpace(object, pos + 1);
            continue;
        }
        return pos < object.size() && object[pos] == '}' && skipSpace(object, pos + 1) == object.size();
    }
    return false;
}

} // namespace pulsemap::json
