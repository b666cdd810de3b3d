#pragma once

#include <QMetaType>
#include <QString>
#include <optional>

namespace cc {

// What a check of one learner concluded. The names are stable: they are stored in the local
// database and appear in --json output.
enum class LearnerOutcome {
    Completed,       // completion seen now; event written (or would be, in a dry run) and learner updated
    AlreadyRecorded, // completion seen, the event already existed (409); learner updated
    InProgress,      // enrolled in the course, not complete yet
    UnknownToGraphy, // no Graphy learner with this e-mail
    NotInCourse,     // Graphy knows the learner, but not in this course
    Failed,          // a service or data error; retried next run
    Skipped,         // nothing written: the learner changed in Appwrite meanwhile, or is not enrolled
};

QString outcomeName(LearnerOutcome outcome);
std::optional<LearnerOutcome> outcomeFromName(const QString &name);
// True for outcomes that are not errors and need no retry sooner than the normal schedule.
bool outcomeIsSettled(LearnerOutcome outcome);

} // namespace cc

Q_DECLARE_METATYPE(cc::LearnerOutcome)
