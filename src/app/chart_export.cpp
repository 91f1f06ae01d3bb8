// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "chart_export.h"

#include "trend_model.h"

#include "core/civil_time.h"

#include <QColor>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QQuickItem>
#include <QQuickItemGrabResult>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <vector>

namespace pulsemap {

namespace chart_export {

QString defaultPath(const QString &directory, const QString &name, const QString &extension)
{
    QString where = directory;
    if (where.isEmpty()) {
        where = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
        if (where.isEmpty() || !QFileInfo(where).isDir()) {
            where = QDir::homePath();
        }
    }
    const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    return QDir(where).filePath(QString("pulsemap-%1-%2.%3").arg(name, stamp, extension));
}

QString writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return path + ": " + file.errorString();
    }
    return {};
}

QString savePng(QQuickItem *item, const QString &path, QObject *context, std::function<void(const QString &)> done)
{
    if (item == nullptr || item->window() == nullptr || item->width() <= 0 || item->height() <= 0) {
        return "nothing to export";
    }
    const QSharedPointer<QQuickItemGrabResult> grab = item->grabToImage();
    if (!grab) {
        return "the chart cannot be grabbed";
    }
    QObject::connect(grab.data(), &QQuickItemGrabResult::ready, context, [grab, path, done = std::move(done)] {
        done(grab->image().save(path, "PNG") ? QString() : path + ": cannot be written");
    });
    return {};
}

QString xmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace chart_export

namespace {

// The window's buckets, oldest first: the tooltip's view of them (TrendModel::valuesAt).
std::vector<QVariantMap> bucketsOf(QObject *model, int window)
{
    std::vector<QVariantMap> out;
    const auto *trends = qobject_cast<TrendModel *>(model);
    if (trends == nullptr) {
        return out;
    }
    for (int bucket = 0;; ++bucket) {
        QVariantMap values = trends->valuesAt(window, bucket);
        if (values.isEmpty()) {
            break;
        }
        out.push_back(std::move(values));
    }
    return out;
}

} // namespace

void TrendExport::setExportDirectory(const QString &directory)
{
    if (directory != m_directory) {
        m_directory = directory;
        emit exportDirectoryChanged();
    }
}

QString TrendExport::defaultExportPath(const QString &name, const QString &extension) const
{
    return chart_export::defaultPath(m_directory, name, extension);
}

QString TrendExport::exportCsv(QObject *model, int window, const QString &path) const
{
    const std::vector<QVariantMap> buckets = bucketsOf(model, window);
    if (buckets.empty()) {
        return "nothing to export";
    }
    QByteArray out = "bucket_start";
    for (const QVariant &series : buckets.front()["series"].toList()) {
        out += "," + series.toMap()["name"].toString().toUtf8();
    }
    out += ",total\n";
    for (const QVariantMap &bucket : buckets) {
        char time[48];
        out += QByteArray(time, static_cast<qsizetype>(civil::formatIsoUtc(bucket["start"].toLongLong(), time)));
        for (const QVariant &series : bucket["series"].toList()) {
            out += "," + QByteArray::number(series.toMap()["value"].toLongLong());
        }
        out += "," + QByteArray::number(bucket["total"].toLongLong()) + "\n";
    }
    return chart_export::writeFile(path, out);
}

QString TrendExport::exportSvg(QObject *model, int window, const QString &title, const QString &path) const
{
    const std::vector<QVariantMap> buckets = bucketsOf(model, window);
    if (buckets.empty()) {
        return "nothing to export";
    }
    constexpr double kWidth = 720;
    constexpr double kHeight = 300;
    constexpr double kLeft = 50;
    constexpr double kTop = 40;
    constexpr double kPlotWidth = kWidth - kLeft - 16;
    constexpr double kPlotHeight = kHeight - kTop - 24;
    qint64 largest = 1;
    for (const QVariantMap &bucket : buckets) {
        largest = std::max(largest, bucket["total"].toLongLong());
    }
    const double slot = kPlotWidth / static_cast<double>(buckets.size());
    QString svg = QString("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                          "font-family=\"sans-serif\">\n<rect width=\"%1\" height=\"%2\" fill=\"#0b111d\"/>\n")
                      .arg(kWidth)
                      .arg(kHeight);
    svg += QString("<text x=\"%1\" y=\"24\" fill=\"#e6edf7\" font-size=\"14\">%2</text>\n")
               .arg(kLeft)
               .arg(chart_export::xmlEscaped(title));
    svg += QString("<text x=\"%1\" y=\"%2\" fill=\"#8391a7\" font-size=\"11\" text-anchor=\"end\">%3</text>\n")
               .arg(kLeft - 6)
               .arg(kTop + 4)
               .arg(largest);
    svg += QString("<text x=\"%1\" y=\"%2\" fill=\"#8391a7\" font-size=\"11\" text-anchor=\"end\">0</text>\n")
               .arg(kLeft - 6)
               .arg(kTop + kPlotHeight + 4);
    const QVariantList types = buckets.front()["series"].toList();
    for (int t = 0; t < types.size(); ++t) {
        const QVariantMap type = types[t].toMap();
        svg += QString(R"(<g id="%1" fill="%2" data-values=")")
                   .arg(chart_export::xmlEscaped(type["name"].toString()), type["color"].value<QColor>().name());
        QString rects;
        for (size_t b = 0; b < buckets.size(); ++b) {
            const QVariantList series = buckets[b]["series"].toList();
            const qint64 value = t < series.size() ? series[t].toMap()["value"].toLongLong() : 0;
            svg += (b > 0 ? " " : "") + QString::number(value);
            qint64 below = 0;
            for (int u = 0; u < t && u < series.size(); ++u) {
                below += series[u].toMap()["value"].toLongLong();
            }
            if (value > 0) {
                const double height = static_cast<double>(value) / static_cast<double>(largest) * kPlotHeight;
                const double bottom =
                    kTop + kPlotHeight - static_cast<double>(below) / static_cast<double>(largest) * kPlotHeight;
                rects += QString("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\"/>\n")
                             .arg(kLeft + slot * static_cast<double>(b) + slot * 0.1, 0, 'f', 2)
                             .arg(bottom - height, 0, 'f', 2)
                             .arg(slot * 0.8, 0, 'f', 2)
                             .arg(height, 0, 'f', 2);
            }
        }
        svg += "\">\n" + rects + "</g>\n";
    }
    svg += "</svg>\n";
    return chart_export::writeFile(path, svg.toUtf8());
}

QString TrendExport::exportPng(QQuickItem *item, const QString &path)
{
    return chart_export::savePng(item, path, this, [this, path](const QString &error) { emit exported(path, error); });
}

} // namespace pulsemap
