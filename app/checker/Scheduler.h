#pragma once

#include "Schedule.h"
#include "base/Clock.h"
#include "base/RunRecord.h"

#include <QDateTime>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace cc {

// Decides when checker runs happen. It does not run anything itself: it emits runDue() and is
// told by the run engine when a run starts and finishes, so it always knows whether a run is in
// progress and never lets two overlap.
//
// Time comes from the injected Clock. A single-shot timer (real time) calls tick() when the next
// run is due, capped at kMaxTimerMs so a wall-clock change is noticed without polling; tests
// drive tick() directly after moving a ManualClock.
//
// Slots and the "last slot evaluated" watermark:
//  - lastSlotEvaluated() is a watermark: every slot at or before it has been dealt with (run,
//    skipped or folded into a catch-up). The app stores it and restores it with
//    setLastSlotEvaluated() before start(), so slots missed while the app was not running are
//    noticed. Without a restored value the watermark starts at "now": nothing is missed.
//  - At each evaluation the slots after the watermark and at or before now are looked at:
//      none                   -> nothing to do;
//      exactly one, due       -> runDue(Schedule, slot) (runDue(CatchUp, slot) if the scheduler
//                                was not watching when it came due: at start() or resume());
//      more than one          -> ONE runDue(CatchUp, latest slot), at once (no jitter); missed
//                                slots are never replayed.
//    A slot that comes due while a run is in progress is not queued: runSkipped() is emitted.
//  - A slot is due at slot + its start jitter (random in [0, max), at most half the gap to the
//    following slot so jitter never reorders slots).
//  - If now is before the watermark the wall clock went back: the watermark is reset to now and
//    the next slot computed from there (no burst of runs, no stall until the old time returns).
//  - Paused: nothing runs and the timer is off. resume() evaluates at once; if a slot came due
//    while paused, one catch-up run is requested (the user paused the schedule, not the need for
//    fresh data, and one run is cheap); slots are never replayed.
//  - setSchedule() while started moves the watermark to now: slots of the new schedule in the past
//    were never "missed", and changing the schedule should not fire a run.
class Scheduler : public QObject
{
    Q_OBJECT
public:
    // Longest the timer sleeps before re-reading the clock. Bounds how late a run can be after a
    // wall-clock jump forward while costing one wake-up a minute at most.
    static constexpr qint64 kMaxTimerMs = 60 * 1000;

    // `clock` must outlive the scheduler; null means SystemClock::instance().
    explicit Scheduler(Clock *clock, QObject *parent = nullptr);

    void setSchedule(const Schedule &schedule);
    Schedule schedule() const { return m_schedule; }

    // A run starts at slot + random [0, maxMs). Spreads many installations' load on the APIs.
    void setStartJitterMs(qint64 maxMs, quint32 seed = QRandomGenerator::system()->generate());
    qint64 startJitterMs() const { return m_jitterMaxMs; }

    void setLastSlotEvaluated(const QDateTime &slot);
    QDateTime lastSlotEvaluated() const { return m_watermark; }

    bool isStarted() const { return m_started; }
    bool isPaused() const { return m_paused; }
    // Held by the system, not the user: asleep, just woken, or no network. Like paused, except
    // that it is not the operator's choice, is not shown as "paused", and release() treats a slot
    // missed meanwhile like a wake (one catch-up run).
    bool isHeld() const { return m_held; }
    bool isRunInProgress() const { return m_activity != Activity::Idle; }

    // When the next scheduled run will be requested (slot + jitter), UTC. Valid whenever started,
    // not paused and a schedule is set; invalid otherwise.
    QDateTime nextRunAt() const;
    // The slot the next scheduled run belongs to (nextRunAt() without jitter).
    QDateTime nextSlot() const { return activeForTimer() ? m_nextSlot : QDateTime(); }
    // Interval the timer was last armed with, -1 when it is off. For tests and diagnostics.
    qint64 armedIntervalMs() const { return m_timer.isActive() ? m_armedMs : -1; }

public slots:
    void start();
    void stop();
    void pause();
    void resume();
    void hold();
    void release();
    // Asks for a manual run now. Refused (returns false, emits runNowRefused) while a run is in
    // progress. Works while stopped or paused: pausing the schedule must not stop a person from
    // checking by hand.
    bool runNow();
    // Re-evaluates against the clock. The timer calls it; tests call it after moving the clock.
    void tick();
    // The system woke from sleep: re-evaluate now (a sleep over several slots gives one catch-up).
    void notifyWake();
    // From the run engine. Started covers runs the scheduler did not ask for (command line);
    // finished must be called for every runDue(), even if the run was declined, else the
    // scheduler keeps thinking a run is in progress.
    void notifyRunStarted();
    void notifyRunFinished();

signals:
    void runDue(cc::RunTrigger trigger, const QDateTime &slot);
    void runSkipped(const QDateTime &slot, const QString &reason);
    void runNowRefused(const QString &reason);
    void nextRunChanged(const QDateTime &next);
    void pausedChanged(bool paused);
    void heldChanged(bool held);
    void lastSlotEvaluatedChanged(const QDateTime &slot);

private:
    enum class Activity { Idle, Requested, Running }; // Requested: runDue sent, not yet started
    enum class Context { Tick, Start, Resume };

    bool activeForTimer() const { return m_started && !m_paused && !m_held && m_schedule.isValid(); }
    void evaluate(Context context);
    // Pause/resume and hold/release: the operator's and the system's reasons not to run.
    void setStopFlag(bool &flag, bool on, void (Scheduler::*changed)(bool));
    void handleSlot(RunTrigger trigger, QDateTime slot); // by value: callers pass m_nextSlot
    void setWatermark(const QDateTime &slot);
    // Recomputes the next slot from the watermark and draws its jitter (publishNext() announces it).
    void updateNext(bool redrawJitter = false);
    qint64 drawJitter(const QDateTime &slot);
    void publishNext();
    void arm();

    Clock *m_clock;
    Schedule m_schedule;
    QTimer m_timer;
    qint64 m_armedMs = -1;
    bool m_started = false;
    bool m_paused = false;
    bool m_held = false;
    Activity m_activity = Activity::Idle;
    QDateTime m_watermark;
    QDateTime m_nextSlot;
    qint64 m_nextJitterMs = 0;
    QDateTime m_publishedNext; // last value sent with nextRunChanged
    qint64 m_jitterMaxMs = 0;
    QRandomGenerator m_rng;
};

} // namespace cc
