// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pulsemap {

// The stream every Pulsemap event goes to, and the subjects it holds: pulsemap.<campaign>.<type>.
inline constexpr std::string_view kNatsStream = "PULSEMAP";
inline constexpr std::string_view kNatsSubjectPrefix = "pulsemap";

// Where a NATS JetStream source or sink is, from a URL of the form
//   nats://HOST:PORT[,HOST:PORT...][/][?durable=NAME&subjects=FILTER&types=A,B&from=SEQ&refill=N&stream=NAME
//                                       &ca=FILE&cert=FILE&key=FILE]
// (tls:// instead of nats:// asks for TLS; ca, cert and key are PEM files for it). Several servers are members of
// one cluster: the client connects to any and follows the cluster. A HOST without a port means 4222. types is the
// subscription by event type of a display (listen, the app); from is the stream sequence a display starts at
// (1: all the stream holds; default: what is published from now on). refill is how much a relay reads back into its
// resume ring when it starts (NatsConsumer).
struct NatsEndpoint
{
    std::vector<std::string> servers; // "nats://host:port" or "tls://host:port", as libnats takes them
    bool tls = false;
    std::string stream = std::string(kNatsStream);
    std::string durable;            // a relay's consumer name: [A-Za-z0-9_-], at most 64 bytes
    std::string filterSubject;      // one subject filter (JetStream 2.9 takes one), default pulsemap.>
    std::vector<std::string> types; // event types to deliver, by their real names; empty: all
    uint64_t startSeq = 0;          // a display's first stream sequence; 0: new messages only
    uint64_t refill = 0;            // a relay's history at start: up to this many events before its place
    std::string caFile;
    std::string certFile;
    std::string keyFile;
};

// Threading: pure functions, safe from any thread.

// Parses a nats:// or tls:// URL; the error says what is wrong with it.
Result<NatsEndpoint> parseNatsUrl(std::string_view url);
// Whether text is a NATS URL (nats:// or tls://), as opposed to a WebSocket or Socket.IO one.
bool isNatsUrl(std::string_view text);

// One subject token from a campaign or type name: bytes other than [A-Za-z0-9_-] become '_' (a '.' would split
// the token, '*' and '>' are wildcards), empty becomes "_", and at most 64 bytes are kept. Distinct names may
// share a token; the event in the message keeps its real names.
std::string natsSubjectToken(std::string_view name);
// The one subject filter a consumer of the endpoint uses: its subjects=, else pulsemap.*.<type> for one type
// (the server sends nothing else), else pulsemap.>.
std::string natsFilterSubject(const NatsEndpoint &endpoint);
// pulsemap.<campaign>.<type>, both sanitised.
std::string natsEventSubject(std::string_view campaign, std::string_view type);

} // namespace pulsemap
