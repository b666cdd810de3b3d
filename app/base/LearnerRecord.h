#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace cc {

// A learner document of the Appwrite `learners` collection, as the app needs it.
struct LearnerRecord
{
    QString id; // Appwrite document $id
    QString email;
    QString name;
    QString courseId;              // the Graphy product id
    QString status;                // "enrolled", "completed", ...
    QDateTime lastCompletionCheck; // invalid when never checked
    QDateTime completedAt;         // invalid when not completed
    QDateTime updatedAt;           // $updatedAt

    bool operator==(const LearnerRecord &) const = default;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::LearnerRecord)
