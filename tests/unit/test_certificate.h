// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

// A self-signed server certificate made at test time with the openssl command (Debian's openssl package):
// valid for localhost and 127.0.0.1 for two days, its own CA. Shared by the unit and e2e TLS tests.

#include <QDir>
#include <QProcess>
#include <QString>

namespace pulsemap::test {

struct TestCertificate
{
    QString cert; // PEM certificate, also the CA file clients trust
    QString key;  // PEM private key (EC P-256, unencrypted)
};

// Writes NAME.pem and NAME.key into dir; empty paths when openssl failed.
inline TestCertificate makeTestCertificate(const QString &dir, const QString &name = QStringLiteral("relay"))
{
    TestCertificate made{QDir(dir).filePath(name + ".pem"), QDir(dir).filePath(name + ".key")};
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                   made.key, "-out", made.cert, "-days", "2", "-subj", "/CN=localhost", "-addext",
                   "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        return {};
    }
    return made;
}

} // namespace pulsemap::test
