// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// ChunkedDecoder: the same body whatever the split (every byte apart included), extensions and trailers skipped,
// the bytes after the body left for the next request, and the refusals (malformed framing, a body or a line over
// its bound) that the server answers 400 or 413.

#include "relay/http_body.h"

#include <QtTest>

#include <string>

using namespace pulsemap;

namespace {

// Feeds input in pieces of `piece` bytes; returns the bytes consumed in total.
size_t feedInPieces(ChunkedDecoder &decoder, std::string_view input, size_t piece)
{
    size_t used = 0;
    while (used < input.size() && decoder.state() == ChunkedDecoder::State::NeedMore) {
        const size_t n = std::min(piece, input.size() - used);
        const size_t took = decoder.feed(input.substr(used, n));
        used += took;
        if (took < n) {
            break;
        }
    }
    return used;
}

} // namespace

class TestHttpBody : public QObject
{
    Q_OBJECT

private slots:
    void anySplitGivesTheSameBody()
    {
        const std::string input =
            "5\r\nhello\r\n7;name=value\r\n, world\r\nA\r\n 0123456\n\n\r\n0\r\nX-Trailer: 1\r\n\r\n"
            "GET /next HTTP/1.1\r\n\r\n";
        const size_t end = input.find("GET /next");
        for (size_t piece = 1; piece <= input.size(); ++piece) {
            ChunkedDecoder decoder(1024);
            const size_t used = feedInPieces(decoder, input, piece);
            QCOMPARE(decoder.state(), ChunkedDecoder::State::Done);
            QCOMPARE(used, end); // the next request is left alone
            QCOMPARE(decoder.body(), std::string("hello, world 0123456\n\n"));
        }
    }

    void bareLineFeedsAndUpperCaseHex()
    {
        ChunkedDecoder decoder(1024);
        const std::string input = "B\nhello world\n0\n\n";
        QCOMPARE(decoder.feed(input), input.size());
        QCOMPARE(decoder.state(), ChunkedDecoder::State::Done);
        QCOMPARE(decoder.takeBody(), std::string("hello world"));
    }

    void emptyBody()
    {
        ChunkedDecoder decoder(1024);
        QCOMPARE(decoder.feed("0\r\n"), size_t(3));
        QCOMPARE(decoder.state(), ChunkedDecoder::State::NeedMore); // the trailer's blank line is still missing
        QCOMPARE(decoder.feed("\r\n"), size_t(2));
        QCOMPARE(decoder.state(), ChunkedDecoder::State::Done);
        QVERIFY(decoder.body().empty());
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("state");
        const int malformed = int(ChunkedDecoder::State::Malformed);
        const int tooLarge = int(ChunkedDecoder::State::TooLarge);
        QTest::newRow("not hex") << QByteArray("zz\r\n") << malformed;
        QTest::newRow("0x prefix") << QByteArray("0x5\r\nhello\r\n") << malformed;
        QTest::newRow("empty size") << QByteArray("\r\n") << malformed;
        QTest::newRow("negative") << QByteArray("-5\r\n") << malformed;
        QTest::newRow("data longer than its size") << QByteArray("2\r\nabc\r\n") << malformed;
        QTest::newRow("bare CR in size") << QByteArray("5\rx\r\n") << malformed;
        QTest::newRow("bare CR in trailer") << QByteArray("0\r\nA: b\rc\r\n\r\n") << malformed;
        QTest::newRow("long size line") << "1;" + QByteArray(2000, 'x') << malformed;
        QTest::newRow("long trailer") << "0\r\nX: " + QByteArray(300, 'x') << malformed;
        QTest::newRow("one chunk too large") << QByteArray("65\r\n") << tooLarge; // 101 > 100
        QTest::newRow("chunks add up") << "32\r\n" + QByteArray(50, 'a') + "\r\n33\r\n" << tooLarge;
        QTest::newRow("huge size") << QByteArray("ffffffffffffffffffff\r\n") << tooLarge;
    }

    void refusals()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, state);
        for (const size_t piece : {size_t(1), size_t(input.size())}) {
            ChunkedDecoder decoder(100, 256);
            feedInPieces(decoder, std::string_view(input.constData(), size_t(input.size())), piece);
            QCOMPARE(int(decoder.state()), state);
            QVERIFY(decoder.reason()[0] != '\0');
            QVERIFY(decoder.body().size() <= 100);
        }
    }

    void exactlyTheLimitIsFine()
    {
        ChunkedDecoder decoder(10);
        const std::string input = "4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n";
        QCOMPARE(decoder.feed(input), input.size());
        QCOMPARE(decoder.state(), ChunkedDecoder::State::Done);
        QCOMPARE(decoder.body(), std::string("abcdefghij"));
    }
};

QTEST_GUILESS_MAIN(TestHttpBody)
#include "tst_http_body.moc"
