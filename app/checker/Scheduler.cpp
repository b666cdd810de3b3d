#include "Scheduler.h"

#include <algorithm>

namespace cc {

namespace {
const char *const kBusyReason = "a run was still in progress when the slot came due";
// Below this the timer uses CoarseTimer (5 % accuracy); above it VeryCoarseTimer (whole seconds),
// which lets the kernel batch wake-ups. An early wake-up just re-arms for the remainder.
constexpr qint64 kCoarseBelowMs = 10 * 1000;
} // namespace

Scheduler::Scheduler(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : SystemClock::instance()), m_timer(this),
      m_rng(QRandomGenerator::system()->generate())
{
    // The timer is a child so that moveToThread() on the scheduler takes the timer along.
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::tick);
}

void Scheduler::setSchedule(const Schedule &schedule)
{
    if (schedule == m_schedule)
        return;
    const bool hadSchedule = m_schedule.isValid();
    m_schedule = schedule;
    // A changed schedule starts counting from now: its past slots were never missed. Going from no
    // schedule to one keeps a restored watermark, so the order of set-up calls does not matter.
    if (m_started && hadSchedule)
        setWatermark(m_clock->now());
    updateNext(true);
    evaluate(Context::Start);
}

void Scheduler::setStartJitterMs(qint64 maxMs, quint32 seed)
{
    m_jitterMaxMs = std::max<qint64>(0, maxMs);
    m_rng.seed(seed);
    updateNext(true);
    publishNext();
    arm();
}

void Scheduler::setLastSlotEvaluated(const QDateTime &slot)
{
    setWatermark(slot.isValid() ? slot.toUTC() : QDateTime());
    updateNext(true);
    // Restored while running: slots since then passed unobserved, like at start.
    evaluate(Context::Start);
}

QDateTime Scheduler::nextRunAt() const
{
    return activeForTimer() && m_nextSlot.isValid() ? m_nextSlot.addMSecs(m_nextJitterMs) : QDateTime();
}

void Scheduler::start()
{
    if (m_started)
        return;
    m_started = true;
    evaluate(Context::Start);
}

void Scheduler::stop()
{
    m_started = false;
    publishNext();
    arm();
}

void Scheduler::pause()
{
    setStopFlag(m_paused, true, &Scheduler::pausedChanged);
}

void Scheduler::resume()
{
    setStopFlag(m_paused, false, &Scheduler::pausedChanged);
}

void Scheduler::setStopFlag(bool &flag, bool on, void (Scheduler::*changed)(bool))
{
    if (flag == on)
        return;
    flag = on;
    emit(this->*changed)(on);
    if (on) {
        publishNext();
        arm();
    } else {
        // Slots that came due meanwhile: one catch-up run, never a replay.
        evaluate(Context::Resume);
    }
}

bool Scheduler::runNow()
{
    if (m_activity != Activity::Idle) {
        emit runNowRefused(QStringLiteral("a run is already in progress"));
        return false;
    }
    m_activity = Activity::Requested;
    emit runDue(RunTrigger::Manual, m_clock->now());
    return true;
}

void Scheduler::tick()
{
    evaluate(Context::Tick);
}

void Scheduler::hold()
{
    setStopFlag(m_held, true, &Scheduler::heldChanged);
}

void Scheduler::release()
{
    setStopFlag(m_held, false, &Scheduler::heldChanged);
}

void Scheduler::notifyWake()
{
    evaluate(Context::Tick);
}

void Scheduler::notifyRunStarted()
{
    m_activity = Activity::Running;
}

void Scheduler::notifyRunFinished()
{
    // No evaluation here: a slot that came due during the run was already skipped by the timer,
    // and emitting runDue from inside the engine's "finished" handler would re-enter it.
    m_activity = Activity::Idle;
}

void Scheduler::evaluate(Context context)
{
    if (!activeForTimer()) {
        publishNext();
        arm();
        return;
    }
    const QDateTime now = m_clock->now();
    // No watermark yet: start counting now. Watermark in the future: the wall clock went back;
    // recompute from now rather than wait (a stall) for the old time to come round again.
    if (!m_watermark.isValid() || now < m_watermark) {
        setWatermark(now);
        updateNext();
    }
    if (m_nextSlot.isValid() && m_nextSlot <= now) {
        const QDateTime second = m_schedule.nextAfter(m_nextSlot);
        if (second.isValid() && second <= now) {
            // Several slots passed unobserved (sleep, clock jump, downtime): one catch-up run.
            handleSlot(RunTrigger::CatchUp, m_schedule.latestInRange(m_watermark, now));
        } else if (now >= m_nextSlot.addMSecs(m_nextJitterMs)) {
            handleSlot(context == Context::Tick ? RunTrigger::Schedule : RunTrigger::CatchUp, m_nextSlot);
        }
    }
    publishNext();
    arm();
}

void Scheduler::handleSlot(RunTrigger trigger, QDateTime slot)
{
    // Move past the slot before emitting, so a handler that reads nextRunAt() or calls back into
    // the scheduler sees the new state and the slot can never fire twice.
    setWatermark(slot);
    updateNext();
    if (m_activity != Activity::Idle) {
        emit runSkipped(slot, QString::fromLatin1(kBusyReason));
        return;
    }
    m_activity = Activity::Requested;
    emit runDue(trigger, slot);
}

void Scheduler::setWatermark(const QDateTime &slot)
{
    if (slot == m_watermark && slot.isValid() == m_watermark.isValid())
        return;
    m_watermark = slot;
    emit lastSlotEvaluatedChanged(slot);
}

void Scheduler::updateNext(bool redrawJitter)
{
    const QDateTime next =
        m_schedule.isValid() && m_watermark.isValid() ? m_schedule.nextAfter(m_watermark) : QDateTime();
    if (next == m_nextSlot && next.isValid() == m_nextSlot.isValid() && !redrawJitter)
        return;
    m_nextSlot = next;
    m_nextJitterMs = drawJitter(next);
}

qint64 Scheduler::drawJitter(const QDateTime &slot)
{
    if (m_jitterMaxMs <= 0 || !slot.isValid())
        return 0;
    qint64 jitter = qint64(m_rng.bounded(quint64(m_jitterMaxMs)));
    // Never past half the gap to the following slot: a jittered run must not reach the next slot.
    const QDateTime following = m_schedule.nextAfter(slot);
    if (following.isValid())
        jitter = std::min(jitter, std::max<qint64>(0, slot.msecsTo(following) / 2 - 1));
    return jitter;
}

void Scheduler::publishNext()
{
    const QDateTime next = nextRunAt();
    if (next == m_publishedNext && next.isValid() == m_publishedNext.isValid())
        return;
    m_publishedNext = next;
    emit nextRunChanged(next);
}

void Scheduler::arm()
{
    const QDateTime next = nextRunAt();
    if (!next.isValid()) {
        m_timer.stop();
        m_armedMs = -1;
        return;
    }
    // Real time may differ from the injected clock's; the cap makes sure the clock is re-read
    // at least once a minute, so a wall-clock jump is noticed without a polling loop.
    m_armedMs = std::clamp<qint64>(m_clock->now().msecsTo(next), 0, kMaxTimerMs);
    m_timer.setTimerType(m_armedMs < kCoarseBelowMs ? Qt::CoarseTimer : Qt::VeryCoarseTimer);
    m_timer.start(int(m_armedMs));
}

} // namespace cc
