// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <span>

namespace pulsemap {

// A metropolitan area where simulated recipients live. Shared by the app's live simulator and
// `pulsemap-cli simulate`; see docs/simulation.md for where the figures come from.
struct WorldCity
{
    const char *name;    // English name, UTF-8
    const char *country; // ISO 3166-1 alpha-2
    double lat;
    double lon;
    double population;     // metropolitan area, millions (rounded)
    double online;         // share of the country's people using the internet, 0..1 (rounded)
    double utcOffsetHours; // standard time; daylight saving time is ignored

    // How many recipients a mailing list has here, relatively: people who are online.
    [[nodiscard]] double audience() const { return population * online; }
};

// About a hundred big cities on every inhabited continent.
std::span<const WorldCity> worldCities();

} // namespace pulsemap
