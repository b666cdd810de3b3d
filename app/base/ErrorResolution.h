#pragma once

#include "ErrorEntry.h"

#include <QDateTime>
#include <QMetaType>
#include <QSet>
#include <QString>

namespace cc {

// What a later success proves about the error log (docs/ARCHITECTURE.md §7, "Errors resolve"): a
// learner checked without an error resolves that learner's open errors; a run that listed every
// learner and finished resolves the open errors of whole runs (listing failed, a service paused).
// Only errors logged no later than `at` are covered. The store and the error-log model apply the
// same rule, so what the Errors tab shows is what a restart loads.
struct ErrorResolution
{
    QDateTime at;
    QSet<QString> learnerIds; // learners whose latest check went through
    bool wholeRuns = false;   // also resolve the errors that are not about one learner

    bool isEmpty() const { return learnerIds.isEmpty() && !wholeRuns; }
    bool resolves(const ErrorEntry &entry) const;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::ErrorResolution)
