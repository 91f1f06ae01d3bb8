// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/mercator.h"

#include <QPointF>

// The projection itself is in core/mercator.h (campaign files use it too); this adds the Qt point type the
// map's layers and camera work with.
namespace pulsemap::mercator {

inline QPointF project(double lat, double lon)
{
    return {xFromLongitude(lon), yFromLatitude(lat)};
}

} // namespace pulsemap::mercator
