// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QString>

#include <functional>

class QQuickItem;

namespace pulsemap {

// What every chart export shares: where a file goes when the user chose none, writing it whole or not at all, and
// the PNG of an item as drawn. Each returns the error, empty on success.
// Threading: GUI thread.
namespace chart_export {

// directory (or ~/Pictures, or the home directory when empty) / pulsemap-<name>-<local time>.<extension>
QString defaultPath(const QString &directory, const QString &name, const QString &extension);
// Through QSaveFile: a failed write leaves no half file.
QString writeFile(const QString &path, const QByteArray &bytes);
// Grabs the item as the scene graph draws it and saves it as PNG when ready; done(error) follows, on context's
// thread, unless context is gone by then.
QString savePng(QQuickItem *item, const QString &path, QObject *context, std::function<void(const QString &)> done);
// Text for SVG (XML) content and attributes.
QString xmlEscaped(const QString &text);

} // namespace chart_export

// The live trend cards' export (TrendCard's PNG, SVG and CSV links): the window's buckets as TrendModel has them,
// one column or one stacked series per type.
class TrendExport : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // Where exports go (empty: ~/Pictures, or the home directory).
    Q_PROPERTY(
        QString exportDirectory READ exportDirectory WRITE setExportDirectory NOTIFY exportDirectoryChanged FINAL)

public:
    using QObject::QObject;

    [[nodiscard]] QString exportDirectory() const { return m_directory; }
    void setExportDirectory(const QString &directory);

    [[nodiscard]] Q_INVOKABLE QString defaultExportPath(const QString &name, const QString &extension) const;
    // model: a TrendModel; window: 0 second, 1 minute, 2 hour. bucket_start (UTC), one column per type, total.
    [[nodiscard]] Q_INVOKABLE QString exportCsv(QObject *model, int window, const QString &path) const;
    // Stacked bars in the types' colors, drawn from the values.
    [[nodiscard]] Q_INVOKABLE QString exportSvg(QObject *model, int window, const QString &title,
                                                const QString &path) const;
    Q_INVOKABLE QString exportPng(QQuickItem *item, const QString &path);

signals:
    void exportDirectoryChanged();
    // A PNG was written (or not: error).
    void exported(const QString &path, const QString &error);

private:
    QString m_directory;
};

} // namespace pulsemap
