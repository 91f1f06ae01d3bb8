// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "city_table.h"

#include "top_list.h"

#include <algorithm>

namespace pulsemap {

namespace {

constexpr int64_t kMinuteMs = 60'000;

// A prefix of at most max bytes that does not end inside a UTF-8 character.
std::string_view clip(std::string_view name, size_t max)
{
    if (name.size() <= max) {
        return name;
    }
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(name[n]) & 0xC0U) == 0x80U) {
        --n;
    }
    return name.substr(0, n);
}

// FNV-1a over the country and the name.
uint64_t hashOf(std::string_view name, std::array<char, 2> country)
{
    uint64_t h = 1469598103934665603ULL;
    const auto mix = [&h](char c) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    };
    mix(country[0]);
    mix(country[1]);
    for (const char c : name) {
        mix(c);
    }
    return h;
}

} // namespace

CityTable::CityTable(int64_t nowMs)
    : m_counts(kMinuteMs, 60, kCapacity, nowMs), m_unplaced(kMinuteMs, 60, 1, nowMs),
      m_slots(static_cast<size_t>(kCapacity)), m_index(kIndexSize, -1)
{
    m_free.reserve(static_cast<size_t>(kCapacity));
    for (int column = kCapacity - 1; column >= 0; --column) {
        m_free.push_back(static_cast<int16_t>(column));
    }
}

bool CityTable::advanceTo(int64_t nowMs)
{
    m_unplaced.advanceTo(nowMs);
    if (!m_counts.advanceTo(nowMs)) {
        return false;
    }
    recycle();
    return true;
}

bool CityTable::add(int64_t tsMs, std::string_view city, std::array<char, 2> country)
{
    if (city.empty()) {
        return false;
    }
    const std::string_view name = clip(city, kMaxName);
    const uint64_t hash = hashOf(name, country);
    int column = find(hash, name, country);
    if (column < 0) {
        if (m_free.empty()) {
            m_unplaced.add(tsMs, 0);
            return false;
        }
        column = m_free.back();
        m_free.pop_back();
        Slot &slot = m_slots[static_cast<size_t>(column)];
        slot.hash = hash;
        std::copy(name.begin(), name.end(), slot.name.begin());
        slot.nameLength = static_cast<uint8_t>(name.size());
        slot.country = country;
        slot.used = true;
        insertIndex(hash, column);
    }
    return m_counts.add(tsMs, column);
}

int CityTable::find(uint64_t hash, std::string_view name, std::array<char, 2> country) const
{
    for (size_t i = hash % kIndexSize;; i = (i + 1) % kIndexSize) {
        const int column = m_index[i];
        if (column < 0) {
            return -1;
        }
        const Slot &slot = m_slots[static_cast<size_t>(column)];
        if (slot.hash == hash && slot.country == country &&
            std::string_view(slot.name.data(), slot.nameLength) == name) {
            return column;
        }
    }
}

void CityTable::insertIndex(uint64_t hash, int column)
{
    // Never full: at most kCapacity entries in twice as many places.
    size_t i = hash % kIndexSize;
    while (m_index[i] >= 0) {
        i = (i + 1) % kIndexSize;
    }
    m_index[i] = static_cast<int16_t>(column);
}

void CityTable::recycle()
{
    // Once a minute: free the cities with an empty hour, then rebuild the index from the rest (open addressing
    // cannot simply forget an entry). A few thousand operations a minute.
    bool freed = false;
    for (int column = 0; column < kCapacity; ++column) {
        Slot &slot = m_slots[static_cast<size_t>(column)];
        if (slot.used && m_counts.columnTotal(column) == 0) {
            slot.used = false;
            m_free.push_back(static_cast<int16_t>(column));
            freed = true;
        }
    }
    if (!freed) {
        return;
    }
    std::fill(m_index.begin(), m_index.end(), int16_t(-1));
    for (int column = 0; column < kCapacity; ++column) {
        if (m_slots[static_cast<size_t>(column)].used) {
            insertIndex(m_slots[static_cast<size_t>(column)].hash, column);
        }
    }
}

size_t CityTable::top(std::span<CityCount> out) const
{
    size_t filled = 0;
    for (int column = 0; column < kCapacity; ++column) {
        offerTop(out, filled, m_counts.columnTotal(column), [&] {
            const Slot &slot = m_slots[static_cast<size_t>(column)];
            return CityCount{slot.name, slot.nameLength, slot.country, m_counts.columnTotal(column)};
        });
    }
    return filled;
}

size_t CityTable::memoryBytes() const
{
    return m_counts.memoryBytes() + m_unplaced.memoryBytes() + m_slots.capacity() * sizeof(Slot) +
           (m_index.capacity() + m_free.capacity()) * sizeof(int16_t);
}

} // namespace pulsemap
