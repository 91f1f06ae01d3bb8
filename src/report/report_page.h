// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/local_calendar.h"
#include "analytics/report_data.h"

#include <QImage>
#include <QPainter>
#include <QString>

namespace pulsemap {

// One report page as it is laid out: what it says and the map painted for it.
struct ReportPage
{
    QString title;
    QString source;         // the campaign file's name
    qint64 generatedMs = 0; // Unix ms
    ReportData data;
    LocalCalendar calendar = LocalCalendar::utc();
    QImage map; // paintReportMap()
};

// The page size in points (A4 portrait): every output draws in these units.
inline constexpr double kReportPageWidth = 595.0;
inline constexpr double kReportPageHeight = 842.0;

// Paints the page at (0, 0) in points: title and period, the totals, the map, the trend with the previous
// period, and the top countries, cities, pages and campaigns. Every figure is text, never an image.
// Threading: the thread of the painter's device, with a QGuiApplication (fonts).
void paintReportPage(QPainter &painter, const ReportPage &page);

// "United Kingdom" for "GB"; the code itself when Qt does not know it, "(unknown)" when empty.
QString countryName(const std::string &code);

} // namespace pulsemap
