// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "hotspot_index.h"

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {
// Names seen are kept up to this many; beyond it a cell keeps its older name (memory stays bounded even if
// a stream sends a different "city" with every event).
constexpr size_t kMaxCities = 65536;
// Stored values are rebased before 2^x could overflow a float's precision for new events.
constexpr double kRebaseExponent = 40;

int wrapColumn(double worldX)
{
    const double wrapped = worldX - std::floor(worldX);
    return std::clamp(static_cast<int>(wrapped * HotspotIndex::kColumns), 0, HotspotIndex::kColumns - 1);
}

int clampRow(double worldY)
{
    return std::clamp(static_cast<int>(worldY * HotspotIndex::kRows), 0, HotspotIndex::kRows - 1);
}
} // namespace

HotspotIndex::HotspotIndex(double halfLifeSeconds)
    : m_cells(static_cast<size_t>(kColumns) * kRows), m_halfLifeMs(std::max(1.0, halfLifeSeconds * 1000))
{}

void HotspotIndex::setHalfLife(double seconds)
{
    m_halfLifeMs = std::max(1.0, seconds * 1000);
}

double HotspotIndex::factor(int64_t nowMs) const
{
    return std::exp2(static_cast<double>(nowMs - m_referenceMs) / m_halfLifeMs);
}

void HotspotIndex::rebase(int64_t nowMs)
{
    const auto divisor = static_cast<float>(factor(nowMs));
    for (Cell &cell : m_cells) {
        cell.scaled /= divisor;
    }
    m_referenceMs = nowMs;
}

uint32_t HotspotIndex::internCity(std::string_view city)
{
    if (city.empty()) {
        return 0;
    }
    // The same few cities repeat in bursts: check the last one before hashing.
    if (!m_cities.empty() && m_cities.back() == city) {
        return static_cast<uint32_t>(m_cities.size());
    }
    if (const auto found = m_cityIds.find(city); found != m_cityIds.end()) {
        return found->second;
    }
    if (m_cities.size() >= kMaxCities) {
        return 0;
    }
    m_cities.emplace_back(city);
    m_cityIds.emplace(m_cities.back(), static_cast<uint32_t>(m_cities.size()));
    return static_cast<uint32_t>(m_cities.size());
}

void HotspotIndex::add(double worldX, double worldY, double weight, int64_t nowMs, std::string_view city,
                       std::string_view country)
{
    if (!std::isfinite(worldX) || !std::isfinite(worldY) || !std::isfinite(weight)) {
        return;
    }
    if (!m_hasReference) {
        m_referenceMs = nowMs;
        m_hasReference = true;
    }
    if (static_cast<double>(nowMs - m_referenceMs) / m_halfLifeMs > kRebaseExponent) {
        rebase(nowMs);
    }
    Cell &cell = m_cells[static_cast<size_t>(clampRow(worldY)) * kColumns + wrapColumn(worldX)];
    cell.scaled += static_cast<float>(weight * factor(nowMs));
    if (country.size() == 2) {
        cell.country = {country[0], country[1]};
    }
    if (const uint32_t id = internCity(city); id != 0) {
        cell.city = id;
    }
}

HotspotIndex::Hotspot HotspotIndex::describe(size_t index, double divisor) const
{
    const Cell &cell = m_cells[index];
    Hotspot spot;
    spot.worldX = (static_cast<double>(index % kColumns) + 0.5) / kColumns;
    spot.worldY =
        (static_cast<double>(index / kColumns) + 0.5) / kRows; // NOLINT(bugprone-integer-division): the row, on purpose
    spot.count = cell.scaled / divisor;
    if (cell.city != 0) {
        spot.city = m_cities[cell.city - 1];
    }
    if (cell.country[0] != 0) {
        spot.country.assign(cell.country.data(), 2);
    }
    return spot;
}

HotspotIndex::Hotspot HotspotIndex::at(double worldX, double worldY, int64_t nowMs) const
{
    if (!std::isfinite(worldX) || !std::isfinite(worldY)) {
        return {};
    }
    return describe(static_cast<size_t>(clampRow(worldY)) * kColumns + wrapColumn(worldX), factor(nowMs));
}

std::vector<HotspotIndex::Hotspot> HotspotIndex::busiest(size_t n, int64_t nowMs, int minDistanceCells) const
{
    std::vector<size_t> order;
    for (size_t i = 0; i < m_cells.size(); ++i) {
        if (m_cells[i].scaled > 0) {
            order.push_back(i);
        }
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return m_cells[a].scaled > m_cells[b].scaled; });
    std::vector<Hotspot> result;
    std::vector<size_t> taken;
    const double divisor = factor(nowMs);
    for (const size_t index : order) {
        if (result.size() >= n) {
            break;
        }
        const int column = static_cast<int>(index % kColumns);
        const int row = static_cast<int>(index / kColumns);
        const bool near = std::any_of(taken.begin(), taken.end(), [&](size_t other) {
            int dx = std::abs(column - static_cast<int>(other % kColumns));
            dx = std::min(dx, kColumns - dx); // across the date line
            return dx < minDistanceCells && std::abs(row - static_cast<int>(other / kColumns)) < minDistanceCells;
        });
        if (!near) {
            taken.push_back(index);
            result.push_back(describe(index, divisor));
        }
    }
    return result;
}

} // namespace pulsemap
