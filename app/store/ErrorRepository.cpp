#include "ErrorRepository.h"

#include "StoreConnection.h"
#include "StoredValues.h"
#include "base/Clock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cc {

void ErrorRepository::setRetention(int maxDays, int maxRows)
{
    m_maxDays = maxDays;
    m_maxRows = maxRows;
}

bool ErrorRepository::record(const QList<ErrorEntry> &entries)
{
    if (entries.isEmpty())
        return true;
    const QString action = QStringLiteral("record %1 error(s) in the error log").arg(entries.size());
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery insert(m_connection.database());
        if (!m_connection.prepare(insert,
                                  QStringLiteral("INSERT INTO errors (at, run_id, learner_id, service, "
                                                 "operation, http_status, error_type, message, detail, kind) "
                                                 "VALUES (?,?,?,?,?,?,?,?,?,?)"),
                                  action))
            return false;
        for (const ErrorEntry &entry : entries) {
            insert.bindValue(0, storedTime(entry.at));
            insert.bindValue(1, entry.runId > 0 ? QVariant(entry.runId) : QVariant());
            insert.bindValue(2, storedText(entry.learnerId));
            insert.bindValue(3, storedText(entry.service));
            insert.bindValue(4, storedText(entry.operation));
            insert.bindValue(5, entry.httpStatus);
            insert.bindValue(6, storedText(entry.errorType));
            insert.bindValue(7, storedText(entry.message));
            insert.bindValue(8, storedText(entry.detail));
            insert.bindValue(9, storedText(entry.kind == ServiceError::Kind::None
                                               ? QString()
                                               : ServiceError::kindName(entry.kind)));
            if (!m_connection.exec(insert, action))
                return false;
        }
        QSqlQuery prune(m_connection.database());
        if (m_maxDays > 0) {
            if (!m_connection.prepare(prune, QStringLiteral("DELETE FROM errors WHERE at < ?"), action))
                return false;
            prune.addBindValue(m_clock.now().addDays(-m_maxDays).toMSecsSinceEpoch());
            if (!m_connection.exec(prune, action))
                return false;
        }
        if (m_maxRows > 0) {
            // Same cheap bound as the check history: ids only grow, rows go from the old end.
            if (!m_connection.prepare(
                    prune, QStringLiteral("DELETE FROM errors WHERE id <= (SELECT max(id) FROM errors) - ?"),
                    action))
                return false;
            prune.addBindValue(m_maxRows);
            if (!m_connection.exec(prune, action))
                return false;
        }
        return true;
    });
}

bool ErrorRepository::resolve(const ErrorResolution &resolution)
{
    if (resolution.isEmpty() || !resolution.at.isValid())
        return true;
    const QString action = QStringLiteral("mark resolved errors in the error log");
    // The same rule as ErrorResolution::resolves(), one learner at a time on the partial index.
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery update(m_connection.database());
        if (!m_connection.prepare(
                update,
                QStringLiteral("UPDATE errors SET resolved_at = ? WHERE resolved_at IS NULL "
                               "AND learner_id = ? AND at <= ?"),
                action))
            return false;
        QStringList learners(resolution.learnerIds.cbegin(), resolution.learnerIds.cend());
        if (resolution.wholeRuns)
            learners << QString(QLatin1String("")); // errors not about one learner
        for (const QString &learner : std::as_const(learners)) {
            update.bindValue(0, storedTime(resolution.at));
            update.bindValue(1, storedText(learner));
            update.bindValue(2, storedTime(resolution.at));
            if (!m_connection.exec(update, action))
                return false;
        }
        return true;
    });
}

QList<ErrorEntry> ErrorRepository::recent(int limit) const
{
    QList<ErrorEntry> entries;
    const QString action = QStringLiteral("read the error log");
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!m_connection.prepare(
            query,
            QStringLiteral("SELECT id, at, run_id, learner_id, service, operation, "
                           "http_status, error_type, message, detail, kind, resolved_at FROM errors "
                           "ORDER BY id DESC LIMIT ?"),
            action))
        return entries;
    query.addBindValue(limit < 0 ? -1 : limit);
    if (!m_connection.exec(query, action))
        return entries;
    while (query.next()) {
        ErrorEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.at = timeFromStored(query.value(1));
        entry.runId = query.value(2).toLongLong();
        entry.learnerId = query.value(3).toString();
        entry.service = query.value(4).toString();
        entry.operation = query.value(5).toString();
        entry.httpStatus = query.value(6).toInt();
        entry.errorType = query.value(7).toString();
        entry.message = query.value(8).toString();
        entry.detail = query.value(9).toString();
        entry.kind = ServiceError::kindFromName(query.value(10).toString());
        entry.resolvedAt = timeFromStored(query.value(11));
        entries.append(entry);
    }
    return entries;
}

int ErrorRepository::count() const
{
    QSqlQuery query(m_connection.database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM errors")) || !query.next()) {
        m_connection.fail(QStringLiteral("count the errors"), query.lastError());
        return -1;
    }
    return query.value(0).toInt();
}

bool ErrorRepository::clear()
{
    const QString action = QStringLiteral("clear the error log");
    return m_connection.writeTransaction(
        action, [&] { return m_connection.exec(QStringLiteral("DELETE FROM errors"), action); });
}

} // namespace cc
