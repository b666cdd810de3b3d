#include "LocalStore.h"

#include "StoreSchema.h"
#include "base/Clock.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace cc {

LocalStore::LocalStore(const Clock *clock)
    : m_clock(clock ? *clock : *SystemClock::instance()), m_runs(m_connection),
      m_checks(m_connection, m_clock), m_errors(m_connection, m_clock), m_learners(m_connection),
      m_state(m_connection)
{}

LocalStore::~LocalStore() = default;

QString LocalStore::fileName()
{
    return QStringLiteral("completion-checker.sqlite");
}

QString LocalStore::defaultPath()
{
    return pathIn(
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("COMPLETION_CHECKER_DATA_DIR")));
}

QString LocalStore::pathIn(const QString &dataDir)
{
    QString dir = dataDir.trimmed();
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(fileName());
}

bool LocalStore::open(const QString &filePath)
{
    if (!m_connection.open(filePath))
        return false;
    // Migrate before switching to WAL: a file from a newer app is refused before any write.
    if (!StoreSchema::migrate(m_connection) || !m_connection.useWriteAheadLog()) {
        m_connection.close(); // keeps lastError()
        return false;
    }
    return true;
}

void LocalStore::close()
{
    m_connection.close();
}

bool LocalStore::isOpen() const
{
    return m_connection.isOpen();
}

QString LocalStore::filePath() const
{
    return m_connection.filePath();
}

QString LocalStore::lastError() const
{
    return m_connection.lastError();
}

int LocalStore::schemaVersion() const
{
    return isOpen() ? StoreSchema::version(m_connection) : -1;
}

bool LocalStore::notOpen(const QString &action) const
{
    if (isOpen())
        return false;
    m_connection.fail(action, QStringLiteral("the database is not open"));
    return true;
}

int LocalStore::markInterruptedRuns()
{
    return notOpen(QStringLiteral("mark interrupted runs")) ? -1 : m_runs.markInterrupted();
}

bool LocalStore::insertRun(RunRecord &run)
{
    return !notOpen(QStringLiteral("record a run")) && m_runs.insert(run);
}

bool LocalStore::updateRun(const RunRecord &run)
{
    return !notOpen(QStringLiteral("record a run")) && m_runs.update(run);
}

QList<RunRecord> LocalStore::recentRuns(int limit) const
{
    return notOpen(QStringLiteral("read the run history")) ? QList<RunRecord>() : m_runs.recent(limit);
}

std::optional<RunRecord> LocalStore::run(qint64 id) const
{
    return notOpen(QStringLiteral("read a run")) ? std::nullopt : m_runs.find(id);
}

bool LocalStore::recordCheckedLearners(const QList<CheckedLearner> &checked)
{
    QList<CheckResult> checks;
    QList<LearnerRecord> learners;
    checks.reserve(checked.size());
    learners.reserve(checked.size());
    for (const CheckedLearner &c : checked) {
        if (c.latestCheck)
            checks.append(*c.latestCheck);
        if (!c.isDryRun())
            learners.append(c.learner);
    }
    return (checks.isEmpty() || recordChecks(checks)) && (learners.isEmpty() || upsertLearners(learners));
}

bool LocalStore::recordChecks(const QList<CheckResult> &checks)
{
    return !notOpen(QStringLiteral("record check results")) && m_checks.record(checks);
}

QList<CheckResult> LocalStore::checkHistory(const QString &learnerId, int limit) const
{
    return notOpen(QStringLiteral("read the check history")) ? QList<CheckResult>()
                                                             : m_checks.history(learnerId, limit);
}

QStringList LocalStore::learnersFailingInARow(int checks) const
{
    return notOpen(QStringLiteral("find learners whose checks keep failing"))
               ? QStringList()
               : m_checks.failingInARow(checks);
}

QHash<QString, CheckResult> LocalStore::latestChecks() const
{
    return notOpen(QStringLiteral("read the latest checks")) ? QHash<QString, CheckResult>()
                                                             : m_checks.latest();
}

std::optional<CheckResult> LocalStore::latestCheck(const QString &learnerId) const
{
    return notOpen(QStringLiteral("read the latest check")) ? std::nullopt : m_checks.latestFor(learnerId);
}

int LocalStore::checkHistoryCount() const
{
    return notOpen(QStringLiteral("count the check history")) ? -1 : m_checks.historyCount();
}

void LocalStore::setRetention(int maxDays, int maxHistoryRows)
{
    m_checks.setRetention(maxDays, maxHistoryRows);
    m_errorMaxDays = maxDays;
    m_errors.setRetention(m_errorMaxDays, m_errorMaxRows);
}

void LocalStore::setErrorRetention(int maxRows)
{
    m_errorMaxRows = maxRows;
    m_errors.setRetention(m_errorMaxDays, m_errorMaxRows);
}

bool LocalStore::recordErrors(const QList<ErrorEntry> &entries)
{
    return !notOpen(QStringLiteral("record errors")) && m_errors.record(entries);
}

bool LocalStore::resolveErrors(const ErrorResolution &resolution)
{
    return !notOpen(QStringLiteral("resolve errors")) && m_errors.resolve(resolution);
}

QList<ErrorEntry> LocalStore::errors(int limit) const
{
    return notOpen(QStringLiteral("read the error log")) ? QList<ErrorEntry>() : m_errors.recent(limit);
}

int LocalStore::errorCount() const
{
    return notOpen(QStringLiteral("count the errors")) ? -1 : m_errors.count();
}

bool LocalStore::clearErrors()
{
    return !notOpen(QStringLiteral("clear the error log")) && m_errors.clear();
}

bool LocalStore::upsertLearners(const QList<LearnerRecord> &learners)
{
    return !notOpen(QStringLiteral("cache learners")) && m_learners.upsert(learners);
}

bool LocalStore::removeLearners(const QStringList &ids)
{
    return !notOpen(QStringLiteral("remove learners from the cache")) && m_learners.remove(ids);
}

QList<LearnerRecord> LocalStore::learners() const
{
    return notOpen(QStringLiteral("read the learners cache")) ? QList<LearnerRecord>() : m_learners.all();
}

QList<CheckedLearner> LocalStore::checkedLearners() const
{
    return notOpen(QStringLiteral("read the learners cache")) ? QList<CheckedLearner>() : m_learners.rows();
}

int LocalStore::learnerCount() const
{
    return notOpen(QStringLiteral("count the cached learners")) ? -1 : m_learners.count();
}

QString LocalStore::value(const QString &key, const QString &fallback) const
{
    return notOpen(QStringLiteral("read app state")) ? fallback : m_state.value(key, fallback);
}

bool LocalStore::setValue(const QString &key, const QString &value)
{
    return !notOpen(QStringLiteral("save app state")) && m_state.setValue(key, value);
}

bool LocalStore::removeValue(const QString &key)
{
    return !notOpen(QStringLiteral("remove app state")) && m_state.remove(key);
}

} // namespace cc
