// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>

namespace pulsemap {

class NatsConnection;

// What pulsemap-cli nats-setup asks of the stream (docs/scale-out.md, "The stream").
struct NatsStreamSettings
{
    std::string name = "PULSEMAP";
    int replicas = 1;                         // 1, 3 or 5 in a cluster: copies of every message on distinct servers
    int64_t maxAgeMs = int64_t{7} * 86400000; // older messages are removed
    int64_t maxBytes = -1;                    // -1: no bound but max age
    int64_t duplicateWindowMs = 120000;       // a message id seen within this window is stored once
};

// What ensureNatsStream found and did, for the command's one JSON line.
struct NatsStreamReport
{
    std::string action; // "created", "updated" or "unchanged"
    NatsStreamSettings settings;
    std::string subjects;
    uint64_t messages = 0;
    uint64_t firstSeq = 0;
    uint64_t lastSeq = 0;
    [[nodiscard]] std::string json() const;
};

// Creates the stream on subjects pulsemap.> (file storage, limits retention, old messages discarded first), or
// updates its replicas, max age, max bytes and duplicate window when they differ. JetStream refuses some changes
// (the subjects of another stream, replicas above the cluster size): the error says which.
// Threading: blocking (JetStream API requests); any thread but a GUI one.
Result<NatsStreamReport> ensureNatsStream(NatsConnection &connection, const NatsStreamSettings &settings);

} // namespace pulsemap
