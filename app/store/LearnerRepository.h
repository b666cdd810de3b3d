#pragma once

#include "base/CheckedLearner.h"
#include "base/LearnerRecord.h"

#include <QList>
#include <QStringList>

namespace cc {

class StoreConnection;

// The cache of Appwrite learners, so the window shows data before the network answers.
class LearnerRepository
{
public:
    explicit LearnerRepository(StoreConnection &connection) : m_connection(connection) {}

    // Inserts or replaces by id, all in one transaction with one prepared statement.
    bool upsert(const QList<LearnerRecord> &learners);
    bool remove(const QStringList &ids);
    QList<LearnerRecord> all() const;
    // Every cached learner with their latest check joined: one query.
    QList<CheckedLearner> rows() const;
    int count() const; // -1 on failure

private:
    StoreConnection &m_connection;
};

} // namespace cc
