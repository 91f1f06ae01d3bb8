// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// EventDecoder: messages and arrays down to single objects. What an object means is in
// event_decoder_object.cpp.

#include "event_decoder.h"

#include "ingest/json_scan.h"

namespace pulsemap {

void EventDecoder::fail(DecodeResult &result, std::string_view what) const
{
    ++result.malformed;
    if (result.firstError.empty()) {
        result.firstError = "event " + std::to_string(m_objectIndex) + ": " + std::string(what);
    }
    if (result.problems.size() < m_limits.maxProblemsListed) {
        result.problems.push_back({m_objectIndex == 0 ? 0 : m_objectIndex - 1, std::string(what)});
    }
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
            ++m_objectIndex; // a line that is not an object still takes its place in the count
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

} // namespace pulsemap
