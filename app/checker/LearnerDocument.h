#pragma once

#include "EngineSettings.h"
#include "base/LearnerRecord.h"

#include <QJsonObject>

namespace cc {

// Reads a learners-collection document into a LearnerRecord, with configurable attribute names.
class LearnerDocument
{
public:
    static LearnerRecord parse(const QJsonObject &document, const LearnerAttributes &attributes);
    // What is wrong with a learner that makes it uncheckable (no e-mail, no course); empty if fine.
    static QString problem(const LearnerRecord &learner);
};

} // namespace cc
