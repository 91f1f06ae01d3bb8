// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "analytics/local_calendar.h"
#include "analytics/report_data.h"

#include <QPainter>
#include <QRectF>

namespace pulsemap {

// The report's trend chart in a rectangle (points): the period's buckets as bars, the previous period as a
// dimmer line over them, a y axis with round ticks, a few local dates on the x axis and a legend with both
// totals. Vector drawing, text as text (extractable from the PDF).
// Threading: the thread of the painter's device, with a QGuiApplication (fonts).
void paintTrendChart(QPainter &painter, const QRectF &area, const ReportData &report, const LocalCalendar &calendar);

// Round steps for an axis up to `most`: 1, 2 or 5 times a power of ten, about `ticks` of them.
double niceStep(double most, int ticks);

} // namespace pulsemap
