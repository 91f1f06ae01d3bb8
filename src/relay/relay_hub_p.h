// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "relay_hub.h"

#include <QWebSocket>

#include <deque>

namespace pulsemap {

// One connected display: its socket (owned), what it subscribed to, and whether it is on its way out.
// Threading: the hub's thread, like the hub.
struct RelayHub::Subscriber
{
    QWebSocket *socket = nullptr;
    QString peer;
    TypeSet types;
    bool all = true;
    bool dead = false;
    int64_t earlyResume = 0; // a resume_from past what was sent, asked before a preload (see RelayHub::preload)
    bool resumed = false;    // it asked for resume_from: history preloaded after that is sent to it too
    int64_t urlResume = -1;  // the resume_from of its URL: the same point asked again by message is answered already
    // Messages not yet handed to the socket. They are shared (implicitly) with every other subscriber that
    // gets them, so a burst costs one copy, and the socket's own buffer is kept small by draining on bytesWritten.
    std::deque<QString> queue;
    qint64 queuedBytes = 0;

    [[nodiscard]] qint64 backlog() const { return queuedBytes + socket->bytesToWrite(); }
};

} // namespace pulsemap
