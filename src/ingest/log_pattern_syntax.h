// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// The two custom-format syntaxes, nginx log_format ($variables) and GoAccess-style (%specifiers), split into
// (literal, field) items. Internal to the log-pattern compiler.

#include "core/result.h"
#include "log_pattern.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap::logfmt {

struct FormatItem
{
    std::string literal; // text before the field
    Field field = Field::Ignore;
    std::string name;         // as written ("$status", "%s"), for error messages
    bool weakAddress = false; // $realip_remote_addr: used only when there is no $remote_addr
};

// Builds messages without operator+ on strings, which trips GCC 12's -Wrestrict false positive.
std::string concat(std::initializer_list<std::string_view> parts);

bool isNameChar(char c);

// Split a format into items and the literal after the last one; a one-line error when the format cannot be
// read.
Status tokenizeNginx(std::string_view format, std::vector<FormatItem> &items, std::string &tail);
Status tokenizeGoAccess(std::string_view format, std::vector<FormatItem> &items, std::string &tail);

} // namespace pulsemap::logfmt
