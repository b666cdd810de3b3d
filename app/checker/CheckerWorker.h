#pragma once

#include "EngineSettings.h"
#include "base/CheckResult.h"
#include "base/CheckedLearner.h"
#include "base/ErrorEntry.h"
#include "base/ErrorResolution.h"
#include "base/HealthReport.h"
#include "base/LearnerRecord.h"
#include "base/RunRecord.h"
#include "base/SchemaProvisionReport.h"
#include "base/SingleCheckReport.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace cc {

class CheckerServices;
class Clock;
class LearnerLocks;
class LocalStore;
class ResultBatcher;
class RunEngine;
class RunLedger;
class Scheduler;
class ServiceProbes;

// Where and how the worker keeps its local state and schedule.
struct WorkerOptions
{
    QString databasePath; // empty: no local database
    QString schedule = QStringLiteral("*/15 * * * *");
    int startJitterSeconds = 0;
    int historyMaxDays = 90;
    int historyMaxRows = 200000;
    qint64 flushIntervalMs = 500; // how often batched results go to the store and the UI
    // After the local database fails: first retry, doubling up to 5 min.
    qint64 storeRetryMs = 5000;
    // Who claims scheduled slots in the shared run ledger (RunLedger); empty: user@host.
    QString runHolder;
};

// The checker's home in its own QThread (docs/ARCHITECTURE.md, "Threads"). It hosts the parts —
// the services (CheckerServices), the schedule (Scheduler), one RunEngine at a time, manual checks
// (ManualCheck), the batcher of results (ResultBatcher) and the local store — and wires them; it does
// no checking of its own. Everyone else talks to it through queued calls and signals carrying value
// types (CheckerController::call()).
class CheckerWorker : public QObject
{
    Q_OBJECT
public:
    explicit CheckerWorker(Clock *clock = nullptr, QObject *parent = nullptr);
    ~CheckerWorker() override;

public slots:
    // Builds the clients and opens the store. Call once, in the worker thread, before anything else.
    void configure(const cc::EngineSettings &settings, const cc::WorkerOptions &options);
    void startSchedule();
    void pauseSchedule();
    void resumeSchedule();
    // A run now (refused with runRefused while one is going). batchSize <= 0: the configured one.
    void runNow(cc::RunTrigger trigger, int batchSize);
    // Stop the current run: no new learners, in-flight requests aborted.
    void stopRun(const QString &reason);
    // One learner by document ID, or every learner with that e-mail.
    void checkLearner(const QString &idOrEmail, bool dryRun, quint64 requestId, bool certifyNotEnrolled);
    void checkHealth();
    // Creates the collections, fields and indexes the checker needs that are missing (a dry run
    // only lists them); never changes what exists. Answers with schemaProvisioned().
    void provisionSchema(bool dryRun);
    // Compares the schema with what the checker needs, changing nothing (--verify-schema).
    void verifySchema();
    // The health check with settings being edited (the settings dialog's "Test connection"):
    // temporary clients, nothing else changes. Answers with connectionTested().
    void testConnection(const cc::EngineSettings &settings);
    // Sends what the local store holds (learners with their latest checks in chunks, recent runs,
    // the error log), so a window opens with data before the network answers.
    void loadState();
    void clearErrors();
    // The system, not the operator, stops the schedule for a while (going to sleep, no network):
    // a run in progress stops with `reason` (its learners keep their place), no slot fires until
    // releaseSchedule(), which runs one catch-up if a slot was missed meanwhile.
    void holdSchedule(const QString &reason);
    void releaseSchedule();
    // Stops everything within a bounded time, flushes the store, then emits shutDownComplete().
    void shutdown();

signals:
    void configured(bool storeOk, const QString &storeMessage);
    void runStarted(const cc::RunRecord &run);
    void runProgress(const cc::RunRecord &run);
    void runFinished(const cc::RunRecord &run);
    void runRefused(const QString &reason);
    void runSkipped(const QDateTime &slot, const QString &reason);
    // Learners just checked (by a run or by hand, dry runs included), with their check; batched.
    void learnersChecked(const QList<cc::CheckedLearner> &checked);
    // From loadState(): chunks of the cached learners; `last` marks the final chunk.
    void learnersLoaded(const QList<cc::CheckedLearner> &learners, bool last);
    void runsLoaded(const QList<cc::RunRecord> &runs);
    void errorsLoaded(const QList<cc::ErrorEntry> &errors);
    void errorsCleared();
    void connectionTested(const cc::HealthReport &report);
    void errorsLogged(const QList<cc::ErrorEntry> &errors);
    // Open errors a later success resolved (ErrorResolution); the store has them resolved too.
    void errorsResolved(const cc::ErrorResolution &resolution);
    void healthChecked(const cc::HealthReport &report);
    void schemaProvisioned(const cc::SchemaProvisionReport &report);
    void singleCheckFinished(const cc::SingleCheckReport &report);
    void scheduleChanged(const QDateTime &nextRun, bool paused);
    // Why the system holds the schedule (holdSchedule()); empty when released.
    void scheduleHeld(const QString &reason);
    void serviceStateChanged(const QString &service, const QString &breakerState);
    // The Appwrite API family changed after a server's answer (once per change; says why).
    void appwriteApiChanged(const QString &description);
    void storeProblem(const QString &message);
    // Learners whose last kStuckAfterFailures checks all failed (after loadState and each run).
    void stuckLearnersChanged(const QStringList &learnerIds);
    // The local database works again (after storeProblem); the history kept meanwhile is saved.
    void storeRecovered();
    void shutDownComplete();

public:
    // A learner whose checks failed this many times in a row is "stuck": listed for operators and
    // checked after the rest in each run.
    static constexpr int kStuckAfterFailures = 3;

private:
    void startRun(RunTrigger trigger, int batchSize);
    // A scheduled slot: claimed in the run ledger first, run only if this machine has it.
    void claimAndRun(RunTrigger trigger, const QDateTime &slot);
    void noteSkippedSlot(const QDateTime &slot, const QString &reason);
    QStringList stuckLearners();
    void onRunFinished(const RunRecord &finished);
    // The run's figures with each service's current pace (RunRecord::graphyPace).
    RunRecord withPace(RunRecord run) const;
    void storeFailed(const QString &what);
    void scheduleStoreRetry();
    void retryStore();
    bool openStore();

    Clock *m_clock;
    EngineSettings m_settings;
    WorkerOptions m_options;
    QNetworkAccessManager *m_nam = nullptr;
    CheckerServices *m_services = nullptr;
    ServiceProbes *m_probes;
    LearnerLocks *m_locks = nullptr;
    Scheduler *m_scheduler = nullptr;
    ResultBatcher *m_batcher = nullptr;
    QPointer<RunEngine> m_run;
    RunLedger *m_ledger = nullptr;
    bool m_claiming = false; // a slot's claim is on its way: no other run may start meanwhile
    QString m_claimedRow;    // the ledger row of the run going, if it claimed one
    std::optional<ErrorEntry> m_claimProblem; // why the run going has no row (logged once it has an id)
    std::unique_ptr<LocalStore> m_store;
    bool m_storeOk = false;
    bool m_storeEverOpened = false;
    QString m_databasePath;
    QTimer *m_storeRetry = nullptr;
    qint64 m_storeRetryMs = 5000;
    qint64 m_storeRetryBaseMs = 5000;
    int m_historyMaxDays = 90;
    int m_historyMaxRows = 200000;
    bool m_shuttingDown = false;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::WorkerOptions)
