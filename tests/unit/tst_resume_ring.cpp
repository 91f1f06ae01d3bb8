// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// ResumeRing: numbering from 1, wrap-around, the exact first/last boundaries, and what a resume older than
// the ring finds.

#include "relay/resume_ring.h"

#include <QtTest>

using namespace pulsemap;

namespace {
void fill(ResumeRing &ring, int64_t from, int64_t to)
{
    for (int64_t seq = from; seq <= to; ++seq) {
        ResumeRing::Slot &slot = ring.push(seq, static_cast<uint16_t>(seq % 3));
        slot.json = std::to_string(seq);
    }
}
} // namespace

class TestResumeRing : public QObject
{
    Q_OBJECT

private slots:
    void emptyRing()
    {
        const ResumeRing ring(32);
        QCOMPARE(ring.first(), int64_t(0));
        QCOMPARE(ring.last(), int64_t(0));
        QVERIFY(!ring.contains(0));
        QVERIFY(!ring.contains(1));
        QCOMPARE(ring.capacity(), size_t(32));
        QCOMPARE(ResumeRing(3).capacity(), size_t(16)); // never smaller than 16
    }

    void fillsUpToCapacity()
    {
        ResumeRing ring(16);
        fill(ring, 1, 16);
        QCOMPARE(ring.first(), int64_t(1));
        QCOMPARE(ring.last(), int64_t(16));
        QVERIFY(ring.contains(1) && ring.contains(16));
        QVERIFY(!ring.contains(0) && !ring.contains(17));
        for (int64_t seq = 1; seq <= 16; ++seq) {
            QCOMPARE(ring.at(seq).seq, seq);
            QCOMPARE(ring.at(seq).json, std::to_string(seq));
            QCOMPARE(ring.at(seq).type, uint16_t(seq % 3));
        }
    }

    void wrapsAroundKeepingTheNewest()
    {
        ResumeRing ring(16);
        fill(ring, 1, 17); // one past capacity: 1 is overwritten by 17
        QCOMPARE(ring.first(), int64_t(2));
        QCOMPARE(ring.last(), int64_t(17));
        QVERIFY(!ring.contains(1));
        QVERIFY(ring.contains(2));
        QCOMPARE(ring.at(17).json, std::string("17"));
        fill(ring, 18, 1000); // many turns
        QCOMPARE(ring.first(), int64_t(985));
        QCOMPARE(ring.last(), int64_t(1000));
        for (int64_t seq = 985; seq <= 1000; ++seq) {
            QCOMPARE(ring.at(seq).seq, seq);
            QCOMPARE(ring.at(seq).json, std::to_string(seq));
        }
        QVERIFY(!ring.contains(984));
        QVERIFY(!ring.contains(1001));
    }

    void resumeOlderThanTheRing()
    {
        // A resume from before first() finds a slot that holds a newer event: callers must check contains()
        // (RelayHub reports the difference as a gap) instead of trusting at().
        ResumeRing ring(16);
        fill(ring, 1, 40);
        QVERIFY(!ring.contains(10));
        QVERIFY(ring.at(10).seq != 10);
        QCOMPARE(ring.at(10).seq, int64_t(26));   // the slot was reused by 26
        QCOMPARE(ring.first() - 10, int64_t(15)); // what a resume_from 10 misses: 10..24
    }

    void slotsAreReusedCleared()
    {
        ResumeRing ring(16);
        ResumeRing::Slot &slot = ring.push(1, 0);
        slot.json = std::string(1000, 'x');
        const size_t capacity = slot.json.capacity();
        fill(ring, 2, 16);
        ResumeRing::Slot &reused = ring.push(17, 2); // same slot as 1
        QVERIFY(reused.json.empty());
        QVERIFY(reused.json.capacity() >= capacity); // a warm ring allocates nothing
        QCOMPARE(reused.type, uint16_t(2));
    }
};

QTEST_GUILESS_MAIN(TestResumeRing)
#include "tst_resume_ring.moc"
