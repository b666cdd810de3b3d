#include "LearnerRepository.h"

#include "CheckRepository.h"
#include "StoreConnection.h"
#include "StoredValues.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cc {

namespace {
const QString kLearnerColumns =
    QStringLiteral("l.id, l.email, l.name, l.course_id, l.status, l.last_completion_check, l.completed_at, "
                   "l.updated_at");
constexpr int kLearnerColumnCount = 8;

LearnerRecord readLearner(const QSqlQuery &query)
{
    LearnerRecord learner;
    learner.id = query.value(0).toString();
    learner.email = query.value(1).toString();
    learner.name = query.value(2).toString();
    learner.courseId = query.value(3).toString();
    learner.status = query.value(4).toString();
    learner.lastCompletionCheck = timeFromStored(query.value(5));
    learner.completedAt = timeFromStored(query.value(6));
    learner.updatedAt = timeFromStored(query.value(7));
    return learner;
}
} // namespace

bool LearnerRepository::upsert(const QList<LearnerRecord> &learners)
{
    if (learners.isEmpty())
        return true;
    const QString action = QStringLiteral("cache %1 learner(s)").arg(learners.size());
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(query,
                                  QStringLiteral("INSERT INTO learners (id, email, name, course_id, status, "
                                                 "last_completion_check, completed_at, updated_at) "
                                                 "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                                                 "email=excluded.email, name=excluded.name, "
                                                 "course_id=excluded.course_id, status=excluded.status, "
                                                 "last_completion_check=excluded.last_completion_check, "
                                                 "completed_at=excluded.completed_at, "
                                                 "updated_at=excluded.updated_at"),
                                  action))
            return false;
        for (const LearnerRecord &learner : learners) {
            query.bindValue(0, storedText(learner.id));
            query.bindValue(1, storedText(learner.email));
            query.bindValue(2, storedText(learner.name));
            query.bindValue(3, storedText(learner.courseId));
            query.bindValue(4, storedText(learner.status));
            query.bindValue(5, storedTime(learner.lastCompletionCheck));
            query.bindValue(6, storedTime(learner.completedAt));
            query.bindValue(7, storedTime(learner.updatedAt));
            if (!m_connection.exec(query, action))
                return false;
        }
        return true;
    });
}

bool LearnerRepository::remove(const QStringList &ids)
{
    if (ids.isEmpty())
        return true;
    const QString action = QStringLiteral("remove %1 learner(s) from the cache").arg(ids.size());
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(query, QStringLiteral("DELETE FROM learners WHERE id=?"), action))
            return false;
        for (const QString &id : ids) {
            query.bindValue(0, id);
            if (!m_connection.exec(query, action))
                return false;
        }
        return true;
    });
}

QList<LearnerRecord> LearnerRepository::all() const
{
    QList<LearnerRecord> learners;
    const QString action = QStringLiteral("read the learners cache");
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!m_connection.prepare(query, QStringLiteral("SELECT %1 FROM learners l").arg(kLearnerColumns),
                              action) ||
        !m_connection.exec(query, action))
        return learners;
    while (query.next())
        learners.append(readLearner(query));
    return learners;
}

QList<CheckedLearner> LearnerRepository::rows() const
{
    QList<CheckedLearner> rows;
    const QString action = QStringLiteral("read the learners with their latest checks");
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!m_connection.prepare(query,
                              QStringLiteral("SELECT %1, c.learner_id IS NOT NULL, %2 FROM learners l "
                                             "LEFT JOIN latest_checks c ON c.learner_id = l.id")
                                  .arg(kLearnerColumns, CheckRepository::columns(QStringLiteral("c"))),
                              action) ||
        !m_connection.exec(query, action))
        return rows;
    while (query.next()) {
        CheckedLearner row;
        row.learner = readLearner(query);
        if (query.value(kLearnerColumnCount).toInt() != 0)
            row.latestCheck = CheckRepository::read(query, kLearnerColumnCount + 1);
        rows.append(std::move(row));
    }
    return rows;
}

int LearnerRepository::count() const
{
    QSqlQuery query(m_connection.database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM learners")) || !query.next()) {
        m_connection.fail(QStringLiteral("count the cached learners"), query.lastError());
        return -1;
    }
    return query.value(0).toInt();
}

} // namespace cc
