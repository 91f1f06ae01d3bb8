// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "city_table.h"

#include <algorithm>

namespace pulsemap {

bool CityTable::add(int64_t tsMs, std::string_view city, std::array<char, 2> country)
{
    if (city.empty()) {
        return false;
    }
    // The key on the stack: the country, then the name cut on its own (so the cut never lands in the country).
    std::array<char, kKeyLength> key{country[0], country[1]};
    const std::string_view name = NameTable::clip(city, kMaxName);
    std::copy(name.begin(), name.end(), key.begin() + 2);
    return m_names.add(tsMs, std::string_view(key.data(), 2 + name.size()));
}

size_t CityTable::top(std::span<CityCount> out) const
{
    return m_names.topAs(out, [](std::string_view key, uint64_t count) {
        CityCount entry;
        entry.country = {key[0], key[1]};
        const std::string_view name = key.substr(2);
        std::copy(name.begin(), name.end(), entry.name.begin());
        entry.nameLength = static_cast<uint8_t>(name.size());
        entry.count = count;
        return entry;
    });
}

} // namespace pulsemap
