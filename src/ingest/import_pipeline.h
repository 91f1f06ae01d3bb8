// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"
#include "core/visitor_id.h"
#include "log_format.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pulsemap {

class CampaignStore;

struct ImportOptions
{
    std::vector<std::string> inputs; // paths; "-" is standard input; .gz read transparently
    std::string format = "combined";
    JsonFieldNames jsonFields;
    bool useForwardedFor = false;
    std::vector<std::string> typeRules; // EventRules syntax, in order
    std::string defaultType{kDefaultEventType};
    std::string campaignParameter = "utm_campaign";
    std::string geoipPath; // empty: no geolocation
    bool keepIp = false;
    // Set: events get visitor ids (visitor_id.h). ImportPipeline takes the campaign file's own key.
    std::optional<VisitorHasher::Key> visitorKey;
    bool strict = false;
    bool follow = false;
    std::chrono::milliseconds rotateWait{5000};
    std::chrono::milliseconds pollInterval{200};
    std::chrono::milliseconds flushInterval{250}; // following: the longest a line waits to be committed
    size_t batchEvents = 16384;
    size_t maxLineBytes = size_t{1} << 20;
    size_t badLineSamples = 5;
};

struct ImportProgress
{
    int64_t bytesRead = 0;
    int64_t bytesTotal = 0; // 0 when unknown (standard input)
    int64_t lines = 0;
    int64_t events = 0;
    double seconds = 0;
    bool following = false; // caught up and waiting for new lines
};

struct ImportReport
{
    int64_t lines = 0;
    int64_t events = 0;
    int64_t skipped = 0;
    int64_t unlocated = 0;
    int64_t filtered = 0;
    int64_t directives = 0; // W3C / CloudFront header lines ("#Fields:", "#Version:"): read, neither events nor bad
    double seconds = 0;
    std::vector<std::string> badLines; // the first few, "access.log:17: line does not match the format"
    // Rotation and similar events while following: the latest kMaxNotices, and how many earlier ones were
    // dropped (a week-long --follow must not grow without bound).
    static constexpr size_t kMaxNotices = 100;
    std::vector<std::string> notices;
    int64_t droppedNotices = 0;
    std::string geoip; // database description, empty without one
    std::string error; // fatal error, empty on success
    bool interrupted = false;

    void addNotice(std::string notice);
};

// Reads log inputs, turns lines into events and appends them to a campaign file. Reading, parsing and
// geolocation run on a worker thread; this thread writes to SQLite. Every batch commits together with
// the checkpoints of the lines it covers, so following resumes exactly after a crash.
class ImportPipeline
{
public:
    using ProgressCallback = std::function<void(const ImportProgress &)>;

    ImportPipeline(ImportOptions options, CampaignStore &store);

    // Runs to the end of the inputs (following: until stop becomes true). Returns false on a fatal error
    // (report.error); everything good read before it is stored.
    bool run(const std::atomic<bool> &stop, ImportReport &report, const ProgressCallback &progress = {});

private:
    ImportOptions m_options;
    CampaignStore &m_store;
};

} // namespace pulsemap
