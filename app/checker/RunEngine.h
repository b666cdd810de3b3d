#pragma once

#include "EngineSettings.h"
#include "LearnerCheck.h"
#include "base/CheckedLearner.h"
#include "base/ErrorEntry.h"
#include "base/RunRecord.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <deque>

class QTimer;

namespace cc {

class EnrolledLearnerPager;
class LearnerLocks;

// One run of the checker (docs/ARCHITECTURE.md, "One run's data flow"): pages through enrolled learners
// least-recently-checked first, checks them with bounded concurrency, visits each at most once, and ends —
// normally, on its deadline (stops taking learners, finishes what is in flight: partial), when a service's
// circuit breaker opens (partial, says which), or on request.
class RunEngine : public QObject
{
    Q_OBJECT
public:
    RunEngine(const LearnerCheck::Services &services, const EngineSettings &settings, LearnerLocks *locks,
              QObject *parent = nullptr);
    ~RunEngine() override;

    // `run` carries id, trigger and batch size; the engine fills in the rest.
    // Learners whose checks keep failing: checked after every other listed learner, so a few that
    // always fail (and are listed first, their check time never moving) cannot starve the rest.
    void setHeldBack(const QSet<QString> &learnerIds) { m_holdBack = learnerIds; }
    void start(const RunRecord &run);
    // Stop taking learners; in-flight checks finish (their requests may be aborted by the caller).
    void requestStop(const QString &reason);
    bool isRunning() const { return m_running; }
    const RunRecord &record() const { return m_run; }
    int inFlight() const { return static_cast<int>(m_checks.size()); }

signals:
    void learnerChecked(const cc::CheckedLearner &checked, const QList<cc::ErrorEntry> &errors);
    void runError(const cc::ErrorEntry &error); // not about one learner (e.g. listing failed)
    void finished(const cc::RunRecord &run);

private:
    void onLearnersReady(const QList<LearnerRecord> &learners);
    void onListingFailed(const ServiceError &error);
    void onCheckFinished(LearnerCheck *check);
    void onLockReleased(const QString &learnerId);
    void pump();
    void stopTaking(const QString &reason, RunState state);
    void maybeFinish();
    void countTotal();

    LearnerCheck::Services m_services;
    EngineSettings m_settings;
    LearnerLocks *m_locks;
    RunRecord m_run;
    bool m_running = false;
    bool m_accepting = false;
    RunState m_endState = RunState::Finished;
    QPointer<EnrolledLearnerPager> m_pager;
    QTimer *m_deadline;
    std::deque<LearnerRecord> m_queue;
    QList<LearnerRecord> m_deferred; // locked by a manual check when their turn came
    QSet<QString> m_visited;
    QSet<QString> m_holdBack;
    QList<LearnerRecord> m_heldBack; // listed, waiting for the listing to end
    QSet<LearnerCheck *> m_checks;
};

} // namespace cc
