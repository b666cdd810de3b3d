#include "LearnerDocument.h"

namespace cc {

LearnerRecord LearnerDocument::parse(const QJsonObject &d, const LearnerAttributes &a)
{
    LearnerRecord r;
    r.id = d.value(QStringLiteral("$id")).toString();
    r.email = d.value(a.email).toString().trimmed();
    r.name = d.value(a.name).toString();
    // As stored, untrimmed: the event ID is derived from it, and must be the one the webhook path
    // derives from the same value (docs/ARCHITECTURE.md §5.2). Graphy's course is matched trimmed.
    r.courseId = d.value(a.courseId).toString();
    r.status = d.value(a.status).toString();
    r.lastCompletionCheck = AppwriteClient::parseDateTime(d.value(a.lastCompletionCheck).toString());
    r.completedAt = AppwriteClient::parseDateTime(d.value(a.completedAt).toString());
    r.updatedAt = AppwriteClient::parseDateTime(d.value(QStringLiteral("$updatedAt")).toString());
    return r;
}

QString LearnerDocument::problem(const LearnerRecord &learner)
{
    if (learner.id.isEmpty())
        return QStringLiteral("document has no $id (missing, empty or not a string)");
    if (learner.email.isEmpty() || !learner.email.contains(QLatin1Char('@')))
        return QStringLiteral("learner has no valid e-mail (missing, not a string, or without '@')");
    if (learner.courseId.trimmed().isEmpty())
        return QStringLiteral("learner has no course_id (missing, blank or not a string)");
    return {};
}

} // namespace cc
