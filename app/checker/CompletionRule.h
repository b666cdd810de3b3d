#pragma once

#include "base/LearnerOutcome.h"
#include "net/GraphyLearner.h"

#include <QJsonObject>
#include <QString>

namespace cc {

struct CompletionVerdict
{
    LearnerOutcome outcome = LearnerOutcome::Failed;
    double progress = -1;
    int itemsTotal = -1;
    int itemsCompleted = -1;
    QString courseTitle; // Graphy's title of the course, when the learner is in it
    QString summary; // one line for operators ("82% · 9/12 items", "Graphy has no learner with this e-mail")
    QJsonObject digest; // what goes into completion_data (empty when there is no course)
};

// docs/ARCHITECTURE.md §5.10: completed when the course says `completed == true`, or `progress >= 100` and
// every entry of `course items` is completed (no items: vacuously all). A learner unknown to Graphy, or not
// in the course, is an outcome of its own. An answer without progress or completed flag (the v1 fallback)
// proves nothing either way: it is a failure to decide, retried next run, never "not completed". So does
// a course whose progress, completed flag or items have a value of the wrong type (GraphyCourse::unreadable),
// unless its completed flag is a real `true`.
class CompletionRule
{
public:
    static CompletionVerdict evaluate(const GraphyLearner &learner, const QString &courseId);
    static QJsonObject digest(const GraphyCourse &course, const QString &apiVersion);
    // completion_data is a string attribute of 5000 characters.
    static constexpr int kMaxDigestChars = 5000;
};

} // namespace cc
