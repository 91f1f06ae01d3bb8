// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "event.h"

#include <algorithm>

namespace pulsemap {

Event &EventBatch::append()
{
    return m_events.emplace_back();
}

Event &EventBatch::appendCopy(const EventBatch &source, const Event &event)
{
    Event &copy = m_events.emplace_back(event);
    copy.type = store(source.text(event.type));
    copy.city = store(source.text(event.city));
    copy.campaign = store(source.text(event.campaign));
    copy.ip = store(source.text(event.ip));
    copy.path = store(source.text(event.path));
    return copy;
}

StrRef EventBatch::store(std::string_view text)
{
    if (text.empty()) {
        return {};
    }
    // Runs of the same type, city or campaign are common: share the previous copy.
    if (m_lastStored.size == text.size() && this->text(m_lastStored) == text) {
        return m_lastStored;
    }
    m_lastStored = {static_cast<uint32_t>(m_arena.size()), static_cast<uint32_t>(text.size())};
    m_arena.append(text);
    return m_lastStored;
}

void EventBatch::setCheckpoint(const SourceCheckpoint &checkpoint)
{
    auto it = std::find_if(m_checkpoints.begin(), m_checkpoints.end(), [&](const SourceCheckpoint &c) {
        return c.device == checkpoint.device && c.inode == checkpoint.inode && c.path == checkpoint.path;
    });
    if (it == m_checkpoints.end()) {
        m_checkpoints.push_back(checkpoint);
    } else {
        *it = checkpoint;
    }
}

void EventBatch::clear()
{
    m_events.clear();
    m_arena.clear();
    m_lastStored = {};
    m_checkpoints.clear();
}

void EventBatch::reserve(size_t events, size_t arenaBytes)
{
    m_events.reserve(events);
    m_arena.reserve(arenaBytes);
}

} // namespace pulsemap
