// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Writes the seed of fuzz_campaign_open: a small real campaign file (CampaignStore, the same writer recordings
// use) holding a few events of every shape and a source checkpoint, rewritten with 512-byte pages so the whole
// file stays a few kilobytes and mutations hit structure rather than free space.
//
//   make_fuzz_campaign OUT.pulsemap

#include "core/campaign_store.h"
#include "core/event.h"

#include <sqlite3.h>

#include <cstdio>
#include <string>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT.pulsemap\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    std::remove(path.c_str());
    auto opened = pulsemap::CampaignStore::openOrCreate(path);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.message().c_str());
        return 1;
    }
    auto &store = *opened;
    if (const pulsemap::Status meta = store->setMeta("created_ms", "1431857103000"); !meta) {
        std::fprintf(stderr, "%s\n", meta.message().c_str());
        return 1;
    }
    pulsemap::EventBatch batch;
    const int64_t may17 = 1431857103000; // 2015-05-17T10:05:03Z
    for (int i = 0; i < 6; ++i) {
        pulsemap::Event &event = batch.append();
        event.tsMs = may17 + (5 - i) * 1000; // out of time order, as real logs are
        if (i % 3 != 2) {
            event.lat = 55.7527 - i;
            event.lon = 37.6172 + i;
            event.country = {'R', 'U'};
            event.city = batch.store(i % 2 == 0 ? "Moscow" : "Москва");
        }
        if (i % 2 == 1) {
            event.type = batch.store("open");
            event.campaign = batch.store("spring");
            event.seq = i;
            event.ip = batch.store("83.149.9.216");
        }
    }
    pulsemap::SourceCheckpoint checkpoint;
    checkpoint.path = "/var/log/nginx/access.log";
    checkpoint.device = 2049;
    checkpoint.inode = 131073;
    checkpoint.fingerprint = "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200";
    checkpoint.offset = 4096;
    checkpoint.lineNumber = 6;
    batch.setCheckpoint(checkpoint);
    pulsemap::Status written = store->append(batch);
    if (written) {
        written = store->close();
    }
    if (!written) {
        std::fprintf(stderr, "%s\n", written.message().c_str());
        return 1;
    }
    store.reset();

    sqlite3 *db = nullptr;
    char *message = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA page_size=512; VACUUM;", nullptr, nullptr, &message) != SQLITE_OK) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), message != nullptr ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        sqlite3_close(db);
        return 1;
    }
    sqlite3_close(db);
    return 0;
}
