// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pulsemap {

// Where the activity is, coarsely: a fixed grid over the Mercator world holding each cell's decaying
// event count and the place name seen last there. Answers the map's hover ("Paris, FR: 1,204 events")
// and the wall tour's "busiest regions". Fixed memory (cells × small struct); decay is lazy, as in the
// heat layer: counts are stored scaled by 2^(t / halfLife) from a reference time.
//
// Threading: not synchronized; owned and used by LiveModel on the GUI thread.
class HotspotIndex
{
public:
    static constexpr int kColumns = 256;
    static constexpr int kRows = 256;

    struct Hotspot
    {
        double worldX = 0; // cell center, Mercator world coordinates
        double worldY = 0;
        double count = 0; // decayed event count
        std::string city;
        std::string country;
    };

    explicit HotspotIndex(double halfLifeSeconds = 600);

    void setHalfLife(double seconds);
    // Adds one event at a world position (x wraps, y in [0, 1]); city/country may be empty.
    void add(double worldX, double worldY, double weight, int64_t nowMs, std::string_view city,
             std::string_view country);

    // The cell at a world position, decayed to nowMs.
    [[nodiscard]] Hotspot at(double worldX, double worldY, int64_t nowMs) const;
    // The n busiest cells, at least minDistanceCells apart so a tour does not visit one city twice.
    [[nodiscard]] std::vector<Hotspot> busiest(size_t n, int64_t nowMs, int minDistanceCells = 8) const;

private:
    struct Cell
    {
        float scaled = 0;
        std::array<char, 2> country{};
        uint32_t city = 0; // index into m_cities + 1, 0 when unknown
    };

    double factor(int64_t nowMs) const; // 2^((now - reference) / halfLife)
    void rebase(int64_t nowMs);
    uint32_t internCity(std::string_view city);
    [[nodiscard]] Hotspot describe(size_t index, double divisor) const;

    std::vector<Cell> m_cells;
    std::vector<std::string> m_cities; // bounded: see internCity
    // Transparent hashing: look up a string_view without building a std::string per event.
    struct NameHash
    {
        using is_transparent = void;
        size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> m_cityIds;
    double m_halfLifeMs;
    int64_t m_referenceMs = 0;
    bool m_hasReference = false;
};

} // namespace pulsemap
