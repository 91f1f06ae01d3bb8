// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "replay_binding.h"

#include "live_model.h"
#include "replay_source.h"

namespace pulsemap {

void bindReplayToModel(ReplaySource *replay, LiveModel *live, double halfLifeSeconds)
{
    constexpr double kNoDecaySeconds = 1e9;
    replay->setHeatHalfLifeSeconds(halfLifeSeconds);
    auto applyWindow = [replay, live, halfLifeSeconds] {
        live->setHalfLifeSeconds(replay->windowMode() == ReplaySource::WindowMode::Decay ? halfLifeSeconds
                                                                                         : kNoDecaySeconds);
    };
    applyWindow();
    QObject::connect(replay, &ReplaySource::windowChanged, live, applyWindow);
    QObject::connect(replay, &ReplaySource::heatReady, live, &LiveModel::replaceHeat);
    QObject::connect(replay, &ReplaySource::freezeRequested, live, &LiveModel::setFrozen);
    // The trend charts describe the campaign at the playhead, whatever the speed (ReplaySource).
    live->setTrendTimeline(
        replay, [replay] { return replay->trendClockMs(); },
        [replay](const EventBatch &batch) { return replay->campaignTimesOf(batch); });
    QObject::connect(replay, &ReplaySource::trendsReady, live, &LiveModel::replaceTrends);
}

} // namespace pulsemap
