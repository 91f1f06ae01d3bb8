// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The campaign header check (core/campaign_store.h) on any bytes: it must accept a file only when the SQLite magic,
// Pulsemap's application_id and a schema version this build reads are all there, and the path version must give
// the same verdict for the same bytes written to a file.

#include "core/campaign_store.h"
#include "fuzz_scratch.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

int32_t bigEndian32(std::string_view bytes, size_t at)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data() + at);
    return static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) |
                                uint32_t{p[3]});
}

// What any accepted header must hold, computed independently of the checker.
bool looksLikeCampaign(std::string_view bytes)
{
    if (bytes.size() < 100 || std::memcmp(bytes.data(), "SQLite format 3", 16) != 0) {
        return false;
    }
    const int32_t version = bigEndian32(bytes, 60);
    return bigEndian32(bytes, 68) == pulsemap::CampaignStore::kApplicationId && version >= 1 &&
           version <= pulsemap::CampaignStore::kSchemaVersion;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    const pulsemap::Status checked = pulsemap::checkCampaignHeaderBytes(bytes, size);
    if (checked.ok() && !looksLikeCampaign(bytes)) {
        std::abort();
    }
    if (!checked.ok() && checked.message().empty()) {
        std::abort(); // a refusal always says why
    }

    const std::string &path = pulsemap::fuzz::writeScratch(data, size);
    const pulsemap::Status fromPath = pulsemap::checkCampaignHeader(path);
    if (fromPath.ok() != checked.ok() ||
        (!checked.ok() && fromPath.message().find(checked.message()) == std::string::npos && size != 0)) {
        std::abort(); // same verdict and same reason as the pure check (an empty file has its own message)
    }
    return 0;
}
