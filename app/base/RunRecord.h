#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <optional>

namespace cc {

enum class RunTrigger { Schedule, Manual, CatchUp, CommandLine };
enum class RunState {
    Running,     // in progress (a stored run left in this state after a crash becomes Interrupted)
    Finished,    // visited every enrolled learner it could see
    Partial,     // stopped early: deadline, circuit breaker open, or stop requested
    Failed,      // could not list learners at all
    Skipped,     // a scheduled slot came while another run was going
    Interrupted, // the process died during the run
};

QString triggerName(RunTrigger trigger);
std::optional<RunTrigger> triggerFromName(const QString &name);
QString runStateName(RunState state);
std::optional<RunState> runStateFromName(const QString &name);

// One run of the checker with its figures.
struct RunRecord
{
    qint64 id = 0; // local database id; 0 until stored
    RunTrigger trigger = RunTrigger::Schedule;
    RunState state = RunState::Running;
    QDateTime startedAt;
    QDateTime finishedAt; // invalid while running
    int batchSize = 50;
    int total = -1; // enrolled learners at the start as Appwrite counted them (capped at 5000); -1 unknown
    int processed = 0;
    int completed = 0;
    int alreadyRecorded = 0;
    int inProgress = 0;
    int notFound = 0; // unknown to Graphy or not in the course
    int errors = 0;
    QString endReason; // why a run ended early or failed; empty for a normal finish
    // The run ended early because a service was unreachable or refused the credentials (exit code
    // 3 of --once). Derived at the end of a run; not stored.
    bool serviceUnavailable = false;
    // With serviceUnavailable: which service ("appwrite", "graphy") and whether it refused the
    // credentials (else it was unreachable). For the tray and notifications; not stored.
    QString unavailableService;
    bool credentialsRefused = false;
    // The pace each service was held to as of this report, and why ("38/s — held back after a 429 at
    // 41/s"); set by the worker on progress and at the end. Not stored.
    QString graphyPace;
    QString appwritePace;

    qint64 durationMs() const
    {
        return startedAt.isValid() && finishedAt.isValid() ? startedAt.msecsTo(finishedAt) : 0;
    }
};

} // namespace cc

Q_DECLARE_METATYPE(cc::RunRecord)
