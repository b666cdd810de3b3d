#include "CompletionRule.h"

#include <QJsonDocument>
#include <algorithm>
#include <cmath>

namespace cc {

namespace {
int completedItems(const GraphyCourse &course)
{
    return static_cast<int>(
        std::count_if(course.items.cbegin(), course.items.cend(),
                      [](const GraphyCourseItem &i) { return i.completed.value_or(false); }));
}

QString progressText(const GraphyCourse &course, int done)
{
    QString text = course.progress
                       ? QStringLiteral("%1%").arg(*course.progress, 0, 'f',
                                                   course.progress == std::floor(*course.progress) ? 0 : 1)
                       : QStringLiteral("progress unknown");
    if (course.hasItems)
        text += QStringLiteral(" · %1/%2 items").arg(done).arg(course.items.size());
    return text;
}
} // namespace

QJsonObject CompletionRule::digest(const GraphyCourse &course, const QString &apiVersion)
{
    QJsonObject d;
    if (course.progress)
        d.insert(QStringLiteral("progress"), *course.progress);
    if (course.totalTime)
        d.insert(QStringLiteral("totalTime"), *course.totalTime);
    if (course.completed)
        d.insert(QStringLiteral("completed"), *course.completed);
    if (course.hasItems) {
        d.insert(QStringLiteral("course_items_count"), static_cast<int>(course.items.size()));
        d.insert(QStringLiteral("completed_items"), completedItems(course));
    }
    d.insert(QStringLiteral("title"), course.title.left(200));
    if (!course.assignedDate.isEmpty())
        d.insert(QStringLiteral("assigned_date"), course.assignedDate.left(40));
    if (!course.startDate.isEmpty())
        d.insert(QStringLiteral("start_date"), course.startDate.left(40));
    if (!course.lastAccessDate.isEmpty())
        d.insert(QStringLiteral("last_access_date"), course.lastAccessDate.left(40));
    d.insert(QStringLiteral("source"), QStringLiteral("graphy_") + apiVersion);
    return d;
}

CompletionVerdict CompletionRule::evaluate(const GraphyLearner &learner, const QString &courseId)
{
    CompletionVerdict verdict;
    if (!learner.found) {
        verdict.outcome = LearnerOutcome::UnknownToGraphy;
        verdict.summary = QStringLiteral("Graphy has no learner with this e-mail");
        return verdict;
    }
    if (!learner.hasCourses) {
        verdict.outcome = LearnerOutcome::Failed;
        verdict.summary = QStringLiteral("Graphy's %1 answer lists no courses at all for this learner (was "
                                         "courseInfo ignored?); cannot decide, will retry")
                              .arg(learner.apiVersion);
        return verdict;
    }
    const GraphyCourse *course = learner.course(courseId);
    if (!course) {
        verdict.outcome = LearnerOutcome::NotInCourse;
        verdict.summary = QStringLiteral("the Graphy learner is not enrolled in course %1").arg(courseId);
        return verdict;
    }
    const int done = completedItems(*course);
    verdict.courseTitle = course->title.trimmed();
    verdict.progress = course->progress.value_or(-1);
    verdict.itemsTotal = course->hasItems ? static_cast<int>(course->items.size()) : -1;
    verdict.itemsCompleted = course->hasItems ? done : -1;
    verdict.digest = digest(*course, learner.apiVersion);
    verdict.summary = progressText(*course, done);

    const bool flagged = course->completed.value_or(false);
    const bool allItems = done == course->items.size();
    const bool byProgress = course->progress && *course->progress >= 100 && allItems;
    if (flagged) {
        verdict.outcome = LearnerOutcome::Completed;
    } else if (!course->unreadable.isEmpty()) {
        // A value of the wrong type is not "not completed", nor a completion: decide nothing.
        verdict.outcome = LearnerOutcome::Failed;
        verdict.summary =
            QStringLiteral("Graphy's %1 answer for course %2 has values that cannot be read: %3; "
                           "cannot decide, will retry")
                .arg(learner.apiVersion, courseId, course->unreadable.join(QStringLiteral("; ")));
    } else if (byProgress) {
        verdict.outcome = LearnerOutcome::Completed;
    } else if (!course->progress && !course->completed) {
        verdict.outcome = LearnerOutcome::Failed;
        verdict.summary =
            QStringLiteral("Graphy's %1 answer has no progress or completion flag for this course; "
                           "cannot decide, will retry")
                .arg(learner.apiVersion);
    } else {
        verdict.outcome = LearnerOutcome::InProgress;
    }
    return verdict;
}

} // namespace cc
