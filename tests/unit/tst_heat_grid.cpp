// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "map/heat_codec.h"
#include "map/heat_domain.h"
#include "map/heat_grid.h"

#include <QTest>

#include <array>
#include <cmath>
#include <limits>
#include <random>

using namespace pulsemap;

namespace {
constexpr int kSize = 64;
constexpr double kHalfLifeS = 600.0;
constexpr int64_t kT0 = 1'700'000'000'000; // a realistic epoch time
constexpr int64_t kHalfLifeMs = int64_t(kHalfLifeS * 1000);

// The world coordinate of a cell's center.
double center(int cell)
{
    return (cell + 0.5) / kSize;
}
} // namespace

class TestHeatGrid : public QObject
{
    Q_OBJECT

private slots:
    void splatsAddUpAtTheRightCells()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        QVERIFY(grid.splat(center(10), center(20), 0, 1.0F, kT0, 1.0F));
        QCOMPARE(grid.cellValue(10, 20, 0, kT0), 1.0);
        QVERIFY(std::abs(grid.cellValue(11, 20, 0, kT0) - HeatGrid::kernel(1, 1)) < 1e-6);
        QVERIFY(std::abs(grid.cellValue(11, 21, 0, kT0) - HeatGrid::kernel(2, 1)) < 1e-6);
        QVERIFY(std::abs(grid.cellValue(8, 22, 0, kT0) - HeatGrid::kernel(8, 1)) < 1e-6);
        QCOMPARE(grid.cellValue(13, 20, 0, kT0), 0.0); // at the kernel's reach, 3 sigma
        QCOMPARE(grid.cellValue(12, 23, 0, kT0), 0.0); // round, not square: d^2 = 4 + 9 > 9
        QCOMPARE(grid.cellValue(20, 20, 0, kT0), 0.0);
        QCOMPARE(grid.cellValue(10, 20, 1, kT0), 0.0); // another channel

        QVERIFY(grid.splat(center(10), center(20), 0, 2.0F, kT0, 1.0F));
        QVERIFY(std::abs(grid.cellValue(10, 20, 0, kT0) - 3.0) < 1e-6);
        // valueAt at a cell center is the cell; between two centers the mean.
        QVERIFY(std::abs(grid.valueAt(center(10), center(20), 0x1, kT0) - 3.0) < 1e-6);
        const double between = (grid.cellValue(10, 20, 0, kT0) + grid.cellValue(11, 20, 0, kT0)) / 2;
        QVERIFY(std::abs(grid.valueAt(11.0 / kSize, center(20), 0x1, kT0) - between) < 1e-6);
        QCOMPARE(grid.valueAt(center(10), center(20), 0x2, kT0), 0.0);
        QVERIFY(grid.isTileDirty(0, 0));
        // The tile's peak bound covers what it holds.
        QVERIFY(grid.tilePeak(0, 0, 0x1) >= 3.0F);
        QCOMPARE(grid.tilePeak(0, 0, 0x2), 0.0F);
    }

    void channelsAreSeparateAndGrouped()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        QVERIFY(!grid.hasGroup(0) && !grid.hasGroup(1));
        QVERIFY(grid.splat(center(5), center(5), 5, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.hasGroup(0));
        QVERIFY(grid.hasGroup(1));
        QCOMPARE(grid.cellValue(5, 5, 5, kT0), 1.0);
        QCOMPARE(grid.valueAt(center(5), center(5), 1U << 5, kT0), 1.0);
        QCOMPARE(grid.valueAt(center(5), center(5), 0xffU & ~(1U << 5), kT0), 0.0);
        QCOMPARE(grid.groupCells(1)[(5 * kSize + 5) * 4 + 1], 1.0F); // channel 5 is lane 1 of group 1
    }

    void wrapsAcrossTheDateLine()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        QVERIFY(grid.splat(center(0), center(30), 0, 1.0F, kT0, 1.0F));
        QVERIFY(std::abs(grid.cellValue(kSize - 1, 30, 0, kT0) - HeatGrid::kernel(1, 1)) < 1e-6);
        QVERIFY(grid.isTileDirty(grid.tilesPerSide() - 1, 0));
        // valueAt wraps too: x = 0 lies between the last cell and the first.
        const double expected = (1.0 + HeatGrid::kernel(1, 1)) / 2;
        QVERIFY(std::abs(grid.valueAt(0.0, center(30), 0x1, kT0) - expected) < 1e-6);
        QVERIFY(std::abs(grid.valueAt(1.0, center(30), 0x1, kT0) - expected) < 1e-6);
    }

    void lazyDecayHalvesAfterOneHalfLife()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        QVERIFY(grid.splat(center(8), center(8), 0, 1.0F, kT0, 1.0F));
        QVERIFY(std::abs(grid.cellValue(8, 8, 0, kT0 + kHalfLifeMs) - 0.5) < 1e-6);
        QVERIFY(std::abs(grid.cellValue(8, 8, 0, kT0 + 3 * kHalfLifeMs) - 0.125) < 1e-6);
        // The stored value did not change: decay is a factor applied on reading.
        QCOMPARE(grid.groupCells(0)[(8 * kSize + 8) * 4], 1.0F);
        // A later event adds at full strength to the decayed one.
        QVERIFY(grid.splat(center(8), center(8), 0, 1.0F, kT0 + kHalfLifeMs, 1.0F));
        QVERIFY(std::abs(grid.cellValue(8, 8, 0, kT0 + kHalfLifeMs) - 1.5) < 1e-6);
        QVERIFY(std::abs(grid.scaleLog2(kT0 + kHalfLifeMs) - 1.0) < 1e-12);
    }

    void changingTheHalfLifeKeepsTheDecaySoFar()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        QVERIFY(grid.splat(center(8), center(8), 0, 1.0F, kT0, 1.0F));
        grid.setHalfLife(60.0, kT0 + kHalfLifeMs); // value 0.5 at this point
        QVERIFY(std::abs(grid.cellValue(8, 8, 0, kT0 + kHalfLifeMs) - 0.5) < 1e-6);
        QVERIFY(std::abs(grid.cellValue(8, 8, 0, kT0 + kHalfLifeMs + 60'000) - 0.25) < 1e-6);
    }

    void renormalizationKeepsValues()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        QVERIFY(grid.splat(center(8), center(8), 0, 4.0F, kT0, 1.0F));
        QVERIFY(grid.splat(center(40), center(40), 3, 1.0F, kT0 + 5 * kHalfLifeMs, 1.0F));
        const int64_t now = kT0 + 6 * kHalfLifeMs;
        const double before8 = grid.cellValue(8, 8, 0, now);
        const double before40 = grid.cellValue(40, 40, 3, now);
        const uint64_t generation = grid.generation();
        grid.clearDirty();
        grid.renormalize(now);
        QCOMPARE(grid.referenceMs(), now);
        QVERIFY(grid.generation() != generation);
        QVERIFY(grid.isTileDirty(0, 0)); // the encoded texture must be redone
        // Peaks are exact after a renormalization (an upper bound in between).
        QCOMPARE(grid.tilePeak(0, 0, 0x1), float(grid.cellValue(8, 8, 0, now)));
        QVERIFY(std::abs(grid.cellValue(8, 8, 0, now) - before8) < 1e-6 * before8);
        QVERIFY(std::abs(grid.cellValue(40, 40, 3, now) - before40) < 1e-6 * before40);
        QVERIFY(std::abs(grid.cellValue(8, 8, 0, now + kHalfLifeMs) - before8 / 2) < 1e-6);

        // maintain() renormalizes only once the factor is large, and drops what decayed to nothing.
        QVERIFY(!grid.maintain(now + 10 * kHalfLifeMs));
        const int64_t late = now + 30 * kHalfLifeMs;
        QVERIFY(grid.splat(center(20), center(20), 1, 1.0F, late - kHalfLifeMs, 1.0F));
        QVERIFY(grid.maintain(late));
        QCOMPARE(grid.referenceMs(), late);
        QCOMPARE(grid.cellValue(8, 8, 0, late), 0.0);
        QVERIFY(std::abs(grid.cellValue(20, 20, 1, late) - 0.5) < 1e-6);
        QVERIFY(!grid.empty());
    }

    void memoryStaysConstant()
    {
        HeatGrid grid(256, kHalfLifeS);
        const size_t empty = grid.memoryBytes();
        QVERIFY(empty < 4096); // no cells until a channel is used
        QVERIFY(grid.splat(0.5, 0.5, 0, 1.0F, kT0, 2.0F));
        const size_t oneGroup = grid.memoryBytes() - empty;
        QVERIFY(oneGroup >= size_t(256) * 256 * 4 * sizeof(float));
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int i = 0; i < 200'000; ++i) {
            grid.splat(unit(rng), unit(rng), i % 4, 1.0F, kT0 + i * 100, 3.0F);
            if (i % 10'000 == 0) {
                grid.maintain(kT0 + i * 100);
            }
        }
        QCOMPARE(grid.memoryBytes(), empty + oneGroup);
        QVERIFY(grid.splat(0.5, 0.5, 6, 1.0F, kT0, 2.0F));
        QCOMPARE(grid.memoryBytes(), empty + 2 * oneGroup); // the second (and last) group of channels
    }

    void rejectsBadInput()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        QVERIFY(!grid.splat(nan, 0.5, 0, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, nan, 0, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(-0.01, 0.5, 0, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(1.0, 0.5, 0, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 1.5, 0, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, -0.5, 0, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 0.5, 0, std::numeric_limits<float>::quiet_NaN(), kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 0.5, 0, inf, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 0.5, 0, -1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 0.5, 0, 0.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 0.5, -1, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 0.5, HeatGrid::kMaxChannels, 1.0F, kT0, 1.0F));
        QVERIFY(!grid.splat(0.5, 0.5, 0, 1.0F, kT0, std::numeric_limits<float>::quiet_NaN()));
        QVERIFY(grid.empty());
        QVERIFY(!grid.hasGroup(0));
        QCOMPARE(grid.valueAt(nan, 0.5, 0xff, kT0), 0.0);
        QCOMPARE(grid.valueAt(0.5, 2.0, 0xff, kT0), 0.0);
        QCOMPARE(grid.cellValue(-1, 0, 0, kT0), 0.0);
        QCOMPARE(grid.cellValue(0, kSize, 0, kT0), 0.0);
        // The poles' rows clip the kernel instead of wrapping.
        QVERIFY(grid.splat(0.5, 0.0, 0, 1.0F, kT0, 1.0F));
        QVERIFY(grid.splat(0.5, 1.0, 0, 1.0F, kT0, 1.0F));
    }

    void survivesClockJumps()
    {
        // Events from wildly different times (a replay, a broken clock): no overflow, no crash.
        HeatGrid grid(kSize, 1.0);
        const int64_t yearLater = kT0 + 1000LL * 3600 * 24 * 365;
        QVERIFY(grid.splat(0.3, 0.3, 0, 1.0F, kT0, 4.0F));
        QVERIFY(grid.splat(0.3, 0.3, 0, 1.0F, yearLater, 4.0F));
        QVERIFY(!grid.splat(0.3, 0.3, 0, 1.0F, 0, 4.0F)); // 1970: decayed to nothing long ago
        for (int c = 0; c < kSize; ++c) {
            QVERIFY(std::isfinite(grid.cellValue(c, c, 0, yearLater)));
        }
        const double v = grid.valueAt(0.3, 0.3, 0x1, yearLater);
        QVERIFY(v > 0.5 && v < 1.5);
        // The clock stepping far back: renormalizing stays finite.
        grid.renormalize(kT0);
        for (int c = 0; c < kSize; ++c) {
            QVERIFY(std::isfinite(grid.cellValue(c, c, 0, kT0)));
        }
        grid.clear();
        QVERIFY(grid.empty());
        QCOMPARE(grid.cellValue(19, 19, 0, kT0), 0.0);
    }

    void codecRoundTrips()
    {
        QCOMPARE(heatcodec::pseudoLog(1.0F), 127U * 16U);
        QCOMPARE(heatcodec::pseudoLog(2.0F), 128U * 16U);
        QCOMPARE(heatcodec::pseudoLog(1.5F), 127U * 16U + 8U);
        QCOMPARE(heatcodec::pseudoLog(0.0F), 0U);
        QCOMPARE(heatcodec::pseudoExp(127.0 * 16), 1.0);
        QCOMPARE(heatcodec::pseudoExp(127.0 * 16 + 8), 1.5);
        for (float v = 1e-6F; v < 1e9F; v *= 1.37F) {
            const double back = heatcodec::pseudoExp(heatcodec::pseudoLog(v));
            QVERIFY(back <= v && back > v / (1.0 + 1.0 / 16)); // within one code (linear within an octave)
        }

        // A tile: codes are the pseudo-log of the visible channels' sum minus the base, 0 for empty cells
        // and values under the window.
        HeatGrid grid(kSize, kHalfLifeS);
        QVERIFY(grid.splat(center(3), center(3), 0, 1.0F, kT0, 1.0F));
        QVERIFY(grid.splat(center(3), center(3), 2, 1.0F, kT0, 1.0F));
        QVERIFY(grid.splat(center(9), center(9), 5, 1000.0F, kT0, 1.0F));
        std::vector<uint8_t> texels(size_t(kSize) * kSize * 4, 0xAB);
        const int base = 127 * 16 - 100; // 1.0 encodes as 100
        const std::array<float, 8> all{1, 1, 1, 1, 1, 1, 1, 1};
        heatcodec::encodeTile(grid, 0, 0, base, all, texels.data(), size_t(kSize) * 4);
        const auto code = [&](int x, int y) { return int(texels[size_t(y * kSize + x) * 4]); };
        QCOMPARE(code(3, 3), 116);                           // 1 + 1 = 2: one octave (16 codes) above 1
        QCOMPARE(int(texels[(3 * kSize + 3) * 4 + 1]), 116); // all four bytes: any byte order samples it
        QCOMPARE(int(texels[(3 * kSize + 3) * 4 + 3]), 116);
        QCOMPARE(code(9, 9), 255); // 1000 is ~10 octaves up: saturates
        QCOMPARE(code(20, 20), 0); // empty
        QCOMPARE(code(3, 5), 73);  // 2 (1 - 4/9)^3 = 0.34 = 1.37 / 4: 2 octaves and 5/16 under 1
        QCOMPARE(code(3, 6), 0);   // the kernel's reach: nothing
        QCOMPARE(int(texels[size_t(kSize) * kSize * 4 - 1]), 0xAB); // outside the tile: untouched
        const std::array<float, 8> onlyType2{0, 0, 1, 0, 0, 0, 0, 0};
        heatcodec::encodeTile(grid, 0, 0, base, onlyType2, texels.data(), size_t(kSize) * 4);
        QCOMPARE(code(3, 3), 100);
        QCOMPARE(code(9, 9), 0);
    }

    void domainFollowsSlowly()
    {
        HeatDomain domain;
        domain.setMinimum(1.0);
        domain.setTimeConstantSeconds(60);
        domain.observe(100.0, kT0);
        QCOMPARE(domain.value(), 100.0); // the first observation is taken as is
        domain.observe(200.0, kT0 + 60'000);
        // One time constant: 1 - 1/e of the way in log2.
        QVERIFY(std::abs(std::log2(domain.value()) - (std::log2(100.0) + (1 - std::exp(-1.0)))) < 1e-9);
        // Falling is slower than rising.
        const double before = domain.value();
        domain.observe(before / 2, kT0 + 120'000);
        QVERIFY(domain.value() > before * std::exp2(-(1 - std::exp(-1.0))));
        domain.setPinned(42.0);
        QCOMPARE(domain.value(), 42.0);
        domain.setPinned(0);
        QVERIFY(domain.value() != 42.0);
    }

    void domainPercentileFromTheGrid()
    {
        HeatGrid grid(kSize, kHalfLifeS);
        // 100 isolated events and one hot spot of 50 events.
        for (int i = 0; i < 100; ++i) {
            grid.splat(center(4 + (i % 10) * 4), center(20 + (i / 10) * 4), 0, 1.0F, kT0, 0.4F);
        }
        for (int i = 0; i < 50; ++i) {
            grid.splat(center(60), center(5), 1, 1.0F, kT0, 0.4F);
        }
        HeatDomain domain;
        domain.setMinimum(0.01);
        domain.setPercentile(0.5);
        int steps = 0;
        while (!domain.step(grid, 7, kT0)) {
            ++steps;
        }
        QCOMPARE(steps, kSize / 7); // a sweep over several calls
        // The median occupied cell is an isolated event's peak (1) or its nearest neighbour.
        QVERIFY2(domain.value() > 0.2 && domain.value() < 1.1, qPrintable(QString::number(domain.value())));
        domain.reset();
        domain.setPercentile(1.0);
        while (!domain.step(grid, kSize, kT0 + kHalfLifeMs)) {
        }
        // The hottest cell, decayed by one half-life: 25, within the codec's 1/16 octave.
        QVERIFY2(std::abs(domain.value() - 25.0) < 25.0 * 0.05, qPrintable(QString::number(domain.value())));
    }
};

QTEST_GUILESS_MAIN(TestHeatGrid)
#include "tst_heat_grid.moc"
