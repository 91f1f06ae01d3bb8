// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// EventDecoder: one JSON object, read field by field, then stored as an event or a control message.

#include "event_decoder.h"

#include "ingest/json_scan.h"
#include "ingest/timestamp.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <span>

namespace pulsemap {

namespace {

constexpr size_t kMaxTypeBytes = 64;
constexpr size_t kMaxIpBytes = 64;
constexpr size_t kMaxCountryBytes = 16;

using json::Member;

// forEachMember, with numbers held to JSON's grammar: scanValue takes them loosely ("-", "1e"), which is
// enough to skip a log field but not to read a coordinate.
template<typename Visit> bool forEachStrictMember(std::string_view object, std::span<char> keys, Visit &&visit)
{
    return json::forEachMember(object, keys, [&](const Member &m) {
        if (m.kind == json::Kind::Number) {
            double ignored = 0;
            const auto [end, ec] = std::from_chars(m.raw.data(), m.raw.data() + m.raw.size(), ignored);
            if (ec != std::errc() || end != m.raw.data() + m.raw.size()) {
                return false;
            }
        }
        visit(m);
        return true;
    });
}

bool toDouble(std::string_view text, double &value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

// A number, or a string holding one ("48.1" from loosely typed producers).
bool numberOf(const Member &m, double &value)
{
    return (m.kind == json::Kind::Number || (m.kind == json::Kind::String && !m.escaped)) && toDouble(m.raw, value);
}

// A visitor id: hex text of 1 to 16 digits (what the relay writes: exact in any JSON reader) or a non-negative
// integer; kept to 63 bits, 0 meaning unknown.
bool visitorOf(const Member &m, uint64_t &value)
{
    if (m.kind == json::Kind::String && !m.escaped && !m.raw.empty() && m.raw.size() <= 16) {
        const auto [end, ec] = std::from_chars(m.raw.data(), m.raw.data() + m.raw.size(), value, 16);
        value &= kVisitorMask;
        return ec == std::errc() && end == m.raw.data() + m.raw.size();
    }
    double number = 0;
    if (m.kind != json::Kind::Number || !toDouble(m.raw, number) || number < 0 || number > 9.0e15 ||
        std::floor(number) != number) {
        return false;
    }
    value = static_cast<uint64_t>(number);
    return true;
}

bool integerOf(const Member &m, int64_t &value)
{
    double number = 0;
    if (!numberOf(m, number) || number < 0 || number > 9.0e15 || std::floor(number) != number) {
        return false;
    }
    value = static_cast<int64_t>(number);
    return true;
}

std::string_view unescaped(std::string_view raw, bool escaped, std::string &buffer)
{
    if (!escaped) {
        return raw;
    }
    buffer.resize(raw.size());
    buffer.resize(json::unescape(raw, buffer.data()));
    return buffer;
}

bool isSet(const Member &m)
{
    return m.kind != json::Kind::Null;
}

// A coordinate within [-limit, limit]; problem is what to say otherwise.
const char *readCoordinate(const Member &m, double limit, const char *problem, double &out)
{
    return numberOf(m, out) && out >= -limit && out <= limit ? nullptr : problem;
}

// ts as Unix seconds or milliseconds (told apart by size) or an ISO 8601 string. Times outside
// plausibleEventTime are refused, not clamped: the event is malformed (the contract of core/event.h).
const char *readTime(const Member &m, std::string &buffer, int64_t &tsMs)
{
    double number = 0;
    if (numberOf(m, number)) {
        number = number < static_cast<double>(kTsSecondsBelow) ? number * 1000.0 : number;
        if (number < static_cast<double>(kEarliestEventMs) || number >= static_cast<double>(kLatestEventMs)) {
            return "ts out of range";
        }
        tsMs = static_cast<int64_t>(number);
        return nullptr;
    }
    int64_t parsed = 0;
    if (m.kind != json::Kind::String || !parseTimestamp(unescaped(m.raw, m.escaped, buffer), parsed)) {
        return "ts is neither milliseconds nor an ISO 8601 time";
    }
    if (!plausibleEventTime(parsed)) {
        return "ts out of range";
    }
    tsMs = parsed;
    return nullptr;
}

// Countries are a hint: anything but two letters is left out rather than costing the event.
std::array<char, 2> countryOf(std::string_view raw)
{
    const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    const auto upper = [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); };
    if (raw.size() != 2 || !letter(raw[0]) || !letter(raw[1])) {
        return {};
    }
    return {upper(raw[0]), upper(raw[1])};
}

} // namespace

// The members of one object sorted by meaning, before it is known to be an event or a control message.
struct EventDecoder::Fields
{
    Event event;
    const char *problem = nullptr; // the first reason the event is malformed
    Member type, city, campaign, ip, country, path, visitor;
    Member viewers, error, hello, gap, subscribed;
    bool hasLat = false;
    bool hasLon = false;
    bool isEvent = false; // a member only events have (a control message with one of these is an event)

    [[nodiscard]] bool isControl() const
    {
        return !isEvent && (isSet(viewers) || isSet(error) || isSet(hello) || isSet(gap) || isSet(subscribed));
    }
    void problemIf(const char *what)
    {
        if (problem == nullptr) {
            problem = what;
        }
    }
};

void EventDecoder::readField(const Member &m, Fields &f)
{
    const std::string_view k = m.key;
    if (k == "lat" || k == "latitude") {
        f.isEvent = true;
        f.hasLat = isSet(m);
        f.problemIf(f.hasLat ? readCoordinate(m, 90, "lat is not a latitude", f.event.lat) : nullptr);
    } else if (k == "lon" || k == "lng" || k == "longitude") {
        f.isEvent = true;
        f.hasLon = isSet(m);
        f.problemIf(f.hasLon ? readCoordinate(m, 180, "lon is not a longitude", f.event.lon) : nullptr);
    } else if (k == "ts" || k == "time" || k == "timestamp") {
        f.isEvent = true;
        f.problemIf(isSet(m) ? readTime(m, m_value, f.event.tsMs) : nullptr);
    } else if (k == "seq") {
        f.isEvent = true;
        if (isSet(m) && !integerOf(m, f.event.seq)) {
            f.problemIf("seq is not a non-negative integer");
        }
    } else if (k == "weight") {
        double w = 0;
        if (isSet(m) && (!numberOf(m, w) || w < 0 || w > 1e9)) {
            f.problemIf("weight is not a non-negative number");
        }
        f.event.weight = isSet(m) ? static_cast<float>(w) : 1.0F;
    } else if (k == "type" || k == "ip") {
        f.isEvent = true;
        (k == "type" ? f.type : f.ip) = m;
    } else if (k == "city") {
        f.city = m;
    } else if (k == "campaign") {
        f.campaign = m;
    } else if (k == "path") {
        f.path = m;
    } else if (k == "visitor") {
        f.visitor = m;
    } else if (k == "country") {
        f.country = m;
    } else if (k == "viewers") {
        f.viewers = m;
    } else if (k == "error") {
        f.error = m;
    } else if (k == "hello") {
        f.hello = m;
    } else if (k == "gap") {
        f.gap = m;
    } else if (k == "subscribed") {
        f.subscribed = m;
    }
}

bool EventDecoder::decodeObject(std::string_view object, int64_t arrivalMs, EventBatch &out,
                                std::vector<ControlMessage> *controls, std::string_view defaultType,
                                DecodeResult &result)
{
    Fields fields;
    fields.event.tsMs = arrivalMs;
    if (!forEachStrictMember(object, m_keys, [&](const Member &m) { readField(m, fields); })) {
        fail(result, "object is not valid JSON");
        return false;
    }
    if (fields.isControl()) {
        if (m_limits.refuseControls) {
            fail(result, "a control message, not an event");
            return false;
        }
        return decodeControl(fields, controls, result);
    }
    return appendEvent(fields, out, defaultType, result);
}

bool EventDecoder::decodeControl(const Fields &f, std::vector<ControlMessage> *controls, DecodeResult &result)
{
    ControlMessage control;
    if (isSet(f.viewers)) {
        control.kind = ControlMessage::Kind::Viewers;
        if (!integerOf(f.viewers, control.value)) {
            fail(result, "viewers is not a count");
            return false;
        }
    } else if (isSet(f.gap)) {
        control.kind = ControlMessage::Kind::Gap;
        if (!integerOf(f.gap, control.value)) {
            fail(result, "gap is not a count");
            return false;
        }
    } else if (isSet(f.subscribed)) {
        control.kind = ControlMessage::Kind::Subscribed; // the server applied our subscription
    } else if (isSet(f.error)) {
        control.kind = ControlMessage::Kind::Error;
        const std::string_view text =
            f.error.kind == json::Kind::String ? unescaped(f.error.raw, f.error.escaped, m_value) : f.error.raw;
        control.text.assign(text.substr(0, m_limits.maxStringBytes));
    } else {
        control.kind = ControlMessage::Kind::Hello;
        if (f.hello.kind == json::Kind::Object) {
            forEachStrictMember(f.hello.raw, m_keys, [&](const Member &m) {
                if (m.key == "stream" && m.kind == json::Kind::String) {
                    control.text.assign(unescaped(m.raw, m.escaped, m_value).substr(0, m_limits.maxStringBytes));
                } else if (m.key == "seq") {
                    integerOf(m, control.value);
                }
            });
        }
    }
    ++result.controls;
    if (controls != nullptr) {
        controls->push_back(std::move(control));
    }
    return true;
}

bool EventDecoder::appendEvent(Fields &f, EventBatch &out, std::string_view defaultType, DecodeResult &result)
{
    if (f.hasLat != f.hasLon) {
        f.problemIf(f.hasLat ? "lat without lon" : "lon without lat");
    }
    // Strings: checked before anything is stored, so a rejected object leaves the batch as it was.
    const auto textOf = [&](const Member &m, size_t limit, const char *what, bool numberOk = false) {
        if (!isSet(m) || f.problem != nullptr) {
            return std::string_view();
        }
        if (m.kind != json::Kind::String && !(numberOk && m.kind == json::Kind::Number)) {
            f.problemIf(what);
            return std::string_view();
        }
        if (m.raw.size() > limit * 6) { // \uXXXX escapes: 6 bytes per character at most
            f.problemIf("string too long");
            return std::string_view();
        }
        return m.raw;
    };
    const std::string_view rawType = textOf(f.type, kMaxTypeBytes, "type is not a string");
    const std::string_view rawCity = textOf(f.city, m_limits.maxStringBytes, "city is not a string");
    const std::string_view rawCampaign = textOf(f.campaign, m_limits.maxStringBytes, "campaign is not a string", true);
    const std::string_view rawIp = textOf(f.ip, kMaxIpBytes, "ip is not a string");
    const std::string_view rawCountry = textOf(f.country, kMaxCountryBytes, "country is not a string");
    const std::string_view rawPath = textOf(f.path, m_limits.maxStringBytes, "path is not a string");
    if (isSet(f.visitor) && f.problem == nullptr && !visitorOf(f.visitor, f.event.visitor)) {
        f.problemIf("visitor is not an id (hex text or an integer)");
    }
    if (f.problem != nullptr) {
        fail(result, f.problem);
        return false;
    }
    const std::string_view typeText = isSet(f.type) ? unescaped(rawType, f.type.escaped, m_value) : defaultType;
    if (typeText.empty() || typeText.size() > kMaxTypeBytes) {
        fail(result, typeText.empty() ? "type is empty" : "type longer than 64 bytes");
        return false;
    }
    Event &event = f.event;
    event.type = out.store(typeText);
    const auto storeText = [&](const Member &m, std::string_view raw, size_t limit, StrRef &ref) {
        const std::string_view text = unescaped(raw, m.escaped, m_value);
        if (text.size() > limit) {
            f.problemIf("string too long");
            return;
        }
        ref = out.store(text);
    };
    storeText(f.city, rawCity, m_limits.maxStringBytes, event.city);
    storeText(f.campaign, rawCampaign, m_limits.maxStringBytes, event.campaign);
    storeText(f.ip, rawIp, kMaxIpBytes, event.ip);
    if (isSet(f.path)) {
        // As the log import keeps it: without query string or fragment, so the pages table groups by page.
        const std::string_view path = requestPath(unescaped(rawPath, f.path.escaped, m_value));
        event.path = path.empty() ? StrRef{} : out.store(path);
    }
    if (f.problem != nullptr) {
        fail(result, f.problem);
        return false;
    }
    event.country = countryOf(rawCountry);
    out.append() = event;
    ++result.events;
    return true;
}

} // namespace pulsemap
