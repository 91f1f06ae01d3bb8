// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QLoggingCategory>

// The stream's logging category. Threading: Qt logging categories are safe from any thread.
namespace pulsemap {
Q_DECLARE_LOGGING_CATEGORY(lcStream)
} // namespace pulsemap
