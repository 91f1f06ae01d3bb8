// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Qt Quick Test runner for the QML modules (tst_*.qml in this directory), with the static QML plugins.
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(PulsemapPlugin)
Q_IMPORT_QML_PLUGIN(Pulsemap_AppPlugin)
Q_IMPORT_QML_PLUGIN(Pulsemap_MapPlugin)

class Setup : public QObject
{
    Q_OBJECT
public slots:
    // Static QML modules keep their qmldir files in the resources, under qrc:/<URI path>.
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
};

QUICK_TEST_MAIN_WITH_SETUP(pulsemap_qml, Setup)
#include "tst_qml.moc"
