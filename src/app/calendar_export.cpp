// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The calendar view's exports: CSV of the values, SVG drawn from them, PNG of the chart as shown.
#include "calendar_model.h"

#include "chart_export.h"

#include <QDateTime>
#include <QTimeZone>

namespace pulsemap {

namespace {

const char *const kMetricNames[] = {"events", "visitors", "new_visitors", "returning_visitors"};
const char *const kOverlayNames[] = {"", "previous", "week_earlier", "month_earlier", "year_earlier"};
const char *const kGranularityNames[] = {"hour", "day", "week", "month", "quarter", "year"};

using chart_export::writeFile;
using chart_export::xmlEscaped;

} // namespace

QString CalendarModel::defaultExportPath(const QString &extension) const
{
    return chart_export::defaultPath(m_exportDirectory, QString("calendar-") + kGranularityNames[m_granularity],
                                     extension);
}

// bucket_start (ISO 8601 with the local offset), label, the metric, and with an overlay the compared value and
// the change.
QString CalendarModel::exportCsv(const QString &path) const
{
    const QTimeZone zone = m_zoneName == "UTC" ? QTimeZone::utc() : QTimeZone(m_zoneName.toUtf8());
    QByteArray out = QByteArray("bucket_start,label,") + kMetricNames[m_metric];
    if (m_hasOverlay) {
        out += QByteArray(",") + kOverlayNames[m_overlay] + ",change";
    }
    out += '\n';
    for (int i = 0; i < count(); ++i) {
        const auto index = static_cast<size_t>(i);
        out += QDateTime::fromMSecsSinceEpoch(m_series.starts[index], zone).toString(Qt::ISODate).toUtf8();
        out += ",\"" + m_labels[index].toUtf8().replace('"', "\"\"") + "\",";
        out += QByteArray::number(static_cast<qlonglong>(m_series.values[index]));
        if (m_hasOverlay) {
            if (m_series.hasCompared[index] != 0) {
                out += "," + QByteArray::number(static_cast<qlonglong>(m_series.compared[index])) + "," +
                       QByteArray::number(static_cast<qlonglong>(m_series.values[index] - m_series.compared[index]));
            } else {
                out += ",,";
            }
        }
        out += '\n';
    }
    return writeFile(path, out);
}

// A self-contained SVG drawn from the values (vector, not a picture of the screen): the overlay as a dimmer
// series behind, the axis top and the first and last buckets' names.
QString CalendarModel::exportSvg(const QString &path, const QString &title, bool bars) const
{
    constexpr double kWidth = 960;
    constexpr double kHeight = 420;
    constexpr double kLeft = 60;
    constexpr double kTop = 50;
    constexpr double kPlotWidth = kWidth - kLeft - 20;
    constexpr double kPlotHeight = kHeight - kTop - 50;
    const int n = count();
    const double slot = n > 0 ? kPlotWidth / n : kPlotWidth;
    auto x = [&](int i) { return kLeft + slot * i; };
    auto y = [&](int64_t value) { return kTop + kPlotHeight - static_cast<double>(value) / m_maxValue * kPlotHeight; };
    QString svg;
    svg += QString("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                   "font-family=\"sans-serif\">\n")
               .arg(kWidth)
               .arg(kHeight);
    svg += QString("<rect width=\"%1\" height=\"%2\" fill=\"#0f1524\"/>\n").arg(kWidth).arg(kHeight);
    svg += QString("<text x=\"%1\" y=\"28\" fill=\"#e6ebf5\" font-size=\"16\">%2</text>\n")
               .arg(kLeft)
               .arg(xmlEscaped(title));
    for (int g = 0; g <= 2; ++g) {
        const double gy = kTop + kPlotHeight * g / 2;
        svg += QString("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#2a3550\"/>\n")
                   .arg(kLeft)
                   .arg(gy)
                   .arg(kLeft + kPlotWidth);
        svg += QString("<text x=\"%1\" y=\"%2\" fill=\"#8a96b0\" font-size=\"11\" text-anchor=\"end\">%3</text>\n")
                   .arg(kLeft - 6)
                   .arg(gy + 4)
                   .arg(m_maxValue * (2 - g) / 2);
    }
    auto series = [&](const std::vector<int64_t> &values, bool overlay, const char *color, const char *name) {
        svg += QString(R"(<g id="%1" data-values=")").arg(name);
        for (int i = 0; i < n; ++i) {
            svg += (i > 0 ? " " : "") + QString::number(values[static_cast<size_t>(i)]);
        }
        svg += "\">\n";
        if (bars) {
            const double width = overlay ? slot * 0.8 : slot * 0.5;
            for (int i = 0; i < n; ++i) {
                const auto index = static_cast<size_t>(i);
                if ((overlay && m_series.hasCompared[index] == 0) || values[index] == 0) {
                    continue;
                }
                const double top = y(values[index]);
                svg += QString("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>\n")
                           .arg(x(i) + (slot - width) / 2, 0, 'f', 2)
                           .arg(top, 0, 'f', 2)
                           .arg(width, 0, 'f', 2)
                           .arg(kTop + kPlotHeight - top, 0, 'f', 2)
                           .arg(color);
            }
        } else {
            svg += QString(R"(<polyline fill="none" stroke="%1" stroke-width="2" points=")").arg(color);
            for (int i = 0; i < n; ++i) {
                svg +=
                    QString("%1,%2 ").arg(x(i) + slot / 2, 0, 'f', 2).arg(y(values[static_cast<size_t>(i)]), 0, 'f', 2);
            }
            svg += "\"/>\n";
        }
        svg += "</g>\n";
    };
    if (m_hasOverlay) {
        series(m_series.compared, true, "#5a6b8c", "compared");
    }
    series(m_series.values, false, "#4fc3f7", "values");
    if (n > 0) {
        svg += QString("<text x=\"%1\" y=\"%2\" fill=\"#8a96b0\" font-size=\"11\">%3</text>\n")
                   .arg(kLeft)
                   .arg(kHeight - 20)
                   .arg(xmlEscaped(m_labels.front()));
        svg += QString("<text x=\"%1\" y=\"%2\" fill=\"#8a96b0\" font-size=\"11\" text-anchor=\"end\">%3</text>\n")
                   .arg(kLeft + kPlotWidth)
                   .arg(kHeight - 20)
                   .arg(xmlEscaped(m_labels.back()));
    }
    svg += "</svg>\n";
    return writeFile(path, svg.toUtf8());
}

QString CalendarModel::exportPng(QQuickItem *item, const QString &path)
{
    return chart_export::savePng(item, path, this, [this, path](const QString &error) { emit exported(path, error); });
}

} // namespace pulsemap
