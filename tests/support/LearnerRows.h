#pragma once

// Small builders of CheckedLearner values for the learners table tests.

#include "base/CheckedLearner.h"

#include <QList>
#include <QString>

namespace testrows {

inline cc::CheckedLearner learner(const QString &id, const QString &name, const QString &email,
                                  const QString &course = QStringLiteral("course-a"),
                                  const QString &status = QStringLiteral("enrolled"))
{
    cc::CheckedLearner row;
    row.learner.id = id;
    row.learner.name = name;
    row.learner.email = email;
    row.learner.courseId = course;
    row.learner.status = status;
    return row;
}

inline cc::CheckedLearner checked(cc::CheckedLearner row, cc::LearnerOutcome outcome, double progress,
                                  const QDateTime &at, const QString &detail = {})
{
    cc::CheckResult c;
    c.learnerId = row.learner.id;
    c.email = row.learner.email;
    c.name = row.learner.name;
    c.courseId = row.learner.courseId;
    c.outcome = outcome;
    c.progress = progress;
    c.detail = detail;
    c.checkedAt = at;
    row.latestCheck = c;
    row.learner.lastCompletionCheck = at;
    return row;
}

// Learners "l<first>".."l<first+count-1>", named "Learner <i>", e-mail "l<i>@example.com".
inline QList<cc::CheckedLearner> numbered(int first, int count)
{
    QList<cc::CheckedLearner> rows;
    for (int i = first; i < first + count; ++i) {
        rows.append(learner(QStringLiteral("l%1").arg(i), QStringLiteral("Learner %1").arg(i),
                            QStringLiteral("l%1@example.com").arg(i),
                            QStringLiteral("course-%1").arg(i % 3)));
    }
    return rows;
}

} // namespace testrows
