#pragma once

#include <QString>

namespace cc {

// docs/ARCHITECTURE.md §5.2: the certificate event of a completion has a deterministic identity, so that the
// webhook path, this checker and any retry all name the same document and a second create
// answers 409 instead of making a second certificate.
class EventIdentity
{
public:
    // "completion_<course_id>_<learner document $id>"
    static QString eventId(const QString &courseId, const QString &learnerId);
    // A valid Appwrite custom ID derived from the event ID: 32 lowercase hex characters (MD5 of
    // the event ID; collision resistance is not a security property here, stability is).
    static QString documentId(const QString &eventId);
};

} // namespace cc
