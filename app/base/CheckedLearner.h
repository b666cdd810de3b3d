#pragma once

#include "CheckResult.h"
#include "LearnerRecord.h"

#include <QMetaType>
#include <optional>

namespace cc {

// A learner and its latest check: the one value that goes from a check to the screen. A check
// produces it (the learner as Appwrite holds it after the check's writes, and the check's result),
// the local store persists it, and the learners table shows it as a row; nothing reshapes it on the
// way (docs/ARCHITECTURE.md, "One run's data flow").
struct CheckedLearner
{
    LearnerRecord learner;
    // Empty for a learner that this app has not checked yet (known from the store's cache only).
    std::optional<CheckResult> latestCheck;

    // A dry run reports what it would write and changes nothing: no row and no cache entry changes.
    bool isDryRun() const { return latestCheck && latestCheck->dryRun; }
};

} // namespace cc

Q_DECLARE_METATYPE(cc::CheckedLearner)
