// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "charts_layout.h"

#include <QSettings>

namespace pulsemap {

namespace {
constexpr auto kPageKey = "charts/page";
constexpr auto kScatterYKey = "charts/scatterY";
constexpr auto kScatterWindowKey = "charts/scatterWindow";

bool isScatterY(const QString &axis)
{
    return axis == QLatin1String("visitors") || axis == QLatin1String("places");
}
} // namespace

ChartsLayout::ChartsLayout(QObject *parent) : QObject(parent)
{
    // Values a hand-edited or older settings file may hold are ignored, not trusted.
    const QSettings remembered;
    const int page = remembered.value(kPageKey, 0).toInt();
    m_page = page >= 0 && page < kPages ? page : 0;
    const QString axis = remembered.value(kScatterYKey).toString();
    m_scatterY = isScatterY(axis) ? axis : QStringLiteral("visitors");
    const int window = remembered.value(kScatterWindowKey, 0).toInt();
    m_scatterWindow = window == 1 ? 1 : 0;
}

void ChartsLayout::setPage(int page)
{
    if (page != m_page && page >= 0 && page < kPages) {
        m_page = page;
        QSettings().setValue(kPageKey, page);
        emit pageChanged();
    }
}

void ChartsLayout::setScatterY(const QString &axis)
{
    if (axis != m_scatterY && isScatterY(axis)) {
        m_scatterY = axis;
        QSettings().setValue(kScatterYKey, axis);
        emit scatterYChanged();
    }
}

void ChartsLayout::setScatterWindow(int window)
{
    if (window != m_scatterWindow && (window == 0 || window == 1)) {
        m_scatterWindow = window;
        QSettings().setValue(kScatterWindowKey, window);
        emit scatterWindowChanged();
    }
}

} // namespace pulsemap
