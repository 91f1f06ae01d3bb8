// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/result.h"
#include "http_request.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <string_view>

namespace pulsemap {

// The type a click on a tracked link records when the link names none.
inline constexpr std::string_view kDefaultLinkType = "click";

// Which redirect targets the relay's GET /click accepts (docs/protocol.md, "Tracked links"): signed ones when
// it holds a secret, and unsigned ones whose host is on the allow-list. Anything else would make the relay an
// open redirect that phishing mails could borrow.
struct LinkPolicy
{
    QByteArray secret;      // the HMAC key (--link-secret); empty: no signature is accepted
    QStringList allowHosts; // "example.org" (that host) or "*.example.org" (its subdomains), any case
};

// What a tracked link says, percent-decoded: where to go and what to record.
struct TrackedLink
{
    QByteArray target;   // an absolute http or https URL in ASCII
    QByteArray campaign; // may be empty
    QByteArray type = QByteArray(kDefaultLinkType.data(), kDefaultLinkType.size());
};

// The bytes a link's signature covers: "pulsemap-link-v1\n" target "\n" campaign "\n" type. None of the three
// may hold a control character, so the joining is unambiguous.
QByteArray linkSigningString(const TrackedLink &link);

// HMAC-SHA256 of linkSigningString with the secret, its first 16 bytes (128 bits) in unpadded base64url:
// 22 characters.
QByteArray signLink(const QByteArray &secret, const TrackedLink &link);

// Compares in time that depends only on the lengths, so a forged signature or token cannot be found byte by byte.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

// Whether host (as QUrl gives it, lower case, IDN in ACE form) matches an allow-list entry.
bool hostAllowed(const QString &host, const QStringList &allow);

// Checks a target: http or https, ASCII without spaces or backslashes, a host, no user info, at most 4 KiB.
// Returns the reason it is refused, or null when it is fine.
const char *targetProblem(const QByteArray &target);

// Reads and checks GET /click?to=URL&campaign=C&type=T&sig=S: the link to follow, or why it is refused (the
// relay then answers 400 and records nothing). Pure.
// Threading: a pure function, safe on any thread.
Result<TrackedLink> checkTrackedLink(const HttpRequest &request, const LinkPolicy &policy);

// The tracked link for pulsemap-cli sign-link: relay ("http://host:port", perhaps with a path prefix) + "/click?"
// with every parameter percent-encoded, signed with secret. The target is normalised (QUrl, tolerant: spaces and
// non-ASCII are encoded) first; the link is refused when the relay would refuse it.
Result<QByteArray> makeTrackedLink(const QString &relay, const QByteArray &secret, const QString &target,
                                   const QByteArray &campaign, const QByteArray &type);

} // namespace pulsemap
