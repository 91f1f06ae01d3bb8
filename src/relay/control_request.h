// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QJsonArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace pulsemap {

// What a subscriber asked for in one text message: {"subscribe":[types]} and/or {"resume_from":seq}. The hub
// applies subscribe, then resume, then answers error (so a valid subscribe next to a bad resume_from still
// takes effect, as it always did). Pure: the relay's only parsing of WebSocket data (the upgrade handshake
// itself is Qt's QWebSocketServer).
// Threading: a pure function, safe on any thread.
struct ControlRequest
{
    struct Subscribe
    {
        bool all = true;  // no list, null or an empty list: every type
        QJsonArray types; // as sent (strings; anything else counts as the type "")
    };
    std::optional<Subscribe> subscribe;
    std::optional<int64_t> resumeFrom; // 0 .. kMaxResumeSeq
    QString error;                     // empty, or what to answer as {"error":...}
};

// Sequence numbers beyond 2^53 cannot be sent exactly as JSON numbers, so they are refused as malformed.
inline constexpr int64_t kMaxResumeSeq = int64_t(1) << 53;

ControlRequest parseControlRequest(const QString &message);

} // namespace pulsemap
