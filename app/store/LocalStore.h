#pragma once

#include "AppStateRepository.h"
#include "CheckRepository.h"
#include "ErrorRepository.h"
#include "LearnerRepository.h"
#include "RunRepository.h"
#include "StoreConnection.h"
#include "base/CheckedLearner.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace cc {

class Clock;

// The local SQLite database: run history, per-learner checks, the error log, the learners cache
// and small app state. Each instance owns one connection and must be created, used and destroyed
// in one thread (the checker's worker has one, the GUI another). Every write is one transaction,
// so a kill at any moment leaves the file consistent. Failures never throw or crash: calls return
// false / -1 / empty and lastError() says which file and why. Nothing here ever receives a secret.
class LocalStore
{
public:
    explicit LocalStore(const Clock *clock = nullptr); // nullptr: the system clock
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    // COMPLETION_CHECKER_DATA_DIR, else the app data location; file completion-checker.sqlite.
    static QString defaultPath();
    // The database file inside `dataDir` (empty: as defaultPath()).
    static QString pathIn(const QString &dataDir);
    static QString fileName();

    // Creates the directory, opens, refuses a newer schema, migrates, enables WAL.
    bool open(const QString &filePath);
    void close();
    bool isOpen() const;
    QString filePath() const;
    QString lastError() const;
    int schemaVersion() const; // -1 when not open

    // Runs. Call markInterruptedRuns() once at start-up, before the checker starts a run.
    int markInterruptedRuns();      // number of runs marked, -1 on failure
    bool insertRun(RunRecord &run); // sets run.id
    bool updateRun(const RunRecord &run);
    QList<RunRecord> recentRuns(int limit) const; // newest first
    std::optional<RunRecord> run(qint64 id) const;

    // What checks produced: every check goes to the history; the learner (as it is after the check)
    // and the latest check are kept for all but dry runs, which change nothing.
    bool recordCheckedLearners(const QList<CheckedLearner> &checked);

    // Checks.
    bool recordChecks(const QList<CheckResult> &checks);
    QList<CheckResult> checkHistory(const QString &learnerId, int limit) const; // newest first
    QHash<QString, CheckResult> latestChecks() const;
    std::optional<CheckResult> latestCheck(const QString &learnerId) const;
    int checkHistoryCount() const;
    QStringList learnersFailingInARow(int checks) const; // "stuck": see CheckRepository
    // Applies to the check history and the error log's age; <= 0 disables a limit.
    void setRetention(int maxDays, int maxHistoryRows);
    void setErrorRetention(int maxRows); // default 100 000

    // Error log.
    bool recordErrors(const QList<ErrorEntry> &entries);
    // Marks the open errors the resolution covers as resolved at its time (ErrorResolution).
    bool resolveErrors(const ErrorResolution &resolution);
    QList<ErrorEntry> errors(int limit) const; // newest first
    int errorCount() const;
    bool clearErrors();

    // Learners cache.
    bool upsertLearners(const QList<LearnerRecord> &learners);
    bool removeLearners(const QStringList &ids);
    QList<LearnerRecord> learners() const;
    QList<CheckedLearner> checkedLearners() const; // learners with their latest check, one query
    int learnerCount() const;

    // App state (never secrets: keys that look like one are refused).
    QString value(const QString &key, const QString &fallback = {}) const;
    bool setValue(const QString &key, const QString &value);
    bool removeValue(const QString &key);

private:
    bool notOpen(const QString &action) const;

    const Clock &m_clock;
    StoreConnection m_connection;
    RunRepository m_runs;
    CheckRepository m_checks;
    ErrorRepository m_errors;
    LearnerRepository m_learners;
    AppStateRepository m_state;
    int m_errorMaxDays = 90;
    int m_errorMaxRows = 100000;
};

} // namespace cc
