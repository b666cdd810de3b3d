#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace cc {

// One entry of the error log. Every text field is redacted before it is built: no secret ever
// reaches an ErrorEntry.
struct ErrorEntry
{
    qint64 id = 0; // local database id; 0 until stored
    QDateTime at;
    qint64 runId = 0;   // 0 when outside a run
    QString learnerId;  // empty when not about one learner
    QString service;    // "appwrite", "graphy", "store", "config"
    QString operation;  // e.g. "listLearners", "createEvent", "learnerByEmail"
    int httpStatus = 0; // 0 when no HTTP answer
    QString errorType;  // the service's own type (e.g. "document_invalid_structure") or ours ("timeout")
    QString message;
    QString detail; // redacted request line and response snippet

    // Errors are grouped by cause in the UI.
    QString causeKey() const { return service + QLatin1Char('/') + errorType; }
};

} // namespace cc

Q_DECLARE_METATYPE(cc::ErrorEntry)
