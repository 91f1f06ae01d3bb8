#pragma once

#include <QLoggingCategory>

namespace pulsemap {
Q_DECLARE_LOGGING_CATEGORY(lcStream)
} // namespace pulsemap
