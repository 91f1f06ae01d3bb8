// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Opening damaged campaign files: the input is a campaign file's bytes (seed: a small real campaign written by
// make_fuzz_campaign), opened read-only through CampaignStore and read the way replay, stats and resume read it.
// SQLite itself is robust against corrupt files; this guards our code around it: nothing may crash or leak,
// a refusal says why, and what is read back is within what the file can hold.

#include "core/campaign_reader.h"
#include "core/campaign_store.h"
#include "fuzz_scratch.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// The source path make_fuzz_campaign records a checkpoint for.
constexpr const char *kSourcePath = "/var/log/nginx/access.log";
// Enough rows to walk every page of a small file; keeps a mutated file claiming millions of rows cheap.
constexpr int kMaxRows = 256;

// Reads events the way replay, stats and export do: through CampaignReader, in small batches, touching every
// string so ASan sees a bad view.
void readEvents(const pulsemap::CampaignStore &store)
{
    pulsemap::CampaignReader reader(store, pulsemap::EventFilter{});
    if (const auto span = reader.span(); span && span->count < 0) {
        std::abort();
    }
    pulsemap::EventBatch batch;
    size_t bytes = 0;
    for (size_t read = 0; read < kMaxRows;) {
        batch.clear();
        const auto got = reader.next(batch, 64);
        if (!got || *got == 0) {
            break;
        }
        read += *got;
        for (const pulsemap::Event &event : batch.events()) {
            for (const pulsemap::StrRef ref : {event.type, event.city, event.campaign, event.ip}) {
                for (const char c : batch.text(ref)) {
                    bytes += static_cast<unsigned char>(c);
                }
            }
            bytes += static_cast<size_t>(event.located()) + static_cast<size_t>(event.seq & 1);
        }
    }
    if (bytes == SIZE_MAX) {
        std::abort(); // unreachable in practice: keeps the reads above from being optimized away
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string &path = pulsemap::fuzz::writeScratch(data, size);
    auto opened = pulsemap::CampaignStore::open(path, pulsemap::CampaignStore::Access::ReadOnly);
    if (!opened) {
        if (opened.message().empty()) {
            std::abort(); // a refused file always says why
        }
        return 0;
    }
    const auto &store = *opened;
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
    if (!store->close()) {
        std::abort(); // closing a read-only store writes nothing, so it cannot fail
    }
    return 0;
}
