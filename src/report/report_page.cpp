// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "report_page.h"

#include "report_chart.h"
#include "report_map.h"

#include <QLocale>

namespace pulsemap {

namespace {

constexpr double kMargin = 36;
const QColor kText(0x21, 0x25, 0x29);
const QColor kDim(0x6c, 0x75, 0x7d);
const QColor kRule(0xde, 0xe2, 0xe6);
const QColor kUp(0x2b, 0x8a, 0x3e);
const QColor kDown(0xc9, 0x2a, 0x2a);

QFont sized(const QFont &base, double points, bool bold = false)
{
    QFont font = base;
    font.setPointSizeF(points);
    font.setBold(bold);
    return font;
}

QString change(int64_t now, int64_t before)
{
    if (before == 0) {
        return now == 0 ? QStringLiteral("no change") : QStringLiteral("new");
    }
    const double percent = 100.0 * static_cast<double>(now - before) / static_cast<double>(before);
    return QStringLiteral("%1%2% vs previous").arg(percent >= 0 ? "+" : "").arg(percent, 0, 'f', 1);
}

void paintTotals(QPainter &painter, const QRectF &area, const ReportData &data, const QFont &base)
{
    const QLocale locale(QLocale::English);
    struct Box
    {
        QString label;
        QString value;
        QString note;
        QColor noteColor;
    };
    const double locatedShare = data.events > 0 ? 100.0 * data.located / data.events : 0;
    const Box boxes[] = {
        {"Events", locale.toString(data.events), change(data.events, data.previousEvents),
         data.events >= data.previousEvents ? kUp : kDown},
        {"Located", QStringLiteral("%1%").arg(locatedShare, 0, 'f', 1), locale.toString(data.located) + " on the map",
         kDim},
        {"Countries", locale.toString(data.countryCount),
         data.countries.empty() ? QString() : "top: " + countryName(data.countries.front().key), kDim},
        {"Visitors", data.visitors > 0 ? locale.toString(data.visitors) : QStringLiteral("n/a"),
         data.visitors > 0 ? QStringLiteral("distinct") : QStringLiteral("no visitor ids recorded"), kDim},
    };
    const double width = (area.width() - 3 * 8) / 4;
    for (int i = 0; i < 4; ++i) {
        const QRectF box(area.left() + i * (width + 8), area.top(), width, area.height());
        painter.setPen(QPen(kRule, 0.8));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(kDim);
        painter.setFont(sized(base, 7));
        painter.drawText(box.adjusted(8, 5, -8, 0), Qt::AlignLeft | Qt::AlignTop, boxes[i].label);
        painter.setPen(kText);
        painter.setFont(sized(base, 15, true));
        painter.drawText(box.adjusted(8, 14, -8, 0), Qt::AlignLeft | Qt::AlignTop, boxes[i].value);
        painter.setPen(boxes[i].noteColor);
        painter.setFont(sized(base, 6.5));
        painter.drawText(box.adjusted(8, 0, -8, -5), Qt::AlignLeft | Qt::AlignBottom, boxes[i].note);
    }
}

void paintTable(QPainter &painter, const QRectF &area, const QString &title, const std::vector<GroupCount> &rows,
                const std::function<QString(const GroupCount &)> &name, const QFont &base)
{
    const QLocale locale(QLocale::English);
    painter.setPen(kText);
    painter.setFont(sized(base, 8, true));
    painter.drawText(QPointF(area.left(), area.top() + 8), title);
    painter.setFont(sized(base, 7));
    const QFontMetricsF metrics(painter.font());
    double y = area.top() + 14;
    if (rows.empty()) {
        painter.setPen(kDim);
        painter.drawText(QPointF(area.left(), y + 9), QStringLiteral("none recorded"));
        return;
    }
    for (const GroupCount &row : rows) {
        if (y + 11 > area.bottom()) {
            break;
        }
        painter.setPen(QPen(kRule, 0.5));
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        const QString count = locale.toString(row.count);
        const double countWidth = metrics.horizontalAdvance(count);
        painter.setPen(kText);
        painter.drawText(QPointF(area.left(), y + 8.5),
                         metrics.elidedText(name(row), Qt::ElideRight, area.width() - countWidth - 6));
        painter.drawText(QPointF(area.right() - countWidth, y + 8.5), count);
        y += 11;
    }
}

} // namespace

QString countryName(const std::string &code)
{
    if (code.empty()) {
        return QStringLiteral("(unknown)");
    }
    const QString text = QString::fromStdString(code);
    const QLocale::Territory territory = QLocale::codeToTerritory(text);
    return territory == QLocale::AnyTerritory ? text : QLocale::territoryToString(territory);
}

void paintReportPage(QPainter &painter, const ReportPage &page)
{
    const ReportData &data = page.data;
    const QFont base(QStringLiteral("DejaVu Sans"));
    const double width = kReportPageWidth - 2 * kMargin;
    painter.fillRect(QRectF(0, 0, kReportPageWidth, kReportPageHeight), Qt::white);

    painter.setPen(kText);
    painter.setFont(sized(base, 18, true));
    painter.drawText(QPointF(kMargin, kMargin + 16), page.title);
    const auto local = [&](int64_t ms) {
        return QString::fromStdString(page.calendar.formatIso(ms)).left(16).replace('T', ' ');
    };
    const QString period =
        QStringLiteral("%1 to %2 (%3)").arg(local(data.fromMs), local(data.toMs), QString::fromStdString(data.zone));
    painter.setPen(kDim);
    painter.setFont(sized(base, 8));
    painter.drawText(QPointF(kMargin, kMargin + 30), page.source + QStringLiteral("  ·  ") + period);

    paintTotals(painter, QRectF(kMargin, kMargin + 40, width, 50), data, base);

    const double mapTop = kMargin + 100;
    const QRectF mapArea(kMargin, mapTop, width, width * reportMapAspect());
    painter.drawImage(mapArea, page.map);
    painter.setPen(QPen(kRule, 0.8));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(mapArea);

    const double chartTop = mapArea.bottom() + 12;
    painter.setFont(base);
    paintTrendChart(painter, QRectF(kMargin, chartTop, width, 140), data, page.calendar);

    const double tablesTop = chartTop + 152;
    const double column = (width - 3 * 14) / 4;
    const double rowsHeight = 14 + 11 * 10 + 2; // a title and ten rows
    const QRectF tableArea(kMargin, tablesTop, column, rowsHeight);
    const auto named = [](const char *none) {
        return [none](const GroupCount &row) {
            return row.key.empty() ? QString::fromUtf8(none) : QString::fromStdString(row.key);
        };
    };
    paintTable(
        painter, tableArea, QStringLiteral("Top countries"), data.countries,
        [](const GroupCount &row) { return countryName(row.key); }, base);
    paintTable(
        painter, tableArea.translated(column + 14, 0), QStringLiteral("Top cities"), data.cities,
        [](const GroupCount &row) {
            return row.key.empty() ? QStringLiteral("(unknown)")
                                   : QString::fromStdString(row.key) + ", " + QString::fromStdString(row.country);
        },
        base);
    paintTable(painter, tableArea.translated(2 * (column + 14), 0), QStringLiteral("Top pages"), data.pages,
               named("(no path)"), base);
    paintTable(painter, tableArea.translated(3 * (column + 14), 0), QStringLiteral("Top campaigns"), data.campaigns,
               named("(none)"), base);
    const QRectF lowerArea(kMargin, tablesTop + rowsHeight + 8, column,
                           kReportPageHeight - kMargin - 14 - (tablesTop + rowsHeight + 8));
    paintTable(painter, lowerArea, QStringLiteral("By type"), data.types, named("(none)"), base);

    painter.setPen(kDim);
    painter.setFont(sized(base, 6));
    painter.drawText(QPointF(kMargin, kReportPageHeight - kMargin + 6),
                     QStringLiteral("Pulsemap report, generated %1. Map: Natural Earth. Times in %2.")
                         .arg(QString::fromStdString(civil::formatIsoUtc(page.generatedMs)).left(16).replace('T', ' '),
                              QString::fromStdString(data.zone)));
}

} // namespace pulsemap
