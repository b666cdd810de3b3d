#pragma once

#include "EngineSettings.h"
#include "base/CheckResult.h"
#include "base/ErrorEntry.h"
#include "base/HealthReport.h"
#include "base/LearnerRecord.h"
#include "base/LearnerRow.h"
#include "base/RunRecord.h"
#include "base/SingleCheckReport.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <memory>

class QNetworkAccessManager;
class QTimer;

namespace cc {

class AppwriteClient;
class Clock;
class GraphyClient;
class LearnerLocks;
class LocalStore;
class RunEngine;
class Scheduler;
class ServiceChannel;

// Where and how the worker keeps its local state and schedule.
struct WorkerOptions
{
    QString databasePath; // empty: no local database
    QString schedule = QStringLiteral("*/15 * * * *");
    int startJitterSeconds = 0;
    int historyMaxDays = 90;
    int historyMaxRows = 200000;
    qint64 flushIntervalMs = 500; // how often batched results go to the store and the UI
};

// The checker, living in its own QThread (DESIGN §4). It owns its network access manager, its
// timers and its database connection; everyone else talks to it through queued signals and slots
// carrying value types. Results are batched (flushIntervalMs) so a run of 100 000 learners sends
// a few hundred signals, not 100 000.
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
    void checkLearner(const QString &idOrEmail, bool dryRun, quint64 requestId);
    void checkHealth();
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
    void checksRecorded(const QList<cc::CheckResult> &results);
    // Learners whose row changed (after a check), with their latest check; batched.
    void learnerRowsChanged(const QList<cc::LearnerRow> &rows);
    // From loadState(): chunks of the cached learners; `last` marks the final chunk.
    void learnerRowsLoaded(const QList<cc::LearnerRow> &rows, bool last);
    void runsLoaded(const QList<cc::RunRecord> &runs);
    void errorsLoaded(const QList<cc::ErrorEntry> &errors);
    void errorsCleared();
    void connectionTested(const cc::HealthReport &report);
    void errorsLogged(const QList<cc::ErrorEntry> &errors);
    void healthChecked(const cc::HealthReport &report);
    void singleCheckFinished(const cc::SingleCheckReport &report);
    void scheduleChanged(const QDateTime &nextRun, bool paused);
    // Why the system holds the schedule (holdSchedule()); empty when released.
    void scheduleHeld(const QString &reason);
    void serviceStateChanged(const QString &service, const QString &breakerState);
    void storeProblem(const QString &message);
    void shutDownComplete();

private:
    void startRun(RunTrigger trigger, int batchSize);
    void onRunFinished(const RunRecord &run);
    void onLearnerChecked(const CheckResult &result, const QList<ErrorEntry> &errors);
    void logError(const ErrorEntry &error);
    void flush();
    void storeFailed(const QString &what);
    void runSingleChecks(quint64 requestId, const QString &query, bool dryRun,
                         const QList<LearnerRecord> &learners);
    // One learner of a manual check; waits for the run's lock on it if the run has it.
    void startSingleCheck(const LearnerRecord &learner, bool dryRun,
                          const std::shared_ptr<SingleCheckReport> &report,
                          const std::shared_ptr<int> &remaining);

    Clock *m_clock;
    EngineSettings m_settings;
    WorkerOptions m_options;
    QNetworkAccessManager *m_nam = nullptr;
    ServiceChannel *m_appwriteChannel = nullptr;
    ServiceChannel *m_graphyChannel = nullptr;
    AppwriteClient *m_appwrite = nullptr;
    GraphyClient *m_graphy = nullptr;
    LearnerLocks *m_locks = nullptr;
    Scheduler *m_scheduler = nullptr;
    QPointer<RunEngine> m_run;
    std::unique_ptr<LocalStore> m_store;
    bool m_storeOk = false;
    QTimer *m_flushTimer = nullptr;
    QList<CheckResult> m_pendingChecks;
    QList<ErrorEntry> m_pendingErrors;
    QList<LearnerRecord> m_pendingLearners;
    QHash<QString, CheckResult> m_pendingLatest; // newest real (non-dry-run) check per learner
    bool m_progressDirty = false;
    bool m_shuttingDown = false;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::WorkerOptions)
