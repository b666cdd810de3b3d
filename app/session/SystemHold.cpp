#include "SystemHold.h"

#include "base/Clock.h"

#include <algorithm>

namespace cc {

SystemHold::SystemHold(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : SystemClock::instance())
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SystemHold::tick);
}

QString SystemHold::reason() const
{
    switch (m_phase) {
    case Phase::Active:
        return {};
    case Phase::Asleep:
        return tr("the system is going to sleep");
    case Phase::Offline:
        return tr("no network connection; checks resume when it is back");
    case Phase::WakeGrace:
        return tr("the system woke up; checks resume in a few seconds");
    case Phase::ReconnectGrace:
        return tr("the network is back; checks resume in a few seconds");
    }
    return {};
}

void SystemHold::prepareForSleep(bool goingToSleep)
{
    if (goingToSleep == m_asleep)
        return;
    m_asleep = goingToSleep;
    if (goingToSleep) {
        m_graceEndsMs = -1;
    } else {
        m_graceAfterWake = true;
        m_graceEndsMs = m_clock->monotonicMs() + m_wakeGraceMs;
    }
    update();
}

void SystemHold::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    if (online) {
        const qint64 until = m_clock->monotonicMs() + m_reconnectGraceMs;
        // A reconnect inside a wake's grace keeps the longer of the two.
        if (m_graceEndsMs < until) {
            m_graceAfterWake = m_graceAfterWake && m_graceEndsMs >= 0;
            m_graceEndsMs = until;
        }
    }
    update();
}

void SystemHold::tick()
{
    update();
}

void SystemHold::update()
{
    const qint64 now = m_clock->monotonicMs();
    if (m_graceEndsMs >= 0 && now >= m_graceEndsMs) {
        m_graceEndsMs = -1;
        m_graceAfterWake = false;
    }
    Phase phase = Phase::Active;
    if (m_asleep)
        phase = Phase::Asleep;
    else if (!m_online)
        phase = Phase::Offline;
    else if (m_graceEndsMs >= 0)
        phase = m_graceAfterWake ? Phase::WakeGrace : Phase::ReconnectGrace;

    arm();
    if (phase == m_phase)
        return;
    const bool wasGrace = inGrace();
    m_phase = phase;
    emit phaseChanged(phase);
    if (inGrace() != wasGrace)
        emit graceChanged(inGrace());
    if (phase == Phase::Active)
        emit released();
    else
        emit holdRequested(reason());
}

void SystemHold::arm()
{
    if (m_asleep || m_graceEndsMs < 0) {
        m_timer.stop();
        return;
    }
    const qint64 remaining = std::max<qint64>(0, m_graceEndsMs - m_clock->monotonicMs());
    m_timer.start(int(std::min<qint64>(remaining, 24LL * 3600 * 1000)));
}

} // namespace cc
