// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "alert_rule.h"

#include <charconv>
#include <initializer_list>
#include <vector>

namespace pulsemap {

namespace {

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kMaxWindowMs = 24 * kHourMs;

// Messages are built without operator+ on strings, which trips GCC 12's -Wrestrict false positive.
std::string concat(std::initializer_list<std::string_view> parts)
{
    std::string out;
    for (const std::string_view part : parts) {
        out.append(part);
    }
    return out;
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

bool isName(std::string_view text)
{
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (!isNameChar(c)) {
            return false;
        }
    }
    return true;
}

// Splits on blanks, but keeps the comparison operators apart even when written without spaces ("count>50").
std::vector<std::string_view> tokens(std::string_view text)
{
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\t') {
            ++i;
            continue;
        }
        size_t end = i;
        if (text[i] == '<' || text[i] == '>') {
            end = i + 1 + static_cast<size_t>(i + 1 < text.size() && text[i + 1] == '=');
        } else {
            while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '<' && text[end] != '>') {
                ++end;
            }
        }
        out.push_back(text.substr(i, end - i));
        i = end;
    }
    return out;
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return text;
}

Result<AlertRule::Comparison> parseComparison(std::string_view text)
{
    for (const auto comparison : {AlertRule::Comparison::Above, AlertRule::Comparison::AtLeast,
                                  AlertRule::Comparison::Below, AlertRule::Comparison::AtMost}) {
        if (text == comparisonText(comparison)) {
            return comparison;
        }
    }
    return fail(concat({"expected one of > >= < <= after the window, got '", text, "'"}));
}

Result<int64_t> parseCount(std::string_view text)
{
    int64_t value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) {
        return fail(concat({"expected a whole number of events as the threshold, got '", text, "'"}));
    }
    return value;
}

} // namespace

const char *comparisonText(AlertRule::Comparison comparison)
{
    switch (comparison) {
    case AlertRule::Comparison::Above:
        return ">";
    case AlertRule::Comparison::AtLeast:
        return ">=";
    case AlertRule::Comparison::Below:
        return "<";
    case AlertRule::Comparison::AtMost:
        return "<=";
    }
    return "?";
}

bool AlertRule::holdsFor(int64_t value) const
{
    switch (comparison) {
    case Comparison::Above:
        return value > threshold;
    case Comparison::AtLeast:
        return value >= threshold;
    case Comparison::Below:
        return value < threshold;
    case Comparison::AtMost:
        return value <= threshold;
    }
    return false;
}

std::string AlertRule::condition() const
{
    const std::string window = formatAlertWindow(windowMs);
    if (kind == Kind::SourceDown) {
        return concat({"source down ", window});
    }
    return concat({type.empty() ? std::string_view("*") : std::string_view(type), " per ", window, " ",
                   comparisonText(comparison), " ", std::to_string(threshold)});
}

Result<int64_t> parseAlertWindow(std::string_view text)
{
    const auto bad = [&](const std::string &why) {
        return fail(concat({"'", text, "' is not a window: ", why, " (e.g. 10s, 5m, 1h)"}));
    };
    size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    const std::string_view unit = text.substr(digits);
    if (digits == 0 || (!unit.empty() && (unit.front() == '.' || unit.front() == ','))) {
        return bad("expected a whole number before the unit");
    }
    int64_t unitMs = 0;
    if (unit == "s") {
        unitMs = kSecondMs;
    } else if (unit == "m") {
        unitMs = kMinuteMs;
    } else if (unit == "h") {
        unitMs = kHourMs;
    } else {
        return bad("the unit is s, m or h");
    }
    int64_t amount = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + digits, amount);
    if (error != std::errc() || amount < 1 || amount > kMaxWindowMs / unitMs) {
        return bad("windows go from 1s to 24h");
    }
    return amount * unitMs;
}

std::string formatAlertWindow(int64_t windowMs)
{
    if (windowMs % kHourMs == 0) {
        return concat({std::to_string(windowMs / kHourMs), "h"});
    }
    if (windowMs % kMinuteMs == 0) {
        return concat({std::to_string(windowMs / kMinuteMs), "m"});
    }
    return concat({std::to_string(windowMs / kSecondMs), "s"});
}

Result<AlertRule> parseAlertRule(std::string_view text)
{
    const std::string quoted = concat({"alert rule '", trim(text), "'"});
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return fail(concat({quoted, ": expected NAME: CONDITION, e.g. 'burst: click per 10s > 50'"}));
    }
    AlertRule rule;
    rule.name = std::string(trim(text.substr(0, colon)));
    if (!isName(rule.name)) {
        return fail(concat({quoted, ": the name before ':' is letters, digits, '_', '-' or '.'"}));
    }
    const std::vector<std::string_view> words = tokens(text.substr(colon + 1));
    if (words.size() == 3 && words[0] == "source" && words[1] == "down") {
        const Result<int64_t> window = parseAlertWindow(words[2]);
        if (!window) {
            return fail(window.error(), quoted);
        }
        rule.kind = AlertRule::Kind::SourceDown;
        rule.windowMs = *window;
        rule.threshold = *window / 1000;
        return rule;
    }
    if (words.size() != 5 || words[1] != "per") {
        return fail(concat({quoted, ": expected 'TYPE per WINDOW OP COUNT' (e.g. 'click per 10s > 50') or 'source down "
                                    "WINDOW' after the name"}));
    }
    if (words[0] != "*" && words[0] != "any") {
        if (!isName(words[0])) {
            return fail(concat({quoted, ": '", words[0], "' is not an event type (or '*' for any type)"}));
        }
        rule.type = std::string(words[0]);
    }
    const Result<int64_t> window = parseAlertWindow(words[2]);
    if (!window) {
        return fail(window.error(), quoted);
    }
    rule.windowMs = *window;
    const Result<AlertRule::Comparison> comparison = parseComparison(words[3]);
    if (!comparison) {
        return fail(comparison.error(), quoted);
    }
    rule.comparison = *comparison;
    const Result<int64_t> threshold = parseCount(words[4]);
    if (!threshold) {
        return fail(threshold.error(), quoted);
    }
    rule.threshold = *threshold;
    if (rule.comparison == AlertRule::Comparison::Below && rule.threshold == 0) {
        return fail(concat({quoted, ": fewer than 0 events can never happen; use '< 1' for 'none at all'"}));
    }
    return rule;
}

} // namespace pulsemap
