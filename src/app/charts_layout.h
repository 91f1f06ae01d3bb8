// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace pulsemap {

// What the charts panel remembers of its own layout across runs (QSettings, beside AppController's
// charts/shown and charts/style): which page it shows (the live charts or the breakdowns) and which pair the
// breakdowns' scatter plots. Made by the panel in QML; reads the settings once, writes them on every change.
//
// Threading: GUI thread only.
class ChartsLayout : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // 0: the live charts, 1: the breakdowns.
    Q_PROPERTY(int page READ page WRITE setPage NOTIFY pageChanged FINAL)
    // The scatter's vertical axis: "visitors" or "places".
    Q_PROPERTY(QString scatterY READ scatterY WRITE setScatterY NOTIFY scatterYChanged FINAL)
    // The scatter's buckets: 0 per minute of the last hour, 1 per hour of the last day.
    Q_PROPERTY(int scatterWindow READ scatterWindow WRITE setScatterWindow NOTIFY scatterWindowChanged FINAL)

public:
    static constexpr int kPages = 2;

    explicit ChartsLayout(QObject *parent = nullptr);

    [[nodiscard]] int page() const { return m_page; }
    void setPage(int page);
    [[nodiscard]] QString scatterY() const { return m_scatterY; }
    void setScatterY(const QString &axis);
    [[nodiscard]] int scatterWindow() const { return m_scatterWindow; }
    void setScatterWindow(int window);

signals:
    void pageChanged();
    void scatterYChanged();
    void scatterWindowChanged();

private:
    int m_page = 0;
    QString m_scatterY;
    int m_scatterWindow = 0;
};

} // namespace pulsemap
