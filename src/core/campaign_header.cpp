// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "campaign_store.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sys/stat.h>

namespace pulsemap {

namespace {
constexpr size_t kHeaderSize = 100;
constexpr char kSqliteMagic[] = "SQLite format 3";

uint32_t readBigEndian32(const unsigned char *p)
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
} // namespace

Status checkCampaignHeaderBytes(std::string_view bytes, uint64_t fileSize)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
    if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kSqliteMagic, sizeof kSqliteMagic) != 0) {
        return fail("not a campaign file (not an SQLite database)");
    }
    uint32_t pageSize = (uint32_t{data[16]} << 8) | data[17];
    if (pageSize == 1) {
        pageSize = 65536;
    }
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0) {
        return fail("corrupt campaign file (bad page size in header)");
    }
    // The in-header page count is only trustworthy when its "version-valid-for" matches the change counter.
    const uint32_t changeCounter = readBigEndian32(&data[24]);
    const uint32_t pageCount = readBigEndian32(&data[28]);
    const uint32_t validFor = readBigEndian32(&data[92]);
    if (validFor == changeCounter && pageCount > 0 && fileSize < static_cast<uint64_t>(pageSize) * pageCount) {
        return fail("truncated campaign file (" + std::to_string(fileSize) + " of " +
                    std::to_string(static_cast<uint64_t>(pageSize) * pageCount) + " bytes)");
    }
    const auto applicationId = static_cast<int32_t>(readBigEndian32(&data[68]));
    if (applicationId != CampaignStore::kApplicationId) {
        return fail("an SQLite database, but not a Pulsemap campaign file");
    }
    const auto userVersion = static_cast<int32_t>(readBigEndian32(&data[60]));
    if (userVersion > CampaignStore::kSchemaVersion) {
        return fail("made by a newer Pulsemap (campaign schema " + std::to_string(userVersion) +
                    ", this build reads up to " + std::to_string(CampaignStore::kSchemaVersion) + ")");
    }
    if (userVersion < 1) {
        return fail("corrupt campaign file (no schema version)");
    }
    return {};
}

Status checkCampaignHeader(const std::string &path)
{
    struct stat info
    {
    };
    if (::stat(path.c_str(), &info) != 0) {
        return fail(path + ": " + std::strerror(errno));
    }
    if (S_ISDIR(info.st_mode)) {
        return fail(path + ": is a directory, not a campaign file");
    }
    if (info.st_size == 0) {
        return fail(path + ": empty file, not a campaign file");
    }
    std::FILE *file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        return fail(path + ": " + std::strerror(errno));
    }
    std::array<unsigned char, kHeaderSize> header{};
    const size_t got = std::fread(header.data(), 1, header.size(), file);
    std::fclose(file);
    // A database in WAL mode (header byte 18 is 2) with its -wal file beside it is being written or has an
    // unfinished checkpoint: a checkpoint writes page 1, with the new page count, before the pages past the old
    // end, so for a moment the file looks cut short. Its size is only checked without one (a copy cut short
    // has no -wal file beside it); SQLite reads such a file correctly either way.
    struct stat wal
    {
    };
    const bool liveWal = got >= kHeaderSize && header[18] == 2 && ::stat((path + "-wal").c_str(), &wal) == 0;
    const uint64_t size = liveWal ? std::numeric_limits<uint64_t>::max() : static_cast<uint64_t>(info.st_size);
    if (const Status checked = checkCampaignHeaderBytes({reinterpret_cast<const char *>(header.data()), got}, size);
        !checked) {
        return fail(checked.error(), path);
    }
    return {};
}

} // namespace pulsemap
