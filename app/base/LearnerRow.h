#pragma once

#include "CheckResult.h"
#include "LearnerRecord.h"

#include <QMetaType>
#include <optional>

namespace cc {

// One line of the learners table in the UI: the cached learner and, when there is one, their
// latest real check.
struct LearnerRow
{
    LearnerRecord learner;
    std::optional<CheckResult> latestCheck;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::LearnerRow)
