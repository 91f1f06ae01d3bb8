// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "nats_stream_setup.h"

#include "nats_connection.h"
#include "stream/event_json.h"

namespace pulsemap {

namespace {

constexpr int64_t kNsPerMs = 1000000;

using StreamInfo = std::unique_ptr<jsStreamInfo, decltype(&jsStreamInfo_Destroy)>;

bool sameLimits(const jsStreamConfig &config, const NatsStreamSettings &settings)
{
    return config.Replicas == settings.replicas && config.MaxAge == settings.maxAgeMs * kNsPerMs &&
           config.MaxBytes == settings.maxBytes && config.Duplicates == settings.duplicateWindowMs * kNsPerMs;
}

} // namespace

std::string NatsStreamReport::json() const
{
    std::string out = "{\"stream\":";
    appendJsonString(settings.name, out);
    out += ",\"action\":";
    appendJsonString(action, out);
    out += ",\"subjects\":";
    appendJsonString(subjects, out);
    out += ",\"replicas\":" + std::to_string(settings.replicas);
    out += ",\"max_age_s\":" + std::to_string(settings.maxAgeMs / 1000);
    out += ",\"max_bytes\":" + std::to_string(settings.maxBytes);
    out += ",\"duplicate_window_s\":" + std::to_string(settings.duplicateWindowMs / 1000);
    out += ",\"messages\":" + std::to_string(messages);
    out += ",\"first_seq\":" + std::to_string(firstSeq);
    out += ",\"last_seq\":" + std::to_string(lastSeq) + "}";
    return out;
}

Result<NatsStreamReport> ensureNatsStream(NatsConnection &connection, const NatsStreamSettings &settings)
{
    NatsStreamReport report;
    report.settings = settings;
    report.subjects = std::string(kNatsSubjectPrefix) + ".>";
    const char *subjects[] = {report.subjects.c_str()};
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = settings.name.c_str();
    config.Subjects = subjects;
    config.SubjectsLen = 1;
    config.Retention = js_LimitsPolicy;
    config.Discard = js_DiscardOld;
    config.Storage = js_FileStorage;
    config.Replicas = settings.replicas;
    config.MaxAge = settings.maxAgeMs * kNsPerMs;
    config.MaxBytes = settings.maxBytes;
    config.Duplicates = settings.duplicateWindowMs * kNsPerMs;

    jsStreamInfo *raw = nullptr;
    auto code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&raw, connection.jetStream(), config.Name, nullptr, &code);
    StreamInfo existing(raw, jsStreamInfo_Destroy);
    raw = nullptr;
    if (s == NATS_NOT_FOUND || code == kJsStreamNotFound) {
        s = js_AddStream(&raw, connection.jetStream(), &config, nullptr, &code);
        report.action = "created";
    } else if (s != NATS_OK) {
        return fail(natsErrorText("stream info", s, code));
    } else if (sameLimits(*existing->Config, settings)) {
        report.action = "unchanged";
        report.messages = existing->State.Msgs;
        report.firstSeq = existing->State.FirstSeq;
        report.lastSeq = existing->State.LastSeq;
        return report;
    } else {
        s = js_UpdateStream(&raw, connection.jetStream(), &config, nullptr, &code);
        report.action = "updated";
    }
    const StreamInfo done(raw, jsStreamInfo_Destroy);
    if (s != NATS_OK) {
        return fail(natsErrorText(report.action == "created" ? "create stream" : "update stream", s, code));
    }
    report.messages = done->State.Msgs;
    report.firstSeq = done->State.FirstSeq;
    report.lastSeq = done->State.LastSeq;
    // What the server keeps, which a single server may have lowered (replicas are 1 outside a cluster).
    report.settings.replicas = static_cast<int>(done->Config->Replicas);
    report.settings.maxAgeMs = done->Config->MaxAge / kNsPerMs;
    report.settings.maxBytes = done->Config->MaxBytes;
    report.settings.duplicateWindowMs = done->Config->Duplicates / kNsPerMs;
    return report;
}

} // namespace pulsemap
