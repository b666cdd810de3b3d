#include "ScheduleGuard.h"

#include "NetworkWatcher.h"
#include "SleepWatcher.h"
#include "SystemHold.h"
#include "checker/CheckerController.h"

namespace cc {

ScheduleGuard::ScheduleGuard(Clock *clock, bool watchSystem, QObject *parent)
    : QObject(parent), m_hold(new SystemHold(clock, this))
{
    connect(m_hold, &SystemHold::holdRequested, this, [this](const QString &reason) {
        if (m_controller)
            m_controller->call(&CheckerWorker::holdSchedule, reason);
        else if (m_sleep && m_hold->phase() == SystemHold::Phase::Asleep)
            m_sleep->releaseDelayLock(); // no checker yet (welcome, settings): nothing to wait for
    });
    connect(m_hold, &SystemHold::released, this, [this] {
        if (m_controller)
            m_controller->call(&CheckerWorker::releaseSchedule);
    });
    if (!watchSystem)
        return;
    m_sleep = new SleepWatcher(this);
    if (m_sleep->isAvailable())
        connect(m_sleep, &SleepWatcher::prepareForSleep, m_hold, &SystemHold::prepareForSleep);
    else
        m_limitations
            << tr("sleep and wake are noticed from the clock only (%1)").arg(m_sleep->unavailableReason());
    m_network = new NetworkWatcher(this);
    if (m_network->isAvailable()) {
        m_hold->setOnline(m_network->isOnline());
        connect(m_network, &NetworkWatcher::onlineChanged, m_hold, &SystemHold::setOnline);
    } else {
        m_limitations << tr("network loss is not watched (no QNetworkInformation backend); failed requests "
                            "are retried as usual");
    }
}

void ScheduleGuard::setController(CheckerController *controller)
{
    m_controller = controller;
    if (!controller)
        return;
    if (m_sleep && m_sleep->isAvailable()) {
        // The worker has held the schedule and stopped its run: the machine may sleep now.
        connect(controller->worker(), &CheckerWorker::scheduleHeld, m_sleep, [this](const QString &reason) {
            if (!reason.isEmpty() && m_hold->phase() == SystemHold::Phase::Asleep)
                m_sleep->releaseDelayLock();
        });
    }
    if (m_hold->isHeld())
        controller->call(&CheckerWorker::holdSchedule, m_hold->reason());
}

} // namespace cc
