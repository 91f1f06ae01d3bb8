// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "desktop_notifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace pulsemap {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent) : QObject(parent) {}

void DesktopNotifier::markUnavailable(const QString &reason)
{
    if (m_available) {
        m_available = false;
        emit unavailable(reason);
    }
}

void DesktopNotifier::notify(const QString &summary, const QString &body, bool urgent)
{
    if (!m_available) {
        return;
    }
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        markUnavailable(QStringLiteral("no D-Bus session bus"));
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
    const QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue<uchar>(urgent ? 2 : 1)},
                            {QStringLiteral("desktop-entry"), QStringLiteral("pulsemap")}};
    call << QStringLiteral("Pulsemap") << 0u << QStringLiteral("pulsemap") << summary << body << QStringList() << hints
         << (urgent ? 0 : -1);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *finished) {
        const QDBusPendingReply<uint> reply = *finished;
        if (reply.isError()) {
            markUnavailable(reply.error().message());
        } else {
            emit delivered(reply.value());
        }
        finished->deleteLater();
    });
}

} // namespace pulsemap
