// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace pulsemap {

// The last N events as encoded JSON, by sequence number: what the relay replays for resume_from and what each
// flush reads its new events from. Slots keep their string capacity, so a warm ring allocates nothing.
// Threading: not thread-safe; the relay hub's thread.
class ResumeRing
{
public:
    struct Slot
    {
        int64_t seq = 0;
        uint16_t type = 0;
        std::string json;
    };

    explicit ResumeRing(size_t capacity) : m_slots(capacity < 16 ? 16 : capacity) {}

    // The slot for the next sequence number (numbering starts at 1), overwriting the oldest. Numbers may skip
    // (RelayHub's sourceNumbers): a skipped number's slot keeps another seq, which readers check.
    Slot &push(int64_t seq, uint16_t type)
    {
        Slot &slot = m_slots[static_cast<size_t>(seq) % m_slots.size()];
        slot.seq = seq;
        slot.type = type;
        slot.json.clear();
        m_last = seq;
        m_first = std::max<int64_t>(1, seq - static_cast<int64_t>(m_slots.size()) + 1);
        return slot;
    }
    [[nodiscard]] const Slot &at(int64_t seq) const { return m_slots[static_cast<size_t>(seq) % m_slots.size()]; }
    [[nodiscard]] bool contains(int64_t seq) const { return m_first > 0 && seq >= m_first && seq <= m_last; }
    [[nodiscard]] int64_t first() const { return m_first; } // 0 when empty
    [[nodiscard]] int64_t last() const { return m_last; }
    [[nodiscard]] size_t capacity() const { return m_slots.size(); }

private:
    std::vector<Slot> m_slots;
    int64_t m_first = 0;
    int64_t m_last = 0;
};

} // namespace pulsemap
