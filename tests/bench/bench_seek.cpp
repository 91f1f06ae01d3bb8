// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Seek benchmark (tests/bench/campaign_10m.sh): the cost of rebuilding the heat of a random moment from a
// campaign's rollups, as the replay's reader thread does for every seek and scrub step, in each window mode.
// Prints median and worst milliseconds and the rows read; then what the trend charts add to a seek (their windows
// at the new moment, ReplayTrends), alone and with the heat.
//
//   pulsemap-bench-seek CAMPAIGN [SEEKS] [REPLAY_SECONDS]
//
// Decay uses the app's default: the 600 s map half-life at the speed that plays the campaign in
// REPLAY_SECONDS (60).
#include "app/replay_trends.h"
#include "core/campaign_reader.h"
#include "core/campaign_store.h"
#include "core/rollup_query.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace pulsemap;

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CAMPAIGN [SEEKS] [REPLAY_SECONDS]\n", argv[0]);
        return 2;
    }
    const int seeks = argc > 2 ? std::atoi(argv[2]) : 50;
    const double replaySeconds = argc > 3 ? std::atof(argv[3]) : 60;
    auto store = CampaignStore::open(argv[1], CampaignStore::Access::ReadOnly);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.message().c_str());
        return 2;
    }
    const Result<EventSpan> span = CampaignReader(**store, {}).span();
    auto query = RollupQuery::open(**store);
    if (!span || !query || span->count == 0) {
        std::fprintf(stderr, "cannot read the campaign\n");
        return 2;
    }
    const double speed = std::max(1.0, double(span->lastMs - span->firstMs) / 1000.0 / replaySeconds);
    std::printf("campaign: %lld events over %.1f h; decay half-life %.0f s of campaign time (600 s at %.0fx)\n",
                static_cast<long long>(span->count), double(span->lastMs - span->firstMs) / 3.6e6, 600 * speed, speed);
    struct Mode
    {
        const char *name;
        HeatWindow window;
    };
    const Mode modes[] = {
        {"decay (replay speed)", {HeatWindow::Mode::Decay, 600 * speed, 0}},
        {"decay (10 min)", {HeatWindow::Mode::Decay, 600, 0}},
        {"cumulative", {HeatWindow::Mode::Cumulative, 0, 0}},
        {"sliding 1h", {HeatWindow::Mode::Sliding, 0, 3'600'000}},
    };
    std::mt19937_64 random(42);
    auto runModes = [&](const char *source) {
        for (const Mode &mode : modes) {
            std::vector<double> ms;
            int64_t rows = 0;
            for (int i = 0; i < seeks; ++i) {
                const int64_t at = span->firstMs + int64_t(random() % uint64_t(span->lastMs - span->firstMs + 1));
                const auto start = std::chrono::steady_clock::now();
                const Result<HeatSnapshot> heat = query->heatAt(at, mode.window, {});
                ms.push_back(
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
                if (!heat) {
                    std::fprintf(stderr, "%s\n", heat.message().c_str());
                    return 1;
                }
                rows += heat->rowsRead;
            }
            std::sort(ms.begin(), ms.end());
            std::printf("seek %-22s %-8s median %7.1f ms  worst %7.1f ms  (%d seeks, %lld rows per seek)\n", mode.name,
                        source, ms[ms.size() / 2], ms.back(), seeks, static_cast<long long>(rows / seeks));
        }
        return 0;
    };
    // First every seek from SQLite (the app's first seek), then with the hour cells held in memory (every
    // later one), as a replay does.
    if (const int failed = runModes("sqlite"); failed != 0) {
        return failed;
    }
    const auto holdStart = std::chrono::steady_clock::now();
    if (Status held = query->holdHourCells({}); !held) {
        std::fprintf(stderr, "%s\n", held.message().c_str());
        return 1;
    }
    std::printf("hold hour cells: %.1f ms\n",
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - holdStart).count());
    if (const int failed = runModes("held"); failed != 0) {
        return failed;
    }
    // What the trend charts add to each seek: their windows ending at the moment, read on the same thread.
    {
        std::vector<double> trends;
        std::vector<double> both;
        const HeatWindow decay = modes[0].window;
        for (int i = 0; i < seeks; ++i) {
            const int64_t at = span->firstMs + int64_t(random() % uint64_t(span->lastMs - span->firstMs + 1));
            const auto start = std::chrono::steady_clock::now();
            const Result<HeatSnapshot> heat = query->heatAt(at, decay, {});
            const auto heatDone = std::chrono::steady_clock::now();
            const Result<TrendSnapshot> counted = ReplayTrends::read(**store, {}, at, true, span->firstMs);
            const auto done = std::chrono::steady_clock::now();
            if (!heat || !counted) {
                std::fprintf(stderr, "%s\n", !heat ? heat.message().c_str() : counted.message().c_str());
                return 1;
            }
            trends.push_back(std::chrono::duration<double, std::milli>(done - heatDone).count());
            both.push_back(std::chrono::duration<double, std::milli>(done - start).count());
        }
        std::sort(trends.begin(), trends.end());
        std::sort(both.begin(), both.end());
        std::printf("trends alone                    median %7.1f ms  worst %7.1f ms  (%d seeks)\n",
                    trends[trends.size() / 2], trends.back(), seeks);
        std::printf("heat (replay speed) + trends    median %7.1f ms  worst %7.1f ms\n", both[both.size() / 2],
                    both.back());
    }
    // The reference in the same run: the same picture from the events themselves (every event before the
    // middle of the campaign read in time order, as a replay without rollups would have to).
    const int64_t middle = span->firstMs + (span->lastMs - span->firstMs) / 2;
    EventFilter before;
    before.toMs = middle + 1;
    CampaignReader reader(**store, before);
    EventBatch batch;
    int64_t events = 0;
    const auto start = std::chrono::steady_clock::now();
    while (true) {
        batch.clear();
        const Result<size_t> read = reader.next(batch, 65536);
        if (!read || *read == 0) {
            break;
        }
        events += int64_t(*read);
    }
    std::printf("reference: reading the %lld events before the middle takes %.1f ms\n", static_cast<long long>(events),
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    return 0;
}
