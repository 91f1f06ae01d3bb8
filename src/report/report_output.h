// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"
#include "report_page.h"

#include <QString>

namespace pulsemap {

// Writes the report in the format its file name ends with:
//   .pdf  one A4 page, vector text in embedded (subset) fonts, the map as an image
//   .png  the same page as an image, 150 dpi
//   .svg  the same page as SVG
//   .csv  the figures in long form: table,key,detail,count,previous (see docs/guide/reports.md)
// Threading: the thread of the QGuiApplication (fonts), except for .csv.
Status writeReport(const QString &path, const ReportPage &page);

// The CSV text alone.
QByteArray reportCsv(const ReportPage &page);

} // namespace pulsemap
