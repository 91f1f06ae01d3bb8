// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event_filter.h"
#include "core/result.h"

#include <cstdio>
#include <optional>
#include <string>

namespace pulsemap {

class CampaignStore;

enum class ExportFormat { Csv, NdJson };
std::optional<ExportFormat> exportFormatFromName(const std::string &name);

// Writes every matching event in time order, for spreadsheets, Tableau and other tools.
// CSV (RFC 4180, header row): id,ts,time,type,lat,lon,country,city,campaign,weight,seq,ip
// NDJSON: one object per line with the same keys; absent values are omitted.
// Returns the number of events written.
Result<int64_t> exportEvents(const CampaignStore &store, ExportFormat format, const EventFilter &filter,
                             std::FILE *out);

} // namespace pulsemap
