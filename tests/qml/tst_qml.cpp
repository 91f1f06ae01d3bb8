// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Qt Quick Test runner for the QML modules (tst_*.qml in this directory), with the static QML plugins.
#include "core/campaign_store.h"

#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(PulsemapPlugin)
Q_IMPORT_QML_PLUGIN(Pulsemap_AppPlugin)
Q_IMPORT_QML_PLUGIN(Pulsemap_MapPlugin)

// What the QML tests cannot do themselves: a real campaign file to show (tst_calendar_view.qml: 14 Paris days
// from Monday 2024-03-25, day d holding d + 1 events at local noon), a directory for exports, reading files back.
class TestFiles : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString calendarCampaign MEMBER m_campaign CONSTANT FINAL)
    Q_PROPERTY(QString directory MEMBER m_directory CONSTANT FINAL)

public:
    TestFiles()
    {
        m_directory = m_dir.path();
        m_campaign = m_dir.filePath("days.pulsemap");
        auto store = pulsemap::CampaignStore::openOrCreate(m_campaign.toStdString());
        if (!store) {
            qFatal("cannot write %s", qPrintable(m_campaign));
        }
        pulsemap::EventBatch batch;
        for (int day = 0; day < 14; ++day) {
            // Noon in Paris: 11:00 UTC before the spring-forward night of Mar 31, 10:00 after it.
            const int64_t noon = 1711364400000 + int64_t(day) * 86400000 - (day >= 7 ? 3600000 : 0);
            for (int i = 0; i <= day; ++i) {
                pulsemap::Event &event = batch.append();
                event.tsMs = noon + i;
                event.type = batch.store("open");
            }
        }
        if (!(*store)->append(batch)) {
            qFatal("cannot write %s", qPrintable(m_campaign));
        }
    }
    // The file's bytes as Latin-1 (a PNG's signature reads "\u0089PNG"); empty when it cannot be read.
    Q_INVOKABLE QString read(const QString &path) const
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
    }

private:
    QTemporaryDir m_dir;
    QString m_campaign;
    QString m_directory;
};

class Setup : public QObject
{
    Q_OBJECT
public slots:
    // Static QML modules keep their qmldir files in the resources, under qrc:/<URI path>.
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->rootContext()->setContextProperty("testFiles", &m_files);
    }

private:
    TestFiles m_files;
};

QUICK_TEST_MAIN_WITH_SETUP(pulsemap_qml, Setup)
#include "tst_qml.moc"
