// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "ingest/import_pipeline.h"

namespace pulsemap::cli {

// A one-line progress display on stderr, redrawn in place; silent when stderr is not a terminal.
class ProgressBar
{
public:
    explicit ProgressBar(bool enabled);
    void update(const ImportProgress &progress);
    void finish(); // clears the line

private:
    bool m_enabled;
    bool m_drawn = false;
};

} // namespace pulsemap::cli
