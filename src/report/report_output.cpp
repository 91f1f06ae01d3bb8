// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "report_output.h"

#include <QFile>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace pulsemap {

namespace {

constexpr double kPngScale = 150.0 / 72.0; // points to 150 dpi pixels
constexpr int kDotsPerMeterAt72Dpi = 2835;

Error cannotWrite(const QString &path, const QString &why)
{
    return fail(QStringLiteral("%1: %2").arg(path, why).toStdString());
}

QByteArray csvField(const QString &text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n')) {
        return text.toUtf8();
    }
    QString quoted = text;
    quoted.replace('"', QStringLiteral("\"\""));
    return '"' + quoted.toUtf8() + '"';
}

Status writePdf(const QString &path, const ReportPage &page)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(72); // one device unit per point, as the page is laid out
    writer.setTitle(page.title);
    writer.setCreator(QStringLiteral("pulsemap-cli report"));
    QPainter painter;
    if (!painter.begin(&writer)) {
        return cannotWrite(path, QStringLiteral("cannot write the PDF"));
    }
    paintReportPage(painter, page);
    painter.end();
    return {};
}

Status writePng(const QString &path, const ReportPage &page)
{
    QImage image(qRound(kReportPageWidth * kPngScale), qRound(kReportPageHeight * kPngScale), QImage::Format_RGB32);
    // Fonts are sized in points through the device's resolution: 72 dpi, then scaled like everything else.
    image.setDotsPerMeterX(kDotsPerMeterAt72Dpi);
    image.setDotsPerMeterY(kDotsPerMeterAt72Dpi);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.scale(kPngScale, kPngScale);
    paintReportPage(painter, page);
    painter.end();
    image.setDotsPerMeterX(qRound(kDotsPerMeterAt72Dpi * kPngScale));
    image.setDotsPerMeterY(qRound(kDotsPerMeterAt72Dpi * kPngScale));
    if (!image.save(path, "PNG")) {
        return cannotWrite(path, QStringLiteral("cannot write the PNG"));
    }
    return {};
}

Status writeSvg(const QString &path, const ReportPage &page)
{
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(QSize(qRound(kReportPageWidth), qRound(kReportPageHeight)));
    generator.setViewBox(QRectF(0, 0, kReportPageWidth, kReportPageHeight));
    generator.setResolution(72);
    generator.setTitle(page.title);
    QPainter painter;
    if (!painter.begin(&generator)) {
        return cannotWrite(path, QStringLiteral("cannot write the SVG"));
    }
    paintReportPage(painter, page);
    painter.end();
    return {};
}

} // namespace

QByteArray reportCsv(const ReportPage &page)
{
    const ReportData &data = page.data;
    QByteArray out = "table,key,detail,count,previous\n";
    const auto row = [&](const char *table, const QString &key, const QString &detail, qint64 count,
                         const QString &previous) {
        out += QByteArray(table) + ',' + csvField(key) + ',' + csvField(detail) + ',' + QByteArray::number(count) +
               ',' + previous.toUtf8() + '\n';
    };
    row("total", "events", QString(), data.events, QString::number(data.previousEvents));
    row("total", "located", QString(), data.located, QString());
    row("total", "countries", QString(), data.countryCount, QString());
    row("total", "visitors", QString(), data.visitors, QString());
    for (size_t i = 0; i < data.trend.size(); ++i) {
        row("trend", QString::fromStdString(page.calendar.formatIso(data.trend[i].startMs)),
            QString::fromUtf8(civil::bucketName(data.bucket)), data.trend[i].count, QString::number(data.previous[i]));
    }
    for (const GroupCount &g : data.countries) {
        row("country", QString::fromStdString(g.key), countryName(g.key), g.count, QString());
    }
    for (const GroupCount &g : data.cities) {
        row("city", QString::fromStdString(g.key), QString::fromStdString(g.country), g.count, QString());
    }
    for (const GroupCount &g : data.pages) {
        row("page", QString::fromStdString(g.key), QString(), g.count, QString());
    }
    for (const GroupCount &g : data.campaigns) {
        row("campaign", QString::fromStdString(g.key), QString(), g.count, QString());
    }
    for (const GroupCount &g : data.types) {
        row("type", QString::fromStdString(g.key), QString(), g.count, QString());
    }
    return out;
}

Status writeReport(const QString &path, const ReportPage &page)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "pdf") {
        return writePdf(path, page);
    }
    if (suffix == "png") {
        return writePng(path, page);
    }
    if (suffix == "svg") {
        return writeSvg(path, page);
    }
    if (suffix == "csv") {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(reportCsv(page)) < 0 || !file.commit()) {
            return cannotWrite(path, file.errorString());
        }
        return {};
    }
    return cannotWrite(path, QStringLiteral("unknown format; the file name ends with .pdf, .png, .svg or .csv"));
}

} // namespace pulsemap
