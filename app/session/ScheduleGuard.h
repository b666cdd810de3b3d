#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace cc {

class CheckerController;
class Clock;
class NetworkWatcher;
class SleepWatcher;
class SystemHold;

// Keeps a checker's schedule from running while the machine sleeps or is offline: logind's
// PrepareForSleep and QNetworkInformation feed a SystemHold, whose hold and release go to the
// checker. GUI-free: the desktop session and --headless both use it.
class ScheduleGuard : public QObject
{
    Q_OBJECT
public:
    // `watchSystem` false: no system bus or network backend is touched (tests drive hold()).
    explicit ScheduleGuard(Clock *clock = nullptr, bool watchSystem = true, QObject *parent = nullptr);

    SystemHold *hold() const { return m_hold; }
    // The checker to hold; a new one (settings applied) is held at once if the system is.
    void setController(CheckerController *controller);
    // What could not be watched and why, one line each (for the log).
    QStringList limitations() const { return m_limitations; }

private:
    SystemHold *m_hold;
    SleepWatcher *m_sleep = nullptr;
    NetworkWatcher *m_network = nullptr;
    QPointer<CheckerController> m_controller;
    QStringList m_limitations;
};

} // namespace cc
