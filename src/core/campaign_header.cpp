#include "campaign_store.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
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
    if (got < header.size() || std::memcmp(header.data(), kSqliteMagic, sizeof kSqliteMagic) != 0) {
        return fail(path + ": not a campaign file (not an SQLite database)");
    }
    uint32_t pageSize = (uint32_t{header[16]} << 8) | header[17];
    if (pageSize == 1) {
        pageSize = 65536;
    }
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0) {
        return fail(path + ": corrupt campaign file (bad page size in header)");
    }
    // The in-header page count is only trustworthy when its "version-valid-for" matches the change counter.
    const uint32_t changeCounter = readBigEndian32(&header[24]);
    const uint32_t pageCount = readBigEndian32(&header[28]);
    const uint32_t validFor = readBigEndian32(&header[92]);
    if (validFor == changeCounter && pageCount > 0 &&
        static_cast<uint64_t>(info.st_size) < static_cast<uint64_t>(pageSize) * pageCount) {
        return fail(path + ": truncated campaign file (" + std::to_string(info.st_size) + " of " +
                    std::to_string(static_cast<uint64_t>(pageSize) * pageCount) + " bytes)");
    }
    const auto applicationId = static_cast<int32_t>(readBigEndian32(&header[68]));
    if (applicationId != CampaignStore::kApplicationId) {
        return fail(path + ": an SQLite database, but not a Pulsemap campaign file");
    }
    const auto userVersion = static_cast<int32_t>(readBigEndian32(&header[60]));
    if (userVersion > CampaignStore::kSchemaVersion) {
        return fail(path + ": made by a newer Pulsemap (campaign schema " + std::to_string(userVersion) +
                    ", this build reads up to " + std::to_string(CampaignStore::kSchemaVersion) + ")");
    }
    if (userVersion < 1) {
        return fail(path + ": corrupt campaign file (no schema version)");
    }
    return {};
}

} // namespace pulsemap
