#pragma once

#include <QString>

namespace cc {

// Attribute names of the Appwrite `learners` collection (docs/ARCHITECTURE.md §11.2). Configurable because
// older deployments used other names, e.g. `enrollment_status` and `completion_date`.
struct LearnerAttributes
{
    QString status = QStringLiteral("status");
    QString email = QStringLiteral("email");
    QString name = QStringLiteral("name");
    QString courseId = QStringLiteral("course_id");
    QString completionData = QStringLiteral("completion_data");
    QString completedAt = QStringLiteral("completed_at");
    QString lastCompletionCheck = QStringLiteral("last_completion_check");

    bool operator==(const LearnerAttributes &) const = default;
};

} // namespace cc
