#pragma once

// Shared by the scheduler tests: a Scheduler on a ManualClock with spies on every signal. No real
// time passes: the clock is moved by hand and tick()/notifyWake() stand in for the timer.

#include "checker/Scheduler.h"
#include "support/ManualClock.h"

#include <QSignalSpy>
#include <QtTest>

namespace cc::test {

inline QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;

struct Rig
{
    explicit Rig(const QString &spec, const QString &start = QStringLiteral("2024-01-01T10:00:00Z"))
        : clock(utc(start)), scheduler(&clock)
    {
        scheduler.setSchedule(*Schedule::parse(spec));
    }
    ManualClock clock;
    Scheduler scheduler;
    QSignalSpy due{&scheduler, &Scheduler::runDue};
    QSignalSpy skipped{&scheduler, &Scheduler::runSkipped};
    QSignalSpy refused{&scheduler, &Scheduler::runNowRefused};
    QSignalSpy next{&scheduler, &Scheduler::nextRunChanged};
    QSignalSpy paused{&scheduler, &Scheduler::pausedChanged};
    QSignalSpy watermark{&scheduler, &Scheduler::lastSlotEvaluatedChanged};

    RunTrigger trigger(int i) const { return due.at(i).at(0).value<RunTrigger>(); }
    QDateTime slot(int i) const { return due.at(i).at(1).toDateTime(); }
    // Moves the clock to the next run and lets the scheduler see it.
    void advanceToNextRun()
    {
        clock.advance(clock.now().msecsTo(scheduler.nextRunAt()));
        scheduler.tick();
    }
    // What the run engine does with a runDue: start, and (later) finish.
    void runAndFinish()
    {
        scheduler.notifyRunStarted();
        scheduler.notifyRunFinished();
    }
};

} // namespace cc::test
