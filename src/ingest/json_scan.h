#pragma once

// A minimal JSON scanner for one flat object per line: finds where values start and end without building
// anything, and unescapes strings on demand. Internal to pulsemap_ingest.

#include <cstddef>
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

} // namespace pulsemap::json
