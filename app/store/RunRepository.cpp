#include "RunRepository.h"

#include "StoreConnection.h"
#include "StoredValues.h"

#include <QSqlQuery>
#include <QVariant>

namespace cc {

namespace {
const QString kColumns =
    QStringLiteral("triggered_by, state, started_at, finished_at, batch_size, total, processed, completed, "
                   "already_recorded, in_progress, not_found, errors, end_reason");

void bindRun(QSqlQuery &query, const RunRecord &run)
{
    query.addBindValue(triggerName(run.trigger));
    query.addBindValue(runStateName(run.state));
    // started_at is NOT NULL; a run without a start time (a caller's slip) is stored at the epoch.
    query.addBindValue(run.startedAt.isValid() ? run.startedAt.toMSecsSinceEpoch() : qint64(0));
    query.addBindValue(storedTime(run.finishedAt));
    query.addBindValue(run.batchSize);
    query.addBindValue(run.total);
    query.addBindValue(run.processed);
    query.addBindValue(run.completed);
    query.addBindValue(run.alreadyRecorded);
    query.addBindValue(run.inProgress);
    query.addBindValue(run.notFound);
    query.addBindValue(run.errors);
    query.addBindValue(storedText(run.endReason));
}

RunRecord readRun(const QSqlQuery &query)
{
    RunRecord run;
    run.id = query.value(0).toLongLong();
    // An unknown name (written by a newer app) reads as the safest meaning rather than failing.
    run.trigger = triggerFromName(query.value(1).toString()).value_or(RunTrigger::Manual);
    run.state = runStateFromName(query.value(2).toString()).value_or(RunState::Interrupted);
    run.startedAt = timeFromStored(query.value(3));
    run.finishedAt = timeFromStored(query.value(4));
    run.batchSize = query.value(5).toInt();
    run.total = query.value(6).toInt();
    run.processed = query.value(7).toInt();
    run.completed = query.value(8).toInt();
    run.alreadyRecorded = query.value(9).toInt();
    run.inProgress = query.value(10).toInt();
    run.notFound = query.value(11).toInt();
    run.errors = query.value(12).toInt();
    run.endReason = query.value(13).toString();
    return run;
}
} // namespace

bool RunRepository::insert(RunRecord &run)
{
    const QString action = QStringLiteral("record the start of a run");
    qint64 id = 0;
    const bool ok = m_connection.writeTransaction(action, [&] {
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(
                query,
                QStringLiteral("INSERT INTO runs (%1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)").arg(kColumns),
                action))
            return false;
        bindRun(query, run);
        if (!m_connection.exec(query, action))
            return false;
        id = query.lastInsertId().toLongLong();
        return true;
    });
    if (ok)
        run.id = id;
    return ok;
}

bool RunRepository::update(const RunRecord &run)
{
    const QString action = QStringLiteral("record the figures of run %1").arg(run.id);
    if (run.id <= 0)
        return m_connection.fail(action, QStringLiteral("the run was never stored"));
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(query,
                                  QStringLiteral("UPDATE runs SET triggered_by=?, state=?, started_at=?, "
                                                 "finished_at=?, batch_size=?, total=?, processed=?, "
                                                 "completed=?, already_recorded=?, in_progress=?, "
                                                 "not_found=?, errors=?, end_reason=? WHERE id=?"),
                                  action))
            return false;
        bindRun(query, run);
        query.addBindValue(run.id);
        if (!m_connection.exec(query, action))
            return false;
        if (query.numRowsAffected() != 1)
            return m_connection.fail(action, QStringLiteral("no such run"));
        return true;
    });
}

int RunRepository::markInterrupted()
{
    const QString action = QStringLiteral("mark interrupted runs");
    int changed = 0;
    const bool ok = m_connection.writeTransaction(action, [&] {
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(query,
                                  QStringLiteral("UPDATE runs SET state=?, end_reason = CASE WHEN "
                                                 "end_reason = '' THEN ? ELSE end_reason END WHERE state=?"),
                                  action))
            return false;
        query.addBindValue(runStateName(RunState::Interrupted));
        query.addBindValue(QStringLiteral("The app stopped before the run finished."));
        query.addBindValue(runStateName(RunState::Running));
        if (!m_connection.exec(query, action))
            return false;
        changed = query.numRowsAffected();
        return true;
    });
    return ok ? changed : -1;
}

QList<RunRecord> RunRepository::recent(int limit) const
{
    QList<RunRecord> runs;
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!m_connection.prepare(
            query, QStringLiteral("SELECT id, %1 FROM runs ORDER BY id DESC LIMIT ?").arg(kColumns),
            QStringLiteral("read the run history")))
        return runs;
    query.addBindValue(limit < 0 ? -1 : limit);
    if (!m_connection.exec(query, QStringLiteral("read the run history")))
        return runs;
    while (query.next())
        runs.append(readRun(query));
    return runs;
}

std::optional<RunRecord> RunRepository::find(qint64 id) const
{
    QSqlQuery query(m_connection.database());
    const QString action = QStringLiteral("read run %1").arg(id);
    if (!m_connection.prepare(query, QStringLiteral("SELECT id, %1 FROM runs WHERE id=?").arg(kColumns),
                              action))
        return std::nullopt;
    query.addBindValue(id);
    if (!m_connection.exec(query, action) || !query.next())
        return std::nullopt;
    return readRun(query);
}

} // namespace cc
