// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pulsemap {

// Event types as small integers, so a subscription is a bitset and filtering costs one bit test per event.
// Bounded: types come from the network (beacon parameters, subscribe requests, an upstream), so after
// kMaxNetworkTypes distinct names every new one shares the overflow id, which only "all types" subscribers (and
// subscribers naming an overflow type) get. This is the relay's memory bound against a client inventing names;
// it has nothing to do with how many types the map's legend shows (TypeListModel::kMaxTypes in src/app).
// Threading: not thread-safe; the relay hub's thread.
class TypeRegistry
{
public:
    static constexpr uint16_t kMaxNetworkTypes = 255;
    static constexpr uint16_t kOverflow = kMaxNetworkTypes;

    uint16_t intern(std::string_view type)
    {
        if (auto it = m_ids.find(std::string(type)); it != m_ids.end()) {
            return it->second;
        }
        if (m_ids.size() >= kMaxNetworkTypes) {
            return kOverflow;
        }
        const auto id = static_cast<uint16_t>(m_ids.size());
        m_ids.emplace(type, id);
        return id;
    }
    [[nodiscard]] size_t size() const { return m_ids.size(); }

private:
    std::unordered_map<std::string, uint16_t> m_ids;
};

} // namespace pulsemap
