// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "heat_codec.h"

#include "heat_grid.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace pulsemap::heatcodec {

void encodeTile(const HeatGrid &grid, int tx, int ty, int base, const std::array<float, 8> &channelWeights,
                uint8_t *texels, size_t bytesPerLine)
{
    constexpr int kLanes = HeatGrid::kChannelsPerGroup;
    constexpr int kTile = HeatGrid::kTileCells;
    const int size = grid.size();
    const float *a = grid.groupCells(0);
    const float *b = grid.groupCells(1);
    const float *wa = channelWeights.data();
    const float *wb = channelWeights.data() + kLanes;
    const auto ubase = uint32_t(std::max(base, 0));
    for (int y = ty * kTile; y < (ty + 1) * kTile; ++y) {
        const size_t first = size_t(y) * size_t(size) + size_t(tx) * kTile;
        uint8_t *dst = texels + size_t(y) * bytesPerLine + size_t(tx) * kTile * 4;
        float sums[kTile] = {};
        for (const auto &[cells, weights] : {std::pair{a, wa}, std::pair{b, wb}}) {
            if (!cells) {
                continue;
            }
            const float *src = cells + first * kLanes;
            for (int i = 0; i < kTile; ++i) {
                sums[i] += src[ptrdiff_t(i) * kLanes] * weights[0] + src[ptrdiff_t(i) * kLanes + 1] * weights[1] +
                           src[ptrdiff_t(i) * kLanes + 2] * weights[2] + src[ptrdiff_t(i) * kLanes + 3] * weights[3];
            }
        }
        // Branch-free so the compiler vectorizes it: 0 and values under the window give 0.
        for (int i = 0; i < kTile; ++i) {
            uint32_t bits = 0;
            std::memcpy(&bits, &sums[i], sizeof bits);
            const uint32_t p = bits >> 19;
            // The same code in all four bytes: right whichever byte order the texture upload uses.
            const auto code = uint8_t(p > ubase ? std::min(p - ubase, uint32_t(kMaxCode)) : 0U);
            std::memset(dst + ptrdiff_t(i) * 4, code, 4);
        }
    }
}

void accumulateHistogram(const HeatGrid &grid, int rowBegin, int rowEnd, uint32_t *histogram)
{
    const int size = grid.size();
    const float *groups[HeatGrid::kGroups];
    for (int g = 0; g < HeatGrid::kGroups; ++g) {
        groups[g] = grid.groupCells(g);
    }
    rowBegin = std::clamp(rowBegin, 0, size);
    rowEnd = std::clamp(rowEnd, rowBegin, size);
    for (int y = rowBegin; y < rowEnd; ++y) {
        for (int x = 0; x < size; ++x) {
            const size_t index = (size_t(y) * size_t(size) + size_t(x)) * HeatGrid::kChannelsPerGroup;
            float sum = 0.0F;
            for (const float *cells : groups) {
                if (cells) {
                    sum += cells[index] + cells[index + 1] + cells[index + 2] + cells[index + 3];
                }
            }
            if (sum > 0.0F) {
                ++histogram[std::min(pseudoLog(sum), uint32_t(kPseudoLogBins - 1))];
            }
        }
    }
}

} // namespace pulsemap::heatcodec
