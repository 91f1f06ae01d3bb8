// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

namespace pulsemap {

class LiveModel;
class ReplaySource;

// Binds a replay to the live model a map draws (besides its batches, which every source delivers): its rebuilt
// pictures after seeks, its pauses, the trend charts' campaign clock and counts, and the heat's half-life (the map's in
// Decay mode; no fading in the cumulative and sliding windows). Used for the main map and for a compared campaign's map
// alike.
void bindReplayToModel(ReplaySource *replay, LiveModel *live, double halfLifeSeconds);

} // namespace pulsemap
