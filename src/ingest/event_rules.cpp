// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event_rules.h"

#include "log_format.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include "log_common.h"

#include <pcre2.h>

#include <charconv>

namespace pulsemap {

struct EventRules::Condition
{
    enum class Kind { PathPrefix, Regex, StatusRange };
    Kind kind = Kind::PathPrefix;
    std::string prefix;
    pcre2_code *regex = nullptr;
    pcre2_match_data *matchData = nullptr;
    int statusLow = 0;
    int statusHigh = 0;
};

struct EventRules::Rule
{
    std::string type;
    std::vector<Condition> conditions;

    Rule() = default;
    Rule(Rule &&) noexcept = default;
    Rule &operator=(Rule &&) noexcept = default;
    ~Rule()
    {
        for (Condition &c : conditions) {
            pcre2_match_data_free(c.matchData);
            pcre2_code_free(c.regex);
        }
    }
};

namespace {

std::string_view pathOf(std::string_view target)
{
    const size_t query = target.find_first_of("?#");
    return query == std::string_view::npos ? target : target.substr(0, query);
}

bool parseInt(std::string_view text, int &value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

// "404", "4xx", "200-299"
bool parseStatusRange(std::string_view text, int &low, int &high)
{
    if (text.size() == 3 && (text.substr(1) == "xx" || text.substr(1) == "XX") && text[0] >= '1' && text[0] <= '5') {
        low = (text[0] - '0') * 100;
        high = low + 99;
        return true;
    }
    const size_t dash = text.find('-');
    if (dash != std::string_view::npos) {
        return parseInt(text.substr(0, dash), low) && parseInt(text.substr(dash + 1), high) && low <= high;
    }
    if (parseInt(text, low)) {
        high = low;
        return true;
    }
    return false;
}

} // namespace

EventRules::EventRules() = default;
EventRules::~EventRules() = default;

Status EventRules::addRule(std::string_view spec)
{
    const size_t equals = spec.find('=');
    if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size()) {
        return fail("bad type rule '" + std::string(spec) + "': expected TYPE=CONDITION, e.g. open=/pixel.gif");
    }
    Rule rule;
    rule.type = std::string(spec.substr(0, equals));
    std::string_view rest = spec.substr(equals + 1);
    while (!rest.empty()) {
        // A regex may contain commas; it always extends to the end of the rule.
        std::string_view text = rest;
        if (rest.front() != '~') {
            const size_t comma = rest.find(',');
            text = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        } else {
            rest = {};
        }
        Condition condition;
        if (text.starts_with('/')) {
            condition.kind = Condition::Kind::PathPrefix;
            condition.prefix = std::string(text);
        } else if (text.starts_with('~')) {
            condition.kind = Condition::Kind::Regex;
            int code = 0;
            PCRE2_SIZE offset = 0;
            condition.regex = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text.data() + 1), text.size() - 1, 0, &code,
                                            &offset, nullptr);
            if (condition.regex == nullptr) {
                PCRE2_UCHAR message[256];
                pcre2_get_error_message(code, message, sizeof message);
                return fail("bad regular expression in rule '" + std::string(spec) +
                            "': " + reinterpret_cast<const char *>(message) + " at offset " + std::to_string(offset));
            }
            pcre2_jit_compile(condition.regex, PCRE2_JIT_COMPLETE); // falls back to the interpreter if JIT fails
            condition.matchData = pcre2_match_data_create_from_pattern(condition.regex, nullptr);
        } else if (text.starts_with("status:")) {
            condition.kind = Condition::Kind::StatusRange;
            if (!parseStatusRange(text.substr(7), condition.statusLow, condition.statusHigh)) {
                return fail("bad status condition '" + std::string(text) +
                            "': use status:404, status:4xx or status:200-299");
            }
        } else {
            return fail("bad condition '" + std::string(text) +
                        "' in rule: use /path-prefix, ~regex or status:NNN (e.g. click=/c/, open=~\\.gif$, "
                        "error=status:5xx)");
        }
        rule.conditions.push_back(std::move(condition));
    }
    m_rules.push_back(std::move(rule));
    return {};
}

std::string_view EventRules::typeFor(const ParsedLine &line) const
{
    for (const Rule &rule : m_rules) {
        bool all = true;
        for (const Condition &condition : rule.conditions) {
            switch (condition.kind) {
            case Condition::Kind::PathPrefix:
                all = pathOf(line.target).starts_with(condition.prefix);
                break;
            case Condition::Kind::Regex:
                all = pcre2_match(condition.regex, reinterpret_cast<PCRE2_SPTR>(line.target.data()), line.target.size(),
                                  0, 0, condition.matchData, nullptr) >= 0;
                break;
            case Condition::Kind::StatusRange:
                all = line.status >= condition.statusLow && line.status <= condition.statusHigh;
                break;
            }
            if (!all) {
                break;
            }
        }
        if (all) {
            return rule.type;
        }
    }
    return m_defaultType;
}

bool EventRules::campaignFor(std::string_view target, std::string &out) const
{
    if (m_campaignParameter.empty()) {
        return false;
    }
    const size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return false;
    }
    std::string_view query = target.substr(question + 1);
    query = query.substr(0, query.find('#'));
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const size_t equals = pair.find('=');
        if (pair.substr(0, equals) == m_campaignParameter && equals != std::string_view::npos) {
            percentDecode(pair.substr(equals + 1), out);
            return !out.empty();
        }
    }
    return false;
}

void percentDecode(std::string_view text, std::string &out)
{
    out.clear();
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size() && logfmt::hexDigitValue(text[i + 1]) >= 0 &&
            logfmt::hexDigitValue(text[i + 2]) >= 0) {
            out.push_back(
                static_cast<char>(logfmt::hexDigitValue(text[i + 1]) * 16 + logfmt::hexDigitValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(c == '+' ? ' ' : c);
        }
    }
}

} // namespace pulsemap
