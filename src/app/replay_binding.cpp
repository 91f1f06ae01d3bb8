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
}

} // namespace pulsemap
