// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulsemap {

// Event density over the Mercator world (mercator.h) that decays with a half-life, one channel per event
// type, at a constant cost per frame whatever the number of events it holds. Pure C++ (no Qt Quick).
//
// Decay is lazy: a cell stores its value times 2^((t - ref) / halfLife), where ref is the grid's reference
// time. A splat at time t therefore adds weight * 2^((t - ref) / halfLife), and the true value at `now` is
// the stored one times 2^-((now - ref) / halfLife): decay costs nothing per frame (the shader applies that
// factor). renormalize() folds the factor into the cells and moves ref to now; it runs rarely (maintain()),
// so the stored values stay far from float32's limits. Memory is fixed: allocated per group of four
// channels on first use, never grown.
//
// Threading: not synchronized. HeatLayer writes it on the GUI thread and reads it on the render thread only
// while the GUI thread is blocked in the scene graph's sync.
// NOLINTNEXTLINE(bugprone-reserved-identifier): clang-tidy 14 names the implicit copy of an array member __i0
class HeatGrid
{
public:
    static constexpr int kMaxChannels = 8;
    static constexpr int kChannelsPerGroup = 4; // one RGBA texture per group
    static constexpr int kGroups = kMaxChannels / kChannelsPerGroup;
    static constexpr int kTileCells = 32; // dirty tracking granularity (re-encoding, not uploading)
    static constexpr int kMaxRadiusCells = 12;

    // `size` x `size` cells (rounded up to a multiple of kTileCells).
    explicit HeatGrid(int size = 1024, double halfLifeSeconds = 600.0);

    [[nodiscard]] int size() const { return m_size; }
    [[nodiscard]] double halfLifeSeconds() const { return m_halfLifeS; }
    // Folds the decay so far into the cells (old half-life up to `nowMs`), then switches.
    void setHalfLife(double seconds, int64_t nowMs);

    [[nodiscard]] int64_t referenceMs() const { return m_refMs; }
    // log2 of the factor the stored values carry at `nowMs`: true value = stored * 2^-scaleLog2(nowMs).
    [[nodiscard]] double scaleLog2(int64_t nowMs) const
    {
        return m_refSet ? double(nowMs - m_refMs) / 1000.0 / m_halfLifeS : 0.0;
    }

    // Adds weight * kernel(d) (d in cells from the point, sampled at cell centers) to the cells around the
    // world point, as of time `tMs`: kernel(d) = (1 - d^2 / (3 sigma)^2)^3, zero beyond 3 sigma. x wraps
    // around the date line, y clips at the poles. Returns false (and does nothing) for coordinates outside
    // the world, NaN, a non-positive weight or a bad channel.
    bool splat(double worldX, double worldY, int channel, float weight, int64_t tMs, float sigmaCells);

    // The decayed value at a world point, bilinear between cell centers, summed over `channelMask`.
    [[nodiscard]] double valueAt(double worldX, double worldY, uint32_t channelMask, int64_t nowMs) const;
    // The decayed value of one cell.
    [[nodiscard]] double cellValue(int cx, int cy, int channel, int64_t nowMs) const;

    // Renormalizes when the stored scale factor has grown past 2^kRenormalizeLog2 (a few hours at the
    // default half-life). Returns true when it did (every tile is then dirty).
    bool maintain(int64_t nowMs);
    void renormalize(int64_t nowMs);
    void clear();

    // Bumped by renormalize() and clear(): stored values from an older generation are not comparable.
    [[nodiscard]] uint64_t generation() const { return m_generation; }
    // A grid built elsewhere that replaces `previous`: its values are not comparable with the old ones either.
    void follow(const HeatGrid &previous) { m_generation = previous.m_generation + 1; }
    [[nodiscard]] bool empty() const { return !m_hasData; }
    [[nodiscard]] size_t memoryBytes() const;

    [[nodiscard]] bool hasGroup(int group) const { return !m_groups[group].cells.empty(); }
    // Four floats per cell (channels 4g .. 4g+3), row-major, or nullptr when the group was never used.
    [[nodiscard]] const float *groupCells(int group) const;

    [[nodiscard]] int tilesPerSide() const { return m_size / kTileCells; }
    // An upper bound of the stored (undecayed) values in a tile, summed over `channelMask`: tiles whose
    // bound is below what the color ramp shows are not drawn at all (fill rate).
    [[nodiscard]] float tilePeak(int tx, int ty, uint32_t channelMask) const;
    // Tiles changed since the last clearDirty() (any channel).
    [[nodiscard]] bool isTileDirty(int tx, int ty) const;
    [[nodiscard]] bool anyDirty() const { return m_anyDirty; }
    void clearDirty();
    void markAllDirty();

    static constexpr double kRenormalizeLog2 = 24.0;
    // The kernel at squared distance d2 (cells^2) for `sigma` (cells).
    static double kernel(double d2, double sigma)
    {
        const double k = 1.0 - d2 / (9.0 * sigma * sigma);
        return k > 0 ? k * k * k : 0.0;
    }

private:
    struct Group
    {
        std::vector<float> cells; // size * size * 4
        std::vector<float> peaks; // tilesPerSide^2 * 4: per tile and lane, an upper bound of the cells
    };

    void markTiles(Group &group, int lane, float peak, int x0, int x1, int y0, int y1);
    void recomputePeaks();
    Group &ensureGroup(int group);

    // The last splat's kernel weights, (2 radius + 1)^2 of them, for its offset within the cell and reach.
    struct Stamp
    {
        float fx = -1;
        float fy = -1;
        float reach = 0;
        int radius = 0;
        std::array<float, size_t(2 * kMaxRadiusCells + 1) * size_t(2 * kMaxRadiusCells + 1)> weights;
    };

    int m_size;
    double m_halfLifeS;
    Stamp m_stamp;
    int64_t m_refMs = 0;
    bool m_refSet = false;
    bool m_hasData = false;
    uint64_t m_generation = 0;
    Group m_groups[kGroups];
    std::vector<uint8_t> m_dirty; // tilesPerSide^2
    bool m_anyDirty = false;
};

} // namespace pulsemap
