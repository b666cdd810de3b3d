#include "LearnerOutcome.h"

#include <array>
#include <utility>

namespace cc {

namespace {
constexpr std::array<std::pair<LearnerOutcome, const char *>, 7> kNames{{
    {LearnerOutcome::Completed, "completed"},
    {LearnerOutcome::AlreadyRecorded, "already_recorded"},
    {LearnerOutcome::InProgress, "in_progress"},
    {LearnerOutcome::UnknownToGraphy, "unknown_learner"},
    {LearnerOutcome::NotInCourse, "not_in_course"},
    {LearnerOutcome::Failed, "failed"},
    {LearnerOutcome::Skipped, "skipped"},
}};
} // namespace

QString outcomeName(LearnerOutcome outcome)
{
    for (const auto &[value, name] : kNames) {
        if (value == outcome)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("failed");
}

std::optional<LearnerOutcome> outcomeFromName(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

bool outcomeIsSettled(LearnerOutcome outcome)
{
    return outcome != LearnerOutcome::Failed;
}

} // namespace cc
