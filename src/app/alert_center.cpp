// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "alert_center.h"

#include "desktop_notifier.h"
#include "threshold_lines.h"

#include <QDateTime>
#include <QSettings>

#include <algorithm>

namespace pulsemap {

namespace {

const QString kRulesKey = QStringLiteral("alerts/rules");
constexpr int kTickMs = 250;

QStringList &sessionRules()
{
    static QStringList rules;
    return rules;
}
bool &sessionRulesSet()
{
    static bool set = false;
    return set;
}

} // namespace

void AlertCenter::setSessionRules(const QStringList &rules)
{
    sessionRules() = rules;
    sessionRulesSet() = true;
}

AlertCenter::AlertCenter(QObject *parent) : AlertCenter(Clock(), kTickMs, parent) {}

AlertCenter::AlertCenter(Clock clock, int tickMs, QObject *parent)
    : QObject(parent), m_clock(orSystemClock(std::move(clock))), m_notifier(std::make_unique<DesktopNotifier>())
{
    connect(m_notifier.get(), &DesktopNotifier::unavailable, this, [this](const QString &reason) {
        qInfo("pulsemap: desktop notifications unavailable (%s): alerts are shown in the window", qPrintable(reason));
        emit desktopNotificationsChanged();
    });
    m_noticeTimer.setSingleShot(true);
    connect(&m_noticeTimer, &QTimer::timeout, this, [this] {
        m_notice.clear();
        emit noticeChanged();
    });
    connect(&m_tick, &QTimer::timeout, this, &AlertCenter::evaluate);
    m_tick.setInterval(tickMs);
    m_sessionRules = sessionRulesSet();
    load(m_sessionRules ? sessionRules() : QSettings().value(kRulesKey).toStringList());
}

AlertCenter::~AlertCenter() = default;

bool AlertCenter::desktopNotifications() const
{
    return m_notifier->available();
}

void AlertCenter::load(const QStringList &texts)
{
    m_ruleTexts.clear();
    m_rules.clear();
    for (const QString &text : texts) {
        Result<AlertRule> rule = parseAlertRule(text.toStdString());
        if (!rule) {
            qWarning("pulsemap: %s (ignored)", rule.message().c_str());
            continue;
        }
        m_ruleTexts << QString::fromStdString(rule->name + ": " + rule->condition());
        m_rules.push_back(std::move(*rule));
    }
    rebuild();
}

void AlertCenter::save() const
{
    if (!m_sessionRules) {
        QSettings().setValue(kRulesKey, m_ruleTexts);
    }
}

// A new engine for the new rule set: rules start over (low marks wait a window again), nothing is firing.
void AlertCenter::rebuild()
{
    m_engine = std::make_unique<AlertEngine>(m_rules, m_clock);
    if (m_source != nullptr) {
        m_engine->setSourceUp(m_source->state() == EventSource::State::Live);
    }
    if (!m_firing.isEmpty()) {
        m_firing.clear();
        emit firingChanged();
    }
    emit rateRulesChanged();
    if (m_rules.empty()) {
        m_tick.stop();
    } else {
        m_tick.start();
    }
}

QVariantList AlertCenter::rateRules() const
{
    QVariantList rules;
    for (size_t i = 0; i < m_engine->rules().size(); ++i) {
        if (m_engine->rules()[i].kind == AlertRule::Kind::Rate) {
            rules.append(rateRuleEntry(m_engine->rules()[i], m_engine->firing(i)));
        }
    }
    return rules;
}

void AlertCenter::setSource(EventSource *source)
{
    if (source == m_source) {
        return;
    }
    if (m_source != nullptr) {
        m_source->disconnect(this);
    }
    m_source = source;
    if (source != nullptr) {
        connect(source, &EventSource::batchReady, this, [this](const EventBatch &batch) {
            for (const Event &event : batch.events()) {
                m_engine->count(batch.typeName(event));
            }
            evaluate();
        });
        connect(source, &EventSource::stateChanged, this,
                [this] { m_engine->setSourceUp(m_source->state() == EventSource::State::Live); });
        m_engine->setSourceUp(source->state() == EventSource::State::Live);
    }
    emit sourceChanged();
}

QString AlertCenter::addRule(const QString &text)
{
    Result<AlertRule> rule = parseAlertRule(text.toStdString());
    if (!rule) {
        return QString::fromStdString(rule.message());
    }
    for (const AlertRule &other : m_rules) {
        if (other.name == rule->name) {
            return QStringLiteral("another rule is already named %1").arg(QString::fromStdString(rule->name));
        }
    }
    QStringList texts = m_ruleTexts;
    texts << text;
    load(texts);
    save();
    emit rulesChanged();
    return {};
}

void AlertCenter::removeRule(int index)
{
    if (index < 0 || index >= m_ruleTexts.size()) {
        return;
    }
    QStringList texts = m_ruleTexts;
    texts.removeAt(index);
    load(texts);
    save();
    emit rulesChanged();
}

void AlertCenter::evaluate()
{
    for (const AlertTransition &transition : m_engine->evaluate()) {
        announce(AlertNotice::from(m_engine->rules()[transition.rule], transition));
    }
}

void AlertCenter::announce(const AlertNotice &notice)
{
    m_firing.erase(std::remove_if(m_firing.begin(), m_firing.end(),
                                  [&](const QString &text) { return text.startsWith(notice.rule + ' '); }),
                   m_firing.end());
    if (notice.firing) {
        m_firing << notice.text;
    }
    emit firingChanged();
    emit rateRulesChanged();
    const QString time = QDateTime::fromMSecsSinceEpoch(notice.atMs).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    m_log.prepend(time + "  " + notice.text);
    if (m_log.size() > kLogSize) {
        m_log.removeLast();
    }
    emit logChanged();
    m_notifier->notify(QStringLiteral("Pulsemap alert: %1 %2").arg(notice.rule, notice.state()), notice.text,
                       notice.firing);
    m_notice = notice.text;
    m_noticeTimer.start(m_notifier->available() ? kNoticeMs : kInAppNoticeMs);
    emit noticeChanged();
    emit alertChanged(notice.rule, notice.firing, notice.text);
}

} // namespace pulsemap
