// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "alerts/alert_engine.h"
#include "alerts/alert_notice.h"
#include "core/clock.h"
#include "event_source.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace pulsemap {

class DesktopNotifier;

// The app's alerts (docs/alerts.md): rules set in the window and saved (QSettings "alerts/rules"), evaluated
// by an AlertEngine on the batches of the current source and on it being live or not. Every change is logged
// (newest first, the last kLogSize), shown as a desktop notification over the freedesktop service and, when
// that service is absent, in the window (the banner's notice stays longer). The banner (AlertBanner.qml)
// shows what is firing.
// Threading: GUI thread only, like the sources it listens to.
class AlertCenter : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(pulsemap::EventSource *source READ source WRITE setSource NOTIFY sourceChanged FINAL)
    Q_PROPERTY(QStringList rules READ rules NOTIFY rulesChanged FINAL)
    Q_PROPERTY(QStringList firing READ firing NOTIFY firingChanged FINAL)
    // The burst and quiet rules (not source-down ones) with their firing state, for the trend charts' threshold
    // lines: [rateRuleEntry], in rule order (threshold_lines.h).
    Q_PROPERTY(QVariantList rateRules READ rateRules NOTIFY rateRulesChanged FINAL)
    // The latest change of state, for a toast; empty when none is recent.
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged FINAL)
    Q_PROPERTY(QStringList log READ log NOTIFY logChanged FINAL)
    Q_PROPERTY(bool desktopNotifications READ desktopNotifications NOTIFY desktopNotificationsChanged FINAL)

public:
    static constexpr int kLogSize = 100;
    static constexpr int kNoticeMs = 8000;       // a toast, when the desktop shows notifications too
    static constexpr int kInAppNoticeMs = 20000; // the in-app fallback stays longer

    explicit AlertCenter(QObject *parent = nullptr);
    // For tests: an injected clock and a tick interval.
    AlertCenter(Clock clock, int tickMs, QObject *parent = nullptr);
    ~AlertCenter() override;

    // Rules for this run only, instead of the saved ones (the app's --alert options); call before QML loads.
    static void setSessionRules(const QStringList &rules);

    [[nodiscard]] EventSource *source() const { return m_source; }
    void setSource(EventSource *source);
    [[nodiscard]] QStringList rules() const { return m_ruleTexts; }
    [[nodiscard]] QStringList firing() const { return m_firing; }
    [[nodiscard]] QVariantList rateRules() const;
    [[nodiscard]] QString notice() const { return m_notice; }
    [[nodiscard]] QStringList log() const { return m_log; }
    [[nodiscard]] bool desktopNotifications() const;

    // Adds a rule (saved); the error that makes it unusable, or an empty string.
    Q_INVOKABLE QString addRule(const QString &text);
    Q_INVOKABLE void removeRule(int index);
    // Evaluates now (also done on every batch and on a timer).
    Q_INVOKABLE void evaluate();

signals:
    void sourceChanged();
    void rulesChanged();
    void firingChanged();
    void rateRulesChanged();
    void noticeChanged();
    void logChanged();
    void desktopNotificationsChanged();
    void alertChanged(const QString &rule, bool firing, const QString &text);

private:
    void load(const QStringList &texts);
    void save() const;
    void rebuild();
    void announce(const AlertNotice &notice);

    Clock m_clock;
    QPointer<EventSource> m_source;
    QStringList m_ruleTexts;
    std::vector<AlertRule> m_rules;
    std::unique_ptr<AlertEngine> m_engine;
    std::unique_ptr<DesktopNotifier> m_notifier;
    QStringList m_firing;
    QString m_notice;
    QStringList m_log;
    QTimer m_tick;
    QTimer m_noticeTimer;
    bool m_sessionRules = false;
};

} // namespace pulsemap
