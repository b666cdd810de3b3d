#include "CheckRepository.h"

#include "StoreConnection.h"
#include "StoredValues.h"
#include "base/Clock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace cc {

namespace {
const QStringList kColumnNames{
    QStringLiteral("run_id"),      QStringLiteral("learner_id"),  QStringLiteral("email"),
    QStringLiteral("name"),        QStringLiteral("course_id"),   QStringLiteral("outcome"),
    QStringLiteral("progress"),    QStringLiteral("items_total"), QStringLiteral("items_completed"),
    QStringLiteral("detail"),      QStringLiteral("checked_at"),  QStringLiteral("dry_run"),
    QStringLiteral("course_title")};
const QString kPlaceholders = QStringLiteral("?,?,?,?,?,?,?,?,?,?,?,?,?");

void bindCheck(QSqlQuery &query, const CheckResult &check)
{
    query.bindValue(0, check.runId > 0 ? QVariant(check.runId) : QVariant());
    query.bindValue(1, storedText(check.learnerId));
    query.bindValue(2, storedText(check.email));
    query.bindValue(3, storedText(check.name));
    query.bindValue(4, storedText(check.courseId));
    query.bindValue(5, outcomeName(check.outcome));
    query.bindValue(6, check.progress);
    query.bindValue(7, check.itemsTotal);
    query.bindValue(8, check.itemsCompleted);
    query.bindValue(9, storedText(check.detail));
    query.bindValue(10, storedTime(check.checkedAt));
    query.bindValue(11, check.dryRun ? 1 : 0);
    query.bindValue(12, storedText(check.courseTitle));
}
} // namespace

QString CheckRepository::columns(const QString &tableAlias)
{
    if (tableAlias.isEmpty())
        return kColumnNames.join(QStringLiteral(", "));
    QStringList qualified;
    for (const QString &column : kColumnNames)
        qualified.append(tableAlias + QLatin1Char('.') + column);
    return qualified.join(QStringLiteral(", "));
}

CheckResult CheckRepository::read(const QSqlQuery &query, int first)
{
    CheckResult check;
    check.runId = query.value(first).toLongLong();
    check.learnerId = query.value(first + 1).toString();
    check.email = query.value(first + 2).toString();
    check.name = query.value(first + 3).toString();
    check.courseId = query.value(first + 4).toString();
    check.outcome = outcomeFromName(query.value(first + 5).toString()).value_or(LearnerOutcome::Failed);
    check.progress = query.value(first + 6).toDouble();
    check.itemsTotal = query.value(first + 7).toInt();
    check.itemsCompleted = query.value(first + 8).toInt();
    check.detail = query.value(first + 9).toString();
    check.checkedAt = timeFromStored(query.value(first + 10));
    check.dryRun = query.value(first + 11).toInt() != 0;
    check.courseTitle = query.value(first + 12).toString();
    return check;
}

void CheckRepository::setRetention(int maxDays, int maxRows)
{
    m_maxDays = maxDays;
    m_maxRows = maxRows;
}

bool CheckRepository::record(const QList<CheckResult> &checks)
{
    if (checks.isEmpty())
        return true;
    const QString action = QStringLiteral("record %1 check result(s)").arg(checks.size());
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery history(m_connection.database());
        QSqlQuery latest(m_connection.database());
        const QString cols = columns({});
        if (!m_connection.prepare(
                history,
                QStringLiteral("INSERT INTO check_history (%1) VALUES (%2)").arg(cols, kPlaceholders),
                action) ||
            !m_connection.prepare(
                latest,
                QStringLiteral("INSERT INTO latest_checks (%1) VALUES (%2) "
                               "ON CONFLICT(learner_id) DO UPDATE SET "
                               "run_id=excluded.run_id, email=excluded.email, "
                               "name=excluded.name, course_id=excluded.course_id, "
                               "outcome=excluded.outcome, progress=excluded.progress, "
                               "items_total=excluded.items_total, "
                               "items_completed=excluded.items_completed, "
                               "detail=excluded.detail, checked_at=excluded.checked_at, "
                               "dry_run=excluded.dry_run, course_title=excluded.course_title "
                               "WHERE excluded.checked_at IS NULL "
                               "OR latest_checks.checked_at IS NULL "
                               "OR excluded.checked_at >= latest_checks.checked_at")
                    .arg(cols, kPlaceholders),
                action))
            return false;
        for (const CheckResult &check : checks) {
            bindCheck(history, check);
            if (!m_connection.exec(history, action))
                return false;
            if (check.dryRun)
                continue;
            bindCheck(latest, check);
            if (!m_connection.exec(latest, action))
                return false;
        }
        return prune();
    });
}

bool CheckRepository::prune()
{
    const QString action = QStringLiteral("prune the check history");
    if (m_maxDays > 0) {
        // A range delete on the checked_at index: costs nothing when there is nothing to prune.
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(query, QStringLiteral("DELETE FROM check_history WHERE checked_at < ?"),
                                  action))
            return false;
        query.addBindValue(m_clock.now().addDays(-m_maxDays).toMSecsSinceEpoch());
        if (!m_connection.exec(query, action))
            return false;
    }
    if (m_maxRows > 0) {
        // Ids only grow and rows are only removed from the old end, so everything at or below
        // max(id) - maxRows is beyond the newest maxRows: one index lookup and a range delete,
        // instead of counting or an OFFSET scan.
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(
                query,
                QStringLiteral(
                    "DELETE FROM check_history WHERE id <= (SELECT max(id) FROM check_history) - ?"),
                action))
            return false;
        query.addBindValue(m_maxRows);
        if (!m_connection.exec(query, action))
            return false;
    }
    return true;
}

QList<CheckResult> CheckRepository::history(const QString &learnerId, int limit) const
{
    QList<CheckResult> checks;
    const QString action = QStringLiteral("read the check history of learner %1").arg(learnerId);
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!m_connection.prepare(
            query,
            QStringLiteral("SELECT %1 FROM check_history WHERE learner_id=? ORDER BY id DESC LIMIT ?")
                .arg(columns({})),
            action))
        return checks;
    query.addBindValue(learnerId);
    query.addBindValue(limit < 0 ? -1 : limit);
    if (!m_connection.exec(query, action))
        return checks;
    while (query.next())
        checks.append(read(query, 0));
    return checks;
}

QHash<QString, CheckResult> CheckRepository::latest() const
{
    QHash<QString, CheckResult> checks;
    const QString action = QStringLiteral("read the latest checks");
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!m_connection.prepare(query, QStringLiteral("SELECT %1 FROM latest_checks").arg(columns({})),
                              action) ||
        !m_connection.exec(query, action))
        return checks;
    while (query.next()) {
        CheckResult check = read(query, 0);
        const QString id = check.learnerId;
        checks.insert(id, std::move(check));
    }
    return checks;
}

std::optional<CheckResult> CheckRepository::latestFor(const QString &learnerId) const
{
    const QString action = QStringLiteral("read the latest check of learner %1").arg(learnerId);
    QSqlQuery query(m_connection.database());
    if (!m_connection.prepare(
            query, QStringLiteral("SELECT %1 FROM latest_checks WHERE learner_id=?").arg(columns({})),
            action))
        return std::nullopt;
    query.addBindValue(learnerId);
    if (!m_connection.exec(query, action) || !query.next())
        return std::nullopt;
    return read(query, 0);
}

QStringList CheckRepository::failingInARow(int checks) const
{
    QStringList ids;
    const QString action = QStringLiteral("find learners whose checks keep failing");
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // Only learners whose latest check failed can be stuck: the window runs over few of them.
    if (!m_connection.prepare(
            query,
            QStringLiteral("SELECT learner_id FROM ("
                           " SELECT learner_id, outcome, ROW_NUMBER() OVER "
                           "  (PARTITION BY learner_id ORDER BY checked_at DESC, id DESC) AS n"
                           " FROM check_history"
                           " WHERE dry_run = 0 AND outcome != 'skipped' AND learner_id IN"
                           "  (SELECT learner_id FROM latest_checks WHERE outcome = 'failed'))"
                           " WHERE n <= ? GROUP BY learner_id"
                           " HAVING COUNT(*) = ? AND SUM(outcome = 'failed') = ?"
                           " ORDER BY learner_id"),
            action))
        return ids;
    query.addBindValue(checks);
    query.addBindValue(checks);
    query.addBindValue(checks);
    if (!m_connection.exec(query, action))
        return ids;
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

int CheckRepository::historyCount() const
{
    QSqlQuery query(m_connection.database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM check_history")) || !query.next()) {
        m_connection.fail(QStringLiteral("count the check history"), query.lastError());
        return -1;
    }
    return query.value(0).toInt();
}

} // namespace cc
