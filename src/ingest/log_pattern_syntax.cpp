// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_pattern_syntax.h"

#include <array>

namespace pulsemap::logfmt {

namespace {

struct Variable
{
    std::string_view name;
    Field field;
};

constexpr std::array<Variable, 20> kVariables = {{
    {"remote_addr", Field::Address},
    {"realip_remote_addr", Field::Address},
    {"http_x_forwarded_for", Field::ForwardedFor},
    {"time_local", Field::Time},
    {"time_iso8601", Field::Time},
    {"msec", Field::Time},
    {"request", Field::Request},
    {"request_method", Field::Method},
    {"request_uri", Field::Target},
    {"uri", Field::Path},
    {"document_uri", Field::Path},
    {"args", Field::Query},
    {"query_string", Field::Query},
    {"server_protocol", Field::Protocol},
    {"status", Field::Status},
    {"host", Field::Vhost},
    {"server_name", Field::Vhost},
    {"http_host", Field::VhostPort},
    {"http_referer", Field::Referer},
    {"http_user_agent", Field::UserAgent},
}};

Field nginxField(std::string_view name)
{
    std::string lower(name);
    for (char &c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    for (const Variable &variable : kVariables) {
        if (variable.name == lower) {
            return variable.field;
        }
    }
    return Field::Ignore; // nginx has hundreds of variables: anything else is matched and ignored
}

struct Specifier
{
    char letter;
    Field field;
};

// %^ ignores a field; %e (user), %b (bytes), %T/%D/%L (durations), %n/%k/%K/%M/%C (cache status, TLS,
// content type) are matched and ignored too, so GoAccess definitions work unchanged.
constexpr std::array<Specifier, 26> kSpecifiers = {{
    {'h', Field::Address}, {'x', Field::Time},      {'d', Field::Date},       {'t', Field::TimeOfDay},
    {'z', Field::Offset},  {'v', Field::Vhost},     {'r', Field::Request},    {'m', Field::Method},
    {'U', Field::Path},    {'q', Field::Query},     {'H', Field::Protocol},   {'s', Field::Status},
    {'R', Field::Referer}, {'u', Field::UserAgent}, {'~', Field::SkipSpaces}, {'^', Field::Ignore},
    {'e', Field::Ignore},  {'b', Field::Ignore},    {'T', Field::Ignore},     {'D', Field::Ignore},
    {'L', Field::Ignore},  {'n', Field::Ignore},    {'k', Field::Ignore},     {'K', Field::Ignore},
    {'M', Field::Ignore},  {'C', Field::Ignore},
}};

bool goAccessField(char c, Field &field)
{
    for (const Specifier &specifier : kSpecifiers) {
        if (specifier.letter == c) {
            field = specifier.field;
            return true;
        }
    }
    return false;
}

} // namespace

std::string concat(std::initializer_list<std::string_view> parts)
{
    std::string result;
    for (const std::string_view part : parts) {
        result.append(part);
    }
    return result;
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Status tokenizeNginx(std::string_view format, std::vector<FormatItem> &items, std::string &tail)
{
    std::string literal;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '$') {
            literal += format[i];
            continue;
        }
        std::string_view name;
        if (i + 1 < format.size() && format[i + 1] == '{') {
            const size_t close = format.find('}', i + 2);
            if (close == std::string_view::npos) {
                return fail("unclosed \"${\" in log format");
            }
            name = format.substr(i + 2, close - i - 2);
            i = close;
        } else {
            size_t end = i + 1;
            while (end < format.size() && isNameChar(format[end])) {
                ++end;
            }
            name = format.substr(i + 1, end - i - 1);
            i = end - 1;
        }
        bool valid = !name.empty();
        for (const char c : name) {
            valid = valid && isNameChar(c);
        }
        if (!valid) {
            if (name.empty()) {
                return fail("a \"$\" in the log format is not followed by a variable name");
            }
            return fail(concat({"invalid nginx variable \"$", name, "\" in log format"}));
        }
        FormatItem item{std::move(literal), nginxField(name), concat({"$", name}), false};
        item.weakAddress = item.field == Field::Address && name != "remote_addr";
        items.push_back(std::move(item));
        literal.clear();
    }
    tail = std::move(literal);
    return {};
}

Status tokenizeGoAccess(std::string_view format, std::vector<FormatItem> &items, std::string &tail)
{
    std::string literal;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            literal += format[i];
            continue;
        }
        if (i + 1 == format.size()) {
            return fail("the log format ends with a lone \"%\"");
        }
        const char c = format[++i];
        if (c == '%') {
            literal += '%';
            continue;
        }
        Field field = Field::Ignore;
        if (!goAccessField(c, field)) {
            std::string error = concat({"unknown specifier \"%", std::string_view(&c, 1), "\" in log format"});
            if (c == '>' || c == '{' || c == 'l' || c == 'O' || c == 'I' || c == 'a' || c == 'A' || c == 'p') {
                error += " (Apache LogFormat directives are not supported: use the GoAccess-style specifiers "
                         "of docs/log-formats.md, or combined/common/vcombined)";
            }
            return fail(std::move(error));
        }
        // GoAccess's own definitions put the UTC offset in a "%^" right after "%t ".
        if (field == Field::Ignore && c == '^' && literal == " " && !items.empty() &&
            items.back().field == Field::TimeOfDay) {
            field = Field::MaybeOffset;
        }
        items.push_back(FormatItem{std::move(literal), field, concat({"%", std::string_view(&c, 1)}), false});
        literal.clear();
    }
    tail = std::move(literal);
    return {};
}

} // namespace pulsemap::logfmt
