// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "progress_bar.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace pulsemap::cli {

namespace {
constexpr int kBarWidth = 30;

void humanBytes(double bytes, char *out, size_t size)
{
    const char *units[] = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    std::snprintf(out, size, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
}
} // namespace

ProgressBar::ProgressBar(bool enabled) : m_enabled(enabled && ::isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(const ImportProgress &progress)
{
    if (!m_enabled) {
        return;
    }
    const double rate = progress.seconds > 0 ? static_cast<double>(progress.lines) / progress.seconds : 0;
    if (progress.following || progress.bytesTotal <= 0) {
        std::fprintf(stderr, "\r\033[K%s %lld lines, %lld events, %.0f lines/s",
                     progress.following ? "following:" : "reading:", static_cast<long long>(progress.lines),
                     static_cast<long long>(progress.events), rate);
    } else {
        const double fraction =
            std::clamp(static_cast<double>(progress.bytesRead) / static_cast<double>(progress.bytesTotal), 0.0, 1.0);
        char bar[kBarWidth + 1];
        const int filled = static_cast<int>(fraction * kBarWidth);
        for (int i = 0; i < kBarWidth; ++i) {
            bar[i] = i < filled ? '#' : '-';
        }
        bar[kBarWidth] = 0;
        char done[32];
        char total[32];
        humanBytes(static_cast<double>(progress.bytesRead), done, sizeof done);
        humanBytes(static_cast<double>(progress.bytesTotal), total, sizeof total);
        const double eta = fraction > 0.01 ? progress.seconds * (1 - fraction) / fraction : 0;
        std::fprintf(stderr, "\r\033[K[%s] %3.0f%%  %s / %s  %.0f lines/s  ETA %.0fs", bar, fraction * 100, done, total,
                     rate, eta);
    }
    std::fflush(stderr);
    m_drawn = true;
}

void ProgressBar::finish()
{
    if (m_drawn) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        m_drawn = false;
    }
}

} // namespace pulsemap::cli
