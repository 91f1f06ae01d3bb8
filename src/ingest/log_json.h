// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// JSON-lines access logs (nginx escape=json or escape=default, and similar). Internal to pulsemap_ingest.

#include "log_format.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap::logfmt {

class JsonParser final : public LogParser
{
public:
    enum Slot : uint8_t { Time, Address, ForwardedFor, Target, Method, Status, Vhost, Referer, UserAgent, SlotCount };

    explicit JsonParser(const JsonFieldNames &names);
    ParseError parse(std::string_view line, ParsedLine &out) override;
    [[nodiscard]] bool hasForwardedFor() const override { return m_hasForwardedFor; }

private:
    struct Candidate
    {
        std::string name;
        Slot slot;
        uint8_t rank; // position in its comma-separated list: lower wins
    };
    void addCandidates(std::string_view list, Slot slot);

    // Candidates grouped by name length, so a key is compared only with names it could equal.
    static constexpr size_t kMaxNameLength = 64;
    std::array<std::vector<Candidate>, kMaxNameLength + 1> m_byLength;
    bool m_hasForwardedFor = false;
};

} // namespace pulsemap::logfmt
