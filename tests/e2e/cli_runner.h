// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtTest>

#include <sqlite3.h>

// Runs the real pulsemap-cli (path from $PULSEMAP_CLI, set by ctest) and reads campaign files with
// plain sqlite3, exactly as a user would.
namespace pulsemap::test {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline QString cliPath()
{
    return qEnvironmentVariable("PULSEMAP_CLI");
}

inline QString fixture(const QString &name)
{
    return qEnvironmentVariable("PULSEMAP_FIXTURES") + "/" + name;
}

inline QString testData(const QString &name)
{
    return qEnvironmentVariable("PULSEMAP_TEST_DATA") + "/" + name;
}

inline CliResult runCli(const QStringList &arguments, const QByteArray &stdinData = {}, int timeoutMs = 120000)
{
    QProcess process;
    process.start(cliPath(), arguments);
    if (!process.waitForStarted()) {
        return {};
    }
    if (!stdinData.isNull()) {
        process.write(stdinData);
    }
    process.closeWriteChannel();
    process.waitForFinished(timeoutMs);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

// The summary JSON line import prints last on stdout.
inline QJsonObject summary(const CliResult &result)
{
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}

// First column of the first row of a query on a campaign file opened read-only.
inline qint64 queryInt(const QString &campaign, const QString &sql)
{
    sqlite3 *db = nullptr;
    qint64 value = -1;
    if (sqlite3_open_v2(campaign.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW) {
            value = sqlite3_column_int64(statement, 0);
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return value;
}

inline QStringList queryStrings(const QString &campaign, const QString &sql)
{
    sqlite3 *db = nullptr;
    QStringList values;
    if (sqlite3_open_v2(campaign.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &statement, nullptr) == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW) {
                values << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
            }
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return values;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeFile(const QString &path, const QByteArray &bytes, QIODevice::OpenMode mode = QIODevice::WriteOnly)
{
    QFile file(path);
    if (!file.open(mode)) {
        return false;
    }
    return file.write(bytes) == bytes.size();
}

} // namespace pulsemap::test
