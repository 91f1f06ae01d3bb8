// Opening damaged campaign files: the input is a campaign file's bytes (seed: a small real campaign written by
// make_fuzz_campaign), opened read-only through CampaignStore and read the way replay, stats and resume read it.
// SQLite itself is robust against corrupt files; this guards our code around it: nothing may crash or leak,
// a refusal says why, and what is read back is within what the file can hold.

#include "core/campaign_store.h"
#include "core/sqlite_statement.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

// The source path make_fuzz_campaign records a checkpoint for.
constexpr const char *kSourcePath = "/var/log/nginx/access.log";
// Enough rows to walk every page of a small file; keeps a mutated file claiming millions of rows cheap.
constexpr int kMaxRows = 256;

// One scratch file per process (parallel fuzzing jobs each have their own), removed at exit with its side files.
const std::string &scratchPath()
{
    static const std::string path = [] {
        char name[] = "/tmp/pulsemap_fuzz_campaign_XXXXXX";
        const int fd = ::mkstemp(name);
        if (fd < 0) {
            std::abort();
        }
        ::close(fd);
        static std::string kept = name;
        std::atexit([] {
            for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
                std::remove((kept + suffix).c_str());
            }
        });
        return kept;
    }();
    return path;
}

// Reads rows the way ReplaySource does (src/app/replay_source.cpp), touching every column.
void readEvents(const pulsemap::CampaignStore &store)
{
    pulsemap::SqliteStatement range(store.db(), "SELECT min(ts), max(ts), count(*) FROM events");
    if (range.valid() && range.step() == SQLITE_ROW && range.columnInt(2) < 0) {
        std::abort();
    }
    pulsemap::SqliteStatement rows(
        store.db(), "SELECT ts, type, lat, lon, country, city, campaign, weight, seq FROM events ORDER BY ts, id");
    if (!rows.valid()) {
        return;
    }
    size_t bytes = 0;
    for (int row = 0; row < kMaxRows && rows.step() == SQLITE_ROW; ++row) {
        bytes += static_cast<size_t>(rows.columnInt(0) & 1);
        for (const int column : {1, 4, 5, 6}) {
            for (const char c : rows.columnText(column)) {
                bytes += static_cast<unsigned char>(c); // reads every byte, so ASan sees a bad view
            }
        }
        bytes += rows.columnIsNull(2) ? 0 : static_cast<size_t>(rows.columnDouble(2) > 0);
        bytes += rows.columnIsNull(3) ? 0 : static_cast<size_t>(rows.columnDouble(3) > 0);
        bytes += static_cast<size_t>(rows.columnDouble(7) > 0) + static_cast<size_t>(rows.columnInt(8) & 1);
    }
    if (bytes == SIZE_MAX) {
        std::abort(); // unreachable in practice: keeps the reads above from being optimized away
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string &path = scratchPath();
    for (const char *suffix : {"-journal", "-wal", "-shm"}) {
        std::remove((path + suffix).c_str()); // a hot journal left by an earlier input would be replayed
    }
    std::FILE *file = std::fopen(path.c_str(), "wb");
    if (file == nullptr || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0) {
        std::abort();
    }
    std::string error;
    auto store = pulsemap::CampaignStore::open(path, pulsemap::CampaignStore::Access::ReadOnly, error);
    if (!store) {
        if (error.empty()) {
            std::abort(); // a refused file always says why
        }
        return 0;
    }
    if (!pulsemap::checkCampaignHeaderBytes({reinterpret_cast<const char *>(data), size}, size).ok()) {
        std::abort(); // opened although its header does not say it is a campaign
    }
    const int64_t count = store->eventCount();
    if (count < -1) {
        std::abort();
    }
    (void)store->meta("created_ms").size();
    for (const pulsemap::SourceCheckpoint &checkpoint : store->checkpoints(kSourcePath)) {
        if (checkpoint.path != kSourcePath || checkpoint.fingerprint.size() > size) {
            std::abort(); // a blob cannot be larger than the file it came from
        }
    }
    readEvents(*store);
    std::string closeError;
    if (!store->close(closeError)) {
        std::abort(); // closing a read-only store writes nothing, so it cannot fail
    }
    return 0;
}
