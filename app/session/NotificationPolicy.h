#pragma once

#include "DesktopNotification.h"
#include "ServiceAvailability.h"
#include "base/RunRecord.h"

#include <QHash>
#include <QList>
#include <deque>

namespace cc {

class Clock;

// Decides which desktop notifications to show: on changes of state only, never one per learner
// or per failed request. Events go in, notifications come out; no Qt event loop, no display, so
// the policy is tested as a sequence of events (tests/session).
//
//  - A finished run with completions gives one summary ("7 learners completed"). Completions of
//    runs that end within kCompletionGapMs of the last summary are held back and told together
//    when the gap is over (flushCompletions(), at completionsDueInMs()).
//  - A service going down (unreachable, or refusing the key) is told once; its recovery is told
//    only if its outage was. The same service going down again within kOutageRepeatMs (a flapping
//    service) is not told again, nor is the same outage seen afresh (after a wake) before it was
//    told to be over.
//  - While outages are suppressed (the grace period after waking or reconnecting), a service
//    becoming unreachable is not told: the network is still coming up.
//  - kScheduleFailingRuns runs in a row that failed (or were cut short by an unavailable service)
//    give one notice; the first run that finishes after it gives one more. Runs stopped on request
//    (the operator, sleep, a settings change) are neither.
//  - At most kBurstLimit notifications in kBurstWindowMs, whatever their kind.
//  - Disabled: nothing is shown, but the state is still followed so enabling it later does not
//    announce old news.
class NotificationPolicy
{
public:
    static constexpr qint64 kCompletionGapMs = 60 * 1000;
    static constexpr qint64 kOutageRepeatMs = 10 * 60 * 1000;
    static constexpr int kScheduleFailingRuns = 3;
    static constexpr int kBurstLimit = 5;
    static constexpr qint64 kBurstWindowMs = 10 * 60 * 1000;

    explicit NotificationPolicy(const Clock *clock);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    void setOutagesSuppressed(bool suppressed) { m_outagesSuppressed = suppressed; }

    // `judgeSchedule` false: the run was stopped by the system (asleep, offline); only its
    // completions count.
    QList<DesktopNotification> runFinished(const RunRecord &run, bool judgeSchedule = true);
    // Milliseconds until held-back completions may be told (-1: none held back), and the summary
    // once they may.
    qint64 completionsDueInMs() const;
    QList<DesktopNotification> flushCompletions();
    QList<DesktopNotification> serviceChanged(const ServiceTransition &change);

private:
    struct Outage
    {
        bool told = false;
        ServiceCondition toldCondition = ServiceCondition::Unknown;
        qint64 toldAtMs = -1;
    };
    QList<DesktopNotification> emitIfAllowed(const DesktopNotification &n);
    void completionsFrom(const RunRecord &run, QList<DesktopNotification> *out);
    DesktopNotification completionsSummary() const;
    void scheduleHealthFrom(const RunRecord &run, QList<DesktopNotification> *out);

    const Clock *m_clock;
    bool m_enabled = true;
    bool m_outagesSuppressed = false;
    int m_pendingCompleted = 0;
    int m_pendingRuns = 0;
    qint64 m_lastCompletionMs = -1;
    int m_failedInARow = 0;
    bool m_failingTold = false;
    QHash<QString, Outage> m_outages;
    std::deque<qint64> m_recent; // when the last notifications were shown (monotonic ms)
};

} // namespace cc
