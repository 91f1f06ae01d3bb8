// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "result.h"

#include <cstdint>
#include <string>

namespace pulsemap {

struct BackupReport
{
    int64_t events = 0; // events in the copy
    int64_t bytes = 0;  // size of the copy
};

// Copies a campaign file consistently even while another process records into it: SQLite's online
// backup API copies every page under one read transaction of the source, opened read-only, so the copy
// holds exactly the transactions committed when it started (a prefix of what the recorder writes) and
// the recorder is never blocked (campaigns record in WAL mode). The copy is written beside its final
// path, switched to rollback-journal mode (one self-contained file, no -wal) and renamed into place, so
// copyPath never holds half a copy; an existing file there is replaced (callers decide whether it may be).
//
// Threading: any thread; uses its own connections.
Result<BackupReport> backupCampaign(const std::string &livePath, const std::string &copyPath);

} // namespace pulsemap
