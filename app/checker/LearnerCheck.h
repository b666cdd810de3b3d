#pragma once

#include "CompletionRule.h"
#include "EngineSettings.h"
#include "base/CheckedLearner.h"
#include "base/ErrorEntry.h"
#include "base/LearnerRecord.h"
#include "base/ServiceError.h"

#include <QJsonObject>
#include <QObject>

namespace cc {

class AppwriteClient;
class Clock;
class GraphyClient;

// Checks one learner: asks Graphy, applies the completion rule, and writes — the certificate event
// first (deterministic ID; 409 means already recorded), the learner second (docs/ARCHITECTURE.md,
// "Invariants"). If the
// learner update fails the learner stays enrolled, the next run sees the completion again, the event
// create answers 409 and the update is retried: nothing lost, nothing certified twice.
// A learner found complete is read again just before the event write and goes on only if it is
// unchanged (status, course); every learner update is conditional on the `$updatedAt` read
// (X-Appwrite-Timestamp), so a learner changed by an operator or another machine meanwhile is
// skipped, never overwritten, and checked again next run. A learner who is not enrolled is never
// written unless an operator confirmed it (setCertifyNotEnrolled) and Graphy says complete.
// A dry run stops before the first write and reports what it would have written.
class LearnerCheck : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        AppwriteClient *appwrite = nullptr;
        GraphyClient *graphy = nullptr;
        const Clock *clock = nullptr;
    };

    LearnerCheck(const Services &services, const EngineSettings &settings, const LearnerRecord &learner,
                 qint64 runId, bool dryRun, QObject *parent = nullptr);

    // The operator confirmed: certify this learner although its status is not the enrolled value.
    void setCertifyNotEnrolled(bool certify) { m_certifyNotEnrolled = certify; }
    void start();

    const QString &learnerId() const { return m_learner.id; }
    // What the check found, once finished: the learner as Appwrite holds it after this check's
    // writes (as it was if nothing was written) and the check's result.
    const CheckedLearner &checked() const { return m_checked; }
    const CheckResult &result() const { return m_result; }
    const QList<ErrorEntry> &errors() const { return m_errors; }
    // The event document and the learner patch written (or, in a dry run, that would be written).
    const QJsonObject &writes() const { return m_writes; }
    // Graphy's course object for this learner's course, as Graphy sent it (empty if none).
    const QJsonObject &graphyCourse() const { return m_graphyCourse; }
    // Ended without a verdict because the service was paused (circuit open) or the run was stopped:
    // not a learner error, and not counted as processed.
    bool interrupted() const { return m_interrupted; }
    // Why this completion was not written without an operator's confirmation (empty if it needs none).
    const QString &confirmationNeeded() const { return m_confirmationNeeded; }

signals:
    void finished(cc::LearnerCheck *check);

private:
    void onGraphyAnswer(const GraphyLearner &learner);
    bool holdsNotEnrolled();
    void reReadThenWrite();
    void planEvent();
    void planLearnerUpdate(const QJsonObject &patch);
    void createEvent();
    void onEventExisted();
    // The event under our ID exists: its first-seen time is the completion's, and it is not rewritten.
    void noteExistingEvent(const QJsonObject &event);
    void updateLearner();
    void fail(const ServiceError &error, const QString &what);
    void finish(LearnerOutcome outcome, const QString &detail);
    QJsonObject eventData() const;
    QJsonObject learnerPatch() const;

    Services m_services;
    EngineSettings m_settings;
    LearnerRecord m_learner;
    LearnerRecord m_planned; // the learner as the learner update will leave it
    bool m_dryRun;
    CheckResult m_result;
    CheckedLearner m_checked;
    CompletionVerdict m_verdict;
    QDateTime m_seenAt;
    QJsonObject m_writes;
    QJsonObject m_graphyCourse;
    QList<ErrorEntry> m_errors;
    bool m_interrupted = false;
    bool m_eventExisted = false;
    bool m_certifyNotEnrolled = false;
    QString m_confirmationNeeded;
    QDateTime m_unchangedSince; // the `$updatedAt` the learner update is conditional on
};

} // namespace cc
