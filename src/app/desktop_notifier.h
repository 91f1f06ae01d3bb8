// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QObject>
#include <QString>

namespace pulsemap {

// Desktop notifications through the freedesktop notification service (org.freedesktop.Notifications on the
// session bus, as GNOME, KDE, XFCE and notification daemons such as dunst provide). Calls are asynchronous:
// the GUI thread never waits for the bus. When there is no session bus, or the service is absent or answers
// with an error, available() turns false and unavailable() is emitted once: the caller shows the notice in the
// window instead.
// Threading: GUI thread (any one thread with an event loop).
class DesktopNotifier : public QObject
{
    Q_OBJECT

public:
    explicit DesktopNotifier(QObject *parent = nullptr);

    [[nodiscard]] bool available() const { return m_available; }
    // Shows a notification; urgent ones (alerts firing) ask the server to keep them until dismissed.
    void notify(const QString &summary, const QString &body, bool urgent);

signals:
    void unavailable(const QString &reason);
    void delivered(uint id); // the server's id for a shown notification

private:
    void markUnavailable(const QString &reason);

    bool m_available = true;
};

} // namespace pulsemap
