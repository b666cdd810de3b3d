#pragma once

#include "ServiceError.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace cc {

// One entry of the error log. Every text field is redacted before it is built: no secret ever
// reaches an ErrorEntry. An entry about a failed service call keeps the call's classification
// (kind, HTTP status, the service's error type), so whoever reads it later asks the same questions
// of it as of the ServiceError it came from, with the same answers.
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
    QString detail;                                     // redacted request line and response snippet
    ServiceError::Kind kind = ServiceError::Kind::None; // None for errors that are not a service call's
    // When a later success resolved it (ErrorResolution); invalid while the error is open. A
    // resolved error stays in the log as history.
    QDateTime resolvedAt;

    bool isOpen() const { return !resolvedAt.isValid(); }

    // An entry for a failed call; `consequence` says what happens next ("retried next run").
    static ErrorEntry fromServiceError(const ServiceError &error, const QDateTime &at, qint64 runId,
                                       const QString &learnerId, const QString &consequence);
    // The failed call, for its classification.
    ServiceError serviceError() const;
    bool isAuthFailure() const { return serviceError().isAuthFailure(); }
    bool isConfigurationFailure() const { return serviceError().isConfigurationFailure(); }
    bool isUnavailable() const { return serviceError().isUnavailable(); }

    // Errors are grouped by cause in the UI.
    QString causeKey() const { return service + QLatin1Char('/') + errorType; }
};

} // namespace cc

Q_DECLARE_METATYPE(cc::ErrorEntry)
