// Timestamps and offsets: whatever is accepted must be a real instant that survives a round trip through
// the ISO form, and the prefix parser must agree with the whole-text one.

#include "core/civil_time.h"
#include "ingest/log_time.h"
#include "ingest/timestamp.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
// 1900-01-01 and 10000-01-01 with the widest offsets accepted (23:59) on either side.
constexpr int64_t kLowest = -2208988800000 - 24 * pulsemap::civil::kMsPerHour;
constexpr int64_t kHighest = 253402300800000 + 24 * pulsemap::civil::kMsPerHour;
constexpr int64_t kFirstFullYear = -2208988800000; // 1900-01-01
constexpr int64_t kLastFullYear = 253370764800000; // 9999-01-01
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    int64_t ts = 0;
    const bool whole = pulsemap::parseTimestamp(text, ts);
    int64_t prefixTs = 0;
    const size_t prefix = pulsemap::logtime::parseTimestampPrefix(text, prefixTs);
    if (prefix > text.size() || whole != (prefix == text.size() && prefix != 0) || (whole && prefixTs != ts)) {
        std::abort();
    }
    if (whole) {
        if (ts < kLowest || ts > kHighest) {
            std::abort();
        }
        if (ts >= kFirstFullYear && ts < kLastFullYear) {
            char iso[40];
            const size_t length = pulsemap::civil::formatIsoUtc(ts, iso);
            int64_t back = 0;
            if (!pulsemap::parseTimestamp(std::string_view(iso, length), back) || back != ts) {
                std::abort();
            }
        }
    }
    int minutes = 0;
    if (pulsemap::parseUtcOffset(text, minutes) && (minutes < -(23 * 60 + 59) || minutes > 23 * 60 + 59)) {
        std::abort();
    }
    int64_t days = 0;
    int64_t ms = 0;
    if (pulsemap::logtime::parseDate(text, days) && (days < -25567 || days > 2932896)) {
        std::abort(); // outside 1900-01-01 .. 9999-12-31
    }
    if (pulsemap::logtime::parseTimeOfDay(text, ms) && (ms < 0 || ms >= pulsemap::civil::kMsPerDay)) {
        std::abort();
    }
    return 0;
}
