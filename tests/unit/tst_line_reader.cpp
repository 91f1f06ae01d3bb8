// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "ingest/line_reader.h"

#include <QtTest>

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

using namespace pulsemap;

namespace {

const std::string kTooLong = "<too long>";

void writeBytes(const std::string &path, const std::string &bytes, bool append = false)
{
    std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeGzip(const std::string &path, const std::string &text)
{
    gzFile gz = gzopen(path.c_str(), "wb");
    QVERIFY(gz != nullptr);
    QCOMPARE(gzwrite(gz, text.data(), static_cast<unsigned>(text.size())), int(text.size()));
    QCOMPARE(gzclose(gz), Z_OK);
}

std::string numberedLines(int first, int last)
{
    std::string text;
    for (int i = first; i <= last; ++i) {
        text += "line " + std::to_string(i) + " GET /index.html?q=" + std::to_string(i * 7919) + "\n";
    }
    return text;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

struct ReadResult
{
    std::vector<std::string> lines; // kTooLong marks a skipped line
    std::vector<int64_t> offsets;   // consumedOffset() after each
    bool error = false;
    std::string message;
};

// Reads to the end, the unterminated rest included, as a non-following consumer would.
ReadResult readAll(LineReader &reader)
{
    ReadResult result;
    std::string_view line;
    for (;;) {
        const LineReader::Status status = reader.next(line);
        if (status == LineReader::Status::Line) {
            result.lines.emplace_back(line);
        } else if (status == LineReader::Status::TooLong) {
            result.lines.push_back(kTooLong);
        } else if (status == LineReader::Status::Error) {
            result.error = true;
            result.message = reader.error();
            return result;
        } else {
            break;
        }
        result.offsets.push_back(reader.consumedOffset());
    }
    const LineReader::Status rest = reader.takeRest(line);
    if (rest == LineReader::Status::Line) {
        result.lines.emplace_back(line);
        result.offsets.push_back(reader.consumedOffset());
    } else if (rest == LineReader::Status::TooLong) {
        result.lines.push_back(kTooLong);
        result.offsets.push_back(reader.consumedOffset());
    }
    return result;
}

std::unique_ptr<LineReader> openOrFail(const std::string &path, LineReader::Options options = {})
{
    auto reader = LineReader::open(path, options);
    if (!reader) {
        qWarning("open failed: %s", reader.message().c_str());
        return nullptr;
    }
    return std::move(*reader);
}

} // namespace

class TstLineReader : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string file(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void plain()
    {
        const std::string path = file("plain.log");
        writeBytes(path, "a\nbb\n\nccc\n");
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY(!r.error);
        QCOMPARE(r.lines, (std::vector<std::string>{"a", "bb", "", "ccc"}));
        QCOMPARE(r.offsets, (std::vector<int64_t>{2, 5, 6, 10}));
        QVERIFY(!reader->isGzip());
        QCOMPARE(reader->bytesRead(), int64_t(10));
    }

    void manyLinesAcrossBufferRefills()
    {
        // More than one buffer's worth, so lines straddle refills.
        const std::string path = file("many.log");
        const std::string text = numberedLines(1, 100000);
        writeBytes(path, text);
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QCOMPARE(r.lines, splitLines(text));
        QCOMPARE(r.offsets.back(), int64_t(text.size()));
    }

    void crlf()
    {
        const std::string path = file("crlf.log");
        writeBytes(path, "a\r\nb\r\n\r\nx\ry\nlast\r\n");
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QCOMPARE(r.lines, (std::vector<std::string>{"a", "b", "", "x\ry", "last"}));
        QCOMPARE(r.offsets, (std::vector<int64_t>{3, 6, 8, 12, 18}));
    }

    void gzip()
    {
        const std::string path = file("one.log.gz");
        const std::string text = numberedLines(1, 50000);
        writeGzip(path, text);
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY2(!r.error, r.message.c_str());
        QVERIFY(reader->isGzip());
        QCOMPARE(r.lines, splitLines(text));
        QCOMPARE(reader->bytesRead(), int64_t(readBytes(path).size()));
    }

    void gzipNotWanted()
    {
        const std::string path = file("raw.log.gz");
        writeGzip(path, "hello\n");
        LineReader::Options options;
        options.allowGzip = false;
        auto reader = openOrFail(path, options);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY(!reader->isGzip());
        QCOMPARE(r.lines.size(), size_t(1)); // the compressed bytes as one unterminated "line"
        QCOMPARE(r.lines[0], readBytes(path));
    }

    void gzipConcatenatedMembers()
    {
        const std::string a = numberedLines(1, 3000);
        const std::string b = numberedLines(3001, 3500) + "no newline at the end of member two";
        writeGzip(file("a.gz"), a);
        writeGzip(file("b.gz"), b);
        const std::string path = file("ab.gz");
        writeBytes(path, readBytes(file("a.gz")) + readBytes(file("b.gz")));
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY2(!r.error, r.message.c_str());
        std::vector<std::string> expected = splitLines(a + b);
        expected.emplace_back("no newline at the end of member two");
        QCOMPARE(r.lines, expected);
    }

    void gzipCorruptSecondMember()
    {
        // Every line of the intact first member arrives before the error about the second.
        const std::string a = numberedLines(1, 2000);
        writeGzip(file("c1.gz"), a);
        writeGzip(file("c2.gz"), numberedLines(2001, 2100));
        std::string second = readBytes(file("c2.gz"));
        second[2] = 99; // compression method: only 8 (deflate) exists
        const std::string path = file("corrupt.gz");
        writeBytes(path, readBytes(file("c1.gz")) + second);
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY(r.error);
        QVERIFY2(r.message.find("corrupt gzip") != std::string::npos, r.message.c_str());
        QCOMPARE(r.lines, splitLines(a));
        std::string_view line;
        QCOMPARE(reader->next(line), LineReader::Status::Error); // stays failed
        QVERIFY(!reader->takePartial(line));
    }

    void gzipBadChecksum()
    {
        const std::string text = numberedLines(1, 500);
        writeGzip(file("crc.gz"), text);
        std::string bytes = readBytes(file("crc.gz"));
        bytes[bytes.size() - 8] = static_cast<char>(bytes[bytes.size() - 8] ^ 0x55); // CRC32 in the trailer
        const std::string path = file("badcrc.gz");
        writeBytes(path, bytes);
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY(r.error);
        QCOMPARE(r.lines, splitLines(text));
    }

    void gzipGarbageInTheMiddle()
    {
        const std::string text = numberedLines(1, 20000);
        writeGzip(file("mid.gz"), text);
        std::string bytes = readBytes(file("mid.gz"));
        for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) {
            bytes[i] = static_cast<char>(0xff);
        }
        const std::string path = file("garbage.gz");
        writeBytes(path, bytes);
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY(r.error);
        // Deflate has no per-block check: only the lines before the damaged region are guaranteed intact.
        const std::vector<std::string> all = splitLines(text);
        QVERIFY(!r.lines.empty());
        QVERIFY(r.lines.size() < all.size());
        for (size_t i = 0; i < r.lines.size() / 2; ++i) {
            QCOMPARE(r.lines[i], all[i]);
        }
    }

    void gzipTruncated()
    {
        const std::string text = numberedLines(1, 20000);
        writeGzip(file("full.gz"), text);
        const std::string bytes = readBytes(file("full.gz"));
        const std::string path = file("truncated.gz");
        writeBytes(path, bytes.substr(0, bytes.size() / 2));
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY(r.error);
        QVERIFY2(r.message.find("truncated") != std::string::npos, r.message.c_str());
        const std::vector<std::string> all = splitLines(text);
        QVERIFY(r.lines.size() > 100);
        QVERIFY(r.lines.size() < all.size());
        QCOMPARE(r.lines, std::vector<std::string>(all.begin(), all.begin() + std::ptrdiff_t(r.lines.size())));
    }

    void gzipOnlyHalfAHeader()
    {
        const std::string path = file("stub.gz");
        writeBytes(path, std::string("\x1f\x8b", 2));
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QVERIFY(r.error);
        QVERIFY(r.lines.empty());
    }

    void noTrailingNewline()
    {
        const std::string path = file("partial.log");
        writeBytes(path, "a\nb");
        auto reader = openOrFail(path);
        QVERIFY(reader);
        std::string_view line;
        QCOMPARE(reader->next(line), LineReader::Status::Line);
        QCOMPARE(line, std::string_view("a"));
        QCOMPARE(reader->next(line), LineReader::Status::EndOfData);
        QCOMPARE(reader->consumedOffset(), int64_t(2));
        // Following: the file grows and completes the line.
        writeBytes(path, "c\nd\ne", true);
        QCOMPARE(reader->next(line), LineReader::Status::Line);
        QCOMPARE(line, std::string_view("bc"));
        QCOMPARE(reader->next(line), LineReader::Status::Line);
        QCOMPARE(line, std::string_view("d"));
        QCOMPARE(reader->next(line), LineReader::Status::EndOfData);
        QCOMPARE(reader->consumedOffset(), int64_t(7));
        QVERIFY(reader->takePartial(line));
        QCOMPARE(line, std::string_view("e"));
        QCOMPARE(reader->consumedOffset(), int64_t(8));
        QVERIFY(!reader->takePartial(line));
    }

    void longLineBetweenNormalOnes()
    {
        const std::string path = file("long.log");
        const std::string huge(3 << 20, 'x');
        writeBytes(path, "before\n" + huge + "\nafter\n" + huge + "\r\nend\n");
        LineReader::Options options;
        options.maxLineBytes = 1 << 20;
        auto reader = openOrFail(path, options);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QCOMPARE(r.lines, (std::vector<std::string>{"before", kTooLong, "after", kTooLong, "end"}));
        const int64_t h = int64_t(huge.size());
        QCOMPARE(r.offsets, (std::vector<int64_t>{7, 7 + h + 1, 7 + h + 7, 7 + h + 7 + h + 2, 2 * h + 20}));
    }

    void lineLengthLimitIsInclusive()
    {
        const std::string path = file("limit.log");
        writeBytes(path, "0123456789\n0123456789\r\n0123456789A\nok\n0123456789AB");
        LineReader::Options options;
        options.maxLineBytes = 10;
        auto reader = openOrFail(path, options);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QCOMPARE(r.lines, (std::vector<std::string>{"0123456789", "0123456789", kTooLong, "ok", kTooLong}));
    }

    void hugeUnterminatedLineStaysBounded()
    {
        // 64 MB without a newline: skipped in bounded memory, reported once at the end.
        const std::string path = file("endless.log");
        {
            std::ofstream out(path, std::ios::binary);
            out << "first\n";
            const std::string chunk(1 << 20, 'y');
            for (int i = 0; i < 64; ++i) {
                out << chunk;
            }
        }
        LineReader::Options options;
        options.maxLineBytes = 1 << 20;
        auto reader = openOrFail(path, options);
        QVERIFY(reader);
        std::string_view line;
        QCOMPARE(reader->next(line), LineReader::Status::Line);
        QCOMPARE(reader->next(line), LineReader::Status::EndOfData);
        QCOMPARE(reader->consumedOffset(), int64_t(6));
        QCOMPARE(reader->takeRest(line), LineReader::Status::TooLong);
        QCOMPARE(reader->consumedOffset(), int64_t(6 + (64 << 20)));
        QCOMPARE(reader->takeRest(line), LineReader::Status::EndOfData);
    }

    void nulBytes()
    {
        const std::string path = file("nul.log");
        writeBytes(path, std::string("a\0b\n\0\n\0", 7));
        auto reader = openOrFail(path);
        QVERIFY(reader);
        const ReadResult r = readAll(*reader);
        QCOMPARE(r.lines,
                 (std::vector<std::string>{std::string("a\0b", 3), std::string(1, '\0'), std::string(1, '\0')}));
    }

    void emptyFile()
    {
        const std::string path = file("empty.log");
        writeBytes(path, "");
        auto reader = openOrFail(path);
        QVERIFY(reader);
        std::string_view line;
        QCOMPARE(reader->next(line), LineReader::Status::EndOfData);
        QVERIFY(!reader->takePartial(line));
        QCOMPARE(reader->consumedOffset(), int64_t(0));
    }

    void startOffset()
    {
        const std::string path = file("offset.log");
        writeBytes(path, "one\ntwo\nthree\n");
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        QCOMPARE(lseek(fd, 4, SEEK_SET), off_t(4));
        LineReader reader(fd, 4, {});
        const ReadResult r = readAll(reader);
        QCOMPARE(r.lines, (std::vector<std::string>{"two", "three"}));
        QCOMPARE(r.offsets, (std::vector<int64_t>{8, 14}));
    }

    void stopReading()
    {
        const std::string path = file("stop.log");
        writeBytes(path, "a\nb\nc");
        auto reader = openOrFail(path);
        QVERIFY(reader);
        std::string_view line;
        QCOMPARE(reader->next(line), LineReader::Status::Line);
        reader->stopReading();
        writeBytes(path, "d\ne\n", true);
        QCOMPARE(reader->next(line), LineReader::Status::Line);
        QCOMPARE(line, std::string_view("b"));
        QCOMPARE(reader->next(line), LineReader::Status::EndOfData);
        QVERIFY(reader->takePartial(line));
        QCOMPARE(line, std::string_view("c"));
    }

    void openErrors()
    {
        auto missing = LineReader::open(file("missing.log"), {});
        QVERIFY(!missing);
        QVERIFY2(missing.message().find("missing.log") != std::string::npos, missing.message().c_str());
        auto directory = LineReader::open(m_dir.path().toStdString(), {});
        QVERIFY(!directory);
        QVERIFY2(directory.message().find("directory") != std::string::npos, directory.message().c_str());
    }

    void standardInput()
    {
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const std::string data = "from\r\nstdin\n\nno newline";
        QCOMPARE(write(fds[1], data.data(), data.size()), ssize_t(data.size()));
        ::close(fds[1]);
        const int savedStdin = dup(STDIN_FILENO);
        QVERIFY(savedStdin >= 0);
        QCOMPARE(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
        ::close(fds[0]);
        ReadResult r;
        {
            auto reader = openOrFail("-");
            if (reader) {
                r = readAll(*reader);
            }
        }
        QCOMPARE(dup2(savedStdin, STDIN_FILENO), STDIN_FILENO);
        ::close(savedStdin);
        QCOMPARE(r.lines, (std::vector<std::string>{"from", "stdin", "", "no newline"}));
    }

    void standardInputGzip()
    {
        const std::string text = numberedLines(1, 200);
        writeGzip(file("stdin.gz"), text);
        const int fd = ::open(file("stdin.gz").c_str(), O_RDONLY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        const int savedStdin = dup(STDIN_FILENO);
        QCOMPARE(dup2(fd, STDIN_FILENO), STDIN_FILENO);
        ::close(fd);
        ReadResult r;
        {
            auto reader = openOrFail("-");
            if (reader) {
                r = readAll(*reader);
            }
        }
        QCOMPARE(dup2(savedStdin, STDIN_FILENO), STDIN_FILENO);
        ::close(savedStdin);
        QCOMPARE(r.lines, splitLines(text));
    }

    // Opt-in (PULSEMAP_BENCH=1): splitting speed from the page cache, for long and short lines.
    void throughput_data()
    {
        QTest::addColumn<int>("shape");
        QTest::newRow("combined-log-250B") << 0;
        QTest::newRow("short-60B") << 1;
        QTest::newRow("gzip-250B") << 2;
    }

    void throughput()
    {
        if (qEnvironmentVariableIsEmpty("PULSEMAP_BENCH")) {
            QSKIP("set PULSEMAP_BENCH=1 to measure");
        }
        QFETCH(int, shape);
        const std::string path = file("bench.log");
        std::string chunk;
        for (int i = 0; chunk.size() < (8u << 20); ++i) {
            if (shape == 1) {
                chunk += "2015-05-17T10:05:03Z 203.0.113." + std::to_string(i % 250) + " GET /a/" + std::to_string(i) +
                         " 200\n";
            } else {
                chunk += "203.0.113." + std::to_string(i % 250) +
                         " - - [17/May/2015:10:05:03 +0000] \"GET /presentations/logstash-monitorama-2013/images/"
                         "kibana-search.png HTTP/1.1\" 200 " +
                         std::to_string(200000 + i) +
                         " \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"Mozilla/5.0 "
                         "(Macintosh; Intel Mac OS X 10_9_1)\"\n";
            }
        }
        if (shape == 2) {
            std::string text;
            for (int i = 0; i < 32; ++i) {
                text += chunk;
            }
            writeGzip(path, text);
        } else {
            std::ofstream out(path, std::ios::binary);
            for (int i = 0; i < 128; ++i) {
                out << chunk;
            }
        }
        for (int round = 0; round < 3; ++round) {
            auto reader = openOrFail(path);
            QVERIFY(reader);
            const auto start = std::chrono::steady_clock::now();
            std::string_view line;
            size_t lines = 0;
            size_t bytes = 0;
            while (reader->next(line) == LineReader::Status::Line) {
                ++lines;
                bytes += line.size();
            }
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const double total = double(bytes + lines);
            qInfo("%zu lines, %.0f MB in %.3f s: %.2f GB/s, %.1f M lines/s", lines, total / 1e6, seconds,
                  total / seconds / 1e9, double(lines) / seconds / 1e6);
            QCOMPARE(int64_t(bytes + lines), reader->consumedOffset());
        }
        QFile::remove(QString::fromStdString(path));
    }
};

QTEST_APPLESS_MAIN(TstLineReader)
#include "tst_line_reader.moc"
