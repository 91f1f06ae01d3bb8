#include "event_decoder.h"

#include "ingest/json_scan.h"
#include "ingest/timestamp.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace pulsemap {

namespace {

constexpr size_t kMaxTypeBytes = 64;
constexpr double kMaxTsMs = 253402300800000.0; // 10000-01-01: beyond it a timestamp is garbage
constexpr double kSecondsBelow = 1e11;         // 1973 in ms, 5138 in s: smaller numbers are seconds

struct Member
{
    std::string_view key;
    json::Kind kind = json::Kind::Null;
    std::string_view raw; // the value as written; strings without their quotes
    bool escaped = false;
};

// Calls visit(Member) for each member of the object text (braces included); false when it is not a well-formed
// flat-enough object (nested values are skipped whole, not parsed).
template<typename Visit> bool forEachMember(std::string_view object, std::string &keyBuffer, Visit &&visit)
{
    size_t pos = json::skipSpace(object, 1);
    if (pos < object.size() && object[pos] == '}') {
        return json::skipSpace(object, pos + 1) == object.size();
    }
    while (pos < object.size()) {
        if (object[pos] != '"') {
            return false;
        }
        bool keyEscaped = false;
        const size_t keyEnd = json::scanString(object, pos, keyEscaped);
        if (keyEnd == json::npos) {
            return false;
        }
        Member member;
        member.key = object.substr(pos + 1, keyEnd - pos - 2);
        if (keyEscaped) {
            keyBuffer.resize(member.key.size());
            keyBuffer.resize(json::unescape(member.key, keyBuffer.data()));
            member.key = keyBuffer;
        }
        pos = json::skipSpace(object, keyEnd);
        if (pos >= object.size() || object[pos] != ':') {
            return false;
        }
        pos = json::skipSpace(object, pos + 1);
        const size_t valueEnd = json::scanValue(object, pos, member.kind, member.escaped);
        if (valueEnd == json::npos) {
            return false;
        }
        member.raw = member.kind == json::Kind::String ? object.substr(pos + 1, valueEnd - pos - 2)
                                                       : object.substr(pos, valueEnd - pos);
        if (member.kind == json::Kind::Number) {
            double ignored = 0;
            const auto [end, ec] = std::from_chars(member.raw.data(), member.raw.data() + member.raw.size(), ignored);
            if (ec != std::errc() || end != member.raw.data() + member.raw.size()) {
                return false; // scanValue takes numbers loosely ("-", "1e"); JSON does not
            }
        }
        visit(member);
        pos = json::skipSpace(object, valueEnd);
        if (pos < object.size() && object[pos] == ',') {
            pos = json::skipSpace(object, pos + 1);
            continue;
        }
        return pos < object.size() && object[pos] == '}' && json::skipSpace(object, pos + 1) == object.size();
    }
    return false;
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

bool integerOf(const Member &m, int64_t &value)
{
    double number = 0;
    if (!numberOf(m, number) || number < 0 || number > 9.0e15 || std::floor(number) != number) {
        return false;
    }
    value = static_cast<int64_t>(number);
    return true;
}

} // namespace

void EventDecoder::fail(DecodeResult &result, std::string_view what)
{
    ++result.malformed;
    if (result.firstError.empty()) {
        result.firstError = "event " + std::to_string(m_objectIndex) + ": " + std::string(what);
    }
}

std::string_view EventDecoder::unescaped(std::string_view raw, bool escaped, std::string &buffer)
{
    if (!escaped) {
        return raw;
    }
    buffer.resize(raw.size());
    buffer.resize(json::unescape(raw, buffer.data()));
    return buffer;
}

DecodeResult EventDecoder::decode(std::string_view message, int64_t arrivalMs, EventBatch &out,
                                  std::vector<ControlMessage> *controls, std::string_view defaultType)
{
    DecodeResult result;
    m_objectIndex = 0;
    if (message.size() > m_limits.maxMessageBytes) {
        result.refused = true;
        result.firstError = "message of " + std::to_string(message.size()) + " bytes is over the limit of " +
                            std::to_string(m_limits.maxMessageBytes);
        return result;
    }
    size_t pos = json::skipSpace(message, 0);
    while (pos < message.size()) {
        json::Kind kind = json::Kind::Null;
        bool escaped = false;
        const size_t end = json::scanValue(message, pos, kind, escaped);
        if (end == json::npos || (kind != json::Kind::Object && kind != json::Kind::Array)) {
            fail(result, end == json::npos ? "not JSON" : "not an object or array");
            // Newline-delimited input can recover at the next line; anything else ends here.
            pos = message.find('\n', pos);
            if (pos == std::string_view::npos) {
                break;
            }
            pos = json::skipSpace(message, pos);
            continue;
        }
        decodeValue(message.substr(pos, end - pos), arrivalMs, out, controls, defaultType, result);
        if (result.events >= m_limits.maxEventsPerMessage) {
            break;
        }
        pos = json::skipSpace(message, end);
    }
    return result;
}

void EventDecoder::decodeValue(std::string_view value, int64_t arrivalMs, EventBatch &out,
                               std::vector<ControlMessage> *controls, std::string_view defaultType,
                               DecodeResult &result)
{
    if (value.empty() || (value.front() != '{' && value.front() != '[')) {
        ++m_objectIndex;
        fail(result, "not an object or array");
        return;
    }
    if (value.front() == '{') {
        ++m_objectIndex;
        decodeObject(value, arrivalMs, out, controls, defaultType, result);
        return;
    }
    size_t pos = json::skipSpace(value, 1);
    if (pos < value.size() && value[pos] == ']') {
        return;
    }
    while (pos < value.size()) {
        json::Kind kind = json::Kind::Null;
        bool escaped = false;
        const size_t end = json::scanValue(value, pos, kind, escaped);
        ++m_objectIndex;
        if (end == json::npos) {
            fail(result, "array is not valid JSON");
            return;
        }
        if (result.events >= m_limits.maxEventsPerMessage) {
            fail(result, "more events than the per-message limit");
            return;
        }
        if (kind == json::Kind::Object) {
            decodeObject(value.substr(pos, end - pos), arrivalMs, out, controls, defaultType, result);
        } else {
            fail(result, "array element is not an object");
        }
        pos = json::skipSpace(value, end);
        if (pos < value.size() && value[pos] == ',') {
            pos = json::skipSpace(value, pos + 1);
        } else {
            if (pos >= value.size() || value[pos] != ']') {
                fail(result, "array is not valid JSON");
            }
            return;
        }
    }
}

bool EventDecoder::decodeObject(std::string_view object, int64_t arrivalMs, EventBatch &out,
                                std::vector<ControlMessage> *controls, std::string_view defaultType,
                                DecodeResult &result)
{
    Event event;
    event.tsMs = arrivalMs;
    const char *problem = nullptr;
    Member type, city, campaign, ip, country, viewers, error, hello, gap, subscribed;
    bool hasLat = false;
    bool hasLon = false;
    bool isEvent = false;
    const bool wellFormed = forEachMember(object, m_key, [&](const Member &m) {
        const std::string_view k = m.key;
        if (k == "lat" || k == "latitude") {
            isEvent = true;
            hasLat = m.kind != json::Kind::Null;
            if (hasLat && (!numberOf(m, event.lat) || event.lat < -90 || event.lat > 90)) {
                problem = "lat is not a latitude";
            }
        } else if (k == "lon" || k == "lng" || k == "longitude") {
            isEvent = true;
            hasLon = m.kind != json::Kind::Null;
            if (hasLon && (!numberOf(m, event.lon) || event.lon < -180 || event.lon > 180)) {
                problem = "lon is not a longitude";
            }
        } else if (k == "ts" || k == "time" || k == "timestamp") {
            isEvent = true;
            double number = 0;
            if (m.kind == json::Kind::Null) {
                return;
            }
            if (numberOf(m, number)) {
                number = number < kSecondsBelow ? number * 1000.0 : number;
                if (number < 0 || number >= kMaxTsMs) {
                    problem = "ts out of range";
                } else {
                    event.tsMs = static_cast<int64_t>(number);
                }
            } else if (m.kind != json::Kind::String ||
                       !parseTimestamp(unescaped(m.raw, m.escaped, m_value), event.tsMs)) {
                problem = "ts is neither milliseconds nor an ISO 8601 time";
            }
        } else if (k == "seq") {
            isEvent = true;
            if (m.kind != json::Kind::Null && !integerOf(m, event.seq)) {
                problem = "seq is not a non-negative integer";
            }
        } else if (k == "weight") {
            double w = 0;
            if (m.kind != json::Kind::Null && (!numberOf(m, w) || w < 0 || w > 1e9)) {
                problem = "weight is not a non-negative number";
            }
            event.weight = m.kind == json::Kind::Null ? 1.0F : static_cast<float>(w);
        } else if (k == "type") {
            isEvent = true;
            type = m;
        } else if (k == "city") {
            city = m;
        } else if (k == "campaign") {
            campaign = m;
        } else if (k == "ip") {
            isEvent = true;
            ip = m;
        } else if (k == "country") {
            country = m;
        } else if (k == "viewers") {
            viewers = m;
        } else if (k == "error") {
            error = m;
        } else if (k == "hello") {
            hello = m;
        } else if (k == "gap") {
            gap = m;
        } else if (k == "subscribed") {
            subscribed = m;
        }
    });
    if (!wellFormed) {
        fail(result, "object is not valid JSON");
        return false;
    }
    if (!isEvent &&
        (viewers.kind != json::Kind::Null || error.kind != json::Kind::Null || hello.kind != json::Kind::Null ||
         gap.kind != json::Kind::Null || subscribed.kind != json::Kind::Null)) {
        ControlMessage control;
        if (viewers.kind != json::Kind::Null) {
            control.kind = ControlMessage::Kind::Viewers;
            if (!integerOf(viewers, control.value)) {
                fail(result, "viewers is not a count");
                return false;
            }
        } else if (gap.kind != json::Kind::Null) {
            control.kind = ControlMessage::Kind::Gap;
            if (!integerOf(gap, control.value)) {
                fail(result, "gap is not a count");
                return false;
            }
        } else if (subscribed.kind != json::Kind::Null) {
            control.kind = ControlMessage::Kind::Subscribed; // the server applied our subscription
        } else if (error.kind != json::Kind::Null) {
            control.kind = ControlMessage::Kind::Error;
            const std::string_view text =
                error.kind == json::Kind::String ? unescaped(error.raw, error.escaped, m_value) : error.raw;
            control.text.assign(text.substr(0, m_limits.maxStringBytes));
        } else {
            control.kind = ControlMessage::Kind::Hello;
            if (hello.kind == json::Kind::Object) {
                forEachMember(hello.raw, m_key, [&](const Member &m) {
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
    if (problem == nullptr && hasLat != hasLon) {
        problem = hasLat ? "lat without lon" : "lon without lat";
    }
    // Strings: checked before anything is stored, so a rejected object leaves the batch as it was.
    const auto textOf = [&](const Member &m, size_t limit, const char *what) -> std::string_view {
        if (m.kind == json::Kind::Null || problem != nullptr) {
            return {};
        }
        if (m.kind != json::Kind::String && !(m.kind == json::Kind::Number && &m == &campaign)) {
            problem = what;
            return {};
        }
        if (m.raw.size() > limit * 6) { // \uXXXX escapes: 6 bytes per character at most
            problem = "string too long";
            return {};
        }
        return m.raw;
    };
    const std::string_view rawType = textOf(type, kMaxTypeBytes, "type is not a string");
    const std::string_view rawCity = textOf(city, m_limits.maxStringBytes, "city is not a string");
    const std::string_view rawCampaign = textOf(campaign, m_limits.maxStringBytes, "campaign is not a string");
    const std::string_view rawIp = textOf(ip, 64, "ip is not a string");
    const std::string_view rawCountry = textOf(country, 16, "country is not a string");
    if (problem != nullptr) {
        fail(result, problem);
        return false;
    }
    const auto storeText = [&](const Member &m, std::string_view raw, size_t limit, StrRef &ref) {
        const std::string_view text = unescaped(raw, m.escaped, m_value);
        if (text.size() > limit) {
            problem = "string too long";
            return;
        }
        ref = out.store(text);
    };
    const std::string_view typeText =
        type.kind == json::Kind::Null ? defaultType : unescaped(rawType, type.escaped, m_value);
    if (typeText.empty() || typeText.size() > kMaxTypeBytes) {
        fail(result, typeText.empty() ? "type is empty" : "type longer than 64 bytes");
        return false;
    }
    event.type = out.store(typeText);
    storeText(city, rawCity, m_limits.maxStringBytes, event.city);
    storeText(campaign, rawCampaign, m_limits.maxStringBytes, event.campaign);
    storeText(ip, rawIp, 64, event.ip);
    if (problem != nullptr) {
        fail(result, problem);
        return false;
    }
    // Countries are a hint: anything but two letters is left out rather than costing the event.
    if (rawCountry.size() == 2 && std::isalpha(static_cast<unsigned char>(rawCountry[0])) != 0 &&
        std::isalpha(static_cast<unsigned char>(rawCountry[1])) != 0) {
        event.country = {static_cast<char>(std::toupper(static_cast<unsigned char>(rawCountry[0]))),
                         static_cast<char>(std::toupper(static_cast<unsigned char>(rawCountry[1])))};
    }
    out.append() = event;
    ++result.events;
    return true;
}

} // namespace pulsemap
