#include "ErrorEntry.h"

namespace cc {

ErrorEntry ErrorEntry::fromServiceError(const ServiceError &error, const QDateTime &at, qint64 runId,
                                        const QString &learnerId, const QString &consequence)
{
    ErrorEntry entry;
    entry.at = at;
    entry.runId = runId;
    entry.learnerId = learnerId;
    entry.service = error.service;
    entry.operation = error.operation;
    entry.httpStatus = error.httpStatus;
    entry.errorType = error.type.isEmpty() ? ServiceError::kindName(error.kind) : error.type;
    entry.message = error.message + QStringLiteral(" — ") + consequence;
    entry.detail = error.detail;
    entry.kind = error.kind;
    return entry;
}

ServiceError ErrorEntry::serviceError() const
{
    ServiceError error;
    error.kind = kind;
    error.service = service;
    error.operation = operation;
    error.httpStatus = httpStatus;
    error.type = errorType;
    error.message = message;
    error.detail = detail;
    return error;
}

} // namespace cc
