// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace pulsemap {

// What every source of live events shares (log tail, campaign replay, simulator, stream): start/stop,
// a state the app shows, and batches delivered on the GUI thread at most about once per frame.
// Sources never touch the UI; parsing and I/O that could stall run on their own threads.
//
// Threading: the EventSource object, its signals and start()/stop() belong to the GUI thread; a source's
// worker threads hand their results over (queued signals, or a queue the GUI thread polls), never by
// calling sinks directly.
class EventSource : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Sources are built by the application")
    Q_PROPERTY(QString name READ name CONSTANT FINAL)
    Q_PROPERTY(State state READ state NOTIFY stateChanged FINAL)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged FINAL)
    Q_PROPERTY(int viewers READ viewers NOTIFY viewersChanged FINAL)
    Q_PROPERTY(QString alertText READ alertText NOTIFY alertChanged FINAL)

public:
    enum class State { Idle, Connecting, Live, Reconnecting, Finished, Failed };
    Q_ENUM(State)

    explicit EventSource(QString name, QObject *parent = nullptr) : QObject(parent), m_name(std::move(name)) {}

    virtual void start() = 0;
    virtual void stop() = 0;

    [[nodiscard]] QString name() const { return m_name; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString statusText() const { return m_statusText; }
    // How many displays watch the same stream (a relay tells), -1 when unknown.
    [[nodiscard]] int viewers() const { return m_viewers; }
    // Non-empty while the source has been down longer than its alert threshold.
    [[nodiscard]] QString alertText() const { return m_alertText; }

signals:
    void batchReady(const pulsemap::EventBatch &batch);
    void stateChanged();
    void viewersChanged();
    void alertChanged();
    void errorOccurred(const QString &message);

protected:
    void setState(State state, const QString &statusText)
    {
        if (state == m_state && statusText == m_statusText) {
            return;
        }
        m_state = state;
        m_statusText = statusText;
        emit stateChanged();
    }

    void setViewers(int viewers)
    {
        if (viewers != m_viewers) {
            m_viewers = viewers;
            emit viewersChanged();
        }
    }
    void setAlertText(const QString &text)
    {
        if (text != m_alertText) {
            m_alertText = text;
            emit alertChanged();
        }
    }

private:
    QString m_name;
    int m_viewers = -1;
    QString m_alertText;
    State m_state = State::Idle;
    QString m_statusText;
};

} // namespace pulsemap
