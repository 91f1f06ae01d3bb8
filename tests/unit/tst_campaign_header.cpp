// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// checkCampaignHeaderBytes, the pure header check that checkCampaignHeader (and so CampaignStore::open) runs on
// a file's first bytes: each of its checks on a real campaign's header, and agreement with the path version.

#include "core/campaign_store.h"

#include <QtTest>

#include <string>

using namespace pulsemap;

namespace {
void setBigEndian32(QByteArray &bytes, qsizetype at, uint32_t value)
{
    for (int i = 0; i < 4; ++i) {
        bytes[at + i] = static_cast<char>((value >> (24 - 8 * i)) & 0xFF);
    }
}

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<size_t>(bytes.size())};
}
} // namespace

class TstCampaignHeader : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QByteArray m_campaign; // a real, freshly created campaign file

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const std::string path = m_dir.filePath("real.pulsemap").toStdString();
        {
            auto store = CampaignStore::openOrCreate(path);
            QVERIFY2(store, store.message().c_str());
        }
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_campaign = file.readAll();
        QVERIFY(m_campaign.size() >= 100);
    }

    void acceptsARealCampaign()
    {
        const Status checked = checkCampaignHeaderBytes(view(m_campaign), uint64_t(m_campaign.size()));
        QVERIFY2(checked.ok(), checked.message().c_str());
        // Only the first 100 bytes are looked at, besides the size.
        QVERIFY(checkCampaignHeaderBytes(view(m_campaign.left(100)), uint64_t(m_campaign.size())).ok());
    }

    void aFileBeingCheckpointedIsNotTakenForACutOne()
    {
        // A checkpoint writes page 1 (the new page count) before the pages past the old end: while a writer's
        // -wal file is beside a WAL-mode file, a size short of the count is that moment, not a cut copy.
        QByteArray wal = m_campaign;
        wal[18] = 2;
        wal[19] = 2;
        const QString path = m_dir.filePath("checkpointing.pulsemap");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(wal.left(wal.size() - 512));
        file.close();
        const Status cut = checkCampaignHeader(path.toStdString());
        QVERIFY2(!cut.ok() && QString::fromStdString(cut.message()).contains("truncated"), cut.message().c_str());
        QFile log(path + "-wal");
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.close();
        const Status live = checkCampaignHeader(path.toStdString());
        QVERIFY2(live.ok(), live.message().c_str());
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QString>("reason");
        const qint64 size = m_campaign.size();
        QTest::newRow("short") << m_campaign.left(99) << qint64(99) << "not an SQLite database";
        QByteArray magic = m_campaign;
        magic[0] = 's';
        QTest::newRow("magic") << magic << size << "not an SQLite database";
        QByteArray pageSize = m_campaign;
        pageSize[16] = 0x03; // 768: not a power of two
        pageSize[17] = 0x00;
        QTest::newRow("page-size") << pageSize << size << "bad page size";
        QTest::newRow("truncated") << m_campaign << size - 1 << "truncated campaign file";
        QByteArray foreign = m_campaign;
        setBigEndian32(foreign, 68, 0);
        QTest::newRow("application-id") << foreign << size << "not a Pulsemap campaign file";
        QByteArray newer = m_campaign;
        setBigEndian32(newer, 60, CampaignStore::kSchemaVersion + 1);
        QTest::newRow("newer-schema") << newer << size << "made by a newer Pulsemap";
        QByteArray unversioned = m_campaign;
        setBigEndian32(unversioned, 60, 0);
        QTest::newRow("no-schema") << unversioned << size << "no schema version";
    }

    void refuses()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, size);
        QFETCH(QString, reason);
        const Status checked = checkCampaignHeaderBytes(view(bytes), uint64_t(size));
        QVERIFY(!checked.ok());
        QVERIFY2(QString::fromStdString(checked.message()).contains(reason), checked.message().c_str());
        // The path version says the same, after the path.
        if (size == bytes.size()) {
            const QString path = m_dir.filePath("variant.pulsemap");
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(bytes);
            file.close();
            QCOMPARE(QString::fromStdString(checkCampaignHeader(path.toStdString()).message()),
                     path + ": " + QString::fromStdString(checked.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TstCampaignHeader)
#include "tst_campaign_header.moc"
