#pragma once

#include <Qt>

namespace cc {

// Item data roles shared by the app's models, their proxies and the widgets that show them.
enum ModelRole {
    SortRole = Qt::UserRole + 1, // raw value to sort on (numbers, times as msecs, lower-cased text)
    LearnerIdRole,               // the Appwrite learner document $id
    OutcomeRole,                 // cc::LearnerOutcome as int, -1 when never checked
    StatusRole,                  // the learner's status text ("enrolled", "completed", ...)
    RunIdRole,                   // a run's local id
    ErrorIdRole,                 // an error entry's local id
    CauseKeyRole,                // an error's cause key (service/type)
};

} // namespace cc
