// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace pulsemap {

class HeatGrid;

// The 8-bit logarithmic encoding of heat cells for the GPU. Heat spans many octaves (one stray event
// next to a city's thousands), so a texel holds a log, not a value; and a log turns the grid's lazy decay
// (a factor) into an offset the shader adds.
//
// The log is float32's own: the exponent and the top four mantissa bits of the value's bit pattern,
// `bits >> 19`, i.e. 16 codes per octave, piecewise linear within an octave (Mitchell's approximation).
// That costs one shift per cell, so re-encoding a megacell grid takes a couple of milliseconds, and the
// shader inverts it exactly. A texel stores the pseudo-log minus a `base`, clamped to 1..255; 0 is "empty".
//
// Threading: pure functions, callable from any thread (HeatLayer encodes on the render thread).
namespace heatcodec {

constexpr int kCodesPerOctave = 16;
constexpr int kMaxCode = 255;
constexpr int kPseudoLogBins = 1 << 13; // every pseudo-log of a finite non-negative float

// floor(16 * log2(v)) + 16 * 127, approximately; 0 for 0. `v` must be finite and non-negative.
inline uint32_t pseudoLog(float v)
{
    return std::bit_cast<uint32_t>(v) >> 19;
}

// The value at the low end of a pseudo-log bin (fractional pseudo-logs interpolate within the octave).
inline double pseudoExp(double p)
{
    const double octaves = p / kCodesPerOctave;
    const double e = std::floor(octaves);
    return std::exp2(e - 127.0) * (1.0 + (octaves - e));
}

// Encodes one kTileCells-square tile of the grid into 32-bit texels: the code of the cell's sum over the
// channels whose weight in `channelWeights` is 1 (the visible types), in all four bytes.
// One code per texel keeps the shader to one fetch and a ramp lookup (the fill rate is the cost on a
// software rasterizer); hiding a type re-encodes the grid once.
void encodeTile(const HeatGrid &grid, int tx, int ty, int base, const std::array<float, 8> &channelWeights,
                uint8_t *texels, size_t bytesPerLine);

// Adds rows [rowBegin, rowEnd) of the grid's per-cell sums over all channels to a histogram of
// kPseudoLogBins bins (empty cells are not counted).
void accumulateHistogram(const HeatGrid &grid, int rowBegin, int rowEnd, uint32_t *histogram);

} // namespace heatcodec
} // namespace pulsemap
