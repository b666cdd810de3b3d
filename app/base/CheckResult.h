#pragma once

#include "LearnerOutcome.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace cc {

// The result of checking one learner once (in a run or by hand).
struct CheckResult
{
    qint64 runId = 0; // 0 for a manual check outside a run
    QString learnerId;
    QString email;
    QString name;
    QString courseId;
    QString courseTitle; // Graphy's title of the course, when it said; shown instead of the ID
    LearnerOutcome outcome = LearnerOutcome::Failed;
    double progress = -1;    // percent from Graphy; -1 when unknown
    int itemsTotal = -1;     // course items; -1 when unknown
    int itemsCompleted = -1; // completed course items; -1 when unknown
    QString detail;          // failure reason or a short human summary (always redacted)
    QDateTime checkedAt;
    bool dryRun = false;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::CheckResult)
