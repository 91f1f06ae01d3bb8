// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "heat_grid.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace pulsemap {

namespace {
// Values that decayed below this (in single-event units) are dropped at renormalization: far below what
// the color ramp shows, and it keeps the cells clear of float denormals.
constexpr float kDropBelow = 1e-6F;
// A splat whose own scale factor would exceed 2^this forces a renormalization first (clock jumps).
constexpr double kSplatScaleLimitLog2 = 60.0;
} // namespace

HeatGrid::HeatGrid(int size, double halfLifeSeconds)
    : m_size(std::max(kTileCells, (size + kTileCells - 1) / kTileCells * kTileCells)),
      m_halfLifeS(halfLifeSeconds > 0 ? halfLifeSeconds : 600.0),
      m_dirty(size_t(tilesPerSide()) * size_t(tilesPerSide()), 0)
{}

void HeatGrid::setHalfLife(double seconds, int64_t nowMs)
{
    if (!(seconds > 0) || seconds == m_halfLifeS) {
        return;
    }
    if (m_refSet) {
        renormalize(nowMs);
    }
    m_halfLifeS = seconds;
}

HeatGrid::Group &HeatGrid::ensureGroup(int group)
{
    Group &g = m_groups[group];
    if (g.cells.empty()) {
        g.cells.assign(size_t(m_size) * size_t(m_size) * kChannelsPerGroup, 0.0F);
        g.peaks.assign(m_dirty.size() * kChannelsPerGroup, 0.0F);
    }
    return g;
}

const float *HeatGrid::groupCells(int group) const
{
    return m_groups[group].cells.empty() ? nullptr : m_groups[group].cells.data();
}

bool HeatGrid::splat(double worldX, double worldY, int channel, float weight, int64_t tMs, float sigmaCells)
{
    // The negated comparisons also reject NaN.
    if (!(worldX >= 0.0 && worldX < 1.0 && worldY >= 0.0 && worldY <= 1.0) || !(weight > 0.0F) ||
        !std::isfinite(weight) || channel < 0 || channel >= kMaxChannels || !(sigmaCells > 0.0F)) {
        return false;
    }
    if (!m_refSet) {
        m_refMs = tMs;
        m_refSet = true;
    } else if (scaleLog2(tMs) < -kSplatScaleLimitLog2) {
        return false; // from so long before the reference that it has decayed to nothing
    } else if (scaleLog2(tMs) > kSplatScaleLimitLog2) {
        renormalize(tMs);
    }
    Group &g = ensureGroup(channel / kChannelsPerGroup);
    const int lane = channel % kChannelsPerGroup;
    const float scaled = weight * float(std::exp2(scaleLog2(tMs)));

    // Triweight kernel (1 - d^2/R^2)^3 with R = 3 sigma: bell-shaped like a Gaussian, but round and
    // reaching zero smoothly. The heat is shown on a log scale, where a Gaussian cut off at a square
    // (the separable shortcut) shows its square edges in faint areas.
    const float sigma = std::min(sigmaCells, float(kMaxRadiusCells) / 3.0F);
    const float reach = 3.0F * sigma;
    const int radius = std::max(1, int(std::ceil(reach)));
    const double gx = worldX * m_size;
    const double gy = std::min(worldY * m_size, double(m_size) - 1e-9);
    const int cx = int(gx);
    const int cy = int(gy);

    const auto fx = float(gx - cx);
    const auto fy = float(gy - cy);
    if (fx != m_stamp.fx || fy != m_stamp.fy || reach != m_stamp.reach) {
        // The kernel's weights depend only on where in its cell the splat falls and on its reach: a picture
        // rebuilt from rollup cells (all at cell centres, one sigma) computes them once, not per splat.
        m_stamp = Stamp{fx, fy, reach, radius, {}};
        const int side = 2 * radius + 1;
        for (int j = -radius; j <= radius; ++j) {
            const float dy = (float(j) + 0.5F - fy) / reach;
            for (int i = -radius; i <= radius; ++i) {
                const float dx = (float(i) + 0.5F - fx) / reach;
                const float k = std::max(0.0F, 1.0F - dx * dx - dy * dy);
                m_stamp.weights[size_t(j + radius) * size_t(side) + size_t(i + radius)] = k * k * k;
            }
        }
    }
    const int side = 2 * radius + 1;
    const int y0 = std::max(0, cy - radius);
    const int y1 = std::min(m_size - 1, cy + radius);
    float *cells = g.cells.data();
    for (int y = y0; y <= y1; ++y) {
        const float *weights = m_stamp.weights.data() + size_t(y - cy + radius) * size_t(side);
        float *row = cells + size_t(y) * size_t(m_size) * kChannelsPerGroup + lane;
        const int x0 = cx - radius;
        if (x0 >= 0 && cx + radius < m_size) {
            float *out = row + size_t(x0) * kChannelsPerGroup;
            for (int i = 0; i < side; ++i) {
                out[size_t(i) * kChannelsPerGroup] += scaled * weights[i];
            }
            continue;
        }
        for (int i = -radius; i <= radius; ++i) {
            int x = cx + i;
            x += x < 0 ? m_size : (x >= m_size ? -m_size : 0); // wrap across the date line
            row[size_t(x) * kChannelsPerGroup] += scaled * weights[i + radius];
        }
    }
    markTiles(g, lane, scaled, cx - radius, cx + radius, y0, y1);
    m_hasData = true;
    return true;
}

void HeatGrid::markTiles(Group &group, int lane, float peak, int x0, int x1, int y0, int y1)
{
    const int tiles = tilesPerSide();
    const int ty0 = y0 / kTileCells;
    const int ty1 = y1 / kTileCells;
    // x0/x1 may lie one world outside [0, size): walk the tile columns with wrapping.
    const int tx0 = int(std::floor(double(x0) / kTileCells));
    const int tx1 = int(std::floor(double(x1) / kTileCells));
    for (int ty = ty0; ty <= ty1; ++ty) {
        for (int tx = tx0; tx <= tx1; ++tx) {
            const size_t tile = size_t(ty) * size_t(tiles) + size_t(((tx % tiles) + tiles) % tiles);
            m_dirty[tile] = 1;
            // The kernel's peak bounds what it adds to any cell of the tiles it touches.
            group.peaks[tile * kChannelsPerGroup + size_t(lane)] += peak;
        }
    }
    m_anyDirty = true;
}

double HeatGrid::cellValue(int cx, int cy, int channel, int64_t nowMs) const
{
    if (cx < 0 || cy < 0 || cx >= m_size || cy >= m_size || channel < 0 || channel >= kMaxChannels) {
        return 0.0;
    }
    const float *cells = groupCells(channel / kChannelsPerGroup);
    if (!cells) {
        return 0.0;
    }
    const size_t index = (size_t(cy) * size_t(m_size) + size_t(cx)) * kChannelsPerGroup + channel % kChannelsPerGroup;
    return double(cells[index]) * std::exp2(-scaleLog2(nowMs));
}

double HeatGrid::valueAt(double worldX, double worldY, uint32_t channelMask, int64_t nowMs) const
{
    if (!std::isfinite(worldX) || !std::isfinite(worldY) || worldY < 0.0 || worldY > 1.0) {
        return 0.0;
    }
    const double gx = (worldX - std::floor(worldX)) * m_size - 0.5;
    const double gy = std::clamp(worldY * m_size - 0.5, 0.0, double(m_size - 1));
    const int x0 = int(std::floor(gx));
    const int y0 = int(gy);
    const double fx = gx - x0;
    const double fy = gy - y0;
    const int y1 = std::min(y0 + 1, m_size - 1);
    const int xa = (x0 + m_size) % m_size;
    const int xb = (x0 + 1) % m_size;
    double sum = 0.0;
    for (int channel = 0; channel < kMaxChannels; ++channel) {
        if ((channelMask & (1U << channel)) == 0 || !hasGroup(channel / kChannelsPerGroup)) {
            continue;
        }
        sum += (1 - fy) * ((1 - fx) * cellValue(xa, y0, channel, nowMs) + fx * cellValue(xb, y0, channel, nowMs)) +
               fy * ((1 - fx) * cellValue(xa, y1, channel, nowMs) + fx * cellValue(xb, y1, channel, nowMs));
    }
    return sum;
}

bool HeatGrid::maintain(int64_t nowMs)
{
    if (m_refSet && std::abs(scaleLog2(nowMs)) > kRenormalizeLog2) {
        renormalize(nowMs);
        return true;
    }
    return false;
}

void HeatGrid::renormalize(int64_t nowMs)
{
    // Moving the reference back in time (a clock stepped backwards) would scale values up: bounded, so
    // a broken clock cannot overflow the cells.
    const auto factor = float(std::exp2(std::min(-scaleLog2(nowMs), kRenormalizeLog2)));
    bool any = false;
    for (Group &g : m_groups) {
        for (float &v : g.cells) {
            v *= factor;
            v = v < kDropBelow ? 0.0F : v;
            any = any || v > 0.0F;
        }
    }
    m_refMs = nowMs;
    m_refSet = true;
    m_hasData = any;
    ++m_generation;
    recomputePeaks();
    markAllDirty();
}

void HeatGrid::recomputePeaks()
{
    const int tiles = tilesPerSide();
    for (Group &g : m_groups) {
        std::fill(g.peaks.begin(), g.peaks.end(), 0.0F);
        if (g.cells.empty()) {
            continue;
        }
        for (int y = 0; y < m_size; ++y) {
            const float *row = g.cells.data() + size_t(y) * size_t(m_size) * kChannelsPerGroup;
            float *peaks = g.peaks.data() + size_t(y / kTileCells) * size_t(tiles) * kChannelsPerGroup;
            for (int x = 0; x < m_size; ++x) {
                float *p = peaks + size_t(x / kTileCells) * kChannelsPerGroup;
                for (int lane = 0; lane < kChannelsPerGroup; ++lane) {
                    p[lane] = std::max(p[lane], row[size_t(x) * kChannelsPerGroup + size_t(lane)]);
                }
            }
        }
    }
}

float HeatGrid::tilePeak(int tx, int ty, uint32_t channelMask) const
{
    const size_t tile = size_t(ty) * size_t(tilesPerSide()) + size_t(tx);
    float sum = 0.0F;
    for (int channel = 0; channel < kMaxChannels; ++channel) {
        const Group &g = m_groups[channel / kChannelsPerGroup];
        if ((channelMask & (1U << channel)) != 0 && !g.peaks.empty()) {
            sum += g.peaks[tile * kChannelsPerGroup + size_t(channel % kChannelsPerGroup)];
        }
    }
    return sum;
}

void HeatGrid::clear()
{
    for (Group &g : m_groups) {
        std::fill(g.cells.begin(), g.cells.end(), 0.0F);
        std::fill(g.peaks.begin(), g.peaks.end(), 0.0F);
    }
    m_refSet = false;
    m_hasData = false;
    ++m_generation;
    markAllDirty();
}

size_t HeatGrid::memoryBytes() const
{
    size_t bytes = 0;
    for (const Group &g : m_groups) {
        bytes += (g.cells.capacity() + g.peaks.capacity()) * sizeof(float);
    }
    return bytes + m_dirty.capacity();
}

bool HeatGrid::isTileDirty(int tx, int ty) const
{
    return m_dirty[size_t(ty) * size_t(tilesPerSide()) + size_t(tx)] != 0;
}

void HeatGrid::clearDirty()
{
    std::fill(m_dirty.begin(), m_dirty.end(), 0);
    m_anyDirty = false;
}

void HeatGrid::markAllDirty()
{
    std::fill(m_dirty.begin(), m_dirty.end(), 1);
    m_anyDirty = true;
}

} // namespace pulsemap
