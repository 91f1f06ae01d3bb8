// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "name_table.h"

#include <algorithm>

namespace pulsemap {

namespace {

constexpr int64_t kMinuteMs = 60'000;

// FNV-1a.
uint64_t hashOf(std::string_view name)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace

NameTable::NameTable(int capacity, size_t maxName, int64_t nowMs)
    : m_capacity(std::clamp(capacity, 1, 32767)), m_maxName(std::clamp<size_t>(maxName, 1, kMaxNameLimit)),
      m_indexSize(2 * static_cast<size_t>(m_capacity)), m_counts(kMinuteMs, 60, m_capacity, nowMs),
      m_unplaced(kMinuteMs, 60, 1, nowMs), m_names(static_cast<size_t>(m_capacity) * m_maxName, 0),
      m_lengths(static_cast<size_t>(m_capacity), 0), m_hashes(static_cast<size_t>(m_capacity), 0),
      m_index(m_indexSize, -1)
{
    m_free.reserve(static_cast<size_t>(m_capacity));
    for (int column = m_capacity - 1; column >= 0; --column) {
        m_free.push_back(static_cast<int16_t>(column));
    }
}

std::string_view NameTable::clip(std::string_view name, size_t max)
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

bool NameTable::advanceTo(int64_t nowMs)
{
    m_unplaced.advanceTo(nowMs);
    if (!m_counts.advanceTo(nowMs)) {
        return false;
    }
    recycle();
    return true;
}

bool NameTable::add(int64_t tsMs, std::string_view name)
{
    const std::string_view kept = clip(name, m_maxName);
    if (kept.empty()) {
        return false;
    }
    // Before the hour: not counted, and no place taken for it.
    if (tsMs < m_counts.bucketStartMs(0)) {
        return false;
    }
    const uint64_t hash = hashOf(kept);
    int column = find(hash, kept);
    if (column < 0) {
        if (m_free.empty()) {
            m_unplaced.add(tsMs, 0);
            return false;
        }
        column = m_free.back();
        m_free.pop_back();
        const auto c = static_cast<size_t>(column);
        std::copy(kept.begin(), kept.end(), m_names.begin() + static_cast<std::ptrdiff_t>(c * m_maxName));
        m_lengths[c] = static_cast<uint8_t>(kept.size());
        m_hashes[c] = hash;
        insertIndex(hash, column);
    }
    return m_counts.add(tsMs, column);
}

std::string_view NameTable::nameAt(int column) const
{
    const auto c = static_cast<size_t>(column);
    return {m_names.data() + c * m_maxName, m_lengths[c]};
}

int NameTable::find(uint64_t hash, std::string_view name) const
{
    for (size_t i = hash % m_indexSize;; i = (i + 1) % m_indexSize) {
        const int column = m_index[i];
        if (column < 0) {
            return -1;
        }
        if (m_hashes[static_cast<size_t>(column)] == hash && nameAt(column) == name) {
            return column;
        }
    }
}

void NameTable::insertIndex(uint64_t hash, int column)
{
    // Never full: at most m_capacity entries in twice as many places.
    size_t i = hash % m_indexSize;
    while (m_index[i] >= 0) {
        i = (i + 1) % m_indexSize;
    }
    m_index[i] = static_cast<int16_t>(column);
}

void NameTable::recycle()
{
    // Once a minute: free the names with an empty hour, then rebuild the index from the rest.
    bool freed = false;
    for (int column = 0; column < m_capacity; ++column) {
        const auto c = static_cast<size_t>(column);
        if (m_lengths[c] != 0 && m_counts.columnTotal(column) == 0) {
            m_lengths[c] = 0;
            m_free.push_back(static_cast<int16_t>(column));
            freed = true;
        }
    }
    if (!freed) {
        return;
    }
    std::fill(m_index.begin(), m_index.end(), int16_t(-1));
    for (int column = 0; column < m_capacity; ++column) {
        if (m_lengths[static_cast<size_t>(column)] != 0) {
            insertIndex(m_hashes[static_cast<size_t>(column)], column);
        }
    }
}

size_t NameTable::top(std::span<NameCount> out) const
{
    return topAs(out, [](std::string_view name, uint64_t count) {
        NameCount entry;
        std::copy(name.begin(), name.end(), entry.name.begin());
        entry.nameLength = static_cast<uint8_t>(name.size());
        entry.count = count;
        return entry;
    });
}

size_t NameTable::memoryBytes() const
{
    return m_counts.memoryBytes() + m_unplaced.memoryBytes() + m_names.capacity() + m_lengths.capacity() +
           m_hashes.capacity() * sizeof(uint64_t) + (m_index.capacity() + m_free.capacity()) * sizeof(int16_t);
}

} // namespace pulsemap
