// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "ingest/file_follower.h"

#include <QtTest>

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace pulsemap;
using namespace std::chrono_literals;

namespace {

const std::string kTooLong = "<too long>";

void writeBytes(const std::string &path, const std::string &bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void appendBytes(const std::string &path, const std::string &bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string lines(const std::string &prefix, int first, int last)
{
    std::string text;
    for (int i = first; i <= last; ++i) {
        text += prefix + std::to_string(i) + "\n";
    }
    return text;
}

std::vector<std::string> names(const std::string &prefix, int first, int last)
{
    std::vector<std::string> out;
    for (int i = first; i <= last; ++i) {
        out.push_back(prefix + std::to_string(i));
    }
    return out;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

uint64_t inodeOf(const std::string &path)
{
    struct stat st
    {
    };
    return ::stat(path.c_str(), &st) == 0 ? uint64_t(st.st_ino) : 0;
}

class Collector : public LineSink
{
public:
    std::vector<std::string> lines;
    std::vector<SourceCheckpoint> checkpoints;

    void line(std::string_view text, const SourceCheckpoint &after) override
    {
        lines.emplace_back(text);
        checkpoints.push_back(after);
    }
    void lineTooLong(const SourceCheckpoint &after) override
    {
        lines.push_back(kTooLong);
        checkpoints.push_back(after);
    }
};

// Polls until the collector holds `count` lines (or a deadline), like the real loop with a short sleep.
void pumpUntil(FileFollower &follower, Collector &sink, size_t count, std::chrono::milliseconds limit = 3000ms)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (sink.lines.size() < count && std::chrono::steady_clock::now() < deadline && follower.error().empty()) {
        if (follower.poll(sink, 1000) == 0) {
            std::this_thread::sleep_for(10ms);
        }
    }
}

// Polls for a while to show that nothing more (in particular nothing repeated) arrives.
void pumpFor(FileFollower &follower, Collector &sink, std::chrono::milliseconds duration)
{
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < deadline) {
        if (follower.poll(sink, 1000) == 0) {
            std::this_thread::sleep_for(10ms);
        }
    }
}

bool anyNoticeContains(const std::vector<std::string> &notices, const std::string &what)
{
    for (const std::string &notice : notices) {
        if (notice.find(what) != std::string::npos) {
            return true;
        }
    }
    return false;
}

FileFollower::Options following()
{
    FileFollower::Options options;
    options.follow = true;
    options.rotateWait = 200ms;
    return options;
}

} // namespace

class TstFileFollower : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string file(const char *name) const { return m_dir->filePath(QString::fromUtf8(name)).toStdString(); }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void appendWhileFollowing()
    {
        const std::string path = file("access.log");
        writeBytes(path, lines("a", 1, 3));
        FileFollower follower(path, following(), {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 1000), size_t(3));
        QCOMPARE(follower.poll(sink, 1000), size_t(0));
        appendBytes(path, lines("a", 4, 5) + "par");
        pumpUntil(follower, sink, 5);
        appendBytes(path, "tial\n");
        pumpUntil(follower, sink, 6);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(sink.lines, names("a", 1, 5) + std::vector<std::string>{"partial"});
        QVERIFY(follower.error().empty());
        QVERIFY(!follower.finished());

        // Checkpoints: same path and file, offsets just past each line, lines counted.
        int64_t offset = 0;
        for (size_t i = 0; i < sink.lines.size(); ++i) {
            const SourceCheckpoint &cp = sink.checkpoints[i];
            offset += int64_t(sink.lines[i].size()) + 1;
            QCOMPARE(cp.path, path);
            QCOMPARE(cp.inode, inodeOf(path));
            QCOMPARE(cp.offset, offset);
            QCOMPARE(cp.lineNumber, int64_t(i + 1));
        }
        QCOMPARE(sink.checkpoints.back().fingerprint, readBytes(path));
    }

    void maxLinesIsHonoured()
    {
        const std::string path = file("batch.log");
        writeBytes(path, lines("b", 1, 25));
        FileFollower follower(path, following(), {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 10), size_t(10));
        QCOMPARE(follower.poll(sink, 10), size_t(10));
        QCOMPARE(follower.poll(sink, 10), size_t(5));
        QCOMPARE(follower.poll(sink, 10), size_t(0));
        QCOMPARE(sink.lines, names("b", 1, 25));
    }

    void renameRotation()
    {
        const std::string path = file("access.log");
        const std::string rotated = file("access.log.1");
        writeBytes(path, lines("old", 1, 3));
        FileFollower follower(path, following(), {});
        Collector sink;
        pumpUntil(follower, sink, 3);
        const uint64_t oldInode = inodeOf(path);

        // logrotate renames; the server keeps writing to the renamed file until it reopens its log.
        QCOMPARE(std::rename(path.c_str(), rotated.c_str()), 0);
        appendBytes(rotated, lines("old", 4, 5));
        writeBytes(path, lines("new", 1, 2));
        pumpUntil(follower, sink, 7);
        QVERIFY(anyNoticeContains(follower.takeNotices(), "rotated"));
        appendBytes(rotated, lines("old", 6, 6) + "old-tail");
        appendBytes(path, lines("new", 3, 3));
        pumpUntil(follower, sink, 9);
        // Nobody writes to the old file any more: after rotateWait its unterminated tail is delivered.
        pumpUntil(follower, sink, 10, 2000ms);
        appendBytes(path, lines("new", 4, 4));
        pumpUntil(follower, sink, 11);
        pumpFor(follower, sink, 300ms);
        QCOMPARE(sink.lines, names("old", 1, 5) + names("new", 1, 2) + names("old", 6, 6) + names("new", 3, 3) +
                                 std::vector<std::string>{"old-tail"} + names("new", 4, 4));
        // Each line carries the identity of the file it came from.
        QCOMPARE(sink.checkpoints[4].inode, oldInode);
        QCOMPARE(sink.checkpoints[4].offset, int64_t(readBytes(rotated).find("old-tail") - 5));
        QCOMPARE(sink.checkpoints[5].inode, inodeOf(path));
        QCOMPARE(sink.checkpoints[5].lineNumber, int64_t(1));
        QCOMPARE(sink.checkpoints[9].inode, oldInode);
        QCOMPARE(sink.checkpoints[9].lineNumber, int64_t(7));
        QCOMPARE(sink.checkpoints[9].offset, int64_t(readBytes(rotated).size()));
        QCOMPARE(sink.checkpoints[10].lineNumber, int64_t(4));
    }

    void renameBeforeNewFileExists()
    {
        const std::string path = file("gap.log");
        writeBytes(path, lines("x", 1, 2));
        FileFollower follower(path, following(), {});
        Collector sink;
        pumpUntil(follower, sink, 2);
        QCOMPARE(std::rename(path.c_str(), file("gap.log.1").c_str()), 0);
        appendBytes(file("gap.log.1"), lines("x", 3, 3));
        pumpUntil(follower, sink, 3);
        QVERIFY(anyNoticeContains(follower.takeNotices(), "waiting for " + path));
        pumpFor(follower, sink, 250ms); // the old file is closed meanwhile
        writeBytes(path, lines("y", 1, 2));
        pumpUntil(follower, sink, 5);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(sink.lines, names("x", 1, 3) + names("y", 1, 2));
    }

    void copyTruncate()
    {
        const std::string path = file("ct.log");
        writeBytes(path, lines("before", 1, 4));
        FileFollower follower(path, following(), {});
        Collector sink;
        pumpUntil(follower, sink, 4);
        const uint64_t inode = inodeOf(path);
        writeBytes(file("ct.log.1"), readBytes(path)); // the copy
        QVERIFY(::truncate(path.c_str(), 0) == 0);     // the truncate
        appendBytes(path, lines("after", 1, 2));       // shorter than before: size < our offset
        pumpUntil(follower, sink, 6);
        QVERIFY(anyNoticeContains(follower.takeNotices(), "truncated"));
        appendBytes(path, lines("after", 3, 3));
        pumpUntil(follower, sink, 7);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(inodeOf(path), inode);
        QCOMPARE(sink.lines, names("before", 1, 4) + names("after", 1, 3));
        QCOMPARE(sink.checkpoints[4].offset, int64_t(7));
        QCOMPARE(sink.checkpoints[4].lineNumber, int64_t(1));
    }

    void truncatedAndRewrittenLargerWhileFollowing()
    {
        // Same inode, larger than before, different start: only the fingerprint tells.
        const std::string path = file("fp.log");
        writeBytes(path, lines("first-generation-", 1, 3));
        FileFollower follower(path, following(), {});
        Collector sink;
        pumpUntil(follower, sink, 3);
        writeBytes(path, lines("SECOND-generation-", 1, 10)); // O_TRUNC then write, between two polls
        pumpUntil(follower, sink, 13);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(sink.lines, names("first-generation-", 1, 3) + names("SECOND-generation-", 1, 10));
    }

    void fileCreatedAfterStart()
    {
        const std::string path = file("later.log");
        FileFollower follower(path, following(), {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 1000), size_t(0));
        QCOMPARE(follower.poll(sink, 1000), size_t(0));
        const std::vector<std::string> notices = follower.takeNotices();
        QCOMPARE(notices, std::vector<std::string>{"waiting for " + path}); // said once
        QVERIFY(follower.error().empty());
        writeBytes(path, lines("l", 1, 3));
        pumpUntil(follower, sink, 3);
        QCOMPARE(sink.lines, names("l", 1, 3));
        QVERIFY(anyNoticeContains(follower.takeNotices(), "appeared"));
    }

    void deleteAndRecreate()
    {
        const std::string path = file("dr.log");
        writeBytes(path, lines("one", 1, 3));
        FileFollower follower(path, following(), {});
        Collector sink;
        pumpUntil(follower, sink, 3);
        QCOMPARE(::unlink(path.c_str()), 0);
        QCOMPARE(follower.poll(sink, 1000), size_t(0));
        writeBytes(path, lines("two", 1, 3));
        pumpUntil(follower, sink, 6);
        pumpFor(follower, sink, 300ms);
        QCOMPARE(sink.lines, names("one", 1, 3) + names("two", 1, 3));
    }

    void restartFromCheckpoint()
    {
        const std::string path = file("restart.log");
        writeBytes(path, lines("r", 1, 10));
        SourceCheckpoint saved;
        {
            FileFollower follower(path, following(), {});
            Collector sink;
            pumpUntil(follower, sink, 10);
            saved = sink.checkpoints[3]; // committed after line 4
        }
        appendBytes(path, lines("r", 11, 15));
        FileFollower follower(path, following(), {saved});
        Collector sink;
        pumpUntil(follower, sink, 11);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(sink.lines, names("r", 5, 15));
        QCOMPARE(sink.checkpoints.front().lineNumber, int64_t(5));
        QCOMPARE(sink.checkpoints.back().lineNumber, int64_t(15));
        QVERIFY(anyNoticeContains(follower.takeNotices(), "resuming"));
    }

    void restartAfterRotationWhileStopped()
    {
        const std::string path = file("rot.log");
        const std::string rotated = file("rot.log.1");
        writeBytes(path, lines("old", 1, 6));
        std::vector<SourceCheckpoint> saved;
        {
            FileFollower follower(path, following(), {});
            Collector sink;
            pumpUntil(follower, sink, 6);
            saved = {sink.checkpoints[3], sink.checkpoints[1]}; // newest first; lines 5 and 6 not committed
        }
        appendBytes(path, lines("old", 7, 8));
        QCOMPARE(std::rename(path.c_str(), rotated.c_str()), 0);
        writeBytes(file("unrelated.log"), "noise\n");
        writeBytes(path, lines("new", 1, 3));
        FileFollower follower(path, following(), saved);
        Collector sink;
        pumpUntil(follower, sink, 7);
        pumpFor(follower, sink, 300ms);
        QCOMPARE(sink.lines, names("old", 5, 8) + names("new", 1, 3));
        QCOMPARE(sink.checkpoints.front().lineNumber, int64_t(5));
        QCOMPARE(sink.checkpoints.front().inode, inodeOf(rotated));
        QVERIFY(anyNoticeContains(follower.takeNotices(), "rot.log.1"));
    }

    void restartWithBothFilesCheckpointed()
    {
        // The old file kept being written after the rotation: the newest checkpoint is the old file's, an
        // older one the new file's. Both resume where they were.
        const std::string path = file("both.log");
        const std::string rotated = file("both.log.1");
        writeBytes(path, lines("old", 1, 2));
        std::vector<SourceCheckpoint> saved;
        {
            FileFollower follower(path, following(), {});
            Collector sink;
            pumpUntil(follower, sink, 2);
            QCOMPARE(std::rename(path.c_str(), rotated.c_str()), 0);
            writeBytes(path, lines("new", 1, 2));
            pumpUntil(follower, sink, 4);
            appendBytes(rotated, lines("old", 3, 3));
            pumpUntil(follower, sink, 5);
            QCOMPARE(sink.lines, names("old", 1, 2) + names("new", 1, 2) + names("old", 3, 3));
            saved = {sink.checkpoints[4], sink.checkpoints[3], sink.checkpoints[1]};
        }
        appendBytes(rotated, lines("old", 4, 4));
        appendBytes(path, lines("new", 3, 3));
        FileFollower follower(path, following(), saved);
        Collector sink;
        pumpUntil(follower, sink, 2);
        pumpFor(follower, sink, 300ms);
        QCOMPARE(sink.lines, names("old", 4, 4) + names("new", 3, 3));
    }

    void restartRotatedFileGone()
    {
        const std::string path = file("gone.log");
        writeBytes(path, lines("old", 1, 3));
        SourceCheckpoint saved;
        {
            FileFollower follower(path, following(), {});
            Collector sink;
            pumpUntil(follower, sink, 3);
            saved = sink.checkpoints.back();
        }
        QCOMPARE(::unlink(path.c_str()), 0);
        writeBytes(path, lines("new", 1, 2));
        FileFollower follower(path, following(), {saved});
        Collector sink;
        pumpUntil(follower, sink, 2);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(sink.lines, names("new", 1, 2));
        // The new file may even have the old inode number; then only its fingerprint tells them apart.
        const std::vector<std::string> notices = follower.takeNotices();
        QVERIFY(anyNoticeContains(notices, "no longer") || anyNoticeContains(notices, "not the file"));
    }

    void restartFingerprintMismatchSameInode()
    {
        const std::string path = file("same-inode.log");
        writeBytes(path, lines("first-", 1, 5));
        SourceCheckpoint saved;
        {
            FileFollower follower(path, following(), {});
            Collector sink;
            pumpUntil(follower, sink, 5);
            saved = sink.checkpoints[2];
        }
        const uint64_t inode = inodeOf(path);
        writeBytes(path, lines("DIFFERENT-", 1, 20)); // truncated and rewritten, larger than the offset
        QCOMPARE(inodeOf(path), inode);
        FileFollower follower(path, following(), {saved});
        Collector sink;
        pumpUntil(follower, sink, 20);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(sink.lines, names("DIFFERENT-", 1, 20));
        QCOMPARE(sink.checkpoints.front().lineNumber, int64_t(1));
    }

    void restartTruncatedWhileStopped()
    {
        const std::string path = file("shorter.log");
        writeBytes(path, lines("same-start-", 1, 8));
        SourceCheckpoint saved;
        {
            FileFollower follower(path, following(), {});
            Collector sink;
            pumpUntil(follower, sink, 8);
            saved = sink.checkpoints.back();
        }
        writeBytes(path, lines("same-start-", 1, 2)); // same first bytes, shorter than the offset
        FileFollower follower(path, following(), {saved});
        Collector sink;
        pumpUntil(follower, sink, 2);
        pumpFor(follower, sink, 50ms);
        QCOMPARE(sink.lines, names("same-start-", 1, 2));
        QVERIFY(anyNoticeContains(follower.takeNotices(), "truncated while stopped"));
    }

    void checkpointsOfOtherPathsAreIgnored()
    {
        const std::string path = file("mine.log");
        writeBytes(path, lines("m", 1, 3));
        SourceCheckpoint foreign;
        {
            FileFollower follower(path, following(), {});
            Collector sink;
            pumpUntil(follower, sink, 3);
            foreign = sink.checkpoints.back();
        }
        foreign.path = file("other.log");
        FileFollower follower(path, following(), {foreign});
        Collector sink;
        pumpUntil(follower, sink, 3);
        QCOMPARE(sink.lines, names("m", 1, 3));
    }

    void importWithoutFollowing()
    {
        const std::string path = file("import.log");
        writeBytes(path, lines("i", 1, 5) + "unterminated");
        FileFollower::Options options;
        options.follow = false;
        FileFollower follower(path, options, {});
        Collector sink;
        size_t total = 0;
        for (int i = 0; i < 10 && !follower.finished(); ++i) {
            total += follower.poll(sink, 2);
        }
        QVERIFY(follower.finished());
        QCOMPARE(total, size_t(6));
        QCOMPARE(sink.lines, names("i", 1, 5) + std::vector<std::string>{"unterminated"});
        QCOMPARE(sink.checkpoints.back().offset, int64_t(readBytes(path).size()));
        QCOMPARE(follower.poll(sink, 100), size_t(0));
    }

    void importMissingFileIsAnError()
    {
        FileFollower::Options options;
        options.follow = false;
        FileFollower follower(file("nope.log"), options, {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 100), size_t(0));
        QVERIFY(!follower.error().empty());
        QVERIFY(!follower.finished());
    }

    void importGzipAndResumeByLineNumber()
    {
        const std::string path = file("import.log.gz");
        const std::string text = lines("g", 1, 100);
        gzFile gz = gzopen(path.c_str(), "wb");
        QVERIFY(gz != nullptr);
        gzwrite(gz, text.data(), unsigned(text.size()));
        gzclose(gz);
        FileFollower::Options options;
        options.follow = false;
        SourceCheckpoint saved;
        {
            FileFollower follower(path, options, {});
            Collector sink;
            while (!follower.finished() && follower.error().empty()) {
                follower.poll(sink, 1000);
            }
            QCOMPARE(sink.lines, names("g", 1, 100));
            saved = sink.checkpoints[59];
        }
        FileFollower follower(path, options, {saved});
        Collector sink;
        while (!follower.finished() && follower.error().empty()) {
            follower.poll(sink, 1000);
        }
        QCOMPARE(sink.lines, names("g", 61, 100));
        QCOMPARE(sink.checkpoints.front().lineNumber, int64_t(61));
    }

    void tooLongLinesThroughTheFollower()
    {
        const std::string path = file("long.log");
        writeBytes(path, "short\n" + std::string(5000, 'z') + "\nshort again\n");
        FileFollower::Options options = following();
        options.reader.maxLineBytes = 1000;
        FileFollower follower(path, options, {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 100), size_t(3));
        QCOMPARE(sink.lines, (std::vector<std::string>{"short", kTooLong, "short again"}));
        QCOMPARE(sink.checkpoints[1].offset, int64_t(6 + 5001));
        QCOMPARE(sink.checkpoints[1].lineNumber, int64_t(2));
    }

    void directoryIsAnError()
    {
        FileFollower follower(m_dir->path().toStdString(), following(), {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 100), size_t(0));
        QVERIFY2(follower.error().find("directory") != std::string::npos, follower.error().c_str());
    }

    void directoryAppearingAtThePath()
    {
        const std::string path = file("becomes-dir");
        FileFollower follower(path, following(), {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 100), size_t(0));
        QVERIFY(follower.error().empty());
        QVERIFY(QDir().mkdir(QString::fromStdString(path)));
        QCOMPARE(follower.poll(sink, 100), size_t(0));
        QVERIFY2(follower.error().find("directory") != std::string::npos, follower.error().c_str());
    }

    void permissionDenied()
    {
        const std::string path = file("secret.log");
        writeBytes(path, "x\n");
        QCOMPARE(::chmod(path.c_str(), 0), 0);
        if (geteuid() != 0) {
            FileFollower follower(path, following(), {});
            Collector sink;
            QCOMPARE(follower.poll(sink, 100), size_t(0));
            QVERIFY2(follower.error().find("ermission") != std::string::npos, follower.error().c_str());
            return;
        }
        // Root reads any file: check from a child that became nobody (the directory must let it look inside).
        QCOMPARE(::chmod(m_dir->path().toLocal8Bit().constData(), 0711), 0);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0) {
                _exit(3);
            }
            FileFollower follower(path, following(), {});
            Collector sink;
            const bool ok = follower.poll(sink, 100) == 0 && follower.error().find("ermission") != std::string::npos;
            _exit(ok ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
    }

    void renamedAwayAndBack()
    {
        const std::string path = file("back.log");
        const std::string aside = file("back.log.tmp");
        writeBytes(path, lines("b", 1, 2));
        FileFollower follower(path, following(), {});
        Collector sink;
        pumpUntil(follower, sink, 2);
        QCOMPARE(std::rename(path.c_str(), aside.c_str()), 0);
        appendBytes(aside, lines("b", 3, 3));
        pumpUntil(follower, sink, 3);
        QCOMPARE(std::rename(aside.c_str(), path.c_str()), 0);
        appendBytes(path, lines("b", 4, 5));
        pumpUntil(follower, sink, 5);
        pumpFor(follower, sink, 300ms); // past rotateWait: it must not be closed as a rotated file
        appendBytes(path, lines("b", 6, 6));
        pumpUntil(follower, sink, 6);
        QCOMPARE(sink.lines, names("b", 1, 6));
        QCOMPARE(sink.checkpoints.back().lineNumber, int64_t(6));
    }

    void standardInput()
    {
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const std::string data = lines("s", 1, 3) + "end";
        QCOMPARE(write(fds[1], data.data(), data.size()), ssize_t(data.size()));
        ::close(fds[1]);
        const int savedStdin = dup(STDIN_FILENO);
        QCOMPARE(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
        ::close(fds[0]);
        Collector sink;
        bool finished = false;
        {
            FileFollower follower("-", following(), {});
            for (int i = 0; i < 10 && !follower.finished(); ++i) {
                follower.poll(sink, 100);
            }
            finished = follower.finished();
        }
        QCOMPARE(dup2(savedStdin, STDIN_FILENO), STDIN_FILENO);
        ::close(savedStdin);
        QVERIFY(finished);
        QCOMPARE(sink.lines, names("s", 1, 3) + std::vector<std::string>{"end"});
        QCOMPARE(sink.checkpoints.back().path, std::string("-"));
    }

    void idlePollsDeliverNothing()
    {
        const std::string path = file("idle.log");
        writeBytes(path, lines("i", 1, 2) + "half");
        FileFollower follower(path, following(), {});
        Collector sink;
        QCOMPARE(follower.poll(sink, 100), size_t(2));
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(follower.poll(sink, 100), size_t(0));
        }
        QVERIFY(follower.takeNotices().empty());
    }
};

QTEST_APPLESS_MAIN(TstFileFollower)
#include "tst_file_follower.moc"
