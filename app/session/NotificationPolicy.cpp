#include "NotificationPolicy.h"

#include "base/Clock.h"

#include <algorithm>

namespace cc {

QString notificationKindName(DesktopNotification::Kind kind)
{
    switch (kind) {
    case DesktopNotification::Kind::Completions:
        return QStringLiteral("completions");
    case DesktopNotification::Kind::ServiceDown:
        return QStringLiteral("service_down");
    case DesktopNotification::Kind::ServiceRecovered:
        return QStringLiteral("service_recovered");
    case DesktopNotification::Kind::CredentialsRefused:
        return QStringLiteral("credentials_refused");
    case DesktopNotification::Kind::ScheduleFailing:
        return QStringLiteral("schedule_failing");
    case DesktopNotification::Kind::ScheduleRecovered:
        return QStringLiteral("schedule_recovered");
    case DesktopNotification::Kind::Hint:
        return QStringLiteral("hint");
    }
    return {};
}

NotificationPolicy::NotificationPolicy(const Clock *clock) : m_clock(clock) {}

QList<DesktopNotification> NotificationPolicy::runFinished(const RunRecord &run, bool judgeSchedule)
{
    QList<DesktopNotification> out;
    if (run.state == RunState::Skipped)
        return out;
    completionsFrom(run, &out);
    if (judgeSchedule)
        scheduleHealthFrom(run, &out);
    return out;
}

qint64 NotificationPolicy::completionsDueInMs() const
{
    if (m_pendingCompleted == 0)
        return -1;
    if (m_lastCompletionMs < 0)
        return 0;
    return std::max<qint64>(0, m_lastCompletionMs + kCompletionGapMs - m_clock->monotonicMs());
}

QList<DesktopNotification> NotificationPolicy::flushCompletions()
{
    QList<DesktopNotification> out;
    completionsFrom(RunRecord(), &out);
    return out;
}

DesktopNotification NotificationPolicy::completionsSummary() const
{
    DesktopNotification n;
    n.kind = DesktopNotification::Kind::Completions;
    n.target = DesktopNotification::Target::Learners;
    n.title = m_pendingCompleted == 1 ? QStringLiteral("1 learner completed")
                                      : QStringLiteral("%1 learners completed").arg(m_pendingCompleted);
    n.body = m_pendingRuns <= 1
                 ? QStringLiteral("A certificate event was written for each. Click to see the learners.")
                 : QStringLiteral("Found by the last %1 runs; a certificate event was written for each.")
                       .arg(m_pendingRuns);
    return n;
}

void NotificationPolicy::completionsFrom(const RunRecord &run, QList<DesktopNotification> *out)
{
    if (run.completed > 0) {
        m_pendingCompleted += run.completed;
        ++m_pendingRuns;
    }
    if (m_pendingCompleted == 0)
        return;
    const qint64 now = m_clock->monotonicMs();
    if (m_lastCompletionMs >= 0 && now - m_lastCompletionMs < kCompletionGapMs)
        return; // kept for the next summary
    const QList<DesktopNotification> shown = emitIfAllowed(completionsSummary());
    // Counted as told even when the burst limit held it back: the window shows the figures.
    m_lastCompletionMs = now;
    m_pendingCompleted = 0;
    m_pendingRuns = 0;
    *out += shown;
}

void NotificationPolicy::scheduleHealthFrom(const RunRecord &run, QList<DesktopNotification> *out)
{
    const bool failed = run.state == RunState::Failed || run.serviceUnavailable;
    const bool succeeded = !failed && run.state == RunState::Finished;
    if (!failed && !succeeded)
        return; // stopped on request or by its deadline: says nothing either way
    if (succeeded) {
        m_failedInARow = 0;
        if (m_failingTold) {
            m_failingTold = false;
            DesktopNotification n;
            n.kind = DesktopNotification::Kind::ScheduleRecovered;
            n.target = DesktopNotification::Target::BatchStats;
            n.title = QStringLiteral("Checker runs are succeeding again");
            n.body = QStringLiteral("The last run checked %1 learners.").arg(run.processed);
            *out += emitIfAllowed(n);
        }
        return;
    }
    if (++m_failedInARow != kScheduleFailingRuns)
        return;
    m_failingTold = true;
    DesktopNotification n;
    n.kind = DesktopNotification::Kind::ScheduleFailing;
    n.severity = DesktopNotification::Severity::Critical;
    n.target = DesktopNotification::Target::BatchStats;
    n.title = QStringLiteral("%1 checker runs in a row failed").arg(m_failedInARow);
    n.body = run.endReason.isEmpty()
                 ? QStringLiteral("Completions are not being checked. Click for the runs.")
                 : run.endReason;
    *out += emitIfAllowed(n);
}

QList<DesktopNotification> NotificationPolicy::serviceChanged(const ServiceTransition &change)
{
    const QString name = serviceDisplayName(change.service);
    Outage &outage = m_outages[change.service];
    const qint64 now = m_clock->monotonicMs();
    DesktopNotification n;
    n.target = DesktopNotification::Target::Health;
    if (outage.told && outage.toldCondition == change.to)
        return {}; // seen afresh (after a wake or reset), but it is the outage already told
    switch (change.to) {
    case ServiceCondition::Unknown:
        return {};
    case ServiceCondition::Up:
        if (!outage.told)
            return {};
        outage.told = false;
        n.kind = DesktopNotification::Kind::ServiceRecovered;
        n.title = QStringLiteral("%1 is reachable again").arg(name);
        n.body = QStringLiteral("Checks go on as scheduled.");
        return emitIfAllowed(n);
    case ServiceCondition::Unreachable:
        if (m_outagesSuppressed)
            return {};
        n.kind = DesktopNotification::Kind::ServiceDown;
        n.severity = DesktopNotification::Severity::Warning;
        n.title = QStringLiteral("%1 is unreachable").arg(name);
        n.body = (change.detail.isEmpty() ? QString() : change.detail + QStringLiteral("\n")) +
                 QStringLiteral("Runs end early while it is down; the next run tries again.");
        break;
    case ServiceCondition::CredentialsRefused:
        n.kind = DesktopNotification::Kind::CredentialsRefused;
        n.severity = DesktopNotification::Severity::Critical;
        n.target = DesktopNotification::Target::Settings;
        n.title = QStringLiteral("%1 refused the API key").arg(name);
        n.body = QStringLiteral("No learner is checked until the key is fixed. Click to open Settings.");
        break;
    }
    // A flapping service: told once per kOutageRepeatMs.
    if (outage.toldAtMs >= 0 && now - outage.toldAtMs < kOutageRepeatMs &&
        n.kind == DesktopNotification::Kind::ServiceDown)
        return {};
    const QList<DesktopNotification> shown = emitIfAllowed(n);
    if (!shown.isEmpty()) {
        outage.told = true;
        outage.toldCondition = change.to;
        outage.toldAtMs = now;
    }
    return shown;
}

QList<DesktopNotification> NotificationPolicy::emitIfAllowed(const DesktopNotification &n)
{
    if (!m_enabled)
        return {};
    const qint64 now = m_clock->monotonicMs();
    while (!m_recent.empty() && now - m_recent.front() >= kBurstWindowMs)
        m_recent.pop_front();
    if (int(m_recent.size()) >= kBurstLimit)
        return {};
    m_recent.push_back(now);
    return {n};
}

} // namespace cc
