// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "report_chart.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {

const QColor kBar(0x1c, 0x7e, 0xd6);
const QColor kPrevious(0x86, 0x8e, 0x96);
const QColor kAxis(0x49, 0x50, 0x57);
const QColor kGrid(0xe9, 0xec, 0xef);

QString bucketLabel(const LocalCalendar &calendar, int64_t startMs, civil::Bucket bucket)
{
    const QString iso = QString::fromStdString(calendar.formatIso(startMs)); // 2024-03-31T02:00:00+02:00
    switch (bucket) {
    case civil::Bucket::Hour:
        return iso.mid(5, 5) + ' ' + iso.mid(11, 5);
    case civil::Bucket::Month:
        return iso.left(7);
    default:
        return iso.left(10);
    }
}

} // namespace

double niceStep(double most, int ticks)
{
    if (most <= 0) {
        return 1;
    }
    const double raw = most / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 5.0}) {
        if (factor * power >= raw) {
            return std::max(1.0, factor * power);
        }
    }
    return std::max(1.0, 10 * power);
}

void paintTrendChart(QPainter &painter, const QRectF &area, const ReportData &report, const LocalCalendar &calendar)
{
    painter.save();
    const QLocale locale(QLocale::English);
    QFont font = painter.font();
    font.setPointSizeF(7);
    painter.setFont(font);
    const QFontMetricsF metrics(font);

    // Legend on top, with both totals.
    const QString current = QStringLiteral("This period: %1 events").arg(locale.toString(report.events));
    const QString previous = QStringLiteral("Previous period: %1 events").arg(locale.toString(report.previousEvents));
    painter.fillRect(QRectF(area.left(), area.top() + 2, 10, 6), kBar);
    painter.setPen(kAxis);
    painter.drawText(QPointF(area.left() + 14, area.top() + 8), current);
    const double secondX = area.left() + 30 + metrics.horizontalAdvance(current);
    painter.setPen(QPen(kPrevious, 1.5, Qt::DashLine));
    painter.drawLine(QPointF(secondX, area.top() + 5), QPointF(secondX + 10, area.top() + 5));
    painter.setPen(kAxis);
    painter.drawText(QPointF(secondX + 14, area.top() + 8), previous);

    int64_t most = 1;
    for (size_t i = 0; i < report.trend.size(); ++i) {
        most = std::max({most, report.trend[i].count, report.previous[i]});
    }
    const double step = niceStep(static_cast<double>(most), 4);
    const double top = std::ceil(static_cast<double>(most) / step) * step;
    const double axisWidth = metrics.horizontalAdvance(locale.toString(static_cast<qint64>(top))) + 6;
    const QRectF plot(area.left() + axisWidth, area.top() + 16, area.width() - axisWidth,
                      area.height() - 16 - metrics.height() - 4);
    const auto yOf = [&](double value) { return plot.bottom() - value / top * plot.height(); };

    for (double tick = 0; tick <= top + step / 2; tick += step) {
        painter.setPen(QPen(kGrid, 0.5));
        painter.drawLine(QPointF(plot.left(), yOf(tick)), QPointF(plot.right(), yOf(tick)));
        painter.setPen(kAxis);
        const QString label = locale.toString(static_cast<qint64>(tick));
        painter.drawText(
            QPointF(plot.left() - 4 - metrics.horizontalAdvance(label), yOf(tick) + metrics.ascent() / 2 - 1), label);
    }
    const size_t n = report.trend.size();
    if (n == 0) {
        painter.restore();
        return;
    }
    const double slot = plot.width() / static_cast<double>(n);
    const double gap = slot > 4 ? slot * 0.15 : 0;
    for (size_t i = 0; i < n; ++i) {
        const double x = plot.left() + slot * static_cast<double>(i);
        const double y = yOf(static_cast<double>(report.trend[i].count));
        painter.fillRect(QRectF(x + gap / 2, y, slot - gap, plot.bottom() - y), kBar);
    }
    QPolygonF line;
    for (size_t i = 0; i < n; ++i) {
        line << QPointF(plot.left() + slot * (static_cast<double>(i) + 0.5),
                        yOf(static_cast<double>(report.previous[i])));
    }
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(kPrevious, 1.2, Qt::DashLine));
    painter.drawPolyline(line);
    painter.setPen(QPen(kAxis, 0.6));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());

    // About six dates under the axis, at bucket starts, never overlapping.
    const double labelWidth = metrics.horizontalAdvance(bucketLabel(calendar, report.trend[0].startMs, report.bucket));
    const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((labelWidth + 12) / slot)));
    for (size_t i = 0; i < n; i += every) {
        const double x = plot.left() + slot * static_cast<double>(i);
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 2));
        if (x + labelWidth <= area.right() + 1) {
            painter.drawText(QPointF(x, plot.bottom() + 3 + metrics.ascent()),
                             bucketLabel(calendar, report.trend[i].startMs, report.bucket));
        }
    }
    painter.restore();
}

} // namespace pulsemap
