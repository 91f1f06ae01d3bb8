// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QLoggingCategory>

namespace pulsemap {
Q_DECLARE_LOGGING_CATEGORY(lcRelay)
} // namespace pulsemap
