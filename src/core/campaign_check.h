// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pulsemap {

struct CampaignCheckOptions
{
    bool quick = false;      // PRAGMA quick_check (no index/table cross-check) instead of integrity_check
    size_t maxProblems = 20; // listed problems per kind of check; further ones are only counted
};

struct CampaignCheckReport
{
    std::string integrityCheck; // "integrity_check" or "quick_check"
    int64_t events = -1;        // -1 when the events could not be counted
    int64_t schemaVersion = 0;  // user_version (1: no rollups stored; readers compute them)
    std::vector<std::string> problems;
    int64_t unlistedProblems = 0; // found but beyond the listing limit

    [[nodiscard]] bool healthy() const { return problems.empty() && unlistedProblems == 0; }
};

// Verifies a campaign file without modifying it: its header, SQLite's own integrity check, the schema
// docs/campaign-format.md promises for the file's version (tables, columns, the time index, application_id,
// user_version), every event's time (plausibleEventTime) and coordinates, and that the rollups agree with
// the events. Fails only when the file is not a campaign at
// all (missing, not SQLite, another application's database, a newer schema); a damaged campaign
// (truncated, corrupt pages, impossible rows) is a report with problems.
//
// Threading: any thread; uses its own read-only connection.
Result<CampaignCheckReport> checkCampaign(const std::string &path, const CampaignCheckOptions &options = {});

} // namespace pulsemap
