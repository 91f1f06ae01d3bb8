// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "tracked_link.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QUrl>

#include <algorithm>

namespace pulsemap {

namespace {

constexpr qsizetype kMaxTargetBytes = 4096;
constexpr qsizetype kMaxCampaignBytes = 1024;
constexpr qsizetype kMaxTypeBytes = 64;
constexpr qsizetype kSignatureBytes = 16;

bool hasControlCharacter(const QByteArray &text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

// RFC 3986's characters and '%': anything else (a space, a backslash, a quote, a raw non-ASCII byte) is a target
// browsers and QUrl might read differently, so the host checked would not be the host visited.
bool uriCharacter(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

const char *fieldProblem(const TrackedLink &link)
{
    if (link.type.isEmpty() || link.type.size() > kMaxTypeBytes) {
        return "type must be 1 to 64 bytes";
    }
    if (link.campaign.size() > kMaxCampaignBytes) {
        return "campaign is longer than 1024 bytes";
    }
    if (hasControlCharacter(link.type) || hasControlCharacter(link.campaign)) {
        return "control character in type or campaign";
    }
    return targetProblem(link.target);
}

} // namespace

QByteArray linkSigningString(const TrackedLink &link)
{
    return "pulsemap-link-v1\n" + link.target + '\n' + link.campaign + '\n' + link.type;
}

QByteArray signLink(const QByteArray &secret, const TrackedLink &link)
{
    const QByteArray mac =
        QMessageAuthenticationCode::hash(linkSigningString(link), secret, QCryptographicHash::Sha256);
    return mac.left(kSignatureBytes).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size()) {
        return false; // the length is no secret: a signature is always 22 characters
    }
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return difference == 0;
}

bool hostAllowed(const QString &host, const QStringList &allow)
{
    const QString lower = host.toLower();
    for (const QString &entry : allow) {
        const QString pattern = entry.toLower();
        if (pattern.startsWith(QLatin1String("*."))) {
            // "*.example.org" is any subdomain, not example.org itself, and never "badexample.org".
            if (lower.size() > pattern.size() - 1 && lower.endsWith(QStringView(pattern).mid(1))) {
                return true;
            }
        } else if (lower == pattern) {
            return true;
        }
    }
    return false;
}

const char *targetProblem(const QByteArray &target)
{
    if (target.isEmpty()) {
        return "to= is missing";
    }
    if (target.size() > kMaxTargetBytes) {
        return "target longer than 4096 bytes";
    }
    if (!std::all_of(target.begin(), target.end(), uriCharacter)) {
        return "target has characters a URL may not hold (encode them)";
    }
    const QUrl url(QString::fromLatin1(target), QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        return "target is not an http or https URL";
    }
    if (url.host().isEmpty() || !target.toLower().startsWith(scheme.toLatin1() + "://")) {
        return "target has no host";
    }
    if (!url.userInfo().isEmpty()) {
        return "target has a user name"; // https://bank.example@evil.example/ reads like the bank
    }
    return nullptr;
}

Result<TrackedLink> checkTrackedLink(const HttpRequest &request, const LinkPolicy &policy)
{
    TrackedLink link;
    link.target = request.parameter("to");
    link.campaign = request.parameter("campaign");
    if (const QByteArray type = request.parameter("type"); !type.isNull()) {
        link.type = type;
    }
    if (const char *problem = fieldProblem(link)) {
        return fail(problem);
    }
    const QByteArray signature = request.parameter("sig");
    if (!signature.isNull()) {
        if (policy.secret.isEmpty()) {
            return fail("signed link, but the relay has no --link-secret");
        }
        if (!constantTimeEquals(signature, signLink(policy.secret, link))) {
            return fail("the signature does not match the link");
        }
        return link;
    }
    const QUrl url(QString::fromLatin1(link.target), QUrl::StrictMode);
    if (!hostAllowed(url.host(QUrl::FullyEncoded), policy.allowHosts)) {
        return fail("unsigned link to a host that is not on --link-allow");
    }
    return link;
}

Result<QByteArray> makeTrackedLink(const QString &relay, const QByteArray &secret, const QString &target,
                                   const QByteArray &campaign, const QByteArray &type)
{
    const QUrl base(relay, QUrl::StrictMode);
    if (!base.isValid() || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https")) ||
        base.host().isEmpty() || base.hasQuery() || base.hasFragment()) {
        return fail("--relay " + relay.toStdString() + ": expected http://HOST:PORT (or https://, perhaps a path)");
    }
    if (secret.isEmpty()) {
        return fail("the secret is empty");
    }
    const QUrl url(target); // tolerant: a space or an accented letter is encoded rather than refused
    if (!url.isValid()) {
        return fail(target.toStdString() + ": not a valid URL");
    }
    TrackedLink link;
    link.target = url.toEncoded();
    link.campaign = campaign;
    link.type = type.isEmpty() ? link.type : type;
    if (const char *problem = fieldProblem(link)) {
        return fail(target.toStdString() + ": " + problem);
    }
    const auto encode = [](const QByteArray &value) { return value.toPercentEncoding(); }; // all but unreserved
    QByteArray out = base.toEncoded();
    while (out.endsWith('/')) {
        out.chop(1); // "http://relay:8080/" and "http://relay:8080" give the same link (QUrl keeps a lone "/")
    }
    out += "/click?to=" + encode(link.target);
    if (!link.campaign.isEmpty()) {
        out += "&campaign=" + encode(link.campaign);
    }
    if (link.type != QByteArray(kDefaultLinkType.data(), kDefaultLinkType.size())) {
        out += "&type=" + encode(link.type);
    }
    out += "&sig=" + signLink(secret, link);
    return out;
}

} // namespace pulsemap
