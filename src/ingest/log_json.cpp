// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "log_json.h"

#include "json_scan.h"
#include "log_common.h"
#include "timestamp.h"

#include "core/event.h"

namespace pulsemap::logfmt {

namespace {

struct Found
{
    std::string_view raw; // contents without quotes for strings
    json::Kind kind = json::Kind::Null;
    bool escaped = false;
    uint8_t rank = UINT8_MAX;
};

// The value as text: a view into the line, or into scratch when it had escapes.
std::string_view decode(const Found &found, std::string &scratch)
{
    if (!found.escaped) {
        return found.raw;
    }
    // Values are decoded once per slot and each is no longer than its raw text, so scratch reserved to the
    // line's size never reallocates; a value listed under two slots is the only way to exceed that, and the
    // check leaves such a one escaped rather than let earlier views dangle.
    const size_t start = scratch.size();
    if (scratch.capacity() - start < found.raw.size()) {
        return found.raw;
    }
    scratch.resize(start + found.raw.size());
    const size_t length = json::unescape(found.raw, scratch.data() + start);
    scratch.resize(start + length);
    return std::string_view(scratch).substr(start, length);
}

bool isText(const Found &found)
{
    return found.rank != UINT8_MAX && (found.kind == json::Kind::String || found.kind == json::Kind::Number);
}

} // namespace

JsonParser::JsonParser(const JsonFieldNames &names)
{
    addCandidates(names.time, Time);
    addCandidates(names.address, Address);
    addCandidates(names.forwardedFor, ForwardedFor);
    addCandidates(names.target, Target);
    addCandidates(names.method, Method);
    addCandidates(names.status, Status);
    addCandidates(names.vhost, Vhost);
    addCandidates(names.referer, Referer);
    addCandidates(names.userAgent, UserAgent);
}

void JsonParser::addCandidates(std::string_view list, Slot slot)
{
    uint8_t rank = 0;
    while (!list.empty() && rank < UINT8_MAX - 1) {
        const size_t comma = list.find(',');
        std::string_view name = list.substr(0, comma);
        list = comma == npos ? std::string_view() : list.substr(comma + 1);
        while (!name.empty() && name.front() == ' ') {
            name.remove_prefix(1);
        }
        while (!name.empty() && name.back() == ' ') {
            name.remove_suffix(1);
        }
        if (name.empty() || name.size() > kMaxNameLength) {
            continue;
        }
        m_byLength[name.size()].push_back(Candidate{std::string(name), slot, rank++});
        m_hasForwardedFor = m_hasForwardedFor || slot == ForwardedFor;
    }
}

ParseError JsonParser::parse(std::string_view line, ParsedLine &out)
{
    out.clear();
    line = trimLineEnd(line);
    if (isBlank(line)) {
        return ParseError::Empty;
    }
    std::array<Found, SlotCount> found{};
    char keyBuffer[kMaxNameLength];
    const bool wellFormed = json::forEachMember(line, keyBuffer, [&](const json::Member &member) {
        if (member.key.size() <= kMaxNameLength && member.kind != json::Kind::Null) {
            for (const Candidate &candidate : m_byLength[member.key.size()]) {
                Found &slot = found[candidate.slot];
                if (candidate.rank < slot.rank && candidate.name == member.key) {
                    slot = Found{member.raw, member.kind, member.escaped, candidate.rank};
                }
            }
        }
        return true;
    });
    if (!wellFormed) {
        return ParseError::BadJson;
    }

    std::string &scratch = out.scratch;
    for (const Found &value : found) {
        if (value.escaped) {
            reserveScratch(scratch, line.size()); // before the first view into scratch is taken
            break;
        }
    }
    if (const Found &time = found[Time]; time.rank != UINT8_MAX) {
        out.hasTime = true;
        // Parsed, and possible for an event (core/event.h): otherwise the line is malformed.
        if (!isText(time) || !parseTimestamp(decode(time, scratch), out.tsMs) || !plausibleEventTime(out.tsMs)) {
            return ParseError::BadTime;
        }
    }
    if (const Found &status = found[Status]; status.rank != UINT8_MAX) {
        if (!isText(status) || !parseStatus(decode(status, scratch), out.status)) {
            return ParseError::BadStatus;
        }
    }
    const auto text = [&](Slot slot) {
        return isText(found[slot]) ? decode(found[slot], scratch) : std::string_view();
    };
    out.clientAddress = text(Address);
    out.forwardedFor = text(ForwardedFor);
    out.method = text(Method);
    out.vhost = text(Vhost);
    out.referer = text(Referer);
    out.userAgent = text(UserAgent);
    out.target = text(Target);
    // A whole request line ("GET /p?q HTTP/1.1", nginx $request) holds a space; a path or URL does not.
    if (out.target.find(' ') != npos) {
        std::string_view method;
        std::string_view protocol;
        splitRequest(out.target, method, out.target, protocol);
        out.protocol = protocol;
        if (out.method.empty()) {
            out.method = method;
        }
    }
    if (isMissing(out.clientAddress) && isMissing(out.forwardedFor)) {
        return ParseError::MissingAddress;
    }
    return ParseError::None;
}

} // namespace pulsemap::logfmt
