// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_pattern.h"
#include "log_pattern_syntax.h"

namespace pulsemap::logfmt {

namespace {

// Keeps one source per value where several are possible, so that the walk never has to choose.
Status resolveSources(std::vector<FormatItem> &items)
{
    bool strongAddress = false;
    for (const FormatItem &item : items) {
        strongAddress = strongAddress || (item.field == Field::Address && !item.weakAddress);
    }
    const FormatItem *firstTime = nullptr;
    bool date = false;
    bool timeOfDay = false;
    bool offset = false;
    for (FormatItem &item : items) {
        if (item.field == Field::Address && item.weakAddress && strongAddress) {
            item.field = Field::Ignore; // with real_ip, $remote_addr is the client and $realip_remote_addr the proxy
        }
        date = date || item.field == Field::Date;
        timeOfDay = timeOfDay || item.field == Field::TimeOfDay;
        offset = offset || item.field == Field::Offset;
        if (firstTime == nullptr && (item.field == Field::Time || item.field == Field::Date)) {
            firstTime = &item;
        }
    }
    if (date != timeOfDay) {
        return fail(date ? "the log format has a date (%d) but no time of day (%t)"
                         : "the log format has a time of day (%t) but no date (%d)");
    }
    if (offset && !date) {
        return fail("%z (UTC offset) needs %d and %t in the log format");
    }
    const bool timeWins = firstTime != nullptr && firstTime->field == Field::Time;
    for (FormatItem &item : items) {
        const bool isDateGroup = item.field == Field::Date || item.field == Field::TimeOfDay ||
                                 item.field == Field::Offset || item.field == Field::MaybeOffset;
        if ((item.field == Field::Time && &item != firstTime) || (isDateGroup && timeWins)) {
            item.field = Field::Ignore;
        }
    }
    return {};
}

uint32_t addText(Pattern &pattern, std::string_view literal)
{
    const auto offset = static_cast<uint32_t>(pattern.text.size());
    pattern.text += literal;
    return offset;
}

bool isMultiWord(Field field)
{
    return field == Field::Request || field == Field::Referer || field == Field::UserAgent ||
           field == Field::ForwardedFor;
}

} // namespace

Result<Pattern> compilePattern(std::string_view format)
{
    std::vector<FormatItem> items;
    std::string tail;
    bool nginx = false;
    for (size_t i = 0; i + 1 < format.size() && !nginx; ++i) {
        nginx = format[i] == '$' && (format[i + 1] == '{' || isNameChar(format[i + 1]));
    }
    if (Status read = nginx ? tokenizeNginx(format, items, tail) : tokenizeGoAccess(format, items, tail); !read) {
        return read.error();
    }
    if (items.empty()) {
        return fail("the log format has no fields: use combined, common, vcombined, json, or a format with nginx "
                    "$variables or GoAccess %specifiers");
    }
    if (Status resolved = resolveSources(items); !resolved) {
        return resolved.error();
    }
    Pattern pattern;
    for (size_t i = 0; i < items.size(); ++i) {
        const FormatItem &item = items[i];
        const bool hasNext = i + 1 < items.size();
        const std::string &next = hasNext ? items[i + 1].literal : tail;
        if (hasNext && next.empty() && item.field != Field::SkipSpaces && items[i + 1].field != Field::SkipSpaces) {
            return fail(concat({"log format fields ", item.name, " and ", items[i + 1].name,
                                " are not separated by any text, so where one ends cannot be told"}));
        }
        Step step;
        step.field = item.field;
        step.literalSize = static_cast<uint32_t>(item.literal.size());
        step.literalOffset = addText(pattern, item.literal);
        step.delimSize = static_cast<uint32_t>(next.size());
        step.delimOffset = addText(pattern, next);
        if (item.field == Field::SkipSpaces) {
            step.end = End::None;
        } else if (!next.empty()) {
            const bool quoted = !item.literal.empty() && item.literal.back() == '"' && next.front() == '"';
            step.end = quoted ? End::Quoted : End::Literal;
        } else if (hasNext) {
            step.end = End::Space; // followed by %~
        } else if (item.field == Field::Time) {
            step.end = End::TimePrefix;
        } else {
            step.end = isMultiWord(item.field) ? End::Rest : End::Space;
        }
        pattern.steps.push_back(step);
        pattern.hasAddress = pattern.hasAddress || item.field == Field::Address;
        pattern.hasForwardedFor = pattern.hasForwardedFor || item.field == Field::ForwardedFor;
        pattern.hasStatus = pattern.hasStatus || item.field == Field::Status;
        pattern.hasTime = pattern.hasTime || item.field == Field::Time;
        pattern.hasDate = pattern.hasDate || item.field == Field::Date;
        pattern.hasOffset = pattern.hasOffset || item.field == Field::Offset;
        pattern.hasTarget = pattern.hasTarget || item.field == Field::Target;
        pattern.hasRequest = pattern.hasRequest || item.field == Field::Request;
    }
    pattern.tailSize = static_cast<uint32_t>(tail.size());
    pattern.tailOffset = addText(pattern, tail);
    if (!pattern.hasAddress && !pattern.hasForwardedFor) {
        return fail("the log format has no client address ($remote_addr, $http_x_forwarded_for or %h)");
    }
    return pattern;
}

} // namespace pulsemap::logfmt
