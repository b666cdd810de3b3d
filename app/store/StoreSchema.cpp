#include "StoreSchema.h"

#include "StoreConnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace cc {

namespace {
// Times are stored as milliseconds since the epoch (UTC): compact, sortable, unambiguous. NULL
// stands for an invalid QDateTime. Enumerations are stored by their stable names.
struct MigrationStep
{
    int version;
    const char *what;
    QStringList statements;
};

const QList<MigrationStep> &migrationSteps()
{
    static const QList<MigrationStep> steps{
        {1,
         "create runs, checks and the error log",
         {
             QStringLiteral("CREATE TABLE runs ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " triggered_by TEXT NOT NULL,"
                            " state TEXT NOT NULL,"
                            " started_at INTEGER NOT NULL,"
                            " finished_at INTEGER,"
                            " batch_size INTEGER NOT NULL,"
                            " total INTEGER NOT NULL DEFAULT -1,"
                            " processed INTEGER NOT NULL DEFAULT 0,"
                            " completed INTEGER NOT NULL DEFAULT 0,"
                            " already_recorded INTEGER NOT NULL DEFAULT 0,"
                            " in_progress INTEGER NOT NULL DEFAULT 0,"
                            " not_found INTEGER NOT NULL DEFAULT 0,"
                            " errors INTEGER NOT NULL DEFAULT 0,"
                            " end_reason TEXT NOT NULL DEFAULT '')"),
             QStringLiteral("CREATE INDEX runs_state ON runs(state)"),
             // Every check, newest last; pruned by age and row count.
             QStringLiteral("CREATE TABLE check_history ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,"
                            " learner_id TEXT NOT NULL,"
                            " email TEXT NOT NULL DEFAULT '',"
                            " name TEXT NOT NULL DEFAULT '',"
                            " course_id TEXT NOT NULL DEFAULT '',"
                            " outcome TEXT NOT NULL,"
                            " progress REAL NOT NULL DEFAULT -1,"
                            " items_total INTEGER NOT NULL DEFAULT -1,"
                            " items_completed INTEGER NOT NULL DEFAULT -1,"
                            " detail TEXT NOT NULL DEFAULT '',"
                            " checked_at INTEGER,"
                            " dry_run INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE INDEX check_history_learner ON check_history(learner_id, id)"),
             // The latest real (not dry-run) check of each learner, never pruned.
             QStringLiteral("CREATE TABLE latest_checks ("
                            " learner_id TEXT PRIMARY KEY,"
                            " run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,"
                            " email TEXT NOT NULL DEFAULT '',"
                            " name TEXT NOT NULL DEFAULT '',"
                            " course_id TEXT NOT NULL DEFAULT '',"
                            " outcome TEXT NOT NULL,"
                            " progress REAL NOT NULL DEFAULT -1,"
                            " items_total INTEGER NOT NULL DEFAULT -1,"
                            " items_completed INTEGER NOT NULL DEFAULT -1,"
                            " detail TEXT NOT NULL DEFAULT '',"
                            " checked_at INTEGER,"
                            " dry_run INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE TABLE errors ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " at INTEGER,"
                            " run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,"
                            " learner_id TEXT NOT NULL DEFAULT '',"
                            " service TEXT NOT NULL DEFAULT '',"
                            " operation TEXT NOT NULL DEFAULT '',"
                            " http_status INTEGER NOT NULL DEFAULT 0,"
                            " error_type TEXT NOT NULL DEFAULT '',"
                            " message TEXT NOT NULL DEFAULT '',"
                            " detail TEXT NOT NULL DEFAULT '')"),
         }},
        {2,
         "add the learners cache, the app state and the retention indexes",
         {
             QStringLiteral("CREATE TABLE learners ("
                            " id TEXT PRIMARY KEY,"
                            " email TEXT NOT NULL DEFAULT '',"
                            " name TEXT NOT NULL DEFAULT '',"
                            " course_id TEXT NOT NULL DEFAULT '',"
                            " status TEXT NOT NULL DEFAULT '',"
                            " last_completion_check INTEGER,"
                            " completed_at INTEGER,"
                            " updated_at INTEGER)"),
             QStringLiteral("CREATE TABLE app_state ("
                            " key TEXT PRIMARY KEY,"
                            " value TEXT NOT NULL,"
                            " updated_at INTEGER)"),
             // Age pruning deletes a range of this index instead of scanning the table.
             QStringLiteral("CREATE INDEX check_history_checked_at ON check_history(checked_at)"),
             QStringLiteral("CREATE INDEX errors_at ON errors(at)"),
         }},
        {3,
         "keep each error's kind, so a stored error is classified as it was when it happened",
         {
             QStringLiteral("ALTER TABLE errors ADD COLUMN kind TEXT NOT NULL DEFAULT ''"),
             // Errors logged before: an HTTP status meant the service answered with an error, and
             // our own kinds were stored as the error type. A 401 from yesterday is still an auth
             // failure after the upgrade.
             QStringLiteral("UPDATE errors SET kind = 'http' WHERE http_status >= 400"),
             QStringLiteral("UPDATE errors SET kind = error_type WHERE kind = '' AND error_type IN "
                            "('network', 'timeout', 'malformed_response', 'response_too_large', "
                            "'circuit_open', 'aborted', 'configuration', 'business_error')"),
         }},
        {4,
         "mark errors resolved when a later check of the learner, or a later whole run, went through; keep "
         "the course title Graphy gave with each check",
         {
             QStringLiteral("ALTER TABLE check_history ADD COLUMN course_title TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE latest_checks ADD COLUMN course_title TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE errors ADD COLUMN resolved_at INTEGER"),
             // Resolving looks up a learner's open errors after every batch.
             QStringLiteral(
                 "CREATE INDEX errors_open_by_learner ON errors(learner_id) WHERE resolved_at IS NULL"),
         }},
    };
    return steps;
}

int readVersion(const StoreConnection &connection)
{
    QSqlQuery query(connection.database());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        connection.fail(QStringLiteral("read the schema version"), query.lastError());
        return -1;
    }
    return query.value(0).toInt();
}
} // namespace

int StoreSchema::currentVersion()
{
    return migrationSteps().constLast().version;
}

int StoreSchema::version(const StoreConnection &connection)
{
    return readVersion(connection);
}

bool StoreSchema::migrate(StoreConnection &connection, int targetVersion)
{
    const int found = readVersion(connection);
    if (found < 0)
        return false;
    if (found > currentVersion()) {
        return connection.fail(
            QStringLiteral("use it"),
            QStringLiteral("it has schema version %1, newer than the %2 this version of the app knows. It "
                           "was written by a newer Completion Checker; it is left untouched. Use the newer "
                           "app, or set COMPLETION_CHECKER_DATA_DIR to another directory.")
                .arg(found)
                .arg(currentVersion()));
    }
    for (const MigrationStep &step : migrationSteps()) {
        if (step.version <= found || step.version > targetVersion)
            continue;
        const QString action = QStringLiteral("migrate to schema version %1 (%2)")
                                   .arg(step.version)
                                   .arg(QLatin1String(step.what));
        const bool ok = connection.writeTransaction(action, [&] {
            // Another connection may have migrated while this one waited for the write lock.
            const int now = readVersion(connection);
            if (now < 0)
                return false;
            if (now >= step.version)
                return true;
            for (const QString &sql : step.statements) {
                if (!connection.exec(sql, action))
                    return false;
            }
            // PRAGMA user_version is part of the transaction: the bump commits with the step.
            return connection.exec(QStringLiteral("PRAGMA user_version = %1").arg(step.version), action);
        });
        if (!ok)
            return false;
    }
    return true;
}

} // namespace cc
